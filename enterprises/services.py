"""State changes of the registry. Every function takes the acting user and validates in Korean.

Workflows (enterprise verification, membership, identity change requests) are the tables of
``enterprises.workflow``; one ``act_on_*`` function per subject takes any of their actions,
recorded as a :class:`~enterprises.models.StatusTransition` (who, when, from, to, comment).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises import selectors
from enterprises.access import can_edit_enterprise
from enterprises.models import (
    Certification,
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    YearlyFigures,
)
from enterprises.validators import normalize_business_number, normalize_corporate_number
from enterprises.workflow import (
    CHANGE_REQUEST_MACHINE,
    DECISIONS,
    MEMBERSHIP_MACHINE,
    VERIFICATION_MACHINE,
)
from seoul_se.access import STAFF_ROLES, has_role
from seoul_se.accounts.models import Role, User
from seoul_se.core.uploads import check_upload
from seoul_se.notifications.services import notify
from seoul_se.reference.models import LegalType

Verification = Enterprise.Verification
MembershipStatus = EnterpriseMembership.Status
ChangeStatus = ChangeRequest.Status

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


def _require_staff(actor: User) -> None:
    if not has_role(actor, STAFF_ROLES):
        raise PermissionDenied(_("센터 직원 또는 서울시 담당자만 처리할 수 있습니다."))


def _staff_users() -> Iterable[User]:
    return User.objects.filter(role=Role.CENTRE_STAFF, is_active=True)


# --- identity values ----------------------------------------------------------------------


def _check_business_number_free(number: str, exclude_pk: int | None = None) -> None:
    taken = Enterprise.objects.filter(business_number=number)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "business_number": ValidationError(
                    _("이미 등록된 사업자등록번호입니다. 기존 기업에 가입을 신청하세요."),
                    code="business_number_taken",
                )
            }
        )


def clean_identity_value(field: str, value: Any, enterprise: Enterprise | None = None) -> str:
    """The stored form of an identity field value (numbers normalised and checked)."""
    exclude = enterprise.pk if enterprise else None
    if field == ChangeRequest.Field.BUSINESS_NUMBER:
        try:
            number = normalize_business_number(str(value))
        except ValidationError as exc:
            raise ValidationError({field: exc.error_list}) from exc
        _check_business_number_free(number, exclude)
        return number
    if field == ChangeRequest.Field.CORPORATE_NUMBER:
        if not value:
            return ""
        try:
            return normalize_corporate_number(str(value))
        except ValidationError as exc:
            raise ValidationError({field: exc.error_list}) from exc
    if field == ChangeRequest.Field.LEGAL_TYPE:
        code = value.code if isinstance(value, LegalType) else str(value)
        if not LegalType.objects.filter(code=code).exists():
            raise ValidationError(
                {
                    field: ValidationError(
                        _("알 수 없는 기업 유형입니다."), code="unknown_legal_type"
                    )
                }
            )
        return code
    name = str(value or "").strip()
    if not name:
        raise ValidationError(
            {field: ValidationError(_("기업명을 입력하세요."), code="name_required")}
        )
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
def create_enterprise(*, actor: User, data: dict[str, Any]) -> Enterprise:
    """Staff create a verified enterprise; a member registers one pending staff verification.

    ``data`` holds model field values (legal_type/district as instances, M2M as iterables).
    """
    staff = has_role(actor, STAFF_ROLES)
    if not staff and not has_role(actor, {Role.ENTERPRISE_MEMBER}):
        raise PermissionDenied(_("기업을 등록할 권한이 없습니다."))
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
        MEMBERSHIP_MACHINE.start(membership, actor=actor, comment="신규 기업 등록 신청")
        notify(
            _staff_users(),
            f"신규 기업 등록 신청: {enterprise.name}",
            f"{actor.name or actor.email}님이 기업 등록을 신청했습니다. 확인해 주세요.",
            url=reverse("enterprises:queue"),
        )
    return enterprise


@transaction.atomic
def request_membership(*, actor: User, business_number: str) -> EnterpriseMembership:
    """Ask to join an existing enterprise by its 사업자등록번호 (idempotent while open)."""
    if not has_role(actor, {Role.ENTERPRISE_MEMBER}):
        raise PermissionDenied(_("기업 담당자만 가입을 신청할 수 있습니다."))
    enterprise = selectors.registered_by_business_number(
        business_number, missing=_("등록되지 않은 사업자등록번호입니다. 새 기업으로 등록해 주세요.")
    )
    membership, created = EnterpriseMembership.objects.select_for_update().get_or_create(
        user=actor, enterprise=enterprise
    )
    if created:
        MEMBERSHIP_MACHINE.start(membership, actor=actor, comment="기존 기업 가입 신청")
    elif membership.status == MembershipStatus.REJECTED:
        membership = act_on_membership(membership, "request", actor=actor, comment="가입 재신청")
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
def act_on_membership(
    membership: EnterpriseMembership, action: str, *, actor: User, comment: str = ""
) -> EnterpriseMembership:
    """Take a membership action (``enterprises.workflow.MEMBERSHIP_MACHINE``): staff approve,
    reject or remove (with a reason; the member is told), a rejected member asks again."""
    membership = (
        EnterpriseMembership.objects.select_for_update()
        .select_related("enterprise", "user")
        .get(pk=membership.pk)
    )
    decided = action in DECISIONS
    fields: dict[str, Any] = (
        {"reason": comment, "decided_by": actor, "decided_at": timezone.now()}
        if decided
        else {"decided_by": None, "decided_at": None}
    )
    MEMBERSHIP_MACHINE.apply(membership, action, actor=actor, comment=comment, fields=fields)
    if decided:
        notify(
            [membership.user],
            f"{membership.enterprise.name} 가입 신청이 {membership.get_status_display()}되었습니다.",
            comment,
            url=reverse("enterprises:start"),
        )
    return membership


@transaction.atomic
def act_on_enterprise(
    enterprise: Enterprise, action: str, *, actor: User, comment: str = ""
) -> Enterprise:
    """Take a verification action (``VERIFICATION_MACHINE``): staff confirm or reject a
    registered enterprise, and its registrant's membership request follows; the registrant
    resubmits a rejection (after correcting the data), asking again to join."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    VERIFICATION_MACHINE.apply(
        enterprise, action, actor=actor, comment=comment, fields={"updated_at": timezone.now()}
    )
    if action == "resubmit":
        membership, follow = (
            EnterpriseMembership.objects.filter(
                enterprise=enterprise, user=actor, status=MembershipStatus.REJECTED
            ).first(),
            "request",
        )
    else:
        membership, follow = (
            EnterpriseMembership.objects.filter(
                enterprise=enterprise,
                user=enterprise.registered_by,
                status=MembershipStatus.REQUESTED,
            ).first(),
            action,
        )
    if membership is not None:
        act_on_membership(membership, follow, actor=actor, comment=comment)
    return enterprise


