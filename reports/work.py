"""Settlements and audit work in the home work queue (``seoul_se.core.work_queue``)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports import access
from reports.models import CLOSED_STATUSES, Finding
from reports.workflow import SETTLEMENT_MACHINE
from seoul_se.accounts.models import Role
from seoul_se.core.work_queue import WorkItem, counted

# A workbook generated within this many days is "new" to the auditor.
NEW_WORKBOOK_DAYS = 14


def _confirmable(user: Any) -> WorkItem:
    # The states from which the machine lets this user confirm, so the count follows the workflow.
    confirm = SETTLEMENT_MACHINE.action("confirm")
    states = confirm.sources if confirm.may(user) else frozenset()
    count, _first = counted(access.budgets_for(user).filter(status__in=states))
    # The reports page lists every budget with its settlement state (closest page).
    return WorkItem(_("확정할 결산"), count, reverse("reports:index"))


def _auditor(user: Any) -> list[WorkItem]:
    since = timezone.now() - dt.timedelta(days=NEW_WORKBOOK_DAYS)
    workbooks, _first = counted(access.reports_for(user).filter(generated_at__gte=since))
    # A finding stays open until its budget's settlement is confirmed (or locked).
    findings, _first = counted(
        Finding.objects.filter(budget__in=access.budgets_for(user), auditor=user).exclude(
            budget__status__in=CLOSED_STATUSES
        )
    )
    index = reverse("reports:index")
    return [
        WorkItem(_("새로 생성된 보고서"), workbooks, index),
        WorkItem(_("결산 확정 전인 감사 지적사항"), findings, index),
    ]


def items(user: Any) -> list[WorkItem]:
    if user.role in (Role.OFFICIAL, Role.ADMINISTRATOR):
        return [_confirmable(user)]
    if user.role == Role.AUDITOR:
        return _auditor(user)
    return []
