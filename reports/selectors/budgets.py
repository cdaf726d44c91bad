"""Budget lines as trees with their amounts rolled up, and a budget's totals.

All amounts are whole won; a line's 예산현액 and 집행잔액 come from ``reports.rules`` (also for
결산 rows and a line's room to spend).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from reports import rules
from reports.models import Budget, BudgetChange, BudgetLine, Expenditure, LineKind, Revenue


@dataclass
class LineRow:
    """One line with its own and its leaves' amounts (parents sum their leaves)."""

    line: BudgetLine
    path: list[str]  # names from 관 down to this line
    is_leaf: bool
    budgeted: int = 0
    change: int = 0
    carried_in: int = 0
    carried_out: int = 0
    executed: int = 0
    national: int = 0
    city: int = 0
    children: list[LineRow] = field(default_factory=list)

    @property
    def revised(self) -> int:
        return rules.revised_budget(budgeted=self.budgeted, change=self.change)

    @property
    def current(self) -> int:
        return rules.current_budget(
            budgeted=self.budgeted, change=self.change, carried_in=self.carried_in
        )

    @property
    def remaining(self) -> int:
        return rules.remaining(
            current=self.current, executed=self.executed, carried_out=self.carried_out
        )

    @property
    def revenue_difference(self) -> int:
        return rules.revenue_difference(
            budgeted=self.budgeted, change=self.change, executed=self.executed
        )


def _executed_by_line(budget: Budget) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for model in (Revenue, Expenditure):
        rows = (
            model.objects.filter(line__budget=budget)
            .values("line_id")
            .annotate(total=Sum("amount"))
            .values_list("line_id", "total")
        )
        for line_id, total in rows:
            totals[line_id] += total or 0
    return totals


def _changes_by_line(budget: Budget) -> dict[int, int]:
    rows = (
        BudgetChange.objects.filter(line__budget=budget)
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    return {line_id: total or 0 for line_id, total in rows}


def line_rows(budget: Budget, kind: str) -> list[LineRow]:
    """The 관 rows of one kind, each with its children, amounts rolled up (4 queries)."""
    lines = list(BudgetLine.objects.filter(budget=budget, kind=kind).order_by("order", "pk"))
    executed = _executed_by_line(budget)
    changes = _changes_by_line(budget)
    children: dict[int | None, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        children[line.parent_id].append(line)

    def build(line: BudgetLine, path: list[str]) -> LineRow:
        kids = children.get(line.pk, [])
        row = LineRow(
            line=line,
            path=[*path, line.name],
            is_leaf=not kids,
            national=line.national_amount,
            city=line.city_amount,
        )
        if kids:
            for kid in kids:
                child = build(kid, row.path)
                row.children.append(child)
                row.budgeted += child.budgeted
                row.change += child.change
                row.carried_in += child.carried_in
                row.carried_out += child.carried_out
                row.executed += child.executed
                row.national += child.national
                row.city += child.city
        else:
            row.budgeted = line.budgeted_amount
            row.carried_in = line.carried_in
            row.carried_out = line.carried_out
            row.change = changes.get(line.pk, 0)
            row.executed = executed.get(line.pk, 0)
        return row

    return [build(line, []) for line in children.get(None, [])]


def leaf_rows(rows: Iterable[LineRow]) -> Iterator[LineRow]:
    """The leaves under ``rows`` in tree order (the lines execution is recorded on)."""
    for row in rows:
        if row.is_leaf:
            yield row
        else:
            yield from leaf_rows(row.children)


def flatten(rows: Iterable[LineRow]) -> Iterator[LineRow]:
    for row in rows:
        yield row
        yield from flatten(row.children)


def leaf_lines(budget: Budget, kind: str) -> QuerySet[BudgetLine]:
    """Lines of ``kind`` on which revenue/expenditure may be recorded (those without children)."""
    return (
        BudgetLine.objects.filter(budget=budget, kind=kind)
        .filter(children__isnull=True)
        .select_related("parent", "parent__parent")
        .order_by("order", "pk")
    )


def line_available(line: BudgetLine) -> int:
    """What is left to spend on a leaf line: its 집행잔액."""
    change = line.changes.aggregate(total=Sum("amount"))["total"] or 0
    executed = Expenditure.objects.filter(line=line).aggregate(total=Sum("amount"))["total"] or 0
    return available_with(line, change=change, executed=executed)


def available_with(line: BudgetLine, *, change: int, executed: int) -> int:
    """A line's 집행잔액 given its 예산변경 total and what is spent on it (``reports.rules``)."""
    current = rules.current_budget(
        budgeted=line.budgeted_amount, change=change, carried_in=line.carried_in
    )
    return rules.remaining(current=current, executed=executed, carried_out=line.carried_out)


def line_totals(line_ids: Iterable[int]) -> tuple[dict[int, int], dict[int, int]]:
    """({line id: 예산변경 total}, {line id: expenditure total}) of many lines, in two queries:
    what :func:`line_available` reads for one line."""
    ids = list(line_ids)
    totals = []
    for model in (BudgetChange, Expenditure):
        totals.append(
            dict(
                model.objects.filter(line_id__in=ids)
                .values("line_id")
                .annotate(total=Sum("amount"))
                .values_list("line_id", "total")
            )
        )
    return totals[0], totals[1]


def budget_total(budget: Budget) -> int:
    """The budget's expenditure total (예산액 of its leaves)."""
    return sum(row.budgeted for row in line_rows(budget, LineKind.EXPENDITURE))


def budget_national_total(budget: Budget) -> int:
    return sum(row.national for row in line_rows(budget, LineKind.EXPENDITURE))
