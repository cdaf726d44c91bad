"""State changes of the registry. Every function takes the acting user and validates in Korean.

Workflows (enterprise verification, membership, identity change requests) are table-driven
state machines: the allowed moves are the tables below, and every move is recorded as a
:class:`StatusTransition` (who, when, from, to, comment).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enterprises import selectors
from enterprises.models import (
    Certification,
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    StatusTransition,
    YearlyFigures,
)
from enterprises.validators import normalize_business_number, normalize_corporate_number
from seoul_se.access import STAFF_ROLES, has_role
from seoul_se.accounts.models import Role, User
from seoul_se.core.uploads import check_upload
from seoul_se.core.workflow import StateMachine
from seoul_se.notifications.services import notify
from seoul_se.reference.models import LegalType

Verification = Enterprise.Verification
MembershipStatus = EnterpriseMembership.Status
ChangeStatus = ChangeRequest.Status

VERIFICATION_MACHINE = StateMachine(
    Verification,
    {
        Verification.PENDING: {Verification.VERIFIED, Verification.REJECTED},
        Verification.REJECTED: {Verification.PENDING},  # the enterprise corrects and resubmits
        Verification.VERIFIED: set(),
    },
)
MEMBERSHIP_MACHINE = StateMachine(
    MembershipStatus,
    {
        MembershipStatus.REQUESTED: {MembershipStatus.APPROVED, MembershipStatus.REJECTED},
        MembershipStatus.REJECTED: {MembershipStatus.REQUESTED},  # asking again
        MembershipStatus.APPROVED: {MembershipStatus.REJECTED},  # staff remove a member
    },
)
CHANGE_REQUEST_MACHINE = StateMachine(
    ChangeStatus,
    {
        ChangeStatus.REQUESTED: {ChangeStatus.APPROVED, ChangeStatus.REJECTED},
        ChangeStatus.APPROVED: set(),
        ChangeStatus.REJECTED: set(),
    },
)
# Legal identity: members may not change these directly, only by a change request.
IDENTITY_FIELDS = tuple(ChangeRequest.Field.values)
PROFILE_FIELDS = (
    "representative",
    "address",
    "district",
    "founded_on",
    "phone",
    "email",
    "website",
    "social_mission",
)
M2M_FIELDS = ("sectors", "strategic_fields")


def _require_staff(actor: Any) -> None:
    if not has_role(actor, STAFF_ROLES):
        raise PermissionDenied("센터 직원 또는 서울시 담당자만 처리할 수 있습니다.")


def _move(
    machine: StateMachine,
    obj: Any,
    target: str,
    *,
    actor: Any,
    subject: str,
    enterprise: Enterprise,
    comment: str = "",
    status_field: str = "status",
) -> None:
    """Apply one allowed state change to ``obj`` and record it; an illegal move raises."""
    current = getattr(obj, status_field)
    machine.check(current, target)
    setattr(obj, status_field, target)
    StatusTransition.objects.create(
        enterprise=enterprise,
        subject=subject,
        object_id=obj.pk,
        from_status=current,
        to_status=target,
        actor=actor,
        comment=comment,
    )


def _staff_users() -> Iterable[User]:
    return User.objects.filter(role=Role.CENTRE_STAFF, is_active=True)


# --- identity values ----------------------------------------------------------------------


def _check_business_number_free(number: str, exclude_pk: int | None = None) -> None:
    taken = Enterprise.objects.filter(business_number=number)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"business_number": "이미 등록된 사업자등록번호입니다. 기존 기업에 가입을 신청하세요."}
        )


def clean_identity_value(field: str, value: Any, enterprise: Enterprise | None = None) -> str:
    """The stored form of an identity field value (numbers normalised and checked)."""
    exclude = enterprise.pk if enterprise else None
    if field == ChangeRequest.Field.BUSINESS_NUMBER:
        try:
            number = normalize_business_number(str(value))
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
        _check_business_number_free(number, exclude)
        return number
    if field == ChangeRequest.Field.CORPORATE_NUMBER:
        if not value:
            return ""
        try:
            return normalize_corporate_number(str(value))
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
    if field == ChangeRequest.Field.LEGAL_TYPE:
        code = value.code if isinstance(value, LegalType) else str(value)
        if not LegalType.objects.filter(code=code).exists():
            raise ValidationError({field: "알 수 없는 기업 유형입니다."})
        return code
    name = str(value or "").strip()
    if not name:
        raise ValidationError({field: "기업명을 입력하세요."})
    return name


def _identity_value(enterprise: Enterprise, field: str) -> str:
    if field == ChangeRequest.Field.LEGAL_TYPE:
        return enterprise.legal_type.code
    return str(getattr(enterprise, field) or "")


def _set_identity(enterprise: Enterprise, field: str, value: str) -> None:
    if field == ChangeRequest.Field.LEGAL_TYPE:
        enterprise.legal_type = LegalType.objects.get(code=value)
    else:
        setattr(enterprise, field, value)


def _apply(enterprise: Enterprise, data: dict[str, Any], fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(enterprise, field, data[field])


def _save_enterprise(enterprise: Enterprise, data: dict[str, Any]) -> Enterprise:
    enterprise.full_clean(exclude=["business_number"] if enterprise.pk else None)
    enterprise.save()
    for field in M2M_FIELDS:
        if field in data:
            getattr(enterprise, field).set(data[field])
    return enterprise


# --- registration and membership ----------------------------------------------------------


@transaction.atomic
def create_enterprise(*, actor: Any, data: dict[str, Any]) -> Enterprise:
    """Staff create a verified enterprise; a member registers one pending staff verification.

    ``data`` holds model field values (legal_type/district as instances, M2M as iterables).
    """
    staff = has_role(actor, STAFF_ROLES)
    if not staff and not has_role(actor, {Role.ENTERPRISE_MEMBER}):
        raise PermissionDenied("기업을 등록할 권한이 없습니다.")
    enterprise = Enterprise(
        verification=Verification.VERIFIED if staff else Verification.PENDING,
        registered_by=actor,
    )
    for field in IDENTITY_FIELDS:
        if field == ChangeRequest.Field.LEGAL_TYPE:
            enterprise.legal_type = data["legal_type"]
        else:
            setattr(enterprise, field, clean_identity_value(field, data.get(field, "")))
    _apply(enterprise, data, PROFILE_FIELDS)
    _save_enterprise(enterprise, data)
    if not staff:
        membership = EnterpriseMembership.objects.create(
            user=actor, enterprise=enterprise, status=MembershipStatus.REQUESTED
        )
        StatusTransition.objects.create(
            enterprise=enterprise,
            subject=StatusTransition.Subject.MEMBERSHIP,
            object_id=membership.pk,
            to_status=MembershipStatus.REQUESTED,
            actor=actor,
            comment="신규 기업 등록 신청",
        )
        notify(
            _staff_users(),
            f"신규 기업 등록 신청: {enterprise.name}",
            f"{actor.name or actor.email}님이 기업 등록을 신청했습니다. 확인해 주세요.",
            url=reverse("enterprises:queue"),
        )
    return enterprise


@transaction.atomic
def request_membership(*, actor: Any, business_number: str) -> EnterpriseMembership:
    """Ask to join an existing enterprise by its 사업자등록번호 (idempotent while open)."""
    if not has_role(actor, {Role.ENTERPRISE_MEMBER}):
        raise PermissionDenied("기업 담당자만 가입을 신청할 수 있습니다.")
    enterprise = selectors.registered_by_business_number(
        business_number, missing="등록되지 않은 사업자등록번호입니다. 새 기업으로 등록해 주세요."
    )
    membership, created = EnterpriseMembership.objects.select_for_update().get_or_create(
        user=actor, enterprise=enterprise
    )
    if created:
        StatusTransition.objects.create(
            enterprise=enterprise,
            subject=StatusTransition.Subject.MEMBERSHIP,
            object_id=membership.pk,
            to_status=MembershipStatus.REQUESTED,
            actor=actor,
            comment="기존 기업 가입 신청",
        )
    elif membership.status == MembershipStatus.REJECTED:
        _move(
            MEMBERSHIP_MACHINE,
            membership,
            MembershipStatus.REQUESTED,
            actor=actor,
            subject=StatusTransition.Subject.MEMBERSHIP,
            enterprise=enterprise,
            comment="가입 재신청",
        )
        membership.decided_at = None
        membership.decided_by = None
        membership.save()
    else:
        return membership  # already requested or approved: asking twice changes nothing
    notify(
        _staff_users(),
        f"기업 가입 신청: {enterprise.name}",
        f"{actor.name or actor.email}님이 {enterprise.name} 가입을 신청했습니다.",
        url=reverse("enterprises:queue"),
    )
    return membership


@transaction.atomic
def decide_membership(
    *, actor: Any, membership: EnterpriseMembership, approve: bool, reason: str = ""
) -> EnterpriseMembership:
    _require_staff(actor)
    membership = EnterpriseMembership.objects.select_for_update().get(pk=membership.pk)
    if not approve and not reason.strip():
        raise ValidationError({"reason": "반려 사유를 입력하세요."})
    target = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    _move(
        MEMBERSHIP_MACHINE,
        membership,
        target,
        actor=actor,
        subject=StatusTransition.Subject.MEMBERSHIP,
        enterprise=membership.enterprise,
        comment=reason,
    )
    membership.reason = reason
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save()
    notify(
        [membership.user],
        f"{membership.enterprise.name} 가입 신청이 {membership.get_status_display()}되었습니다.",
        reason,
        url=reverse("enterprises:start"),
    )
    return membership


@transaction.atomic
def verify_enterprise(
    *, actor: Any, enterprise: Enterprise, approve: bool, reason: str = ""
) -> Enterprise:
    """Staff confirm (or reject) a registered enterprise; confirming admits its registrant."""
    _require_staff(actor)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not approve and not reason.strip():
        raise ValidationError({"reason": "반려 사유를 입력하세요."})
    _move(
        VERIFICATION_MACHINE,
        enterprise,
        Verification.VERIFIED if approve else Verification.REJECTED,
        actor=actor,
        subject=StatusTransition.Subject.VERIFICATION,
        enterprise=enterprise,
        comment=reason,
        status_field="verification",
    )
    enterprise.save(update_fields=["verification", "updated_at"])
    registrant = EnterpriseMembership.objects.filter(
        enterprise=enterprise, user=enterprise.registered_by, status=MembershipStatus.REQUESTED
    ).first()
    if registrant is not None:
        decide_membership(actor=actor, membership=registrant, approve=approve, reason=reason)
    return enterprise


@transaction.atomic
def resubmit_enterprise(*, actor: Any, enterprise: Enterprise) -> Enterprise:
    """The registrant asks again after a rejection (after correcting the data)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if actor != enterprise.registered_by and not has_role(actor, STAFF_ROLES):
        raise PermissionDenied("등록 신청자만 다시 신청할 수 있습니다.")
    _move(
        VERIFICATION_MACHINE,
        enterprise,
        Verification.PENDING,
        actor=actor,
        subject=StatusTransition.Subject.VERIFICATION,
        enterprise=enterprise,
        status_field="verification",
    )
    enterprise.save(update_fields=["verification", "updated_at"])
    membership = EnterpriseMembership.objects.filter(enterprise=enterprise, user=actor).first()
    if membership and membership.status == MembershipStatus.REJECTED:
        _move(
            MEMBERSHIP_MACHINE,
            membership,
            MembershipStatus.REQUESTED,
            actor=actor,
            subject=StatusTransition.Subject.MEMBERSHIP,
            enterprise=enterprise,
        )
        membership.save()
    return enterprise


