"""Figures across years: the 결산 table and a budget's change against the previous year.

Year-over-year change in % = (B − A) × 100 / A, rounded half up on its absolute value to a
whole percent (seed 003 prints −27.34 as △27).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from reports import rules
from reports.models import Budget, ClosingRecord, LineKind
from reports.selectors.budgets import budget_total, line_rows
from reports.selectors.settlement import program_disbursements


@dataclass(frozen=True)
class ClosingRow:
    """One row of the 결산 table (whole won)."""

    fiscal_year: int
    final_budget: int
    carried_in: int
    budget_change: int
    executed: int
    carried_out: int
    national_budget: int = 0
    national_executed: int = 0
    published: bool = False  # True when taken from a stored ClosingRecord

    @property
    def current(self) -> int:
        return rules.current_budget(
            budgeted=self.final_budget, change=self.budget_change, carried_in=self.carried_in
        )

    @property
    def remaining(self) -> int:
        return rules.remaining(
            current=self.current, executed=self.executed, carried_out=self.carried_out
        )


def closing_row_from_lines(budget: Budget) -> ClosingRow:
    rows = line_rows(budget, LineKind.EXPENDITURE)
    return ClosingRow(
        fiscal_year=budget.fiscal_year,
        final_budget=sum(r.budgeted for r in rows),
        carried_in=sum(r.carried_in for r in rows),
        budget_change=sum(r.change for r in rows),
        executed=sum(r.executed for r in rows) + program_disbursements(budget),
        carried_out=sum(r.carried_out for r in rows),
        national_budget=sum(r.national for r in rows),
    )


def closing_row_from_record(record: ClosingRecord) -> ClosingRow:
    return ClosingRow(
        fiscal_year=record.fiscal_year,
        final_budget=record.final_budget,
        carried_in=record.carried_in,
        budget_change=record.budget_change,
        executed=record.executed,
        carried_out=record.carried_out,
        national_budget=record.national_budget,
        national_executed=record.national_executed,
        published=True,
    )


def closing_table(owner_key: str = "centre", up_to_year: int | None = None) -> list[ClosingRow]:
    """결산 rows per year: the published record where one is stored, else computed from lines
    of budgets that have execution recorded."""
    records = ClosingRecord.objects.filter(owner_key=owner_key)
    budgets = Budget.objects.filter(owner_key=owner_key).filter(
        Q(lines__expenditure__isnull=False) | Q(lines__revenue__isnull=False)
    )
    if up_to_year is not None:
        records = records.filter(fiscal_year__lte=up_to_year)
        budgets = budgets.filter(fiscal_year__lte=up_to_year)
    rows = {r.fiscal_year: closing_row_from_record(r) for r in records}
    for budget in budgets.distinct():
        rows.setdefault(budget.fiscal_year, closing_row_from_lines(budget))
    return [rows[year] for year in sorted(rows)]


@dataclass(frozen=True)
class Change:
    previous: int
    current: int

    @property
    def difference(self) -> int:
        """증감 = B − A."""
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        """(B − A) × 100 / A, rounded half up on the absolute value to a whole percent."""
        if not self.previous:
            return None
        exact = Decimal(abs(self.difference) * 100) / Decimal(self.previous)
        rounded = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return -rounded if self.difference < 0 else rounded


def triangle(value: int | Decimal | None) -> str:
    """Seed style for changes: negative numbers with △ (``-2327441`` → ``△2,327,441``)."""
    if value is None:
        return "-"
    return f"△{abs(value):,}" if value < 0 else f"{value:,}"


def budget_change_vs_previous(budget: Budget) -> Change | None:
    previous = Budget.objects.filter(
        owner_key=budget.owner_key, fiscal_year=budget.fiscal_year - 1
    ).first()
    if previous is None:
        return None
    return Change(previous=budget_total(previous), current=budget_total(budget))
