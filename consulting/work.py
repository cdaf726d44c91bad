"""Consulting cases in the home work queue (``seoul_se.core.work_queue``)."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from consulting import access, selectors
from consulting.models import Case
from seoul_se.accounts.models import Role
from seoul_se.core.work_queue import WorkItem, counted

# The centre's case and course work; officials oversee it elsewhere.
CENTRE = frozenset({Role.CENTRE_STAFF, Role.ADMINISTRATOR})


def _listed(user: Any, label: Any, **filters: str) -> WorkItem:
    """Cases the case list shows for exactly these filters, linked to that list."""
    cases = selectors.filter_cases(
        access.visible_cases(user),
        user=user,
        mine=filters.get("mine") == "1",
        status=filters.get("status", ""),
    )
    # Cases have no deadline: no D-day.
    count, _first = counted(cases)
    return WorkItem(label, count, f"{reverse('consulting:list')}?{urlencode(filters)}")


def items(user: Any) -> list[WorkItem]:
    if user.role in CENTRE:
        return [
            _listed(user, _("담당 중인 상담"), mine="1", status="open"),
            _listed(user, _("배정되지 않은 상담 신청"), status=Case.Status.REQUESTED),
        ]
    if user.role in access.MEMBER_ROLES:
        return [_listed(user, _("진행 중인 상담"), status="open")]
    return []
