"""Reads for other apps' feeds: the open-data feed (``opendata``) and the integrity checks' loan
fund uses (``integrity``)."""

from typing import Any

from django.db.models import (
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from funds.models import (
    Category,
    IntermediarySelection,
    Loan,
    LoanDisbursement,
    Track,
)
from funds.spending_models import LoanFundUse
from seoul_se.core.aggregates import sum_of

LOAN_CATEGORY_LABELS = dict(Category.choices)
TRACK_LABELS = dict(Track.choices)


def open_loans(year: int) -> QuerySet[Any]:
    """Loans contracted in ``year`` with their disbursed total, for the open-data feed (which
    picks the public fields)."""
    return (
        Loan.objects.filter(contracted_on__year=year)
        .annotate(
            disbursed_amount=Coalesce(sum_of(LoanDisbursement.objects.all(), "loan", "amount"), 0)
        )
        .order_by("contracted_on", "pk")
        .values(
            "pk",
            "contracted_on",
            "approved_amount",
            "disbursed_amount",
            "term_months",
            "product__name",
            "product__category",
            "intermediary_id",
            "intermediary__name",
            "enterprise__name",
            "enterprise__business_number",
            "enterprise__corporate_number",
            "enterprise__district__code",
            "enterprise__district__name",
        )
    )


def open_allocations(year: int) -> QuerySet[Any]:
    """The city fund's allocations to intermediaries (수행기관) of ``year``: money they lend on."""
    return (
        IntermediarySelection.objects.filter(year=year)
        .order_by("intermediary__name", "track")
        .values(
            "pk",
            "year",
            "track",
            "city_allocation",
            "selected_on",
            "intermediary_id",
            "intermediary__name",
        )
    )


def fund_use_evidence(
    approvals: set[str] | None = None, hashes: set[str] | None = None
) -> QuerySet[Any]:
    """Loan fund uses with their approval number and file hash (all, or those claiming one of
    ``approvals`` / ``hashes``): compared with grant spending, since one invoice may not fund
    both a grant and a loan project."""
    uses = LoanFundUse.objects.exclude(approval_number="", evidence_sha256="")
    if approvals is not None or hashes is not None:
        uses = uses.filter(
            Q(approval_number__in=approvals or set()) | Q(evidence_sha256__in=hashes or set())
        )
    return uses.order_by("pk").values(
        "pk",
        "loan_id",
        "loan__number",
        "spent_on",
        "payee",
        "amount",
        "approval_number",
        "evidence_sha256",
    )
