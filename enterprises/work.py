"""Registry decisions waiting for staff, in the home work queue (``seoul_se.core.work_queue``)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises import access
from enterprises.models import ChangeRequest, EnterpriseMembership
from seoul_se.core.work_queue import WorkItem, counted


def items(user: Any) -> list[WorkItem]:
    if not access.is_registry_staff(user):
        return []
    # The staff queue lists exactly the requests waiting for a decision.
    queue = reverse("enterprises:queue")
    members, _first = counted(
        EnterpriseMembership.objects.filter(status=EnterpriseMembership.Status.REQUESTED)
    )
    changes, _first = counted(ChangeRequest.objects.filter(status=ChangeRequest.Status.REQUESTED))
    return [
        WorkItem(_("승인할 구성원 가입 요청"), members, queue),
        WorkItem(_("승인할 기업 정보 변경 요청"), changes, queue),
    ]
