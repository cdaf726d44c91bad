"""State changes of consulting cases. Every function takes the acting user (keyword-only),
validates with Korean messages and stable codes, and runs in one transaction; status moves
are taken and recorded only by ``consulting.workflow.MACHINE`` (:class:`CaseTransition` rows)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consulting import access, workflow
from consulting.models import Case, Expert, Field, Session
from enterprises.models import Enterprise
from seoul_se.accounts.models import User

S = Case.Status
MAX_SESSION_HOURS = Decimal("24")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("이 상담 건을 처리할 권한이 없습니다."))


def _locked(case: Case) -> Case:
    """The case re-read under a row lock, so two concurrent moves cannot both pass the check."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _next_number(year: int) -> str:
    prefix = f"C{year}-"
    # The unique number refuses the rare concurrent duplicate; the request can be repeated.
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _check_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(message, code="required")})
    return value


def _check_field(value: str) -> None:
    if value not in Field.values:
        raise ValidationError(
            {"field": ValidationError(_("알 수 없는 지원 분야입니다."), code="unknown_field")}
        )


@transaction.atomic
def open_case(
    *,
    actor: User,
    enterprise: Enterprise,
    field: str,
    description: str,
    channel: str = Case.Channel.ONLINE,
    kind: str = Case.Kind.CONSULTING,
    requested_on: dt.date | None = None,
    follow_up_of: Case | None = None,
) -> Case:
    """A member's online request for its own enterprise, or staff recording a walk-in, phone
    call or visit (any channel, any enterprise, also a past date)."""
    _require(access.may_request_for(actor, enterprise.pk))
    staff = access.is_consulting_staff(actor)
    if not staff and channel != Case.Channel.ONLINE:
        raise ValidationError(
            _("기업 담당자는 온라인으로만 신청할 수 있습니다."), code="member_online_only"
        )
    if follow_up_of is not None:
        _require(staff)
        if follow_up_of.enterprise_id != enterprise.pk:
            raise ValidationError(
                _("사후지원은 같은 기업의 상담 건에만 연결할 수 있습니다."),
                code="follow_up_other_enterprise",
            )
        if follow_up_of.status != S.CLOSED:
            raise ValidationError(
                _("종결된 상담 건에만 사후지원을 등록할 수 있습니다."), code="follow_up_not_closed"
            )
    if channel not in Case.Channel.values:
        raise ValidationError(
            {"channel": ValidationError(_("알 수 없는 접수 경로입니다."), code="unknown_channel")}
        )
    if kind not in Case.Kind.values:
        raise ValidationError(
            {"kind": ValidationError(_("알 수 없는 상담 구분입니다."), code="unknown_kind")}
        )
    _check_field(field)
    description = _check_text(description, "description", _("요청 내용을 입력하세요."))
    today = timezone.localdate()
    date = requested_on if (staff and requested_on) else today
    if date > today:
        raise ValidationError(
            {"requested_on": ValidationError(_("접수일은 미래일 수 없습니다."), code="future_date")}
        )
    case = Case.objects.create(
        number=_next_number(date.year),
        enterprise=enterprise,
        kind=kind,
        field=field,
        channel=channel,
        description=description,
        requested_on=date,
        follow_up_of=follow_up_of,
        created_by=actor,
    )
    workflow.MACHINE.start(case, actor=actor)
    return case


@transaction.atomic
def open_follow_up(*, actor: User, case: Case, description: str) -> Case:
    """사후지원: a new case of the same enterprise and field, linked to the closed one."""
    return open_case(
        actor=actor,
        enterprise=case.enterprise,
        field=case.field,
        description=description,
        channel=Case.Channel.VISIT,
        kind=case.kind,
        follow_up_of=case,
    )


@transaction.atomic
def assign(
    *, actor: User, case: Case, assignee: User | None = None, expert: Expert | None = None
) -> Case:
    """Put a staff member and/or an external expert in charge (also to re-assign)."""
    _require(access.may_manage(actor))
    case = _locked(case)
    if assignee is None and expert is None:
        raise ValidationError(
            _("담당 직원이나 외부 전문가 중 하나는 지정하세요."), code="nobody_assigned"
        )
    if assignee is not None and not access.is_consulting_staff(assignee):
        raise ValidationError(
            {
                "assignee": ValidationError(
                    _("센터 직원만 담당자로 지정할 수 있습니다."), code="not_staff"
                )
            }
        )
    if expert is not None and not expert.is_active:
        raise ValidationError(
            {"expert": ValidationError(_("활동 중인 전문가가 아닙니다."), code="expert_inactive")}
        )
    if case.status not in workflow.ASSIGNABLE:
        workflow.MACHINE.check(case.status, S.ASSIGNED)  # explains why, in Korean
    fields = {"assignee": assignee, "expert": expert}
    if case.status == S.REQUESTED:
        workflow.MACHINE.apply(case, "assign", actor=actor, fields=fields)
    else:  # re-assignment keeps the state
        for name, value in fields.items():
            setattr(case, name, value)
        case.save(update_fields=list(fields))
    return case


