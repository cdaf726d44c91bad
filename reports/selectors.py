"""Reads of budgets, execution and settlement figures, shared by pages, API and workbooks.

All amounts are whole won. One place computes each figure:
- a line's 예산현액 and 집행잔액: ``reports.rules`` (also for 결산 rows and a line's room to spend);
- amount to return (반납할 금액) = executed revenue − executed expenditure + disallowed amounts
  (interest income is part of executed revenue, so it is returned too);
- year-over-year change in % = (B − A) × 100 / A, rounded half up on its absolute value to a
  whole percent (seed 003 prints −27.34 as △27).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from programs.selectors import disbursements_in_year
from reports import rules
from reports.models import (
    Budget,
    BudgetChange,
    BudgetLine,
    ClosingRecord,
    Expenditure,
    Finding,
    LineKind,
    OwnerKind,
    Revenue,
)


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
    current = rules.current_budget(
        budgeted=line.budgeted_amount, change=change, carried_in=line.carried_in
    )
    return rules.remaining(current=current, executed=executed, carried_out=line.carried_out)


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


def budget_total(budget: Budget) -> int:
    """The budget's expenditure total (예산액 of its leaves)."""
    return sum(row.budgeted for row in line_rows(budget, LineKind.EXPENDITURE))


def budget_change_vs_previous(budget: Budget) -> Change | None:
    previous = Budget.objects.filter(
        owner_key=budget.owner_key, fiscal_year=budget.fiscal_year - 1
    ).first()
    if previous is None:
        return None
    return Change(previous=budget_total(previous), current=budget_total(budget))


def budget_national_total(budget: Budget) -> int:
    return sum(row.national for row in line_rows(budget, LineKind.EXPENDITURE))


@dataclass(frozen=True)
class LedgerEntry:
    date: dt.date
    chapter: str
    section: str
    item: str
    payee: str
    description: str
    amount: int
    evidence_type: str
    evidence_reference: str
    evidence_file: str
    pk: int

    def as_row(self) -> list[Any]:
        """The ledger sheet's columns, in order."""
        return [
            self.pk,
            self.date,
            self.chapter,
            self.section,
            self.item,
            self.payee,
            self.description,
            self.amount,
            self.evidence_type,
            self.evidence_reference,
            self.evidence_file,
        ]


def expenditure_ledger(budget: Budget) -> QuerySet[Expenditure]:
    """The expenditure of a budget with its line path, for pages (paginate it)."""
    return (
        Expenditure.objects.filter(line__budget=budget)
        .select_related("line", "line__parent", "line__parent__parent")
        .order_by("date", "pk")
    )


def ledger_values(budget: Budget) -> QuerySet[Any]:
    """The ledger as plain value tuples in ledger order (the workbook and its benchmark)."""
    return (
        Expenditure.objects.filter(line__budget=budget)
        .order_by("date", "pk")
        .values_list(
            "pk",
            "date",
            "line_id",
            "payee",
            "description",
            "amount",
            "evidence_type",
            "evidence_reference",
            "evidence_file",
        )
    )


def iter_ledger(budget: Budget, chunk_size: int = 5000) -> Iterator[LedgerEntry]:
    """The ledger streamed as plain tuples (constant memory for the workbook)."""
    names = {
        line.pk: line for line in BudgetLine.objects.filter(budget=budget).only("name", "parent")
    }
    paths: dict[int, tuple[str, str, str]] = {}

    def path(line_id: int) -> tuple[str, str, str]:
        if line_id not in paths:
            parts: list[str] = []
            current: int | None = line_id
            while current is not None:
                parts.insert(0, names[current].name)
                current = names[current].parent_id
            parts += [""] * (3 - len(parts))
            paths[line_id] = (parts[0], parts[1], parts[2])
        return paths[line_id]

    # Translated once here, not once per row (100,000 rows: 200,000 catalogue look-ups).
    labels = {value: str(label) for value, label in Expenditure.Evidence.choices}
    rows = ledger_values(budget).iterator(chunk_size=chunk_size)
    for pk, date, line_id, payee, description, amount, ev_type, ev_ref, ev_file in rows:
        chapter, section, item = path(line_id)
        yield LedgerEntry(
            date=date,
            chapter=chapter,
            section=section,
            item=item,
            payee=payee,
            description=description,
            amount=amount,
            evidence_type=labels.get(ev_type, ev_type),
            evidence_reference=ev_ref,
            evidence_file=ev_file.rsplit("/", 1)[-1] if ev_file else "",
            pk=pk,
        )


def findings(budget: Budget) -> QuerySet[Finding]:
    return Finding.objects.filter(budget=budget).select_related("auditor", "line", "expenditure")
