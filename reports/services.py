"""State changes of budgets, execution and the settlement workflow.

Every function validates, takes the acting user (keyword ``actor``) and raises
``ValidationError`` with a Korean message and a stable ``code`` (``TransitionDenied``, a
``PermissionDenied`` with a code, for a role that may not act); nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

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
    SettlementStatus,
)
from reports.selectors import (
    DisallowanceLimit,
    available_with,
    disallowance_limits,
    line_available,
    line_totals,
)
from reports.workflow import SETTLEMENT_MACHINE
from seoul_se.access import has_role
from seoul_se.accounts.models import Role, User
from seoul_se.audit.bulk import log_created
from seoul_se.core.uploads import check_upload
from seoul_se.core.workflow import TransitionDenied
from seoul_se.notifications.services import notify

S = SettlementStatus
RECORDING_ROLES = frozenset({Role.CENTRE_STAFF, Role.OFFICIAL, Role.ADMINISTRATOR})
BATCH = 2_000  # rows per INSERT of the bulk path


def _locked_budget(budget_id: int) -> Budget:
    return Budget.objects.select_for_update().get(pk=budget_id)


@transaction.atomic
def act_on_settlement(budget: Budget, action: str, *, actor: User, comment: str = "") -> Budget:
    """Take a settlement action (``reports.workflow.SETTLEMENT_MACHINE``); confirming also
    locks the year (two recorded steps)."""
    budget = _locked_budget(budget.pk)
    try:
        SETTLEMENT_MACHINE.apply(budget, action, actor=actor, comment=comment)
    except ValidationError as error:
        if getattr(error, "code", None) != "illegal_transition":
            raise
        # Said with the action's name: the settlement page offers actions, not target states.
        raise ValidationError(
            _("'%(state)s' 상태에서는 '%(action)s' 처리를 할 수 없습니다.")
            % {
                "state": SETTLEMENT_MACHINE.label(budget.status),
                "action": SETTLEMENT_MACHINE.action(action).label,
            },
            code="illegal_transition",
        ) from None
    if action == "confirm":
        return act_on_settlement(budget, "lock", actor=actor, comment="정산 확정에 따른 마감")
    _notify(budget, action)
    return budget


# Who is told of each step of the settlement.
RECIPIENTS = {
    "submit": [Role.OFFICIAL, Role.AUDITOR],
    "review": [Role.OFFICIAL],
    "return": [Role.CENTRE_STAFF],
    "lock": [Role.CENTRE_STAFF, Role.AUDITOR],
}


def _notify(budget: Budget, action: str) -> None:
    recipients = RECIPIENTS.get(action)
    if not recipients:
        return
    users = User.objects.filter(role__in=recipients, is_active=True)
    notify(
        users,
        f"{budget} 정산: {budget.get_status_display()}",
        url=reverse("reports:budget", args=[budget.pk]),
        email=False,
    )


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error on one form field, with its stable code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _require_recorder(actor: User) -> None:
    if not has_role(actor, RECORDING_ROLES):
        raise TransitionDenied(
            _("수입·지출은 지원센터 직원과 담당 공무원만 등록할 수 있습니다."), code="not_recorder"
        )


def _leaf_line(line_id: Any, kind: str) -> BudgetLine:
    """The leaf line ``line_id`` of ``kind``, locked for update; clear errors otherwise."""
    try:
        line = (
            BudgetLine.objects.select_for_update()
            .select_related("budget")
            .get(pk=int(line_id), kind=kind)
        )
    except (BudgetLine.DoesNotExist, TypeError, ValueError):
        raise _unknown_line(kind) from None
    _check_leaf(has_children=line.children.exists())
    return line


def _unknown_line(kind: str) -> ValidationError:
    message = (
        _("존재하지 않는 세입 예산 과목입니다.")
        if kind == LineKind.REVENUE
        else _("존재하지 않는 세출 예산 과목입니다.")
    )
    return _field_error("line", message, "unknown_line")


def _check_leaf(*, has_children: bool) -> None:
    if has_children:
        raise _field_error(
            "line", _("하위 과목이 있는 과목에는 직접 기록할 수 없습니다."), "not_leaf_line"
        )


def _check_open_year(line: BudgetLine, date: dt.date) -> None:
    _check_year(Budget.objects.select_for_update().get(pk=line.budget_id), date)


def _check_year(budget: Budget, date: dt.date) -> None:
    """The budget (locked by the caller) is open and ``date`` is in its fiscal year."""
    if budget.is_closed:
        raise ValidationError(
            _("%(year)s년 정산이 확정되어 수입·지출을 추가·변경·삭제할 수 없습니다.")
            % {"year": budget.fiscal_year},
            code="year_closed",
        )
    if date.year != budget.fiscal_year:
        raise _field_error(
            "date",
            _("일자는 %(year)s년 회계연도 안이어야 합니다.") % {"year": budget.fiscal_year},
            "outside_fiscal_year",
        )


def _check_amount(amount: Any) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise _field_error("amount", _("금액은 원 단위 정수로 입력해 주세요."), "not_whole_won")
    if amount <= 0:
        raise _field_error("amount", _("금액은 0원보다 커야 합니다."), "not_positive")
    return amount


@transaction.atomic
def record_revenue(
    *,
    actor: User,
    line_id: Any,
    date: dt.date,
    amount: int,
    source: str,
    description: str = "",
) -> Revenue:
    _require_recorder(actor)
    line = _leaf_line(line_id, LineKind.REVENUE)
    _check_open_year(line, date)
    amount = _check_amount(amount)
    if source not in Revenue.Source.values:
        raise _field_error("source", _("수입 종류를 선택해 주세요."), "unknown_source")
    return Revenue.objects.create(
        line=line,
        date=date,
        amount=amount,
        source=source,
        description=description,
        recorded_by=actor,
    )


@dataclass(frozen=True)
class ExpenditureEntry:
    """One expenditure with its evidence reference, as :func:`record_expenditures` takes it."""

    line_id: int
    date: dt.date
    amount: int
    payee: str
    evidence_type: str
    evidence_reference: str
    description: str = ""


def _check_evidence(
    payee: str, evidence_type: str, evidence_reference: str, evidence_file: UploadedFile | None
) -> None:
    if not payee.strip():
        raise _field_error("payee", _("지급처를 입력해 주세요."), "payee_required")
    if evidence_type not in Expenditure.Evidence.values:
        raise _field_error(
            "evidence_type", _("증빙 종류를 선택해 주세요."), "unknown_evidence_type"
        )
    if evidence_file is None and not evidence_reference.strip():
        raise _field_error(
            "evidence_file",
            _("증빙 없이 지출을 등록할 수 없습니다. 증빙 파일이나 번호를 입력해 주세요."),
            "evidence_required",
        )


def _check_available(line: BudgetLine, amount: int, available: int) -> None:
    if amount > available:
        raise _field_error(
            "amount",
            _(
                "'%(line)s' 과목의 남은 예산 %(available)s원을 초과합니다. "
                "예산변경을 먼저 등록해 주세요."
            )
            % {"line": line.name, "available": f"{available:,}"},
            "over_line_budget",
        )


def _new_expenditure(line: BudgetLine, entry: ExpenditureEntry, actor: User) -> Expenditure:
    return Expenditure(
        line=line,
        date=entry.date,
        amount=entry.amount,
        payee=entry.payee.strip(),
        evidence_type=entry.evidence_type,
        evidence_reference=entry.evidence_reference.strip(),
        description=entry.description,
        recorded_by=actor,
    )


@transaction.atomic
def record_expenditure(
    *,
    actor: User,
    line_id: Any,
    date: dt.date,
    amount: int,
    payee: str,
    evidence_type: str,
    evidence_reference: str = "",
    evidence_file: UploadedFile | None = None,
    description: str = "",
) -> Expenditure:
    """Record an expenditure; it may not exceed what is left of its line (record a budget
    change first), and it needs evidence (a file or an evidence reference)."""
    _require_recorder(actor)
    line = _leaf_line(line_id, LineKind.EXPENDITURE)
    _check_open_year(line, date)
    amount = _check_amount(amount)
    _check_evidence(payee, evidence_type, evidence_reference, evidence_file)
    if evidence_file is not None:
        try:
            check_upload(evidence_file)  # size and content type, judged by content
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.error_list}) from None
    _check_available(line, amount, line_available(line))
    entry = ExpenditureEntry(
        line.pk, date, amount, payee, evidence_type, evidence_reference, description
    )
    expenditure = _new_expenditure(line, entry, actor)
    if evidence_file is not None:
        expenditure.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    expenditure.save()
    return expenditure


@transaction.atomic
def record_expenditures(entries: Sequence[ExpenditureEntry], *, actor: User) -> list[Expenditure]:
    """:func:`record_expenditure` for each entry in order (evidence by reference), with the
    same rules, rows and audit entries, in a bounded number of queries: the lines and their
    budgets are locked and their spending read at once, each entry checked against what is
    left after the entries before it, all inserted together. All or nothing."""
    _require_recorder(actor)
    ids = {entry.line_id for entry in entries}
    lines = {
        line.pk: line
        for line in BudgetLine.objects.select_for_update(of=("self",))
        .select_related("budget")
        .filter(pk__in=ids, kind=LineKind.EXPENDITURE)
    }
    budgets = Budget.objects.select_for_update().in_bulk(
        {line.budget_id for line in lines.values()}
    )
    parents = set(BudgetLine.objects.filter(parent_id__in=ids).values_list("parent_id", flat=True))
    changes, executed = line_totals(ids)
    available = {
        pk: available_with(line, change=changes.get(pk, 0), executed=executed.get(pk, 0))
        for pk, line in lines.items()
    }
    written = []
    for entry in entries:
        line = lines.get(entry.line_id)
        if line is None:
            raise _unknown_line(LineKind.EXPENDITURE)
        _check_leaf(has_children=line.pk in parents)
        _check_year(budgets[line.budget_id], entry.date)
        _check_amount(entry.amount)
        _check_evidence(entry.payee, entry.evidence_type, entry.evidence_reference, None)
        _check_available(line, entry.amount, available[line.pk])
        available[line.pk] -= entry.amount
        written.append(_new_expenditure(line, entry, actor))
    Expenditure.objects.bulk_create(written, batch_size=BATCH)
    log_created(written, actor=actor)
    return written


@transaction.atomic
def delete_expenditure(expenditure: Expenditure, *, actor: User) -> None:
    _require_recorder(actor)
    line = BudgetLine.objects.get(pk=expenditure.line_id)
    _check_open_year(line, expenditure.date)
    expenditure.delete()


@transaction.atomic
def record_budget_change(*, actor: User, line_id: Any, amount: int, reason: str) -> BudgetChange:
    """예산변경 of a leaf line; a decrease may not go below what is already spent."""
    if not has_role(actor, {Role.OFFICIAL, Role.CENTRE_STAFF, Role.ADMINISTRATOR}):
        raise TransitionDenied(
            _("예산변경은 담당 공무원과 지원센터 직원만 등록할 수 있습니다."),
            code="not_budget_editor",
        )
    try:
        line = BudgetLine.objects.select_for_update().get(pk=int(line_id))
    except (BudgetLine.DoesNotExist, TypeError, ValueError):
        raise _field_error("line", _("존재하지 않는 예산 과목입니다."), "unknown_line") from None
    if line.children.exists():
        raise _field_error(
            "line", _("하위 과목이 있는 과목은 변경할 수 없습니다."), "not_leaf_line"
        )
    if Budget.objects.get(pk=line.budget_id).is_closed:
        raise ValidationError(
            _("정산이 확정된 연도의 예산은 변경할 수 없습니다."), code="year_closed"
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise _field_error(
            "amount", _("변경액은 0이 아닌 원 단위 정수여야 합니다."), "not_whole_won"
        )
    if not reason.strip():
        raise _field_error("reason", _("변경 사유를 입력해 주세요."), "reason_required")
    if line.kind == LineKind.EXPENDITURE and amount < 0 and line_available(line) + amount < 0:
        raise _field_error(
            "amount", _("이미 집행한 금액보다 적게 줄일 수 없습니다."), "below_executed"
        )
    return BudgetChange.objects.create(
        line=line, amount=amount, reason=reason.strip(), recorded_by=actor
    )


@transaction.atomic
def record_finding(
    budget: Budget,
    *,
    actor: User,
    disallowed_amount: int,
    reason: str,
    line: BudgetLine | None = None,
    expenditure: Expenditure | None = None,
) -> Finding:
    """An auditor's finding while the settlement is submitted; disallowed amounts add to the
    amount to return."""
    if not has_role(actor, {Role.AUDITOR}):
        raise TransitionDenied(
            _("감사 지적사항은 감사인만 기록할 수 있습니다."), code="not_auditor"
        )
    budget = _locked_budget(budget.pk)
    if budget.status != S.SUBMITTED:
        raise ValidationError(
            _("제출된 정산에만 감사 지적사항을 기록할 수 있습니다."), code="not_submitted"
        )
    if isinstance(disallowed_amount, bool) or not isinstance(disallowed_amount, int):
        raise _field_error(
            "disallowed_amount", _("불인정금액은 원 단위 정수로 입력해 주세요."), "not_whole_won"
        )
    if disallowed_amount < 0:
        raise _field_error(
            "disallowed_amount", _("불인정금액은 음수일 수 없습니다."), "negative_amount"
        )
    if not reason.strip():
        raise _field_error("reason", _("지적 사유를 입력해 주세요."), "reason_required")
    if line is not None and line.budget_id != budget.pk:
        raise _field_error("line", _("이 예산의 과목이 아닙니다."), "other_budget")
    if expenditure is not None:
        expenditure = (
            Expenditure.objects.select_for_update().select_related("line").get(pk=expenditure.pk)
        )
        if expenditure.line.budget_id != budget.pk:
            raise _field_error("expenditure", _("이 예산의 지출이 아닙니다."), "other_budget")
        if line is not None and line.pk not in _line_and_ancestors(expenditure.line):
            raise _field_error(
                "line",
                _("지출이 기록된 과목이나 그 상위 과목이 아닙니다."),
                "not_expenditure_line",
            )
        line = line or expenditure.line
    if line is not None and line.kind != LineKind.EXPENDITURE:
        raise _field_error(
            "line", _("불인정금액은 세출 과목에만 기록할 수 있습니다."), "not_expenditure_kind"
        )
    # Every finding of the budget is recorded under the budget's row lock (taken above), so
    # concurrent findings see each other's amounts.
    for limit in disallowance_limits(budget, line, expenditure):
        if disallowed_amount > limit.room:
            raise ValidationError({"disallowed_amount": _over_limit(limit)})
    return Finding.objects.create(
        budget=budget,
        line=line,
        expenditure=expenditure,
        disallowed_amount=disallowed_amount,
        reason=reason.strip(),
        auditor=actor,
    )


def _line_and_ancestors(line: BudgetLine) -> set[int]:
    found: set[int] = set()
    current: BudgetLine | None = line
    while current is not None:
        found.add(current.pk)
        current = current.parent
    return found


def _over_limit(limit: DisallowanceLimit) -> ValidationError:
    values = {
        "name": limit.name,
        "spent": f"{limit.spent:,}",
        "disallowed": f"{limit.disallowed:,}",
        "room": f"{max(limit.room, 0):,}",
    }
    messages = {
        "expenditure": _(
            "불인정금액 합계가 지출액보다 큽니다. 지출 %(name)s의 지출액 %(spent)s원 중 "
            "%(disallowed)s원이 이미 불인정되어 %(room)s원까지 기록할 수 있습니다."
        ),
        "line": _(
            "불인정금액 합계가 '%(name)s' 과목의 집행액보다 큽니다. 집행액 %(spent)s원 중 "
            "%(disallowed)s원이 이미 불인정되어 %(room)s원까지 기록할 수 있습니다."
        ),
        "budget": _(
            "불인정금액 합계가 예산 전체의 세출 집행액보다 큽니다. 집행액 %(spent)s원 중 "
            "%(disallowed)s원이 이미 불인정되어 %(room)s원까지 기록할 수 있습니다."
        ),
    }
    codes = {
        "expenditure": "over_expenditure",
        "line": "over_line_spent",
        "budget": "over_budget_spent",
    }
    return ValidationError(messages[limit.scope] % values, code=codes[limit.scope])


# --- building budgets (demo data, imports) --------------------------------------------------


def ensure_budget(
    fiscal_year: int,
    title: str,
    owner_kind: str = OwnerKind.CENTRE,
    owner_key: str = "centre",
    note: str = "",
    program: Any = None,
) -> Budget:
    """The budget of (year, owner); a program's budget is keyed ``program:<id>``."""
    if program is not None:
        owner_kind, owner_key = OwnerKind.PROGRAM, f"program:{program.pk}"
    budget, _ = Budget.objects.update_or_create(
        fiscal_year=fiscal_year,
        owner_key=owner_key,
        defaults={"title": title, "owner_kind": owner_kind, "note": note, "program": program},
    )
    return budget


def ensure_line(
    budget: Budget,
    kind: str,
    path: list[str],
    *,
    order: int = 0,
    **amounts: Any,
) -> BudgetLine:
    """Create (or update) the line at ``path`` (관, 항, 목 names), creating missing parents."""
    parent: BudgetLine | None = None
    for depth, name in enumerate(path, start=1):
        is_last = depth == len(path)
        line, _ = BudgetLine.objects.update_or_create(
            budget=budget,
            kind=kind,
            parent=parent,
            name=name,
            defaults={"level": depth, "order": order, **(amounts if is_last else {})},
        )
        parent = line
    assert parent is not None
    return parent


def ensure_closing_record(fiscal_year: int, owner_key: str = "centre", **values: Any) -> None:
    ClosingRecord.objects.update_or_create(
        fiscal_year=fiscal_year, owner_key=owner_key, defaults=values
    )
