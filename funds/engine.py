"""The loan ledger engine: replays a loan's live transactions in date order (plain Python).

Given the loan terms, its disbursements and its live (not reversed) transactions, :func:`replay`
returns the schedule (with what each instalment received and when it was settled) and the
allocation of every transaction. Services store both; a back-dated posting or a reversal simply
replays again, so the result never depends on the order in which postings arrived.

Allocation order of a payment (repayment, prepayment, payoff), fixed and documented:
1. overdue interest (연체이자) accrued so far,
2. then, oldest due instalment first (due date ≤ value date): its interest, then its principal,
3. what is left is a principal prepayment: ``prepayment`` re-amortises as chosen (shorten the
   term or lower the instalment); an ordinary ``repayment`` that pays more than is due shortens
   the term.

Overdue interest: unpaid principal of an instalment past its due date accrues the loan rate plus
the product's overdue margin, actual/365, from the due date (or the last accrual) to each value
date, rounded DOWN to the won at each accrual.

A prepayment re-amortises the instalments due after its value date; for simplicity the first of
them charges interest on the reduced principal for its whole period (never more than contracted).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from funds import schedule as sched
from funds.kinds import PAYOFF, PREPAYMENT, RECOVERY, SHORTEN_TERM, WRITE_OFF


class LedgerError(ValueError):
    """A posting the ledger cannot accept; the message is shown to the user (Korean).
    ``key`` is the refused posting's key (set by :func:`replay`), so an import names its row."""

    key: object = None


@dataclass
class Terms:
    annual_rate: Decimal
    term_months: int
    grace_months: int
    method: str
    frequency: str
    overdue_margin: Decimal = Decimal("0.03")


@dataclass(frozen=True, slots=True)
class Tranche:
    disbursed_on: dt.date
    amount: int


# Slots: a history import holds and replays a million postings (funds.services.history).
@dataclass(frozen=True, slots=True)
class Posting:
    key: object
    kind: str
    value_date: dt.date
    amount: int
    prepayment_mode: str = SHORTEN_TERM


@dataclass(slots=True)
class Allocation:
    overdue_interest: int = 0
    interest: int = 0
    principal: int = 0
    written_off: int = 0

    @property
    def total(self) -> int:
        return self.overdue_interest + self.interest + self.principal


@dataclass(slots=True)
class Row:
    due_date: dt.date
    principal: int
    interest: int
    grace: bool = False
    is_prepayment: bool = False
    principal_paid: int = 0
    interest_paid: int = 0
    settled_on: dt.date | None = None
    number: int = 0

    @property
    def unpaid_principal(self) -> int:
        return self.principal - self.principal_paid

    @property
    def unpaid_interest(self) -> int:
        return self.interest - self.interest_paid


@dataclass
class Result:
    rows: list[Row]
    allocations: dict[object, Allocation]
    overdue_interest_due: int = 0
    written_off: bool = False
    outstanding: int = 0
    disbursed: int = 0
    recovered_after_write_off: int = 0


@dataclass
class _State:
    terms: Terms
    start: dt.date
    rows: list[Row]
    overdue_due: int = 0
    accrued_to: dt.date | None = None
    written_off: int = 0
    recovered: int = 0
    allocations: dict[object, Allocation] = field(default_factory=dict)

    @property
    def outstanding(self) -> int:
        return sum(row.unpaid_principal for row in self.rows) if not self.written_off else 0


def base_rows(terms: Terms, tranches: list[Tranche]) -> list[Row]:
    """Contractual schedule on the total disbursed, from the first disbursement date."""
    if not tranches:
        return []
    first = min(tranche.disbursed_on for tranche in tranches)
    total = sum(tranche.amount for tranche in tranches)
    return [
        Row(i.due_date, i.principal, i.interest, grace=i.grace)
        for i in sched.loan_schedule(
            total,
            terms.annual_rate,
            first,
            terms.term_months,
            terms.grace_months,
            terms.method,
            terms.frequency,
        )
    ]


