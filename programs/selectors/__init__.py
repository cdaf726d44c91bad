"""Reads shared by pages, API, KPIs and reports. Lists have a constant number of queries."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import rules, workflow
from programs.models import (
    Agreement,
    ApartmentComplex,
    Application,
    ApplicationTransition,
    Call,
    ComplexYear,
    Disbursement,
    Program,
    RankingMethod,
    Result,
    Workshop,
)
from seoul_se.core.support import SupportRecord
from seoul_se.core.support import support_records as all_support_records

S = Application.Status
SUPPORT_HISTORY_YEARS = 5


def disbursements_in_year(year: int) -> QuerySet[Disbursement]:
    """Program expenditure of a fiscal year (used by the reports app)."""
    return Disbursement.objects.filter(paid_on__year=year).select_related(
        "agreement__program", "agreement__enterprise"
    )


def support_records(enterprise_id: int, since: dt.date) -> list[SupportRecord]:
    """Grants (agreements) of an enterprise whose period ends on or after ``since``."""
    agreements = Agreement.objects.filter(enterprise_id=enterprise_id, ends_on__gte=since)
    return [
        SupportRecord(
            source="program",
            kind=agreement.program.program_type,
            kind_label=agreement.program.get_program_type_display(),
            title=str(agreement.program),
            amount=agreement.award_amount,
            start=agreement.starts_on,
            end=agreement.terminated_on or agreement.ends_on,
            url=reverse("programs:agreement_detail", args=[agreement.pk]),
        )
        for agreement in agreements.select_related("program")
    ]


@dataclass(frozen=True)
class SupportHistory:
    records: list[SupportRecord]
    overlaps: list[SupportRecord]


def support_history(application: Application, today: dt.date) -> SupportHistory:
    """The enterprise's grants and loans of the last 5 years (all apps), and those of the same
    kind whose period overlaps this application's (planned) period."""
    if application.enterprise_id is None:  # a district applies: the registry holds no history
        return SupportHistory([], [])
    since = today.replace(year=today.year - SUPPORT_HISTORY_YEARS)
    own_url = ""
    agreement = getattr(application, "agreement", None) if application.pk else None
    if agreement is not None:
        start, end = agreement.starts_on, agreement.terminated_on or agreement.ends_on
        own_url = reverse("programs:agreement_detail", args=[agreement.pk])
    else:
        start = max(today, application.call.closes_at.date())
        end = rules.default_end(start, application.duration_months)
    records = [r for r in all_support_records(application.enterprise_id, since) if r.url != own_url]
    kind = application.call.program.program_type
    overlaps = [
        r
        for r in records
        if r.source == "program"
        and r.kind == kind
        and r.start <= end
        and (r.end is None or r.end >= start)
    ]
    return SupportHistory(records, overlaps)