# --- profile and identity changes ---------------------------------------------------------


@transaction.atomic
def update_profile(
    *, actor: User, enterprise: Enterprise, data: dict[str, Any]
) -> list[ChangeRequest]:
    """Save a profile edit. Staff change everything directly; for a member, changed identity
    fields (name, registration numbers, legal type) become change requests for staff.

    Returns the change requests opened by this edit (empty for staff).
    """
    # The enterprise row alone: a lock joined to the legal type re-checks the join against the
    # old legal type row when a concurrent edit changed the type, and finds no enterprise.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied(_("이 기업의 정보를 수정할 권한이 없습니다."))
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
            opened.append(_open_change_request(enterprise, field, value, actor=actor))
    _apply(enterprise, data, PROFILE_FIELDS)
    _save_enterprise(enterprise, data)
    return opened


def _open_change_request(
    enterprise: Enterprise, field: str, value: str, *, actor: User
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
    CHANGE_REQUEST_MACHINE.start(request, actor=actor)
    notify(
        _staff_users(),
        f"기업 정보 변경 요청: {enterprise.name}",
        f"{request.get_field_display()}: {request.old} → {request.new}",
        url=reverse("enterprises:queue"),
    )
    return request


@transaction.atomic
def request_change(*, actor: User, enterprise: Enterprise, field: str, new: Any) -> ChangeRequest:
    if field not in IDENTITY_FIELDS:
        raise ValidationError(
            {"field": ValidationError(_("변경 요청 대상이 아닌 항목입니다."), code="not_identity")}
        )
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied(_("이 기업의 정보를 수정할 권한이 없습니다."))
    value = clean_identity_value(field, new, enterprise)
    if value == _identity_value(enterprise, field):
        raise ValidationError({"new": ValidationError(_("현재 값과 같습니다."), code="unchanged")})
    return _open_change_request(enterprise, field, value, actor=actor)


@transaction.atomic
def act_on_change_request(
    change_request: ChangeRequest, action: str, *, actor: User, comment: str = ""
) -> ChangeRequest:
    """Staff approve (the change applies, in this transaction) or reject with a reason
    (``CHANGE_REQUEST_MACHINE``); the requester is told."""
    request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    enterprise = Enterprise.objects.select_for_update().get(pk=request.enterprise_id)
    CHANGE_REQUEST_MACHINE.apply(
        request,
        action,
        actor=actor,
        comment=comment,
        fields={"reason": comment, "decided_by": actor, "decided_at": timezone.now()},
    )
    if action == "approve":
        # Re-check: the number may have been taken since the request was made.
        value = clean_identity_value(request.field, request.new, enterprise)
        _set_identity(enterprise, request.field, value)
        enterprise.full_clean()
        enterprise.save()
    notify(
        [request.requested_by],
        f"{enterprise.name} {request.get_field_display()} 변경 요청이 "
        f"{request.get_status_display()}되었습니다.",
        comment,
        url=reverse("enterprises:detail", args=[enterprise.pk]),
    )
    return request


# --- certifications and yearly figures ----------------------------------------------------


@transaction.atomic
def add_certification(
    *, actor: User, enterprise: Enterprise, data: dict[str, Any]
) -> Certification:
    _require_staff(actor)
    if data.get("document"):
        try:
            check_upload(data["document"])  # size and type, judged by content
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from None
    certification = Certification(enterprise=enterprise, created_by=actor, **data)
    # Before full_clean, whose constraint message would name the database constraint instead.
    if certification.valid_to and certification.valid_to < certification.valid_from:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _("종료일은 시작일 이후여야 합니다."), code="period_order"
                )
            }
        )
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
    *, actor: User, enterprise: Enterprise, year: int, data: dict[str, Any]
) -> YearlyFigures:
    """The enterprise (or staff) enters a year's figures; confirmed figures only staff change."""
    if not can_edit_enterprise(actor, enterprise):
        raise PermissionDenied(_("이 기업의 실적을 입력할 권한이 없습니다."))
    figures = (
        YearlyFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    )
    staff = has_role(actor, STAFF_ROLES)
    if figures is None:
        figures = YearlyFigures(enterprise=enterprise, year=year)
    elif figures.is_confirmed and not staff:
        raise ValidationError(
            _("센터가 확인한 실적은 수정할 수 없습니다. 센터에 문의하세요."), code="confirmed"
        )
    for field in FIGURE_FIELDS:
        if field in data:
            setattr(figures, field, data[field])
    if figures.vulnerable_employees > figures.employees:
        raise ValidationError(
            {
                "vulnerable_employees": ValidationError(
                    _("취약계층 고용 인원은 전체 고용 인원보다 많을 수 없습니다."),
                    code="vulnerable_over_employees",
                )
            }
        )
    if figures.revenue < 0 or figures.public_procurement_sales < 0:
        raise ValidationError(_("금액은 0원 이상이어야 합니다."), code="negative_amount")
    if figures.public_procurement_sales > figures.revenue:
        raise ValidationError(
            {
                "public_procurement_sales": ValidationError(
                    _("공공구매 매출은 전체 매출액보다 클 수 없습니다."),
                    code="procurement_over_revenue",
                )
            }
        )
    figures.entered_by = actor
    figures.full_clean(validate_unique=False)
    figures.save()
    return figures


@transaction.atomic
def confirm_yearly_figures(*, actor: User, figures: YearlyFigures) -> YearlyFigures:
    _require_staff(actor)
    figures = YearlyFigures.objects.select_for_update().get(pk=figures.pk)
    if figures.is_confirmed:
        return figures  # confirming twice changes nothing
    figures.confirmed_by = actor
    figures.confirmed_at = timezone.now()
    figures.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return figures
