"""Unread notices in the home work queue (``seoul_se.core.work_queue``)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from seoul_se.core.work_queue import WorkItem
from seoul_se.notifications import selectors


def items(user: Any) -> list[WorkItem]:
    # The inbox marks unread notices (●) among all the user's notices.
    return [
        WorkItem(_("읽지 않은 알림"), selectors.unread_count(user), reverse("notifications:inbox"))
    ]