def application_list(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("call__program", "enterprise", "district").order_by(
        "-created_at", "-pk"
    )


def timeline(application: Application) -> QuerySet[ApplicationTransition]:
    return application.transitions.select_related("actor").order_by("created_at", "pk")


def call_overview(queryset: QuerySet[Call]) -> QuerySet[Call]:
    """Calls with application counts and committed budget (one query)."""
    return (
        queryset.select_related("program")
        .annotate(
            submitted_count=Count("applications", filter=~Q(applications__status=S.DRAFT)),
            committed=Coalesce(
                Sum(
                    "applications__awarded_amount",
                    filter=Q(applications__status__in=workflow.COMMITTED),
                ),
                0,
            ),
        )
        .annotate(remaining=F("budget_envelope") - F("committed"))
    )


def committed_amount(call: Call) -> int:
    """The awards committed against the call budget (``workflow.COMMITTED``)."""
    return (
        Application.objects.filter(call=call, status__in=workflow.COMMITTED).aggregate(
            total=Sum("awarded_amount")
        )["total"]
        or 0
    )


@dataclass(frozen=True)
class CallDashboard:
    counts: list[tuple[str, str, int]]
    total: int
    committed: int
    remaining: int
    disbursed: int


def call_dashboard(call: Call) -> CallDashboard:
    """Counts by state and budget committed vs remaining (two aggregate queries)."""
    by_state = dict(
        Application.objects.filter(call=call)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    committed = committed_amount(call)
    disbursed = (
        Disbursement.objects.filter(agreement__application__call=call).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    counts = [(value, str(label), by_state.get(value, 0)) for value, label in S.choices]
    return CallDashboard(
        counts=counts,
        total=sum(by_state.values()),
        committed=committed,
        remaining=call.budget_envelope - committed,
        disbursed=disbursed,
    )


def ranking(call: Call) -> QuerySet[Application]:
    """Applications of a call ranked by mean review total, computed in SQL.

    Only submitted, conflict-free reviews count. When the call ranks by the trimmed mean and an
    application has at least three reviews, the highest and lowest totals are dropped:
    (sum − max − min) / (n − 2). The calibrated methods need every review: the ranking page
    orders by ``programs.ranking.ranking_panel``.
    """
    counted = Q(reviews__submitted_at__isnull=False, reviews__has_conflict=False)
    decimal = DecimalField(max_digits=12, decimal_places=4)
    queryset = (
        Application.objects.filter(call=call)
        .exclude(status__in=[S.DRAFT, S.WITHDRAWN, S.INELIGIBLE])
        .select_related("enterprise")
        .annotate(
            review_count=Count("reviews", filter=counted),
            review_sum=Sum("reviews__total", filter=counted),
            review_max=Max("reviews__total", filter=counted),
            review_min=Min("reviews__total", filter=counted),
        )
    )
    mean = ExpressionWrapper(F("review_sum") / F("review_count"), output_field=decimal)
    if call.ranking_method == RankingMethod.TRIMMED:
        trimmed = ExpressionWrapper(
            (F("review_sum") - F("review_max") - F("review_min")) / (F("review_count") - 2),
            output_field=decimal,
        )
        score = Case(When(review_count__gte=3, then=trimmed), When(review_count__gt=0, then=mean))
    else:
        score = Case(When(review_count__gt=0, then=mean))
    return queryset.annotate(score=score).order_by(
        F("score").desc(nulls_last=True), "submitted_at", "pk"
    )


def with_paid(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return (
        queryset.select_related("program", "enterprise", "application")
        .annotate(paid=Coalesce(Sum("disbursements__amount"), 0))
        .annotate(remaining=F("award_amount") - F("paid"))
    )


def complexes_with_workshops(year: int) -> QuerySet[ApartmentComplex]:
    """Complexes with the workshops held in ``year``, the number expected (the complex's
    ``ComplexYear.expected_workshops`` for that year, the field's default when the year is not
    recorded) and the shortfall (never below 0)."""
    expected = ComplexYear.objects.filter(complex=OuterRef("pk"), year=year).values(
        "expected_workshops"
    )[:1]
    return (
        ApartmentComplex.objects.select_related("district")
        .annotate(
            workshops_held=Count(
                "workshops", filter=Q(workshops__held_on__year=year), distinct=True
            ),
            workshops_expected=Coalesce(
                Subquery(expected), ComplexYear._meta.get_field("expected_workshops").default
            ),
        )
        .annotate(shortfall=Greatest(F("workshops_expected") - F("workshops_held"), 0))
        .order_by("name")
    )


def workshops_in_year(year: int) -> QuerySet[Workshop]:
    """Workshops held in a year (KPI: workshops held)."""
    return Workshop.objects.filter(held_on__year=year).select_related("complex")


def selected_counts(year: int) -> dict[str, int]:
    """Applications selected per program type in a fiscal year (KPI)."""
    rows = (
        Application.objects.filter(call__program__year=year, selected_at__isnull=False)
        .values_list("call__program__program_type")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def confirmed_results(year: int) -> QuerySet[Result]:
    """Confirmed results whose period ends in ``year`` (KPI raw material)."""
    return Result.objects.filter(period_end__year=year, confirmed_at__isnull=False).select_related(
        "program", "application__enterprise"
    )


def result_totals(year: int) -> dict[tuple[str, str], Decimal]:
    """Σ confirmed quantity per (program type, result kind) for a year."""
    rows = (
        confirmed_results(year)
        .values_list("program__program_type", "kind")
        .annotate(total=Sum("quantity"))
    )
    return {(ptype, kind): total for ptype, kind, total in rows}


def next_deadline(application: Application) -> Any:
    open_request = [s for s in application.supplements.all() if s.responded_at is None]
    return open_request[0].due_at if open_request else None


# --- KPI measures: records dated within the years [first, last] -----------------------------


def selected_between(first: int, last: int) -> QuerySet[Application]:
    """Applications selected (selected_at set, whatever happened after) in programs of the
    fiscal years."""
    return Application.objects.filter(
        call__program__year__gte=first, call__program__year__lte=last, selected_at__isnull=False
    )


def disbursements_between(first: int, last: int) -> QuerySet[Disbursement]:
    return Disbursement.objects.filter(paid_on__year__gte=first, paid_on__year__lte=last)


def workshops_between(first: int, last: int) -> QuerySet[Workshop]:
    return Workshop.objects.filter(held_on__year__gte=first, held_on__year__lte=last)


def agreements_signed_between(first: int, last: int) -> QuerySet[Agreement]:
    return Agreement.objects.filter(signed_on__year__gte=first, signed_on__year__lte=last)


@dataclass(frozen=True)
class ReviewWarning:
    code: str
    message: str


def review_warnings(call: Call) -> list[ReviewWarning]:
    """Why sending the call's applications to review now is premature: the receipt is still open
    (applicants may yet submit or withdraw), or there are no criteria to score against."""
    found = []
    if timezone.now() < call.closes_at:
        closes = timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
        found.append(
            ReviewWarning(
                "call_still_open",
                _("공모 접수가 아직 마감되지 않았습니다(마감 %(closes)s).") % {"closes": closes},
            )
        )
    if not call.criteria.exists():
        found.append(ReviewWarning("no_criteria", _("공모에 심사 기준이 없습니다.")))
    return found


def program_or_none(pk: int) -> Program | None:
    return Program.objects.filter(pk=pk).first()


# Reads for other apps, kept in their own modules (re-exported: ``programs.selectors`` is the API).
from programs.selectors.checks import (  # noqa: E402, F401
    CARD_SLIP,
    CONTACT_FIELDS,
    SPENDING_FIELDS,
    agreement_periods,
    call_applicants,
    reviewer_pairs,
    spending,
    spending_card_matches,
    spending_to_identified_payees,
    spending_to_payee,
    spending_with_evidence,
    spending_with_repeated_evidence,
    split_candidates,
)
from programs.selectors.history import (  # noqa: E402, F401
    ExistingGrant,
    existing_grants,
    programs_by_year_and_type,
)
from programs.selectors.open_data import (  # noqa: E402, F401
    OPEN_RECIPIENT_FIELDS,
    PROGRAM_TYPE_LABELS,
    open_agreements,
    open_disbursements,
    open_programs,
)
