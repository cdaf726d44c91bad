"""The programs app's part of the home work queue (``seoul_se.core.work_queue``)."""

import datetime as dt
from typing import Any

from django.db.models import Exists, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from programs import access, workflow
from programs.models import Application, Call, Disbursement, Instalment, Review, SupplementRequest
from seoul_se.accounts.models import Role
from seoul_se.core.work_queue import WorkItem, counted

S = Application.Status
SCREENERS = frozenset({Role.CENTRE_STAFF, Role.ADMINISTRATOR})
CONFIRMERS = frozenset({Role.OFFICIAL, Role.ADMINISTRATOR})
# Planned payments (교부 계획) falling due within this many days are "due".
DISBURSEMENT_NOTICE_DAYS = 14
# "Closing this week": calls whose receipt ends within the next seven days.
CLOSING_WINDOW_DAYS = 7


def _listed(user: Any, status: str, label: Any) -> WorkItem:
    """Applications in ``status``, linked to the application list filtered to exactly them."""
    count, _first = counted(access.visible_applications(user).filter(status=status))
    url = f"{reverse('programs:application_list')}?{urlencode({'status': status})}"
    return WorkItem(label, count, url)


def _answered_supplements(user: Any) -> WorkItem:
    """Applications still being screened whose 보완요청 are all answered: back to the screener."""
    supplements = SupplementRequest.objects.filter(application=OuterRef("pk"))
    answered = (
        access.visible_applications(user)
        .filter(status__in=(S.SUBMITTED, S.SCREENING))
        .filter(Exists(supplements.filter(responded_at__isnull=False)))
        .exclude(Exists(supplements.filter(responded_at__isnull=True)))
    )
    count, _first = counted(answered)
    # The list of applications in screening, each with its supplements (closest page).
    url = f"{reverse('programs:application_list')}?{urlencode({'status': S.SCREENING})}"
    return WorkItem(_("보완 답변이 온 신청"), count, url)


def _disbursements_due(user: Any, today: dt.date) -> WorkItem:
    """Agreements being carried out whose planned payments due by the horizon exceed what was
    paid: one query (two correlated sums)."""
    horizon = today + dt.timedelta(days=DISBURSEMENT_NOTICE_DAYS)
    planned = (
        Instalment.objects.filter(agreement=OuterRef("pk"), due_on__lte=horizon)
        .values("agreement")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    paid = (
        Disbursement.objects.filter(agreement=OuterRef("pk"))
        .values("agreement")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    due = (
        access.visible_agreements(user)
        .filter(application__status__in=workflow.PAYABLE, terminated_on__isnull=True)
        .annotate(planned=Coalesce(Subquery(planned), 0), paid=Coalesce(Subquery(paid), 0))
        .filter(planned__gt=F("paid"))
    )
    count, _first = counted(due)
    # The agreement list shows each agreement's paid and remaining amounts (closest page).
    return WorkItem(_("교부할 협약"), count, reverse("programs:agreement_list"))


def _results_to_confirm(user: Any) -> WorkItem:
    count, _first = counted(access.visible_results(user).filter(confirmed_at__isnull=True))
    # Results are confirmed on their application's page; the list leads there (closest page).
    return WorkItem(_("확인할 실적"), count, reverse("programs:application_list"))


def _closing_calls(user: Any) -> WorkItem:
    now = timezone.now()
    closing = access.visible_calls(user).filter(
        status=Call.Status.PUBLISHED,
        closes_at__gte=now,
        closes_at__lt=now + dt.timedelta(days=CLOSING_WINDOW_DAYS),
    )
    count, first = counted(closing, "closes_at")
    # The call list shows every call with its closing time (closest page).
    return WorkItem(_("이번 주 마감되는 공모"), count, reverse("programs:call_list"), first)


def _member(user: Any) -> list[WorkItem]:
    # "내 신청" lists all the user's applications, each with its open 보완요청: the closest page.
    mine = reverse("programs:my_applications")
    drafts, closes = counted(
        access.own_applications(user).filter(status=S.DRAFT), "call__closes_at"
    )
    supplements, due = counted(
        access.answerable_supplements(user).filter(responded_at__isnull=True), "due_at"
    )
    return [
        WorkItem(_("제출하지 않은 신청서"), drafts, mine, closes),
        WorkItem(_("답변할 보완요청"), supplements, mine, due),
    ]


def _reviewer(user: Any) -> list[WorkItem]:
    scored = Review.objects.filter(reviewer=user, submitted_at__isnull=False)
    waiting = (
        access.visible_applications(user)
        .filter(status=S.IN_REVIEW)
        .exclude(pk__in=scored.values("application_id"))
    )
    # The nearest 심사 마감일 among them gives the D-day.
    count, deadline = counted(waiting, "call__review_deadline")
    # The review list shows every application under review with its own score (or none).
    return [
        WorkItem(_("심사하지 않은 배정 신청서"), count, reverse("programs:review_list"), deadline)
    ]


def items(user: Any) -> list[WorkItem]:
    role = user.role
    if role == Role.ENTERPRISE_MEMBER:
        return _member(user)
    if role == Role.REVIEWER:
        return _reviewer(user)
    found = []
    if role in SCREENERS:
        found += [
            _listed(user, S.SUBMITTED, _("적격 검토할 신청")),
            _answered_supplements(user),
            _listed(user, S.SELECTED, _("협약을 체결할 선정 신청")),
            _disbursements_due(user, timezone.localdate()),
            _results_to_confirm(user),
        ]
    if role in CONFIRMERS:
        found += [
            _listed(user, S.IN_REVIEW, _("선정 확정을 기다리는 심사 중 신청")),
            _closing_calls(user),
        ]
    return found
