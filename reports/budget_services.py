"""Budget lines set from a budget sheet (the ``reports.budget`` import): one 관/항/목 leaf with its
amounts, its budget and parent lines created when missing. Validated like the other execution
services: a confirmed year is never changed, amounts are whole won ≥ 0, amounts sit on leaves,
and an expenditure line never gets less budget than is already spent on it.

:func:`save_budget_line` saves one leaf; :func:`save_budget_lines` saves a whole sheet with the
same rules (the ``_check_*`` functions below, shared by both) in a number of queries that does
not grow with the lines."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import Budget, BudgetLine, Expenditure, LineKind, OwnerKind, Revenue
from reports.selectors import available_with, line_available, line_totals
from seoul_se.access import require_role
from seoul_se.accounts.models import Role, User
from seoul_se.audit.bulk import log_changed, log_created

BUDGET_EDITORS = frozenset({Role.OFFICIAL, Role.CENTRE_STAFF, Role.ADMINISTRATOR})
CENTRE_TITLE = "서울시 사회적경제지원센터 운영"
# Sheet amounts → BudgetLine fields.
AMOUNT_FIELDS = {
    "budgeted": "budgeted_amount",
    "national": "national_amount",
    "city": "city_amount",
    "carried_in": "carried_in",
    "carried_out": "carried_out",
}
BATCH = 2_000  # rows per INSERT / UPDATE of the bulk path
PathKey = tuple[int, str, tuple[str, ...]]  # (budget id, kind, names from 관 down)


@dataclass(frozen=True)
class LineEntry:
    """One leaf of a budget sheet, as :func:`save_budget_line` takes it."""

    fiscal_year: int
    program: Any  # None: the centre's operation
    kind: str
    path: tuple[str, ...]
    amounts: Mapping[str, int]
    detail: str | None = None


def _owner(program: Any) -> tuple[str, dict[str, Any]]:
    """The owner key of the budget of the centre (``program`` None) or of ``program``, and
    the fields of a new one."""
    if program is None:
        return "centre", {"owner_kind": OwnerKind.CENTRE, "title": CENTRE_TITLE}
    return f"program:{program.pk}", {
        "owner_kind": OwnerKind.PROGRAM,
        "title": program.name,
        "program": program,
    }


def _check_request(kind: str, path: Sequence[str], amounts: Mapping[str, int]) -> None:
    if kind not in LineKind.values or not 1 <= len(path) <= 3:
        raise ValidationError(_("예산 과목은 관·항·목 세 단계까지입니다."), code="bad_line")
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in amounts.values()):
        raise ValidationError(_("금액은 0원 이상의 원 단위 정수여야 합니다."), code="not_whole_won")


def _check_open(budget: Budget) -> None:
    if budget.is_closed:
        raise ValidationError(
            _("%(year)s년 정산이 확정되어 예산을 바꿀 수 없습니다.") % {"year": budget.fiscal_year},
            code="year_closed",
        )


def _check_parent(parent: BudgetLine, *, has_children: bool, recorded: bool) -> None:
    """A line about to get its first child holds no amount and nothing is recorded on it."""
    if has_children:
        return
    if recorded or any(getattr(parent, f) for f in AMOUNT_FIELDS.values()):
        raise ValidationError(
            _("'%(name)s' 과목에 금액이 있어 하위 과목을 둘 수 없습니다.") % {"name": parent.name},
            code="parent_is_leaf",
        )


def _values(amounts: Mapping[str, int], detail: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {AMOUNT_FIELDS[k]: amount for k, amount in amounts.items()}
    if detail is not None:  # None: keep the recorded 산출근거
        values["detail"] = detail
    return values


def _check_leaf(
    line: BudgetLine, values: Mapping[str, Any], *, has_children: bool, available: int
) -> str:
    """ "unchanged" or "change" of a recorded leaf set to ``values`` (``available``: its
    집행잔액 now), or the refusal."""
    if has_children:
        raise ValidationError(
            _("하위 과목이 있는 과목에는 금액을 직접 적을 수 없습니다."), code="not_leaf_line"
        )
    if all(getattr(line, name) == value for name, value in values.items()):
        return "unchanged"
    # What is left to spend moves by the change of 예산액 + 전년이월 − 차년이월.
    room = available + sum(
        sign * (values[name] - getattr(line, name))
        for name, sign in (("budgeted_amount", 1), ("carried_in", 1), ("carried_out", -1))
        if name in values
    )
    if line.kind == LineKind.EXPENDITURE and room < 0:
        raise ValidationError(
            _("'%(name)s' 과목의 예산이 이미 집행한 금액보다 적어집니다.") % {"name": line.name},
            code="below_executed",
        )
    return "change"


def _budget(fiscal_year: int, program: Any) -> Budget:
    key, fields = _owner(program)
    budget, _created = Budget.objects.get_or_create(
        fiscal_year=fiscal_year, owner_key=key, defaults=fields
    )
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _check_open(budget)
    return budget


def _recorded(line: BudgetLine) -> bool:
    return line.expenditure_set.exists() or line.revenue_set.exists()


@transaction.atomic
def save_budget_line(
    *,
    actor: User,
    fiscal_year: int,
    program: Any,
    kind: str,
    path: Sequence[str],
    amounts: Mapping[str, int],
    detail: str | None = None,
) -> tuple[BudgetLine, str]:
    """Create or update the leaf at ``path`` (관, 항, 목 names) of the year's budget of the centre
    (``program`` None) or of ``program``; ``amounts`` may name only some of the amounts (the
    others keep their values). Returns the line and "create", "change" or "unchanged"."""
    require_role(actor, BUDGET_EDITORS)
    _check_request(kind, path, amounts)
    budget = _budget(fiscal_year, program)
    parent: BudgetLine | None = None
    for depth, name in enumerate(path[:-1], start=1):
        parent, created = BudgetLine.objects.get_or_create(
            budget=budget, kind=kind, parent=parent, name=name, defaults={"level": depth}
        )
        if not created:
            _check_parent(parent, has_children=parent.children.exists(), recorded=_recorded(parent))
    values = _values(amounts, detail)
    line = (
        BudgetLine.objects.select_for_update()
        .filter(budget=budget, kind=kind, parent=parent, name=path[-1])
        .first()
    )
    if line is None:
        line = BudgetLine.objects.create(
            budget=budget, kind=kind, parent=parent, name=path[-1], level=len(path), **values
        )
        return line, "create"
    outcome = _check_leaf(
        line, values, has_children=line.children.exists(), available=line_available(line)
    )
    if outcome == "change":
        for name, value in values.items():
            setattr(line, name, value)
        line.save()
    return line, outcome


@transaction.atomic
def save_budget_lines(entries: Sequence[LineEntry], *, actor: User) -> list[tuple[BudgetLine, str]]:
    """:func:`save_budget_line` for each entry in order, with the same rules, rows and audit
    entries, in a bounded number of queries: the budgets and their lines are read (and locked)
    at once, new lines inserted level by level, changed ones updated together. All or
    nothing; returns (line, outcome) per entry."""
    require_role(actor, BUDGET_EDITORS)
    for entry in entries:
        _check_request(entry.kind, entry.path, entry.amounts)
    budgets = _budgets(entries, actor)
    tree = _Tree(list(budgets.values()))
    saved = [tree.save(budgets[_budget_key(entry)], entry) for entry in entries]
    tree.write(actor)
    return saved


def _budget_key(entry: LineEntry) -> tuple[int, str]:
    return entry.fiscal_year, _owner(entry.program)[0]


def _budgets(entries: Sequence[LineEntry], actor: User) -> dict[tuple[int, str], Budget]:
    """The entries' budgets, locked; the missing ones created (as ``get_or_create``)."""
    keys = {_budget_key(entry): entry.program for entry in entries}
    budgets = {
        (b.fiscal_year, b.owner_key): b
        for b in Budget.objects.select_for_update().filter(
            fiscal_year__in={year for year, _key in keys},
            owner_key__in={key for _year, key in keys},
        )
    }
    new = [
        Budget(fiscal_year=year, owner_key=key, **_owner(program)[1])
        for (year, key), program in keys.items()
        if (year, key) not in budgets
    ]
    Budget.objects.bulk_create(new, batch_size=BATCH)
    budgets.update({(b.fiscal_year, b.owner_key): b for b in new})
    for budget in budgets.values():
        _check_open(budget)
    log_created(new, actor=actor)
    return budgets