# --- profile and identity changes ---------------------------------------------------------


@transaction.atomic
def update_profile(
    *, actor: Any, enterprise: Enterprise, data: dict[str, Any]
) -> list[ChangeRequest]:
    """Save a profile edit. Staff change everything directly; for a member, changed identity
    fields (name, registration numbers, legal type) become change requests for staff.

    Returns the change requests opened by this edit (empty for staff).
    """
    from enterprises.access import can_edit_enterprise

    enterprise = (
        Enterprise.objects.select_for_update().select_related("legal_type").get(pk=enterprise.pk)
    )
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied("이 기업의 정보를 수정할 권한이 없습니다.")
    staff = has_role(actor, STAFF_ROLES)
    opened: list[ChangeRequest] = []
    for field in IDENTITY_FIELDS:
        if field not in data:
            continue
        value = clean_identity_value(field, data[field], enterprise)
        if value == _identity_value(enterprise, field):
            continue
        if staff:
            _set_identity(enterprise, field, value)
        else:
            opened.append(_open_change_request(actor, enterprise, field, value))
    _apply(enterprise, data, PROFILE_FIELDS)
    _save_enterprise(enterprise, data)
    return opened


def _open_change_request(
    actor: Any, enterprise: Enterprise, field: str, value: str
) -> ChangeRequest:
    request = (
        ChangeRequest.objects.select_for_update()
        .filter(enterprise=enterprise, field=field, status=ChangeStatus.REQUESTED)
        .first()
    )
    if request is not None:  # one open request per field: the newest value replaces the old
        request.new = value
        request.requested_by = actor
        request.save(update_fields=["new", "requested_by"])
        return request
    request = ChangeRequest.objects.create(
        enterprise=enterprise,
        field=field,
        old=_identity_value(enterprise, field),
        new=value,
        requested_by=actor,
    )
    StatusTransition.objects.create(
        enterprise=enterprise,
        subject=StatusTransition.Subject.CHANGE_REQUEST,
        object_id=request.pk,
        to_status=ChangeStatus.REQUESTED,
        actor=actor,
    )
    notify(
        _staff_users(),
        f"기업 정보 변경 요청: {enterprise.name}",
        f"{request.get_field_display()}: {request.old} → {request.new}",
        url=reverse("enterprises:queue"),
    )
    return request


