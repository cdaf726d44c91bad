"""Reads for the fund's imports: the reconciliation of a loan workbook per intermediary (sheet
vs portal), the city's view of the monthly repayment reports (per intermediary and month:
arrived, posted, due per schedule, difference) and the ledgers a report replays.

Due per schedule = Σ (principal + interest) of the instalments falling due in the month
(prepayment rows excluded), on the current schedule; posted = the live repayments reported for
value dates in the month (a corrected reference counts once, at its new posting).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, F, QuerySet, Sum

from funds import engine, kinds
from funds.models import (
    Intermediary,
    Loan,
    LoanDisbursement,
    LoanTransaction,
    RepaymentReport,
    ReportedRepayment,
    ScheduleInstalment,
)
from funds.schedule import add_months
from funds.services.history import Figures
from funds.services.ledger import POSTING_FIELDS, as_posting, loan_terms


@dataclass(frozen=True)
class ReconciliationLine:
    intermediary: str
    number: str
    figures: Figures  # lent / recovered / written off per the engine (the portal's figures)
    stated: int | None = None  # the sheet's balance on its date
    portal: int | None = None  # the engine's balance on that date


@dataclass
class ReconciliationRow:
    intermediary: str
    loans: int = 0
    lent: int = 0
    recovered: int = 0
    written_off: int = 0
    outstanding: int = 0
    stated_loans: int = 0
    sheet_balance: int = 0
    portal_balance: int = 0
    mismatched: list[str] = field(default_factory=list)

    @property
    def difference(self) -> int:
        return self.sheet_balance - self.portal_balance

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "difference": self.difference}


def reconciliation(lines: Iterable[ReconciliationLine]) -> list[ReconciliationRow]:
    """Per intermediary: loans, lent, recovered, written off, outstanding, and for the loans
    stating a balance the sheet's total against the portal's (with the loans that differ)."""
    rows: dict[str, ReconciliationRow] = {}
    for line in lines:
        row = rows.setdefault(line.intermediary, ReconciliationRow(line.intermediary))
        row.loans += 1
        row.lent += line.figures.lent
        row.recovered += line.figures.recovered
        row.written_off += line.figures.written_off
        row.outstanding += line.figures.outstanding
        if line.stated is not None and line.portal is not None:
            row.stated_loans += 1
            row.sheet_balance += line.stated
            row.portal_balance += line.portal
            if line.stated != line.portal:
                row.mismatched.append(line.number)
    return [rows[name] for name in sorted(rows)]


@dataclass(frozen=True)
class MonthlyReportStatus:
    intermediary_id: int
    intermediary: str
    month: dt.date
    reports: int
    posted_count: int
    posted_amount: int
    due_amount: int

    @property
    def arrived(self) -> bool:
        return self.reports > 0

    @property
    def difference(self) -> int:
        """What was due but not reported (negative: more reported than due)."""
        return self.due_amount - self.posted_amount


def monthly_report_status(
    month: dt.date, intermediaries: QuerySet[Intermediary]
) -> list[MonthlyReportStatus]:
    """One line per intermediary for ``month`` (its first day): three grouped queries."""
    first, end = month.replace(day=1), add_months(month.replace(day=1), 1)
    reports = dict(
        RepaymentReport.objects.filter(month=first, intermediary__in=intermediaries)
        .values_list("intermediary")
        .annotate(n=Count("pk"))
    )
    posted: dict[int, Mapping[str, Any]] = {
        row["intermediary"]: row
        for row in ReportedRepayment.objects.filter(
            intermediary__in=intermediaries,
            transaction__value_date__gte=first,
            transaction__value_date__lt=end,
        )
        .values("intermediary")
        .annotate(n=Count("pk"), amount=Sum("transaction__amount"))
    }
    due: dict[int, int] = dict(
        ScheduleInstalment.objects.filter(
            loan__intermediary__in=intermediaries,
            due_date__gte=first,
            due_date__lt=end,
            is_prepayment=False,
        )
        .values_list("loan__intermediary")
        .annotate(due=Sum(F("principal") + F("interest")))
    )
    return [
        MonthlyReportStatus(
            i.pk,
            i.name,
            first,
            reports.get(i.pk, 0),
            posted.get(i.pk, {}).get("n", 0),
            posted.get(i.pk, {}).get("amount") or 0,
            due.get(i.pk) or 0,
        )
        for i in intermediaries.order_by("name")
    ]


def reports_of(intermediaries: QuerySet[Intermediary]) -> QuerySet[RepaymentReport]:
    return RepaymentReport.objects.filter(intermediary__in=intermediaries).select_related(
        "intermediary", "uploaded_by"
    )


@dataclass
class Ledger:
    """What the engine needs to replay one loan, read in bulk."""

    loan: Loan
    tranches: list[engine.Tranche] = field(default_factory=list)
    postings: list[engine.Posting] = field(default_factory=list)

    @property
    def terms(self) -> engine.Terms:
        return loan_terms(self.loan)


STREAM = 5_000  # transactions fetched per round trip by ``ledgers``


def ledgers(loan_ids: Iterable[int]) -> dict[int, Ledger]:
    """Each loan's terms, tranches and live postings (value-date order): three queries."""
    ids = list(loan_ids)
    found = {loan.pk: Ledger(loan) for loan in Loan.objects.filter(pk__in=ids)}
    for loan_id, day, amount in LoanDisbursement.objects.filter(loan_id__in=ids).values_list(
        "loan_id", "disbursed_on", "amount"
    ):
        found[loan_id].tranches.append(engine.Tranche(day, amount))
    live = (
        LoanTransaction.objects.filter(loan_id__in=ids, reversed_by__isnull=True)
        .exclude(kind=kinds.REVERSAL)
        .only(*POSTING_FIELDS)
        .order_by("value_date", "pk")
    )
    by_loan: dict[int, list[engine.Posting]] = defaultdict(list)
    # Streamed: a 5,000-loan report reads ~250,000 transactions, kept only as postings.
    for txn in live.iterator(chunk_size=STREAM):
        by_loan[txn.loan_id].append(as_posting(txn))
    for loan_id, postings in by_loan.items():
        found[loan_id].postings = postings
    return found
