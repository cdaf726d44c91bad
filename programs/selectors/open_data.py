"""Reads of the open-data feed (``opendata.datasets`` picks the public fields)."""

from typing import Any

from django.db.models import (
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from programs.models import (
    Agreement,
    Application,
    Disbursement,
    Program,
    ProgramType,
)
from seoul_se.core.aggregates import sum_of

S = Application.Status


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
