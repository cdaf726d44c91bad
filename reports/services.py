"""State changes of budgets, execution and the settlement workflow.

Every function validates, takes the acting user and raises ``ValidationError`` with a Korean
message (``PermissionDenied`` for a role that may not act); nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

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
    SettlementTransition,
)
from reports.selectors import line_available
from seoul_se.access import has_role
from seoul_se.accounts.models import Role
from seoul_se.core.uploads import check_upload

S = SettlementStatus
RECORDING_ROLES = frozenset({Role.CENTRE_STAFF, Role.OFFICIAL, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: str


# The settlement workflow, as data: action → (from which states, to which, who may do it).
TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({S.DRAFT}),
        S.SUBMITTED,
        frozenset({Role.CENTRE_STAFF, Role.ADMINISTRATOR}),
        "제출",
    ),
    "review": Transition(
        frozenset({S.SUBMITTED}), S.REVIEWED, frozenset({Role.AUDITOR}), "감사 검토 완료"
    ),
    "return": Transition(
        frozenset({S.SUBMITTED, S.REVIEWED}),
        S.DRAFT,
        frozenset({Role.OFFICIAL, Role.ADMINISTRATOR}),
        "보완 요청(반려)",
    ),
    "confirm": Transition(
        frozenset({S.REVIEWED}), S.CONFIRMED, frozenset({Role.OFFICIAL, Role.ADMINISTRATOR}), "확정"
    ),
    "lock": Transition(
        frozenset({S.CONFIRMED}), S.LOCKED, frozenset({Role.OFFICIAL, Role.ADMINISTRATOR}), "마감"
    ),
}


def allowed_actions(budget: Budget, user: Any) -> list[str]:
    return [
        action
        for action, t in TRANSITIONS.items()
        if budget.status in t.sources and has_role(user, t.roles)
    ]


def _locked_budget(budget_id: int) -> Budget:
    return Budget.objects.select_for_update().get(pk=budget_id)


@transaction.atomic
def transition(budget: Budget, action: str, actor: Any, comment: str = "") -> Budget:
    """Move the settlement by ``action``; confirming also locks the year (two recorded steps)."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise ValidationError(f"알 수 없는 처리입니다: {action}")
    if not has_role(actor, rule.roles):
        raise PermissionDenied(f"'{rule.label}' 처리를 할 권한이 없습니다.")
    budget = _locked_budget(budget.pk)
    if budget.status not in rule.sources:
        raise ValidationError(
            f"'{budget.get_status_display()}' 상태에서는 '{rule.label}' 처리를 할 수 없습니다."
        )
    if action == "return" and not comment.strip():
        raise ValidationError("보완 요청 사유를 입력해 주세요.")
    SettlementTransition.objects.create(
        budget=budget,
        from_status=budget.status,
        to_status=rule.target,
        actor=actor,
        comment=comment,
    )
    budget.status = rule.target
    budget.save(update_fields=["status"])
    if action == "confirm":
        return transition(budget, "lock", actor, "정산 확정에 따른 마감")
    _notify(budget, action)
    return budget


def _notify(budget: Budget, action: str) -> None:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from seoul_se.notifications.services import notify

    recipients = {
        "submit": [Role.OFFICIAL, Role.AUDITOR],
        "review": [Role.OFFICIAL],
        "return": [Role.CENTRE_STAFF],
        "lock": [Role.CENTRE_STAFF, Role.AUDITOR],
    }.get(action)
    if not recipients:
        return
    users = get_user_model().objects.filter(role__in=recipients, is_active=True)
    notify(
        users,
        f"{budget} 정산: {budget.get_status_display()}",
        url=reverse("reports:budget", args=[budget.pk]),
        email=False,
    )


def _require_recorder(actor: Any) -> None:
    if not has_role(actor, RECORDING_ROLES):
        raise PermissionDenied("수입·지출은 지원센터 직원과 담당 공무원만 등록할 수 있습니다.")


def _leaf_line(line_id: Any, kind: str) -> BudgetLine:
    """The leaf line ``line_id`` of ``kind``, locked for update; clear errors otherwise."""
    try:
        line = (
            BudgetLine.objects.select_for_update()
            .select_related("budget")
            .get(pk=int(line_id), kind=kind)
        )
    except (BudgetLine.DoesNotExist, TypeError, ValueError):
        label = "세입" if kind == LineKind.REVENUE else "세출"
        raise ValidationError({"line": f"존재하지 않는 {label} 예산 과목입니다."}) from None
    if line.children.exists():
        raise ValidationError({"line": "하위 과목이 있는 과목에는 직접 기록할 수 없습니다."})
    return line


def _check_open_year(line: BudgetLine, date: dt.date) -> None:
    budget = Budget.objects.select_for_update().get(pk=line.budget_id)
    if budget.is_closed:
        raise ValidationError(
            f"{budget.fiscal_year}년 정산이 확정되어 수입·지출을 추가·변경·삭제할 수 없습니다."
        )
    if date.year != budget.fiscal_year:
        raise ValidationError({"date": f"일자는 {budget.fiscal_year}년 회계연도 안이어야 합니다."})


