"""An application from draft to submission, withdrawal and the manual workflow moves."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from districts import selectors as district_selectors
from enterprises import selectors as enterprise_selectors
from enterprises.access import enterprise_ids_for
from enterprises.models import Enterprise
from programs import rules, workflow
from programs.models import (
    Answer,
    Application,
    Attachment,
    Call,
    ConsortiumPartner,
    ProgramRule,
    SupplementRequest,
)
from programs.services.checklist import missing_items
from programs.services.common import (
    S,
    _lock,
    _move,
    _require_applicant,
    _require_draft,
    _url,
    acknowledged_review,
    applicant_users,
)
from seoul_se.accounts.models import User
from seoul_se.core.text import parse_decimal
from seoul_se.core.uploads import check_upload
from seoul_se.core.workflow import TransitionDenied
from seoul_se.notifications.services import notify
from seoul_se.reference.models import District


def _check_request(
    call: Call,
    legal_type_id: int | None,
    rule: ProgramRule | None,
    amount: int,
    months: int,
    persons: int,
    consortium: bool,
) -> ProgramRule:
    result = rules.check_request(
        call,
        legal_type_id,
        rule=rule,
        amount=amount,
        months=months,
        persons=persons,
        consortium=consortium,
    )
    if not result.ok:
        raise ValidationError([ValidationError(e, code="outside_rules") for e in result.errors])
    assert result.rule is not None
    return result.rule


def _legal_type_id(application: Application) -> int | None:
    return application.enterprise.legal_type_id if application.enterprise else None


@transaction.atomic
def create_application(
    call: Call,
    enterprise: Enterprise | None,
    *,
    actor: User,
    title: str,
    summary: str = "",
    requested_amount: int,
    duration_months: int,
    persons: int = 0,
    rule: ProgramRule | None = None,
    district: District | None = None,
) -> Application:
    """A draft by an enterprise, or — for a call whose applicants are districts — by a 자치구
    (``enterprise=None, district=…``; the districts app adds the stage checks around this)."""
    by_district = call.applicant_kind == Call.ApplicantKind.DISTRICT
    applicant = district if by_district else enterprise
    if applicant is None or (enterprise is not None and district is not None):
        raise ValidationError(
            _("이 공모는 자치구만 신청할 수 있습니다.")
            if by_district
            else _("이 공모는 기업만 신청할 수 있습니다."),
            code="wrong_applicant_kind",
        )
    # The draft itself, so the access check and the duplicate check see the applicant.
    application = Application(call=call, enterprise=enterprise, district=district)
    _require_applicant(actor, application)
    if call.status != Call.Status.PUBLISHED or timezone.now() >= call.closes_at:
        raise ValidationError(_("접수 중인 공모가 아닙니다."), code="call_not_open")
    # Only after the access check: the actor is staff or acts for the applicant, so this
    # never tells anyone about another applicant's application.
    if Application.objects.filter(call=call, enterprise=enterprise, district=district).exists():
        raise _duplicate_application(by_district)
    chosen = _check_request(
        call,
        enterprise.legal_type_id if enterprise else None,
        rule,
        requested_amount,
        duration_months,
        persons,
        consortium=False,
    )
    try:
        with transaction.atomic():
            return Application.objects.create(
                call=call,
                enterprise=enterprise,
                district=district,
                rule=chosen,
                title=title,
                summary=summary,
                requested_amount=requested_amount,
                duration_months=duration_months,
                persons=persons,
                created_by=actor,
            )
    except IntegrityError as exc:  # a simultaneous request of the same applicant won
        raise _duplicate_application(by_district) from exc


def _duplicate_application(by_district: bool = False) -> ValidationError:
    return ValidationError(
        _("이 자치구는 이미 이 공모에 신청서를 작성했습니다.")
        if by_district
        else _("이 기업은 이미 이 공모에 신청서를 작성했습니다."),
        code="duplicate_application",
    )


@transaction.atomic
def update_application(application: Application, *, actor: User, **fields: Any) -> Application:
    application = _lock(application)
    _require_applicant(actor, application)
    _require_draft(application)
    for name in ("title", "summary", "requested_amount", "duration_months", "persons", "rule"):
        if name in fields:
            setattr(application, name, fields[name])
    application.rule = _check_request(
        application.call,
        _legal_type_id(application),
        application.rule,
        application.requested_amount,
        application.duration_months,
        application.persons,
        consortium=application.partners.exists(),
    )
    district_selectors.check_amount(application.pk, 0, application.requested_amount)
    application.save()
    return application


@transaction.atomic
def save_answers(application: Application, values: dict[int, str], *, actor: User) -> None:
    application = _lock(application)
    _require_applicant(actor, application)
    _require_draft(application)
    store_answers(application, values)


def store_answers(application: Application, values: dict[int, str]) -> None:
    """Validate and keep the answers given in ``values`` (question pk → text); the caller holds
    the draft's row lock and has checked the actor."""
    for question in application.call.questions.all():
        if question.pk not in values:
            continue
        value = (values[question.pk] or "").strip()
        if question.kind == question.Kind.NUMBER and value:
            try:
                parse_decimal(value)  # "1,234" yes; "1,2,3" and "1e3" no
            except ValidationError as exc:
                raise ValidationError(
                    _("'%(question)s'에는 숫자를 입력해 주십시오.") % {"question": question.text},
                    code=exc.code,
                ) from exc
        if question.kind == question.Kind.CHOICE and value and value not in question.choice_list:
            raise ValidationError(
                _("'%(question)s'의 선택지가 올바르지 않습니다.") % {"question": question.text},
                code="invalid_choice",
            )
        Answer.objects.update_or_create(
            application=application, question=question, defaults={"value": value}
        )


