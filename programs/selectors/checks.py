"""Reads of the integrity checks (``integrity.rules``): grant spending, agreement periods,
applicants' contacts and reviewer assignments."""

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from programs.models import (
    Agreement,
    Application,
    EvidenceKind,
    GrantExpenditure,
    Review,
)

S = Application.Status


# Card slips' approval numbers repeat across issuers and days (integrity.rules.evidence_reuse).
CARD_SLIP = EvidenceKind.CARD

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
    # The repeated keys are fetched first: as subqueries PostgreSQL planned them unhashed (it
    # expects a third of the rows to repeat) and rescanned them per row, 4.5 minutes at 10⁶ rows.
    approvals = list(
        _repeated(not_card, "approval_number").values_list("approval_number", flat=True)
    )
    hashes = list(
        _repeated(GrantExpenditure.objects.all(), "evidence_sha256").values_list(
            "evidence_sha256", flat=True
        )
    )
    return (
        GrantExpenditure.objects.filter(
            (~card & Q(approval_number__in=approvals))
            | Q(evidence_sha256__in=hashes)
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