def _check_amount(amount: Any) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": "금액은 원 단위 정수로 입력해 주세요."})
    if amount <= 0:
        raise ValidationError({"amount": "금액은 0원보다 커야 합니다."})
    return amount


@transaction.atomic
def record_revenue(
    actor: Any,
    *,
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
        raise ValidationError({"source": "수입 종류를 선택해 주세요."})
    return Revenue.objects.create(
        line=line,
        date=date,
        amount=amount,
        source=source,
        description=description,
        recorded_by=actor,
    )


@transaction.atomic
def record_expenditure(
    actor: Any,
    *,
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
    if not payee.strip():
        raise ValidationError({"payee": "지급처를 입력해 주세요."})
    if evidence_type not in Expenditure.Evidence.values:
        raise ValidationError({"evidence_type": "증빙 종류를 선택해 주세요."})
    if evidence_file is None and not evidence_reference.strip():
        raise ValidationError(
            {
                "evidence_file": "증빙 없이 지출을 등록할 수 없습니다. 증빙 파일이나 번호를 입력해 주세요."
            }
        )
    if evidence_file is not None:
        try:
            check_upload(evidence_file)  # size and content type, judged by content
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.messages}) from None
    available = line_available(line)
    if amount > available:
        raise ValidationError(
            {
                "amount": f"'{line.name}' 과목의 남은 예산 {available:,}원을 초과합니다. "
                "예산변경을 먼저 등록해 주세요."
            }
        )
    expenditure = Expenditure(
        line=line,
        date=date,
        amount=amount,
        payee=payee.strip(),
        evidence_type=evidence_type,
        evidence_reference=evidence_reference.strip(),
        description=description,
        recorded_by=actor,
    )
    if evidence_file is not None:
        expenditure.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    expenditure.save()
    return expenditure


@transaction.atomic
def delete_expenditure(actor: Any, expenditure: Expenditure) -> None:
    _require_recorder(actor)
    line = BudgetLine.objects.get(pk=expenditure.line_id)
    _check_open_year(line, expenditure.date)
    expenditure.delete()


@transaction.atomic
def record_budget_change(actor: Any, *, line_id: Any, amount: int, reason: str) -> BudgetChange:
    """예산변경 of a leaf line; a decrease may not go below what is already spent."""
    if not has_role(actor, {Role.OFFICIAL, Role.CENTRE_STAFF, Role.ADMINISTRATOR}):
        raise PermissionDenied("예산변경은 담당 공무원과 지원센터 직원만 등록할 수 있습니다.")
    try:
        line = BudgetLine.objects.select_for_update().get(pk=int(line_id))
    except (BudgetLine.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"line": "존재하지 않는 예산 과목입니다."}) from None
    if line.children.exists():
        raise ValidationError({"line": "하위 과목이 있는 과목은 변경할 수 없습니다."})
    if Budget.objects.get(pk=line.budget_id).is_closed:
        raise ValidationError("정산이 확정된 연도의 예산은 변경할 수 없습니다.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise ValidationError({"amount": "변경액은 0이 아닌 원 단위 정수여야 합니다."})
    if not reason.strip():
        raise ValidationError({"reason": "변경 사유를 입력해 주세요."})
    if line.kind == LineKind.EXPENDITURE and amount < 0 and line_available(line) + amount < 0:
        raise ValidationError({"amount": "이미 집행한 금액보다 적게 줄일 수 없습니다."})
    return BudgetChange.objects.create(
        line=line, amount=amount, reason=reason.strip(), recorded_by=actor
    )


@transaction.atomic
def record_finding(
    actor: Any,
    budget: Budget,
    *,
    disallowed_amount: int,
    reason: str,
    line: BudgetLine | None = None,
    expenditure: Expenditure | None = None,
) -> Finding:
    """An auditor's finding while the settlement is submitted; disallowed amounts add to the
    amount to return."""
    if not has_role(actor, {Role.AUDITOR}):
        raise PermissionDenied("감사 지적사항은 감사인만 기록할 수 있습니다.")
    budget = _locked_budget(budget.pk)
    if budget.status != S.SUBMITTED:
        raise ValidationError("제출된 정산에만 감사 지적사항을 기록할 수 있습니다.")
    if isinstance(disallowed_amount, bool) or not isinstance(disallowed_amount, int):
        raise ValidationError({"disallowed_amount": "불인정금액은 원 단위 정수로 입력해 주세요."})
    if disallowed_amount < 0:
        raise ValidationError({"disallowed_amount": "불인정금액은 음수일 수 없습니다."})
    if not reason.strip():
        raise ValidationError({"reason": "지적 사유를 입력해 주세요."})
    if line is not None and line.budget_id != budget.pk:
        raise ValidationError({"line": "이 예산의 과목이 아닙니다."})
    if expenditure is not None:
        if expenditure.line.budget_id != budget.pk:
            raise ValidationError({"expenditure": "이 예산의 지출이 아닙니다."})
        if disallowed_amount > expenditure.amount:
            raise ValidationError({"disallowed_amount": "불인정금액이 지출액보다 큽니다."})
        line = line or expenditure.line
    return Finding.objects.create(
        budget=budget,
        line=line,
        expenditure=expenditure,
        disallowed_amount=disallowed_amount,
        reason=reason.strip(),
        auditor=actor,
    )


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