@transaction.atomic
def add_attachment(
    application: Application, upload: UploadedFile, label: str, *, actor: User
) -> Attachment:
    application = _lock(application)
    _require_applicant(actor, application)
    _require_draft(application)
    return store_file(application, upload, label, actor=actor)


def store_file(
    application: Application,
    upload: UploadedFile,
    label: str,
    *,
    actor: User,
    supplement: SupplementRequest | None = None,
) -> Attachment:
    """Check an upload (``check_upload``: content, size, archive limits) and keep it as the
    application's attachment; the caller has checked who may add it."""
    kind = check_upload(upload)
    return Attachment.objects.create(
        application=application,
        supplement=supplement,
        label=label or upload.name or "",
        file=upload,
        original_name=upload.name or "",
        kind=kind,
        size=upload.size or 0,
        uploaded_by=actor,
    )


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor: User) -> None:
    application = _lock(attachment.application_id)
    _require_applicant(actor, application)
    _require_draft(application)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def add_partner(
    application: Application, business_number: str, *, actor: User
) -> ConsortiumPartner:
    application = _lock(application)
    _require_applicant(actor, application)
    _require_draft(application)
    if not application.call.consortium_allowed:
        raise ValidationError(
            _("이 공모는 컨소시엄 신청을 받지 않습니다."), code="consortium_not_allowed"
        )
    partner = enterprise_selectors.registered_by_business_number(
        business_number,
        missing="포털에 등록되지 않은 기업입니다. 참여기업이 먼저 기업 등록을 해야 합니다.",
    )
    if partner.pk == application.enterprise_id:
        raise ValidationError(
            _("신청 기업 자신은 참여기업으로 추가할 수 없습니다."), code="partner_is_applicant"
        )
    if application.partners.filter(enterprise=partner).exists():
        raise ValidationError(_("이미 추가된 참여기업입니다."), code="duplicate_partner")
    return ConsortiumPartner.objects.create(application=application, enterprise=partner)


