"""Reads shared by pages, API, KPIs and reports. Lists have a constant number of queries."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
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
    EvidenceKind,
    GrantExpenditure,
    Program,
    ProgramType,
    RankingMethod,
    Result,
    Review,
    Workshop,
)
from seoul_se.core.aggregates import sum_of
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


PROGRAM_TYPE_LABELS = dict(ProgramType.choices)

# The open-data feed (opendata.datasets) picks the public fields of these rows; only what a
# public column may be built from is selected here.
OPEN_RECIPIENT_FIELDS = (
    "enterprise__name",
    "enterprise__business_number",
    "enterprise__corporate_number",
    "enterprise__district__code",
    "enterprise__district__name",
    "district__code",
    "district__name",
)


def open_programs(year: int) -> list[tuple[int, str]]:
    """``(pk, name)`` of fiscal ``year``'s programs that have agreements (the feed's filter)."""
    return list(
        Program.objects.filter(year=year, agreements__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )


def open_agreements(year: int) -> QuerySet[Any]:
    """Agreements of the programs of fiscal ``year`` with their paid total."""
    return (
        Agreement.objects.filter(program__year=year)
        .annotate(
            paid_amount=Coalesce(sum_of(Disbursement.objects.all(), "agreement", "amount"), 0)
        )
        .order_by("program__name", "signed_on", "pk")
        .values(
            "pk",
            "program_id",
            "program__name",
            "program__program_type",
            "signed_on",
            "starts_on",
            "ends_on",
            "terminated_on",
            "award_amount",
            "national_amount",
            "city_amount",
            "district_amount",
            "paid_amount",
            *OPEN_RECIPIENT_FIELDS,
        )
    )


def open_disbursements(year: int, *, of_program_year: bool = False) -> QuerySet[Any]:
    """Grant payments (교부) made in ``year``, or (``of_program_year``) of the agreements of
    fiscal ``year``'s programs, whenever paid."""
    made = Q(agreement__program__year=year) if of_program_year else Q(paid_on__year=year)
    return (
        Disbursement.objects.filter(made)
        .order_by("paid_on", "pk")
        .values(
            "pk",
            "agreement_id",
            "paid_on",
            "amount",
            "national_amount",
            "city_amount",
            "district_amount",
            "agreement__program_id",
            "agreement__program__name",
            *(f"agreement__{name}" for name in OPEN_RECIPIENT_FIELDS),
        )
    )


@dataclass(frozen=True)
class ExistingGrant:
    """An agreement as the past-grants import compares it with a sheet's rows."""

    agreement_id: int
    historical: bool  # in a historical call (payments may be added by the import)
    program_name: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    award_amount: int
    payments: dict[dt.date, int]  # paid_on → amount paid that day


def existing_grants(
    years: set[int], enterprise_ids: set[int]
) -> dict[tuple[int, str, int], ExistingGrant]:
    """{(year, program type, enterprise id): ExistingGrant} of the enterprises' agreements in
    those years (two queries)."""
    agreements = Agreement.objects.filter(
        program__year__in=years, enterprise_id__in=enterprise_ids
    ).select_related("program", "application__call")
    payments: dict[int, dict[dt.date, int]] = {}
    for agreement_id, paid_on, amount in Disbursement.objects.filter(
        agreement__in=agreements
    ).values_list("agreement_id", "paid_on", "amount"):
        days = payments.setdefault(agreement_id, {})
        days[paid_on] = days.get(paid_on, 0) + amount
    return {
        (a.program.year, a.program.program_type, a.enterprise_id): ExistingGrant(
            agreement_id=a.pk,
            historical=a.application.call.is_historical,
            program_name=a.program.name,
            signed_on=a.signed_on,
            starts_on=a.starts_on,
            ends_on=a.ends_on,
            award_amount=a.award_amount,
            payments=payments.get(a.pk, {}),
        )
        for a in agreements
        if a.enterprise_id is not None
    }


def programs_by_year_and_type(years: set[int]) -> dict[tuple[int, str], Program]:
    """{(year, program type): Program} of those years (imports match their rows with it)."""
    return {(p.year, p.program_type): p for p in Program.objects.filter(year__in=years)}


# --- reads of the integrity checks (integrity.rules) -------------------------------------------

SPENDING_FIELDS = (
    "pk",
    "agreement_id",
    "spent_on",
    "payee",
    "payee_business_number",
    "payee_account",
    "amount",
    "evidence_kind",
    "approval_number",
    "evidence_sha256",
    "split_declared",
    "agreement__enterprise_id",
    "agreement__enterprise__name",
    "agreement__enterprise__business_number",
    "agreement__enterprise__representative",
    "agreement__enterprise__bank_account",
    "agreement__program__name",
    "agreement__program__year",
)


def spending(ids: list[int] | None = None) -> QuerySet[Any]:
    """Grant spending rows (all, or ``ids``) with their recipient's identifying fields."""
    rows = (
        GrantExpenditure.objects.all()
        if ids is None
        else GrantExpenditure.objects.filter(pk__in=ids)
    )
    return rows.order_by("pk").values(*SPENDING_FIELDS)


def spending_to_identified_payees() -> QuerySet[Any]:
    """Rows naming the payee's 사업자등록번호 or account (the related-party check's input)."""
    return (
        GrantExpenditure.objects.exclude(payee_business_number="", payee_account="")
        .order_by("pk")
        .values(*SPENDING_FIELDS)
    )