@transaction.atomic
def request_change(*, actor: Any, enterprise: Enterprise, field: str, new: Any) -> ChangeRequest:
    from enterprises.access import can_edit_enterprise

    if field not in IDENTITY_FIELDS:
        raise ValidationError({"field": "변경 요청 대상이 아닌 항목입니다."})
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied("이 기업의 정보를 수정할 권한이 없습니다.")
    value = clean_identity_value(field, new, enterprise)
    if value == _identity_value(enterprise, field):
        raise ValidationError({"new": "현재 값과 같습니다."})
    return _open_change_request(actor, enterprise, field, value)


@transaction.atomic
def decide_change_request(
    *, actor: Any, change_request: ChangeRequest, approve: bool, reason: str = ""
) -> ChangeRequest:
    """Approve (apply the change, in this transaction) or reject with a reason."""
    _require_staff(actor)
    request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if not approve and not reason.strip():
        raise ValidationError({"reason": "반려 사유를 입력하세요."})
    enterprise = Enterprise.objects.select_for_update().get(pk=request.enterprise_id)
    _move(
        CHANGE_REQUEST_MACHINE,
        request,
        ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
        actor=actor,
        subject=StatusTransition.Subject.CHANGE_REQUEST,
        enterprise=enterprise,
        comment=reason,
    )
    if approve:
        # Re-check: the number may have been taken since the request was made.
        value = clean_identity_value(request.field, request.new, enterprise)
        _set_identity(enterprise, request.field, value)
        enterprise.full_clean()
        enterprise.save()
    request.reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save()
    notify(
        [request.requested_by],
        f"{enterprise.name} {request.get_field_display()} 변경 요청이 "
        f"{request.get_status_display()}되었습니다.",
        reason,
        url=reverse("enterprises:detail", args=[enterprise.pk]),
    )
    return request


