"""An application from draft to submission, withdrawal, the manual workflow moves and 보완요청."""

import datetime as dt
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
from programs.services.common import (
    S,
    _lock,
    _move,
    _require_applicant,
    _require_draft,
    _url,
    applicant_users,
)
from seoul_se.access import STAFF_ROLES, require_role
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
    kind = check_upload(upload)
    return Attachment.objects.create(
        application=application,
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
    partners = list(application.partners.all())
    _check_request(
        call,
        _legal_type_id(application),
        application.rule,
        application.requested_amount,
        application.duration_months,
        application.persons,
        consortium=bool(partners),
    )
    district_selectors.check_amount(application.pk, 0, application.requested_amount)
    if any(p.confirmed_at is None for p in partners):
        raise ValidationError(
            _("모든 컨소시엄 참여기업이 참여를 확인해야 제출할 수 있습니다."),
            code="partners_unconfirmed",
        )
    answered = {a.question_id for a in application.answers.all() if a.value or a.attachment_id}
    missing = [q.text for q in call.questions.filter(required=True) if q.pk not in answered]
    if missing:
        raise ValidationError(
            _("필수 질문에 답해 주십시오: %(questions)s") % {"questions": ", ".join(missing)},
            code="answers_missing",
        )
    if call.document_list and not application.attachments.exists():
        raise ValidationError(_("제출 서류를 첨부해 주십시오."), code="documents_missing")
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
    application: Application, action: str, *, actor: User, comment: str = ""
) -> Application:
    """A move staff take by hand on the application page (``workflow.MANUAL``: screening,
    ineligible with a reason, review, interim evaluation, completion, settlement); the others
    belong to their own procedure."""
    application = _lock(application)
    if workflow.MACHINE.action(action).name not in workflow.MANUAL:
        raise ValidationError(
            _("이 상태 변경은 해당 절차 화면에서 처리합니다."), code="own_procedure"
        )
    _move(application, action, actor, comment)
    if application.status in workflow.NOTIFIED:
        notify(
            applicant_users(application),
            f"신청서 상태 변경: {S(application.status).label}",
            comment,
            _url(application),
        )
    return application


# --- supplements --------------------------------------------------------------------------


@transaction.atomic
def request_supplement(
    application: Application, message: str, due_at: dt.datetime, *, actor: User
) -> SupplementRequest:
    require_role(actor, STAFF_ROLES)
    if application.status in (S.DRAFT, S.WITHDRAWN):
        raise ValidationError(
            _("접수된 신청서에만 보완을 요청할 수 있습니다."), code="not_submitted"
        )
    if due_at <= timezone.now():
        raise ValidationError(_("보완 기한은 현재 이후여야 합니다."), code="due_in_past")
    if not message.strip():
        raise ValidationError(_("요청 내용을 입력해 주십시오."), code="message_required")
    request = SupplementRequest.objects.create(
        application=application, message=message, due_at=due_at, requested_by=actor
    )
    notify(
        applicant_users(application),
        "신청서 보완요청",
        f"{message}\n기한: {timezone.localtime(due_at):%Y-%m-%d %H:%M}",
        _url(application),
    )
    return request


@transaction.atomic
def answer_supplement(
    request: SupplementRequest, response: str, *, actor: User
) -> SupplementRequest:
    request = SupplementRequest.objects.select_for_update().get(pk=request.pk)
    _require_applicant(actor, request.application)
    if request.responded_at is not None:
        raise ValidationError(_("이미 답변한 보완요청입니다."), code="already_answered")
    if timezone.now() > request.due_at:
        raise ValidationError(_("보완 기한이 지났습니다."), code="supplement_overdue")
    if not response.strip():
        raise ValidationError(_("보완 내용을 입력해 주십시오."), code="response_required")
    request.response = response
    request.responded_by = actor
    request.responded_at = timezone.now()
    request.save(update_fields=["response", "responded_by", "responded_at"])
    notify([request.requested_by], "보완요청 답변 도착", response[:200], _url(request.application))
    return request


def send_supplement_reminders(now: dt.datetime | None = None) -> int:
    """Remind applicants once when an unanswered 보완요청 is due within 48 hours (daily task).
    Returns how many reminders were sent; running it again the same day sends nothing new."""
    now = now or timezone.now()
    due = SupplementRequest.objects.filter(
        responded_at__isnull=True,
        reminded_at__isnull=True,
        due_at__gt=now,
        due_at__lte=now + dt.timedelta(hours=48),
    ).select_related("application")
    sent = 0
    for request in due:
        with transaction.atomic():
            if not SupplementRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue  # another worker reminded it meanwhile
            notify(
                applicant_users(request.application),
                "보완요청 기한 임박",
                f"{request.message}\n기한: {timezone.localtime(request.due_at):%Y-%m-%d %H:%M}",
                _url(request.application),
            )
            sent += 1
    return sent