def _accrue(state: _State, day: dt.date) -> None:
    penalty_rate = state.terms.annual_rate + state.terms.overdue_margin
    for row in state.rows:
        if row.due_date >= day:
            break  # rows are in due-date order
        if row.settled_on is not None or row.unpaid_principal <= 0:
            continue
        since = max(row.due_date, state.accrued_to or row.due_date)
        # Rounded down to the won at every accrual (never charge a fraction of a won).
        state.overdue_due += sched.period_interest(row.unpaid_principal, penalty_rate, since, day)
    state.accrued_to = day


def _settle(row: Row, day: dt.date) -> None:
    if row.unpaid_principal == 0 and row.unpaid_interest == 0 and row.settled_on is None:
        row.settled_on = day


def _pay_dues(state: _State, day: dt.date, amount: int, allocation: Allocation) -> int:
    paid = min(amount, state.overdue_due)
    state.overdue_due -= paid
    allocation.overdue_interest += paid
    amount -= paid
    for row in state.rows:
        if row.due_date > day or amount == 0:
            break  # rows are in due-date order
        if row.settled_on is not None:
            continue
        interest = min(amount, row.unpaid_interest)
        row.interest_paid += interest
        allocation.interest += interest
        amount -= interest
        principal = min(amount, row.unpaid_principal)
        row.principal_paid += principal
        allocation.principal += principal
        amount -= principal
        _settle(row, day)
    return amount


def _reamortise(state: _State, day: dt.date, prepaid: int, mode: str) -> None:
    past = [row for row in state.rows if row.due_date <= day]
    future = [row for row in state.rows if row.due_date > day]
    remaining = sum(row.unpaid_principal for row in future) - prepaid
    previous_due = max([row.due_date for row in past if not row.is_prepayment] or [state.start])
    prepayment_row = Row(
        day, prepaid, 0, is_prepayment=True, principal_paid=prepaid, settled_on=day
    )
    if remaining == 0:
        state.rows = [*past, prepayment_row]
        return
    terms = state.terms
    months = sched.MONTHS_PER_PERIOD[terms.frequency]
    grace_left = sum(1 for row in future if row.grace)
    amortising = [row for row in future if not row.grace]
    fixed_instalment = fixed_principal = None
    if mode == SHORTEN_TERM and amortising:
        fixed_instalment = amortising[0].principal + amortising[0].interest
        fixed_principal = amortising[0].principal
    rebuilt = sched.build(
        remaining,
        terms.annual_rate,
        previous_due,
        [row.due_date for row in future],
        terms.method,
        grace_periods=grace_left,
        periods_per_year=12 // months,
        instalment=fixed_instalment if terms.method == sched.EQUAL_INSTALMENT else None,
        principal_per_period=fixed_principal if terms.method == sched.EQUAL_PRINCIPAL else None,
    )
    state.rows = [
        *past,
        prepayment_row,
        *(Row(i.due_date, i.principal, i.interest, grace=i.grace) for i in rebuilt),
    ]


def payoff_amount(state: _State, day: dt.date) -> int:
    """Dues + interest of the running period up to ``day`` + all remaining principal."""
    due = state.overdue_due
    due += sum(
        row.unpaid_interest + row.unpaid_principal for row in state.rows if row.due_date <= day
    )
    future = [row for row in state.rows if row.due_date > day]
    if future:
        previous_due = max(
            [row.due_date for row in state.rows if row.due_date <= day and not row.is_prepayment]
            or [state.start]
        )
        due += sched.period_interest(
            sum(row.unpaid_principal for row in future), state.terms.annual_rate, previous_due, day
        )
        due += sum(row.unpaid_principal for row in future)
    return due