@transaction.atomic
def confirm_partner(partner: ConsortiumPartner, *, actor: User) -> None:
    if partner.enterprise_id not in enterprise_ids_for(actor):
        raise TransitionDenied(
            _("참여기업 구성원만 참여를 확인할 수 있습니다."), code="not_partner_member"
        )
    if partner.confirmed_at is None:
        partner.confirmed_at = timezone.now()
        partner.confirmed_by = actor
        partner.save(update_fields=["confirmed_at", "confirmed_by"])


@transaction.atomic
def submit_application(application: Application | int, *, actor: User) -> Application:
    """Submit before the deadline (server clock); idempotent for double clicks and two tabs.

    The receipt number is allocated from the call's counter under a row lock, so it is unique
    and gap-free per call: ``{year}-{abbreviation}-{seq:04d}``.
    """
    application = _lock(application)
    _require_applicant(actor, application)
    if application.status == S.SUBMITTED:
        return application  # a repeated submit is a no-op
    if application.status != S.DRAFT:
        raise ValidationError(_("이미 처리된 신청서입니다."), code="already_processed")
    call = Call.objects.select_for_update().select_related("program").get(pk=application.call_id)
    now = timezone.now()
    if call.status != Call.Status.PUBLISHED or now >= call.closes_at:
        raise ValidationError(
            _("접수 마감 시각이 지나 제출할 수 없습니다."), code="deadline_passed"
        )
    if now < call.opens_at:
        raise ValidationError(_("아직 접수 기간이 아닙니다."), code="call_not_open_yet")
    missing = missing_items(application)
    if missing:
        # The same list the check step shows: the server refuses exactly what it names.
        raise ValidationError([ValidationError(item.message, code=item.code) for item in missing])
    district_selectors.check_amount(application.pk, 0, application.requested_amount)
    call.last_receipt_seq += 1
    call.save(update_fields=["last_receipt_seq"])
    application.receipt_number = (
        f"{call.program.year}-{call.program.receipt_abbreviation}-{call.last_receipt_seq:04d}"
    )
    application.submitted_at = now
    application.save(update_fields=["receipt_number", "submitted_at", "updated_at"])
    _move(application, "submit", actor, "온라인 제출")
    notify(
        applicant_users(application),
        f"신청서가 접수되었습니다 ({application.receipt_number})",
        f"{call.title}에 '{application.title}' 신청서가 {timezone.localtime(now):%Y-%m-%d %H:%M}에 "
        f"접수되었습니다. 접수번호: {application.receipt_number}",
        _url(application),
    )
    return application


@transaction.atomic
def withdraw_application(
    application: Application, *, actor: User, comment: str = ""
) -> Application:
    application = _lock(application)
    _require_applicant(actor, application)
    if application.status == S.WITHDRAWN:
        return application
    if application.status not in workflow.WITHDRAWABLE:
        raise ValidationError(
            _("심사가 시작된 뒤에는 철회할 수 없습니다."), code="not_withdrawable"
        )
    _move(application, "withdraw", actor, comment or "신청 철회")
    return application


@transaction.atomic
def act_on_application(
    application: Application,
    action: str,
    *,
    actor: User,
    comment: str = "",
    acknowledged: bool = False,
) -> Application:
    """A move staff take by hand on the application page (``workflow.MANUAL``: screening,
    ineligible with a reason, review, interim evaluation, completion, settlement); the others
    belong to their own procedure. ``review`` while the call is open or has no criteria needs
    ``acknowledged`` (code ``review_not_acknowledged`` otherwise)."""
    application = _lock(application)
    if workflow.MACHINE.action(action).name not in workflow.MANUAL:
        raise ValidationError(
            _("이 상태 변경은 해당 절차 화면에서 처리합니다."), code="own_procedure"
        )
    # Only a move the machine would allow asks for the acknowledgment; others keep its errors.
    if action == "review" and workflow.may(application, actor, action):
        comment = acknowledged_review(application, comment, acknowledged)
    _move(application, action, actor, comment)
    if application.status in workflow.NOTIFIED:
        notify(
            applicant_users(application),
            f"신청서 상태 변경: {S(application.status).label}",
            comment,
            _url(application),
        )
    return application
