"""Reads of the past-grants import (``programs.imports``)."""

import datetime as dt
from dataclasses import dataclass

from programs.models import (
    Agreement,
    Application,
    Disbursement,
    Program,
)

S = Application.Status


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
