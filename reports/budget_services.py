"""Budget lines set from a budget sheet (the ``reports.budget`` import): one 관/항/목 leaf with its
amounts, its budget and parent lines created when missing. Validated like the other execution
services: a confirmed year is never changed, amounts are whole won ≥ 0, amounts sit on leaves,
and an expenditure line never gets less budget than is already spent on it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import Budget, BudgetLine, LineKind, OwnerKind
from reports.selectors import line_available
from seoul_se.access import require_role
from seoul_se.accounts.models import Role, User

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


def _budget(fiscal_year: int, program: Any) -> Budget:
    if program is None:
        owner = {"owner_kind": OwnerKind.CENTRE, "owner_key": "centre", "title": CENTRE_TITLE}
    else:
        owner = {
            "owner_kind": OwnerKind.PROGRAM,
            "owner_key": f"program:{program.pk}",
            "title": program.name,
            "program": program,
        }
    key = owner.pop("owner_key")
    budget, _created = Budget.objects.get_or_create(
        fiscal_year=fiscal_year, owner_key=key, defaults=owner
    )
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if budget.is_closed:
        raise ValidationError(
            _("%(year)s년 정산이 확정되어 예산을 바꿀 수 없습니다.") % {"year": fiscal_year},
            code="year_closed",
        )
    return budget


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
    if kind not in LineKind.values or not 1 <= len(path) <= 3:
        raise ValidationError(_("예산 과목은 관·항·목 세 단계까지입니다."), code="bad_line")
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in amounts.values()):
        raise ValidationError(_("금액은 0원 이상의 원 단위 정수여야 합니다."), code="not_whole_won")
    budget = _budget(fiscal_year, program)
    parent: BudgetLine | None = None
    for depth, name in enumerate(path[:-1], start=1):
        parent, _created = BudgetLine.objects.get_or_create(
            budget=budget, kind=kind, parent=parent, name=name, defaults={"level": depth}
        )
        if _created or parent.children.exists():
            continue
        recorded = parent.expenditure_set.exists() or parent.revenue_set.exists()
        if recorded or any(getattr(parent, f) for f in AMOUNT_FIELDS.values()):
            raise ValidationError(
                _("'%(name)s' 과목에 금액이 있어 하위 과목을 둘 수 없습니다.") % {"name": name},
                code="parent_is_leaf",
            )
    values: dict[str, int | str] = {AMOUNT_FIELDS[k]: amount for k, amount in amounts.items()}
    if detail is not None:  # None: keep the recorded 산출근거
        values["detail"] = detail
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
    if line.children.exists():
        raise ValidationError(
            _("하위 과목이 있는 과목에는 금액을 직접 적을 수 없습니다."), code="not_leaf_line"
        )
    if all(getattr(line, name) == value for name, value in values.items()):
        return line, "unchanged"
    # What is left to spend moves by the change of 예산액 + 전년이월 − 차년이월.
    room = line_available(line) + sum(
        sign * (values[name] - getattr(line, name))
        for name, sign in (("budgeted_amount", 1), ("carried_in", 1), ("carried_out", -1))
        if name in values
    )
    if kind == LineKind.EXPENDITURE and room < 0:
        raise ValidationError(
            _("'%(name)s' 과목의 예산이 이미 집행한 금액보다 적어집니다.") % {"name": line.name},
            code="below_executed",
        )
    for name, value in values.items():
        setattr(line, name, value)
    line.save()
    return line, "change"
