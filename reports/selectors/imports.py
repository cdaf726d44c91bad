"""What the budget and expenditure imports compare a sheet with: the recorded budget lines by
their 관/항/목 path, what is left on each leaf, and the recorded expenditures by evidence.

A line is addressed as (fiscal year, owner key, kind, path of names from 관 down); the owner key
is ``"centre"`` or ``"program:<id>"`` (``reports.models.Budget.owner_key``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from reports import rules
from reports.models import Budget, BudgetChange, BudgetLine, Expenditure

LineAddress = tuple[int, str, str, tuple[str, ...]]


@dataclass
class LineState:
    pk: int
    has_children: bool
    amounts: dict[str, int]  # budgeted, national, city, carried_in, carried_out
    detail: str
    change: int = 0
    executed: int = 0  # expenditure recorded on the line

    @property
    def available(self) -> int:
        """집행잔액 (``reports.rules``): what is left to spend on the line."""
        current = rules.current_budget(
            budgeted=self.amounts["budgeted"],
            change=self.change,
            carried_in=self.amounts["carried_in"],
        )
        return rules.remaining(
            current=current, executed=self.executed, carried_out=self.amounts["carried_out"]
        )


@dataclass(frozen=True)
class RecordedExpenditure:
    date: dt.date
    amount: int
    payee: str


@dataclass
class LedgerIndex:
    closed: set[tuple[int, str]] = field(default_factory=set)  # (year, owner key) confirmed
    lines: dict[LineAddress, LineState] = field(default_factory=dict)
    # (year, owner key, leaf name) → the expenditure leaves of that name
    leaves_by_name: dict[tuple[int, str, str], list[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (year, owner key, evidence reference, path) → recorded expenditures
    expenditures: dict[tuple[int, str, str, tuple[str, ...]], list[RecordedExpenditure]] = field(
        default_factory=lambda: defaultdict(list)
    )


AMOUNT_FIELDS = {
    "budgeted": "budgeted_amount",
    "national": "national_amount",
    "city": "city_amount",
    "carried_in": "carried_in",
    "carried_out": "carried_out",
}


def ledger_index(years: set[int], *, with_expenditures: bool = False) -> LedgerIndex:
    """The budgets of ``years`` with their lines (and recorded expenditures), in five queries."""
    index = LedgerIndex()
    budgets = {
        b.pk: b
        for b in Budget.objects.filter(fiscal_year__in=years).only(
            "fiscal_year", "owner_key", "status"
        )
    }
    index.closed = {(b.fiscal_year, b.owner_key) for b in budgets.values() if b.is_closed}
    lines = list(
        BudgetLine.objects.filter(budget_id__in=budgets).values(
            "pk", "budget_id", "parent_id", "kind", "name", "detail", *AMOUNT_FIELDS.values()
        )
    )
    by_pk = {line["pk"]: line for line in lines}
    parents = {line["parent_id"] for line in lines}
    changes = dict(
        BudgetChange.objects.filter(line_id__in=by_pk)
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    executed = dict(
        Expenditure.objects.filter(line_id__in=by_pk)
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    paths: dict[int, tuple[str, ...]] = {}

    def path_of(pk: int) -> tuple[str, ...]:
        if pk not in paths:
            line = by_pk[pk]
            above = path_of(line["parent_id"]) if line["parent_id"] else ()
            paths[pk] = (*above, line["name"])
        return paths[pk]

    for line in lines:
        budget = budgets[line["budget_id"]]
        owner = (budget.fiscal_year, budget.owner_key)
        path = path_of(line["pk"])
        index.lines[(*owner, line["kind"], path)] = LineState(
            pk=line["pk"],
            has_children=line["pk"] in parents,
            amounts={key: line[name] for key, name in AMOUNT_FIELDS.items()},
            detail=line["detail"],
            change=changes.get(line["pk"], 0),
            executed=executed.get(line["pk"], 0),
        )
        if line["kind"] == "expenditure" and line["pk"] not in parents:
            index.leaves_by_name[(*owner, line["name"])].append(path)
    if with_expenditures:
        for row in Expenditure.objects.filter(line_id__in=by_pk).values(
            "line_id", "line__budget_id", "evidence_reference", "date", "amount", "payee"
        ):
            budget = budgets[row["line__budget_id"]]
            key = (budget.fiscal_year, budget.owner_key, row["evidence_reference"])
            index.expenditures[(*key, path_of(row["line_id"]))].append(
                RecordedExpenditure(row["date"], row["amount"], row["payee"])
            )
    return index
