"""The expenditure ledger (지출 원장) of a budget, for pages and the streamed workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from reports.models import Budget, BudgetLine, Expenditure


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
