"""Reads for the loan page before a posting: the next instalment, a payoff quote on any date,
and one ledger transaction with who posted it and whether it was reversed.

Selectors (no state change): pages and the API read through them; the arithmetic is the pure
engine's (``funds.engine.quote_payoff``), never repeated here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from funds.models import Loan, LoanTransaction, ScheduleInstalment
from funds.services import ledger


@dataclass(frozen=True)
class NextInstalment:
    number: int
    due_date: dt.date
    principal: int
    interest: int
    total: int
    paid: int  # already paid towards this instalment (a partial payment)
    overdue: bool  # due before the asked date and not settled

    @property
    def remaining(self) -> int:
        return self.total - self.paid


def next_instalment(loan: Loan, as_of: dt.date) -> NextInstalment | None:
    """The earliest instalment not settled by ``as_of`` (an overdue one first); None when the
    schedule is paid or not yet made (before the first disbursement)."""
    row: ScheduleInstalment | None = (
        loan.instalments.exclude(settled_on__lte=as_of).order_by("due_date", "number").first()
    )
    if row is None:
        return None
    return NextInstalment(
        number=row.number,
        due_date=row.due_date,
        principal=row.principal,
        interest=row.interest,
        total=row.total,
        # Paid amounts are the replay's as of today; a quote for an earlier date shows them.
        paid=row.principal_paid + row.interest_paid if row.settled_on is None else 0,
        overdue=row.due_date < as_of,
    )


def payoff_quote(loan: Loan, on: dt.date) -> int:
    """The amount that closes the loan on ``on``: dues + running interest to the day + all
    principal, as ``funds.engine.quote_payoff`` computes it for a payoff posting (so a payoff
    on that day must equal it). Refused before the first disbursement."""
    first = loan.disbursements.order_by("disbursed_on").values_list("disbursed_on", flat=True)
    started = first.first()
    if started is None or on < started:
        raise ValidationError(
            _("첫 지급일 이후의 날짜를 입력해 주세요."), code="before_disbursement"
        )
    return ledger.payoff_quote(loan, on)


def transactions_of(loans: QuerySet[Loan]) -> QuerySet[LoanTransaction]:
    """Transactions of ``loans`` with what their page shows (loan, poster, reversal)."""
    return LoanTransaction.objects.filter(loan__in=loans).select_related(
        "loan__enterprise", "loan__intermediary", "posted_by", "reversal_of", "reversed_by"
    )