class _Tree:
    """The lines of some budgets by path, as :func:`save_budget_line` would find them one
    entry after another: new lines and changes are kept here and written by :meth:`write`."""

    def __init__(self, budgets: list[Budget]) -> None:
        self.lines: dict[PathKey, BudgetLine] = {}
        self.parents: set[PathKey] = set()  # lines with children
        self.new: list[BudgetLine] = []
        self.changed: dict[int, tuple[BudgetLine, BudgetLine]] = {}  # pk → (recorded, new)
        recorded = list(
            BudgetLine.objects.select_for_update().filter(budget__in=budgets).order_by("level")
        )
        paths: dict[int, tuple[str, ...]] = {}
        for line in recorded:  # parents come first (by level)
            paths[line.pk] = (*(paths[line.parent_id] if line.parent_id else ()), line.name)
            key = (line.budget_id, line.kind, paths[line.pk])
            self.lines[key] = line
            if line.parent_id:
                self.parents.add((line.budget_id, line.kind, paths[line.parent_id]))
        ids = [line.pk for line in recorded]
        self.recorded = {
            line_id
            for model in (Expenditure, Revenue)
            for line_id in model.objects.filter(line_id__in=ids).values_list("line_id", flat=True)
        }
        self.changes, self.executed = line_totals(ids)

    def save(self, budget: Budget, entry: LineEntry) -> tuple[BudgetLine, str]:
        parent: BudgetLine | None = None
        for depth in range(1, len(entry.path)):
            parent = self._node(budget, entry, depth, parent, {})
        key = (budget.pk, entry.kind, entry.path)
        values = _values(entry.amounts, entry.detail)
        line = self.lines.get(key)
        if line is None:
            return self._node(budget, entry, len(entry.path), parent, values), "create"
        available = available_with(
            line, change=self.changes.get(line.pk, 0), executed=self.executed.get(line.pk, 0)
        )
        outcome = _check_leaf(line, values, has_children=key in self.parents, available=available)
        if outcome == "change":
            if line.pk is not None:
                self.changed.setdefault(line.pk, (copy.copy(line), line))
            for name, value in values.items():
                setattr(line, name, value)
        return line, outcome

    def _node(
        self,
        budget: Budget,
        entry: LineEntry,
        depth: int,
        parent: BudgetLine | None,
        values: dict[str, Any],
    ) -> BudgetLine:
        """The line at ``entry.path[:depth]``: checked as a parent when it is one, else new."""
        key = (budget.pk, entry.kind, entry.path[:depth])
        line = self.lines.get(key)
        if line is not None:
            _check_parent(line, has_children=key in self.parents, recorded=line.pk in self.recorded)
            return line
        line = BudgetLine(
            budget=budget,
            kind=entry.kind,
            parent=parent,
            name=entry.path[depth - 1],
            level=depth,
            **values,
        )
        self.lines[key] = line
        self.new.append(line)
        if depth > 1:
            self.parents.add((budget.pk, entry.kind, entry.path[: depth - 1]))
        return line

    def write(self, actor: User) -> None:
        """New lines level by level (a child needs its parent's id), then the changes."""
        for level in (1, 2, 3):
            BudgetLine.objects.bulk_create(
                [line for line in self.new if line.level == level], batch_size=BATCH
            )
        fields = ["detail", *AMOUNT_FIELDS.values()]
        changed = list(self.changed.values())
        BudgetLine.objects.bulk_update([new for _old, new in changed], fields, batch_size=BATCH)
        log_created(self.new, actor=actor)
        log_changed(changed, actor=actor, fields=fields)
