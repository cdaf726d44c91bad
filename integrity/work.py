"""Open integrity flags in the home work queue (``seoul_se.core.work_queue``)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from integrity import access
from integrity.models import Flag
from seoul_se.accounts.models import Role
from seoul_se.core.work_queue import WorkItem, counted

DECIDERS = frozenset({Role.CENTRE_STAFF, Role.OFFICIAL, Role.ADMINISTRATOR})


def items(user: Any) -> list[WorkItem]:
    if user.role not in DECIDERS:
        return []
    count, _first = counted(access.visible_flags(user).filter(status=Flag.Status.OPEN))
    # The list opens on the open flags, exactly these.
    return [WorkItem(_("검토할 부정수급·중복지원 점검 결과"), count, reverse("integrity:list"))]