def _repeated(rows: QuerySet[Any], field: str) -> QuerySet[Any]:
    """The values of ``field`` that two or more of ``rows`` share (one GROUP BY)."""
    return (
        rows.exclude(**{field: ""})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values(field)
    )


def spending_with_repeated_evidence() -> QuerySet[Any]:
    """Rows whose approval number (tax invoice: the number; card slip: number, day and amount)
    or evidence file hash also appears on another grant spending row."""
    card = Q(evidence_kind=EvidenceKind.CARD)
    not_card = GrantExpenditure.objects.exclude(card)
    same_card_slip = Exists(
        GrantExpenditure.objects.filter(
            card,
            approval_number=OuterRef("approval_number"),
            spent_on=OuterRef("spent_on"),
            amount=OuterRef("amount"),
        ).exclude(pk=OuterRef("pk"))
    )
    return (
        GrantExpenditure.objects.filter(
            (~card & Q(approval_number__in=_repeated(not_card, "approval_number")))
            | Q(evidence_sha256__in=_repeated(GrantExpenditure.objects.all(), "evidence_sha256"))
            | (card & ~Q(approval_number="") & same_card_slip)
        )
        .order_by("pk")
        .values(*SPENDING_FIELDS)
    )


def spending_with_evidence(approvals: set[str], hashes: set[str]) -> QuerySet[Any]:
    """Rows claiming any of these approval numbers (not card slips) or file hashes."""
    return (
        GrantExpenditure.objects.filter(
            (Q(approval_number__in=approvals) & ~Q(evidence_kind=EvidenceKind.CARD))
            | Q(evidence_sha256__in=hashes)
        )
        .exclude(approval_number="", evidence_sha256="")
        .order_by("pk")
        .values(*SPENDING_FIELDS)
    )


def spending_card_matches(rows: list[dict[str, Any]]) -> QuerySet[Any]:
    """Card-slip rows with the same approval number, day and amount as any of ``rows``."""
    match = Q(pk__in=[])
    for row in rows:
        if row["evidence_kind"] == EvidenceKind.CARD and row["approval_number"]:
            match |= Q(
                approval_number=row["approval_number"],
                spent_on=row["spent_on"],
                amount=row["amount"],
            )
    return (
        GrantExpenditure.objects.filter(match, evidence_kind=EvidenceKind.CARD)
        .order_by("pk")
        .values(*SPENDING_FIELDS)
    )


def split_candidates(threshold: int) -> QuerySet[Any]:
    """Undeclared payments below ``threshold`` to a (recipient, payee) pair that received two
    or more such payments summing to at least ``threshold``, by pair and day."""
    small = GrantExpenditure.objects.filter(amount__lt=threshold, split_declared=False)
    pairs = (
        small.values("agreement_id", "payee")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .filter(n__gt=1, total__gte=threshold)
        .values("agreement_id", "payee")
    )
    return (
        small.filter(
            Exists(pairs.filter(agreement_id=OuterRef("agreement_id"), payee=OuterRef("payee")))
        )
        .order_by("agreement_id", "payee", "spent_on", "pk")
        .values(*SPENDING_FIELDS)
    )


def spending_to_payee(agreement_id: int, payee: str, first: dt.date, last: dt.date) -> list[Any]:
    """One recipient's payments to one payee between two dates (split-payment check)."""
    return list(
        GrantExpenditure.objects.filter(
            agreement_id=agreement_id, payee=payee, spent_on__range=(first, last)
        )
        .order_by("spent_on", "pk")
        .values(*SPENDING_FIELDS)
    )


def agreement_periods() -> QuerySet[Any]:
    """Every enterprise agreement's period and program type (overlapping-funding check)."""
    return (
        Agreement.objects.filter(enterprise__isnull=False)
        .order_by("enterprise_id", "starts_on", "pk")
        .values(
            "pk",
            "enterprise_id",
            "enterprise__name",
            "program__program_type",
            "program__name",
            "program__year",
            "starts_on",
            "ends_on",
            "terminated_on",
        )
    )


CONTACT_FIELDS = (
    "enterprise__representative",
    "enterprise__phone",
    "enterprise__email",
    "enterprise__address",
    "enterprise__bank_account",
)


def call_applicants(call_ids: list[int] | None = None) -> QuerySet[Any]:
    """Submitted (not draft, not withdrawn) enterprise applications with their contacts."""
    rows = Application.objects.filter(enterprise__isnull=False).exclude(
        status__in=[S.DRAFT, S.WITHDRAWN]
    )
    if call_ids is not None:
        rows = rows.filter(call_id__in=call_ids)
    return rows.order_by("call_id", "pk").values(
        "pk", "call_id", "call__title", "enterprise_id", "enterprise__name", *CONTACT_FIELDS
    )


def reviewer_pairs() -> QuerySet[Any]:
    """(reviewer, application) of every assignment with the applicant's contacts and whether
    the reviewer declared a conflict on that application."""
    declared = Review.objects.filter(
        application=OuterRef("pk"),
        reviewer=OuterRef("call__assignments__reviewer"),
        has_conflict=True,
    )
    return (
        Application.objects.filter(enterprise__isnull=False, call__assignments__isnull=False)
        .exclude(status__in=[S.DRAFT, S.WITHDRAWN])
        .annotate(declared=Exists(declared))
        .order_by("pk")
        .values(
            "pk",
            "call_id",
            "enterprise_id",
            "enterprise__name",
            "declared",
            "call__assignments__reviewer_id",
            "call__assignments__reviewer__name",
            "call__assignments__reviewer__email",
            "call__assignments__reviewer__phone",
            *CONTACT_FIELDS,
        )
    )