def _payoff(state: _State, day: dt.date, posting: Posting, allocation: Allocation) -> None:
    quote = payoff_amount(state, day)
    if posting.amount != quote:
        raise LedgerError(
            f"{day:%Y-%m-%d} 기준 완제 금액은 {quote:,}원입니다. 금액을 확인해 주세요."
        )
    rest = _pay_dues(state, day, posting.amount, allocation)
    future = [row for row in state.rows if row.due_date > day]
    if future:
        principal = sum(row.unpaid_principal for row in future)
        final = Row(
            day,
            principal,
            rest - principal,
            principal_paid=principal,
            interest_paid=rest - principal,
            settled_on=day,
        )
        allocation.interest += rest - principal
        allocation.principal += principal
        state.rows = [row for row in state.rows if row.due_date <= day] + [final]


def _apply(state: _State, posting: Posting) -> Allocation:
    allocation = Allocation()
    day = posting.value_date
    if day < state.start:
        raise LedgerError("최초 지급일 이전 날짜로 거래를 기록할 수 없습니다.")
    if posting.kind == RECOVERY:
        if not state.written_off:
            raise LedgerError("상각되지 않은 대출에는 상각채권 회수를 기록할 수 없습니다.")
        if posting.amount > state.written_off - state.recovered:
            raise LedgerError("회수액이 상각 잔액을 초과합니다.")
        state.recovered += posting.amount
        allocation.principal = posting.amount
        allocation.written_off = -posting.amount
        return allocation
    if state.written_off:
        raise LedgerError("상각된 대출입니다. 입금은 상각채권 회수로 기록해 주세요.")
    _accrue(state, day)
    if posting.kind == WRITE_OFF:
        allocation.written_off = state.outstanding
        state.written_off = state.outstanding
        return allocation
    if posting.amount <= 0:
        raise LedgerError("상환액은 0원보다 커야 합니다.")
    if posting.kind == PAYOFF:
        _payoff(state, day, posting, allocation)
        return allocation
    rest = _pay_dues(state, day, posting.amount, allocation)
    if rest:
        if rest > state.outstanding:
            raise LedgerError(
                f"상환액이 남은 원금({state.outstanding:,}원)과 납부할 금액을 초과합니다."
            )
        mode = posting.prepayment_mode if posting.kind == PREPAYMENT else SHORTEN_TERM
        _reamortise(state, day, rest, mode)
        allocation.principal += rest
    return allocation


def new_state(terms: Terms, tranches: list[Tranche]) -> _State:
    start = min(tranche.disbursed_on for tranche in tranches)
    return _State(terms=terms, start=start, rows=base_rows(terms, tranches))


def replay(terms: Terms, tranches: list[Tranche], postings: list[Posting]) -> Result:
    """Apply ``postings`` (already in value-date order) to the contractual schedule."""
    if not tranches:
        if postings:
            raise LedgerError("지급되지 않은 대출에는 거래를 기록할 수 없습니다.")
        return Result(rows=[], allocations={})
    state = new_state(terms, tranches)
    for posting in postings:
        try:
            state.allocations[posting.key] = _apply(state, posting)
        except LedgerError as exc:
            exc.key = posting.key
            raise
    for number, row in enumerate(state.rows, 1):
        row.number = number
    return Result(
        rows=state.rows,
        allocations=state.allocations,
        overdue_interest_due=state.overdue_due,
        written_off=bool(state.written_off),
        outstanding=state.outstanding,
        disbursed=sum(tranche.amount for tranche in tranches),
        recovered_after_write_off=state.recovered,
    )


def quote_payoff(
    terms: Terms, tranches: list[Tranche], postings: list[Posting], day: dt.date
) -> int:
    state = new_state(terms, tranches)
    for posting in postings:
        _apply(state, posting)
    _accrue(state, day)
    return payoff_amount(state, day)


__all__ = [
    "Allocation",
    "LedgerError",
    "Posting",
    "Result",
    "Row",
    "Terms",
    "Tranche",
    "quote_payoff",
    "replay",
]