@transaction.atomic
def record_session(
    *, actor: User, case: Case, held_on: dt.date, hours: Decimal, notes: str = ""
) -> Session:
    """A session of an assigned case; the first one moves it to 진행 중."""
    case = _locked(case)
    _require(access.may_record_session(actor, case))
    if case.status not in workflow.SESSION_STATES:
        raise ValidationError(
            _("배정되었거나 진행 중인 상담 건에만 회차를 기록할 수 있습니다."),
            code="session_not_allowed",
        )
    if not isinstance(hours, Decimal) or not (Decimal(0) < hours <= MAX_SESSION_HOURS):
        raise ValidationError(
            {
                "hours": ValidationError(
                    _("시간은 0보다 크고 24 이하로 입력하세요."), code="bad_hours"
                )
            }
        )
    if held_on < case.requested_on or held_on > timezone.localdate():
        raise ValidationError(
            {
                "held_on": ValidationError(
                    _("상담일은 접수일과 오늘 사이여야 합니다."), code="session_date_out_of_range"
                )
            }
        )
    session = Session.objects.create(
        case=case, held_on=held_on, hours=hours, notes=(notes or "").strip(), recorded_by=actor
    )
    if case.status == S.ASSIGNED:
        workflow.MACHINE.apply(case, "start", actor=actor)
    return session


@transaction.atomic
def close(*, actor: User, case: Case, outcome: str, closed_on: dt.date | None = None) -> Case:
    _require(access.may_manage(actor))
    case = _locked(case)
    outcome = _check_text(outcome, "outcome", _("상담 결과를 입력하세요."))
    date = closed_on or timezone.localdate()
    if date < case.requested_on:
        raise ValidationError(
            {
                "closed_on": ValidationError(
                    _("종결일이 접수일보다 빠릅니다."), code="closed_before_open"
                )
            }
        )
    workflow.MACHINE.apply(
        case, "close", actor=actor, fields={"outcome": outcome, "closed_on": date}
    )
    return case


@transaction.atomic
def cancel(*, actor: User, case: Case, reason: str = "") -> Case:
    """Staff cancel any open case; a member withdraws its own request before work starts."""
    case = _locked(case)
    action = "cancel" if access.may_manage(actor) else "withdraw"
    if action == "withdraw":
        _require(access.may_withdraw(actor, case))
        if case.status not in workflow.MEMBER_CANCELLABLE:
            raise ValidationError(
                _("상담이 시작된 뒤에는 센터에 취소를 요청하세요."), code="already_started"
            )
    workflow.MACHINE.apply(case, action, actor=actor, comment=(reason or "").strip())
    return case


@transaction.atomic
def rate(*, actor: User, case: Case, rating: Any, comment: str = "") -> Case:
    """The enterprise's satisfaction (1–5) with a closed case; it may correct it later."""
    case = _locked(case)
    _require(access.may_rate(actor, case))
    if case.status != S.CLOSED:
        raise ValidationError(
            _("종결된 상담 건에만 만족도를 남길 수 있습니다."), code="rating_not_closed"
        )
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(
            {
                "satisfaction": ValidationError(
                    _("만족도는 1에서 5 사이로 입력하세요."), code="rating_out_of_range"
                )
            }
        )
    case.satisfaction = rating
    case.satisfaction_comment = (comment or "").strip()
    case.save(update_fields=["satisfaction", "satisfaction_comment"])
    return case


@transaction.atomic
def save_expert(*, actor: User, expert: Expert | None = None, data: dict[str, Any]) -> Expert:
    _require(access.may_manage(actor))
    expert = expert or Expert()
    for name in ("name", "field", "organisation", "user", "is_active"):
        if name in data:
            setattr(expert, name, data[name])
    expert.name = _check_text(expert.name, "name", _("이름을 입력하세요."))
    _check_field(expert.field)
    expert.full_clean()
    expert.save()
    return expert
