"""Repayment schedules in whole won, computed with ``Decimal`` only (never float).

Rounding rules (one place for all of them):

- Period interest = outstanding principal × annual rate × actual days ÷ 365, rounded DOWN to the
  won: a fraction of a won is never charged to the borrower.
- Equal-instalment (원리금균등) amount = P·i / (1 − (1+i)^−n) with i = annual rate ÷ periods per
  year and n = amortising periods, rounded HALF UP to the won.
- Equal-principal (원금균등) principal per period = P ÷ n rounded DOWN to the won.
- The last instalment takes whatever principal is left, so the principal over the schedule equals
  the principal lent exactly.

Due dates are the start date plus k periods (counted from the start, so shifts never accumulate);
a due date on a weekend or a Korean public holiday moves to the next business day. Interest runs
between the (moved) due dates, so a moved date also moves the days counted.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from functools import cache

import holidays

EQUAL_INSTALMENT = "equal_instalment"
EQUAL_PRINCIPAL = "equal_principal"
BULLET = "bullet"
METHODS = (EQUAL_INSTALMENT, EQUAL_PRINCIPAL, BULLET)

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3}
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: dt.date
    principal: int
    interest: int
    grace: bool = False

    @property
    def total(self) -> int:
        return self.principal + self.interest


@cache
def _korean_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _korean_holidays(day.year)


@cache  # thousands of loans share the same due dates
def next_business_day(day: dt.date) -> dt.date:
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month ``months`` later; the 31st becomes the month's last day when needed."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(start: dt.date, periods: int, months_per_period: int) -> list[dt.date]:
    return list(_due_dates(start, periods, months_per_period))


@cache  # loans disbursed on the same day share their due dates
def _due_dates(start: dt.date, periods: int, months_per_period: int) -> tuple[dt.date, ...]:
    return tuple(
        next_business_day(add_months(start, k * months_per_period)) for k in range(1, periods + 1)
    )


def period_interest(outstanding: int, annual_rate: Decimal, start: dt.date, end: dt.date) -> int:
    """Actual/365 interest, rounded down to the won (the borrower never pays a fraction)."""
    days = max((end - start).days, 0)
    exact = Decimal(outstanding) * annual_rate * days / DAYS_IN_YEAR
    return int(exact.to_integral_value(rounding=ROUND_FLOOR))


def annuity_payment(principal: int, periodic_rate: Decimal, periods: int) -> int:
    """P·i / (1 − (1+i)^−n), rounded half up to the won; i = 0 gives P ÷ n (also half up)."""
    if periods <= 0:
        return principal
    with localcontext() as ctx:
        ctx.prec = 50
        if periodic_rate == 0:
            exact = Decimal(principal) / periods
        else:
            exact = Decimal(principal) * periodic_rate / (1 - (1 + periodic_rate) ** -periods)
        return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def build(
    principal: int,
    annual_rate: Decimal,
    start: dt.date,
    dates: list[dt.date],
    method: str,
    *,
    grace_periods: int = 0,
    periods_per_year: int = 12,
    instalment: int | None = None,
    principal_per_period: int | None = None,
    first_number: int = 1,
) -> list[Instalment]:
    """Instalments over ``dates`` for ``principal`` whose interest starts on ``start``.

    ``instalment`` / ``principal_per_period`` fix the amount (used to shorten the term after a
    prepayment); otherwise they are computed over the amortising periods. The schedule ends early
    once the principal is repaid, and the last date always takes the remaining principal.
    """
    if method not in METHODS:
        raise ValueError(f"unknown repayment method {method!r}")
    if not dates:
        return []
    grace_periods = min(grace_periods, len(dates) - 1)
    amortising = len(dates) - grace_periods
    if method == EQUAL_INSTALMENT and instalment is None:
        instalment = annuity_payment(principal, Decimal(annual_rate) / periods_per_year, amortising)
    if method == EQUAL_PRINCIPAL and principal_per_period is None:
        # Rounded down to the won; the last instalment absorbs the remainder.
        principal_per_period = principal // amortising
    rows: list[Instalment] = []
    outstanding, previous = principal, start
    for index, due in enumerate(dates):
        interest = period_interest(outstanding, Decimal(annual_rate), previous, due)
        grace = index < grace_periods
        if index == len(dates) - 1:
            paid = outstanding
        elif grace or method == BULLET:
            paid = 0
        elif method == EQUAL_INSTALMENT:
            assert instalment is not None
            paid = min(outstanding, max(instalment - interest, 0))
        else:
            assert principal_per_period is not None
            paid = min(outstanding, principal_per_period)
        rows.append(Instalment(first_number + index, due, paid, interest, grace))
        outstanding -= paid
        previous = due
        if outstanding == 0:
            break
    return rows


def loan_schedule(
    principal: int,
    annual_rate: Decimal,
    start: dt.date,
    term_months: int,
    grace_months: int,
    method: str,
    frequency: str,
) -> list[Instalment]:
    """The contractual schedule of a loan whose (first) disbursement was on ``start``."""
    months = MONTHS_PER_PERIOD[frequency]
    periods = max(term_months // months, 1)
    return build(
        principal,
        annual_rate,
        start,
        due_dates(start, periods, months),
        method,
        grace_periods=grace_months // months,
        periods_per_year=12 // months,
    )
