"""Settlement (정산) figures: what a budget spent, what findings disallow and what is returned.

Amount to return (반납할 금액) = executed revenue − executed expenditure + disallowed amounts
(interest income is part of executed revenue, so it is returned too). A program's
disbursements in the budget's year count as the budget's expenditure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from programs.selectors import disbursements_in_year
from reports.models import (
    Budget,
    BudgetLine,
    Expenditure,
    Finding,
    LineKind,
    OwnerKind,
    Revenue,
    SettlementStatus,
)
from reports.selectors.budgets import leaf_rows, line_rows


@dataclass(frozen=True)
class DisallowanceLimit:
    """What was spent on one scope (an expenditure, a line with everything under it, or the
    whole budget) and how much of it findings already disallow."""

    scope: str  # "expenditure" | "line" | "budget"
    name: str
    spent: int
    disallowed: int

    @property
    def room(self) -> int:
        """What may still be disallowed there."""
        return self.spent - self.disallowed


def disallowance_limits(
    budget: Budget, line: BudgetLine | None = None, expenditure: Expenditure | None = None
) -> list[DisallowanceLimit]:
    """The limits a new finding on ``expenditure`` / ``line`` must respect: the expenditure, the
    line and every line above it (a finding counts toward its line's ancestors too), and the
    budget. Findings on lines below a line count toward it."""
    limits: list[DisallowanceLimit] = []
    if expenditure is not None:
        already = expenditure.findings.aggregate(total=Sum("disallowed_amount"))["total"] or 0
        limits.append(
            DisallowanceLimit("expenditure", f"#{expenditure.pk}", expenditure.amount, already)
        )
    if line is not None:
        lines = {
            pk: (parent, name)
            for pk, parent, name in BudgetLine.objects.filter(budget=budget).values_list(
                "pk", "parent_id", "name"
            )
        }
        spent = dict(
            Expenditure.objects.filter(line__budget=budget)
            .values("line_id")
            .annotate(total=Sum("amount"))
            .values_list("line_id", "total")
        )
        disallowed = dict(
            Finding.objects.filter(budget=budget, line__isnull=False)
            .values("line_id")
            .annotate(total=Sum("disallowed_amount"))
            .values_list("line_id", "total")
        )

        def under(pk: int) -> set[int]:
            """``pk`` and every line below it."""
            found, frontier = {pk}, {pk}
            while frontier:
                frontier = {c for c, (parent, _) in lines.items() if parent in frontier}
                found |= frontier
            return found

        current: int | None = line.pk
        while current is not None:
            subtree = under(current)
            limits.append(
                DisallowanceLimit(
                    "line",
                    lines[current][1],
                    sum(spent.get(pk, 0) for pk in subtree),
                    sum(disallowed.get(pk, 0) for pk in subtree),
                )
            )
            current = lines[current][0]
    spent_total = (
        Expenditure.objects.filter(line__budget=budget).aggregate(total=Sum("amount"))["total"] or 0
    )
    disallowed_total = (
        Finding.objects.filter(budget=budget).aggregate(total=Sum("disallowed_amount"))["total"]
        or 0
    )
    limits.append(
        DisallowanceLimit(
            "budget", str(budget), spent_total + program_disbursements(budget), disallowed_total
        )
    )
    return limits


@dataclass(frozen=True)
class SettlementSummary:
    budget: Budget
    revenue_budget: int
    revenue_executed: int
    expenditure_budget: int
    expenditure_executed: int
    interest_income: int
    disallowed: int
    grant_used: int
    disbursed: int

    @property
    def balance(self) -> int:
        """Executed revenue − executed expenditure (interest included)."""
        return self.revenue_executed - self.expenditure_executed

    @property
    def amount_to_return(self) -> int:
        """반납할 금액 = 세입 집행액 − 세출 집행액 + 불인정금액."""
        return self.balance + self.disallowed


def program_disbursements(budget: Budget) -> int:
    """Disbursements of the budget's program in its year (they count as its expenditure)."""
    if budget.owner_kind != OwnerKind.PROGRAM or budget.program_id is None:
        return 0
    total = (
        disbursements_in_year(budget.fiscal_year)
        .filter(agreement__program_id=budget.program_id)
        .aggregate(total=Sum("amount"))["total"]
    )
    return int(total or 0)


def settlement_summary(budget: Budget) -> SettlementSummary:
    revenue = line_rows(budget, LineKind.REVENUE)
    expenditure = line_rows(budget, LineKind.EXPENDITURE)
    grant_used = sum(row.executed for row in leaf_rows(expenditure) if row.line.grant_funded)
    interest = (
        Revenue.objects.filter(line__budget=budget, source=Revenue.Source.INTEREST).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    disallowed = (
        Finding.objects.filter(budget=budget).aggregate(total=Sum("disallowed_amount"))["total"]
        or 0
    )
    disbursed = program_disbursements(budget)
    return SettlementSummary(
        budget=budget,
        revenue_budget=sum(row.revised for row in revenue),
        revenue_executed=sum(row.executed for row in revenue),
        expenditure_budget=sum(row.revised for row in expenditure),
        expenditure_executed=sum(row.executed for row in expenditure) + disbursed,
        interest_income=interest,
        disallowed=disallowed,
        grant_used=grant_used + disbursed,
        disbursed=disbursed,
    )


def findings(budget: Budget) -> QuerySet[Finding]:
    return Finding.objects.filter(budget=budget).select_related("auditor", "line", "expenditure")


def year_is_settled(year: int) -> bool:
    """Whether every budget of fiscal ``year`` is locked (마감): the year's money is final, so
    the open-data feed publishes it without the provisional mark. A year without budgets is not
    settled."""
    statuses = set(Budget.objects.filter(fiscal_year=year).values_list("status", flat=True))
    return statuses == {SettlementStatus.LOCKED}