# --- certifications and yearly figures ----------------------------------------------------


@transaction.atomic
def add_certification(*, actor: Any, enterprise: Enterprise, data: dict[str, Any]) -> Certification:
    _require_staff(actor)
    if data.get("document"):
        try:
            check_upload(data["document"])  # size and type, judged by content
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from None
    certification = Certification(enterprise=enterprise, created_by=actor, **data)
    # Before full_clean, whose constraint message would name the database constraint instead.
    if certification.valid_to and certification.valid_to < certification.valid_from:
        raise ValidationError({"valid_to": "종료일은 시작일 이후여야 합니다."})
    certification.full_clean()
    certification.save()
    return certification


FIGURE_FIELDS = (
    "revenue",
    "employees",
    "vulnerable_employees",
    "public_procurement_sales",
    "social_value_notes",
)


@transaction.atomic
def save_yearly_figures(
    *, actor: Any, enterprise: Enterprise, year: int, data: dict[str, Any]
) -> YearlyFigures:
    """The enterprise (or staff) enters a year's figures; confirmed figures only staff change."""
    from enterprises.access import can_edit_enterprise

    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied("이 기업의 실적을 입력할 권한이 없습니다.")
    figures = (
        YearlyFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    )
    staff = has_role(actor, STAFF_ROLES)
    if figures is None:
        figures = YearlyFigures(enterprise=enterprise, year=year)
    elif figures.is_confirmed and not staff:
        raise ValidationError("센터가 확인한 실적은 수정할 수 없습니다. 센터에 문의하세요.")
    for field in FIGURE_FIELDS:
        if field in data:
            setattr(figures, field, data[field])
    if figures.vulnerable_employees > figures.employees:
        raise ValidationError(
            {"vulnerable_employees": "취약계층 고용 인원은 전체 고용 인원보다 많을 수 없습니다."}
        )
    if figures.revenue < 0 or figures.public_procurement_sales < 0:
        raise ValidationError("금액은 0원 이상이어야 합니다.")
    if figures.public_procurement_sales > figures.revenue:
        raise ValidationError(
            {"public_procurement_sales": "공공구매 매출은 전체 매출액보다 클 수 없습니다."}
        )
    figures.entered_by = actor
    figures.full_clean(validate_unique=False)
    figures.save()
    return figures


@transaction.atomic
def confirm_yearly_figures(*, actor: Any, figures: YearlyFigures) -> YearlyFigures:
    _require_staff(actor)
    figures = YearlyFigures.objects.select_for_update().get(pk=figures.pk)
    if figures.is_confirmed:
        return figures  # confirming twice changes nothing
    figures.confirmed_by = actor
    figures.confirmed_at = timezone.now()
    figures.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return figures
