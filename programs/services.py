"""State changes of the programs app. Every function is atomic, takes the acting user and raises
ValidationError (Korean) or PermissionDenied; nothing is half-saved."""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from enterprises import selectors as enterprise_selectors
from enterprises.access import enterprise_ids_for
from enterprises.models import Enterprise, EnterpriseMembership
from programs import rules, workflow
from programs.models import (
    Agreement,
    Answer,
    ApartmentComplex,
    Application,
    ApplicationTransition,
    Attachment,
    Call,
    ComplexYear,
    ConsortiumPartner,
    Disbursement,
    Instalment,
    LivingProblem,
    Phase,
    ProgramRule,
    Result,
    Review,
    ReviewerAssignment,
    Score,
    SelfHelpGroup,
    SupplementRequest,
    Workshop,
)
from seoul_se.access import OFFICIAL_ROLES, STAFF_ROLES, require_role
from seoul_se.accounts.models import Role
from seoul_se.core.uploads import check_upload
from seoul_se.notifications.services import notify

S = Application.Status


# --- helpers ------------------------------------------------------------------------------


def _lock(application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    return Application.objects.select_for_update().select_related("call__program").get(pk=pk)


def _move(application: Application, to_status: str, actor: Any, comment: str = "") -> None:
    """Apply one checked transition and record it (caller holds the row lock)."""
    workflow.MACHINE.check(application.status, to_status)
    ApplicationTransition.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    application.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.SELECTED and application.selected_at is None:
        application.selected_at = timezone.now()
        fields.append("selected_at")
    application.save(update_fields=fields)


def _members(enterprise_id: int) -> list[Any]:
    return [
        m.user
        for m in EnterpriseMembership.objects.filter(
            enterprise_id=enterprise_id, status=EnterpriseMembership.Status.APPROVED
        ).select_related("user")
    ]


def _url(application: Application) -> str:
    return reverse("programs:application_detail", args=[application.pk])


def _require_member(actor: Any, enterprise_id: int) -> None:
    if actor.role in STAFF_ROLES:
        return
    if enterprise_id not in enterprise_ids_for(actor):
        raise PermissionDenied("이 기업의 신청서를 다룰 권한이 없습니다.")


def _require_draft(application: Application) -> None:
    if application.is_frozen:
        raise ValidationError("제출된 신청서는 수정할 수 없습니다.")


# --- applications -------------------------------------------------------------------------


def _check_request(
    call: Call,
    enterprise: Enterprise,
    rule: ProgramRule | None,
    amount: int,
    months: int,
    persons: int,
    consortium: bool,
) -> ProgramRule:
    result = rules.check_request(
        call,
        enterprise.legal_type_id,
        rule=rule,
        amount=amount,
        months=months,
        persons=persons,
        consortium=consortium,
    )
    if not result.ok:
        raise ValidationError(list(result.errors))
    assert result.rule is not None
    return result.rule


@transaction.atomic
def create_application(
    call: Call,
    enterprise: Enterprise,
    actor: Any,
    *,
    title: str,
    summary: str = "",
    requested_amount: int,
    duration_months: int,
    persons: int = 0,
    rule: ProgramRule | None = None,
) -> Application:
    _require_member(actor, enterprise.pk)
    if call.status != Call.Status.PUBLISHED or timezone.now() >= call.closes_at:
        raise ValidationError("접수 중인 공모가 아닙니다.")
    if Application.objects.filter(call=call, enterprise=enterprise).exists():
        raise ValidationError("이 기업은 이미 이 공모에 신청서를 작성했습니다.")
    chosen = _check_request(
        call, enterprise, rule, requested_amount, duration_months, persons, consortium=False
    )
    try:
        with transaction.atomic():
            return Application.objects.create(
                call=call,
                enterprise=enterprise,
                rule=chosen,
                title=title,
                summary=summary,
                requested_amount=requested_amount,
                duration_months=duration_months,
                persons=persons,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError("이 기업은 이미 이 공모에 신청서를 작성했습니다.") from exc


@transaction.atomic
def update_application(application: Application, actor: Any, **fields: Any) -> Application:
    application = _lock(application)
    _require_member(actor, application.enterprise_id)
    _require_draft(application)
    for name in ("title", "summary", "requested_amount", "duration_months", "persons", "rule"):
        if name in fields:
            setattr(application, name, fields[name])
    application.rule = _check_request(
        application.call,
        application.enterprise,
        application.rule,
        application.requested_amount,
        application.duration_months,
        application.persons,
        consortium=application.partners.exists(),
    )
    application.save()
    return application


@transaction.atomic
def save_answers(application: Application, actor: Any, values: dict[int, str]) -> None:
    application = _lock(application)
    _require_member(actor, application.enterprise_id)
    _require_draft(application)
    for question in application.call.questions.all():
        if question.pk not in values:
            continue
        value = (values[question.pk] or "").strip()
        if question.kind == question.Kind.NUMBER and value:
            try:
                Decimal(value.replace(",", ""))
            except ArithmeticError as exc:
                raise ValidationError(f"'{question.text}'에는 숫자를 입력해 주십시오.") from exc
        if question.kind == question.Kind.CHOICE and value and value not in question.choice_list:
            raise ValidationError(f"'{question.text}'의 선택지가 올바르지 않습니다.")
        Answer.objects.update_or_create(
            application=application, question=question, defaults={"value": value}
        )


@transaction.atomic
def add_attachment(
    application: Application, actor: Any, upload: UploadedFile, label: str
) -> Attachment:
    application = _lock(application)
    _require_member(actor, application.enterprise_id)
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
def remove_attachment(attachment: Attachment, actor: Any) -> None:
    application = _lock(attachment.application_id)
    _require_member(actor, application.enterprise_id)
    _require_draft(application)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def add_partner(application: Application, actor: Any, business_number: str) -> ConsortiumPartner:
    application = _lock(application)
    _require_member(actor, application.enterprise_id)
    _require_draft(application)
    if not application.call.consortium_allowed:
        raise ValidationError("이 공모는 컨소시엄 신청을 받지 않습니다.")
    partner = enterprise_selectors.registered_by_business_number(
        business_number,
        missing="포털에 등록되지 않은 기업입니다. 참여기업이 먼저 기업 등록을 해야 합니다.",
    )
    if partner.pk == application.enterprise_id:
        raise ValidationError("신청 기업 자신은 참여기업으로 추가할 수 없습니다.")
    if application.partners.filter(enterprise=partner).exists():
        raise ValidationError("이미 추가된 참여기업입니다.")
    return ConsortiumPartner.objects.create(application=application, enterprise=partner)


@transaction.atomic
def confirm_partner(partner: ConsortiumPartner, actor: Any) -> None:
    if partner.enterprise_id not in enterprise_ids_for(actor):
        raise PermissionDenied("참여기업 구성원만 참여를 확인할 수 있습니다.")
    if partner.confirmed_at is None:
        partner.confirmed_at = timezone.now()
        partner.confirmed_by = actor
        partner.save(update_fields=["confirmed_at", "confirmed_by"])


@transaction.atomic
def submit_application(application: Application | int, actor: Any) -> Application:
    """Submit before the deadline (server clock); idempotent for double clicks and two tabs.

    The receipt number is allocated from the call's counter under a row lock, so it is unique
    and gap-free per call: ``{year}-{abbreviation}-{seq:04d}``.
    """
    application = _lock(application)
    _require_member(actor, application.enterprise_id)
    if application.status == S.SUBMITTED:
        return application  # a repeated submit is a no-op
    if application.status != S.DRAFT:
        raise ValidationError("이미 처리된 신청서입니다.")
    call = Call.objects.select_for_update().select_related("program").get(pk=application.call_id)
    now = timezone.now()
    if call.status != Call.Status.PUBLISHED or now >= call.closes_at:
        raise ValidationError("접수 마감 시각이 지나 제출할 수 없습니다.")
    if now < call.opens_at:
        raise ValidationError("아직 접수 기간이 아닙니다.")
    partners = list(application.partners.all())
    _check_request(
        call,
        application.enterprise,
        application.rule,
        application.requested_amount,
        application.duration_months,
        application.persons,
        consortium=bool(partners),
    )
    if any(p.confirmed_at is None for p in partners):
        raise ValidationError("모든 컨소시엄 참여기업이 참여를 확인해야 제출할 수 있습니다.")
    answered = {a.question_id for a in application.answers.all() if a.value or a.attachment_id}
    missing = [q.text for q in call.questions.filter(required=True) if q.pk not in answered]
    if missing:
        raise ValidationError(f"필수 질문에 답해 주십시오: {', '.join(missing)}")
    if call.document_list and not application.attachments.exists():
        raise ValidationError("제출 서류를 첨부해 주십시오.")
    call.last_receipt_seq += 1
    call.save(update_fields=["last_receipt_seq"])
    application.receipt_number = (
        f"{call.program.year}-{call.program.receipt_abbreviation}-{call.last_receipt_seq:04d}"
    )
    application.submitted_at = now
    application.save(update_fields=["receipt_number", "submitted_at", "updated_at"])
    _move(application, S.SUBMITTED, actor, "온라인 제출")
    notify(
        _members(application.enterprise_id),
        f"신청서가 접수되었습니다 ({application.receipt_number})",
        f"{call.title}에 '{application.title}' 신청서가 {timezone.localtime(now):%Y-%m-%d %H:%M}에 "
        f"접수되었습니다. 접수번호: {application.receipt_number}",
        _url(application),
    )
    return application


@transaction.atomic
def withdraw_application(application: Application, actor: Any, comment: str = "") -> Application:
    application = _lock(application)
    _require_member(actor, application.enterprise_id)
    if application.status == S.WITHDRAWN:
        return application
    if application.status not in workflow.WITHDRAWABLE:
        raise ValidationError("심사가 시작된 뒤에는 철회할 수 없습니다.")
    _move(application, S.WITHDRAWN, actor, comment or "신청 철회")
    return application


@transaction.atomic
def staff_transition(
    application: Application, to_status: str, actor: Any, comment: str = ""
) -> Application:
    require_role(actor, STAFF_ROLES)
    application = _lock(application)
    if to_status not in workflow.MANUAL_TRANSITIONS.get(application.status, frozenset()):
        workflow.MACHINE.check(application.status, to_status)  # raises for illegal ones
        raise ValidationError("이 상태 변경은 해당 절차 화면에서 처리합니다.")
    if to_status == S.INELIGIBLE and not comment:
        raise ValidationError("부적격 사유를 입력해 주십시오.")
    _move(application, to_status, actor, comment)
    if to_status in (S.INELIGIBLE, S.COMPLETED, S.SETTLED):
        notify(
            _members(application.enterprise_id),
            f"신청서 상태 변경: {S(to_status).label}",
            comment,
            _url(application),
        )
    return application


# --- supplements --------------------------------------------------------------------------


@transaction.atomic
def request_supplement(
    application: Application, actor: Any, message: str, due_at: dt.datetime
) -> SupplementRequest:
    require_role(actor, STAFF_ROLES)
    if application.status in (S.DRAFT, S.WITHDRAWN):
        raise ValidationError("접수된 신청서에만 보완을 요청할 수 있습니다.")
    if due_at <= timezone.now():
        raise ValidationError("보완 기한은 현재 이후여야 합니다.")
    if not message.strip():
        raise ValidationError("요청 내용을 입력해 주십시오.")
    request = SupplementRequest.objects.create(
        application=application, message=message, due_at=due_at, requested_by=actor
    )
    notify(
        _members(application.enterprise_id),
        "신청서 보완요청",
        f"{message}\n기한: {timezone.localtime(due_at):%Y-%m-%d %H:%M}",
        _url(application),
    )
    return request


@transaction.atomic
def answer_supplement(request: SupplementRequest, actor: Any, response: str) -> SupplementRequest:
    request = SupplementRequest.objects.select_for_update().get(pk=request.pk)
    _require_member(actor, request.application.enterprise_id)
    if request.responded_at is not None:
        raise ValidationError("이미 답변한 보완요청입니다.")
    if timezone.now() > request.due_at:
        raise ValidationError("보완 기한이 지났습니다.")
    if not response.strip():
        raise ValidationError("보완 내용을 입력해 주십시오.")
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
                _members(request.application.enterprise_id),
                "보완요청 기한 임박",
                f"{request.message}\n기한: {timezone.localtime(request.due_at):%Y-%m-%d %H:%M}",
                _url(request.application),
            )
            sent += 1
    return sent


# --- review -------------------------------------------------------------------------------


@transaction.atomic
def assign_reviewer(call: Call, reviewer: Any, actor: Any) -> ReviewerAssignment:
    require_role(actor, STAFF_ROLES)
    if reviewer.role != Role.REVIEWER:
        raise ValidationError("심사위원 역할의 사용자만 배정할 수 있습니다.")
    assignment, _ = ReviewerAssignment.objects.get_or_create(
        call=call, reviewer=reviewer, defaults={"assigned_by": actor}
    )
    return assignment


def _reviewable(application: Application, reviewer: Any) -> None:
    if not ReviewerAssignment.objects.filter(
        call_id=application.call_id, reviewer=reviewer
    ).exists():
        raise PermissionDenied("배정되지 않은 공모의 신청서입니다.")
    if timezone.now() < application.call.closes_at:
        raise ValidationError("공모 마감 후에 심사할 수 있습니다.")
    if application.status != S.IN_REVIEW:
        raise ValidationError("심사 중인 신청서만 심사할 수 있습니다.")


@transaction.atomic
def declare_conflict(
    application: Application, reviewer: Any, *, has_conflict: bool, reason: str = ""
) -> Review:
    _reviewable(application, reviewer)
    review, _ = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=reviewer
    )
    if review.declared_at is not None and review.has_conflict:
        raise ValidationError("이해충돌을 신고한 신청서는 심사할 수 없습니다.")
    if has_conflict and not reason.strip():
        raise ValidationError("이해충돌 사유를 입력해 주십시오.")
    review.has_conflict = has_conflict
    review.conflict_reason = reason
    review.declared_at = timezone.now()
    if has_conflict:
        review.total = None
        review.submitted_at = None
        review.scores.all().delete()
    review.save()
    return review


@transaction.atomic
def score_application(
    application: Application, reviewer: Any, values: dict[int, Decimal], comment: str = ""
) -> Review:
    """Record a reviewer's scores; total = Σ score × weight (two decimals, exact Decimal)."""
    _reviewable(application, reviewer)
    review = (
        Review.objects.select_for_update()
        .filter(application=application, reviewer=reviewer)
        .first()
    )
    if review is None or review.declared_at is None:
        raise ValidationError("먼저 이해충돌 여부를 신고해 주십시오.")
    if review.has_conflict:
        raise ValidationError("이해충돌을 신고한 신청서는 심사할 수 없습니다.")
    criteria = list(application.call.criteria.all())
    if not criteria:
        raise ValidationError("이 공모에는 심사 기준이 없습니다.")
    total = Decimal("0")
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            raise ValidationError(f"'{criterion.name}' 점수를 입력해 주십시오.")
        if not criterion.min_score <= value <= criterion.max_score:
            raise ValidationError(
                f"'{criterion.name}' 점수는 {criterion.min_score}~{criterion.max_score} 사이여야 합니다."
            )
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": value}
        )
        total += value * criterion.weight
    review.total = total.quantize(Decimal("0.01"))
    review.comment = comment
    review.submitted_at = timezone.now()
    review.save()
    return review


@transaction.atomic
def propose_selection(
    call: Call, actor: Any, proposals: Iterable[tuple[int, str, int | None]]
) -> None:
    """Staff proposal: (application id, selected/reserve/rejected, amount). Selected awards may be
    lower than requested and must fit the call budget together."""
    require_role(actor, STAFF_ROLES)
    call = Call.objects.select_for_update().get(pk=call.pk)
    apps = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            call=call, status__in=[S.IN_REVIEW, S.RESERVE]
        )
    }
    total = 0
    for app_id, status, amount in proposals:
        application = apps.get(app_id)
        if application is None:
            raise ValidationError("심사 중이 아닌 신청서가 선정안에 포함되어 있습니다.")
        if status not in (S.SELECTED, S.RESERVE, S.REJECTED, ""):
            raise ValidationError("선정안 상태가 올바르지 않습니다.")
        if status == S.SELECTED:
            amount = application.requested_amount if amount is None else amount
            if amount <= 0 or amount > application.requested_amount:
                raise ValidationError(
                    f"{application.receipt_number}: 선정 금액은 1원 이상, 신청 금액 이하여야 합니다."
                )
            total += amount
        else:
            amount = None
        application.proposed_status = status
        application.proposed_amount = amount
        application.save(update_fields=["proposed_status", "proposed_amount", "updated_at"])
    if total > call.budget_envelope:
        raise ValidationError(
            f"선정 금액 합계 {total:,}원이 공모 예산 {call.budget_envelope:,}원을 초과합니다."
        )


@transaction.atomic
def confirm_selection(call: Call, actor: Any, comment: str = "") -> int:
    """An official confirms the proposal: applications move to selected/reserve/rejected and the
    applicants are notified. Returns how many were decided."""
    require_role(actor, OFFICIAL_ROLES)
    call = Call.objects.select_for_update().get(pk=call.pk)
    pending = list(
        Application.objects.select_for_update()
        .filter(call=call, status__in=[S.IN_REVIEW, S.RESERVE])
        .exclude(proposed_status="")
    )
    if not pending:
        raise ValidationError("확정할 선정안이 없습니다.")
    committed = (
        Application.objects.filter(call=call, awarded_amount__isnull=False)
        .exclude(status__in=[S.WITHDRAWN, S.REJECTED])
        .aggregate(total=Sum("awarded_amount"))["total"]
        or 0
    )
    new = sum(a.proposed_amount or 0 for a in pending if a.proposed_status == S.SELECTED)
    if committed + new > call.budget_envelope:
        raise ValidationError("선정 금액 합계가 공모 예산을 초과합니다.")
    for application in pending:
        status = application.proposed_status
        if status == application.status:
            continue
        if status == S.SELECTED:
            application.awarded_amount = application.proposed_amount
            application.save(update_fields=["awarded_amount"])
        _move(application, status, actor, comment or "선정 결과 확정")
        notify(
            _members(application.enterprise_id),
            f"선정 결과: {S(status).label}",
            f"{call.title} '{application.title}' 심사 결과는 '{S(status).label}'입니다.",
            _url(application),
        )
    return len(pending)


# --- agreements and disbursements ---------------------------------------------------------


@transaction.atomic
def sign_agreement(
    application: Application,
    actor: Any,
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    signed_on: dt.date,
    instalments: Sequence[tuple[dt.date, int]] = (),
    award_amount: int | None = None,
) -> Agreement:
    require_role(actor, STAFF_ROLES)
    application = _lock(application)
    if application.status != S.SELECTED:
        raise ValidationError("선정된 신청서만 협약을 체결할 수 있습니다.")
    award = award_amount if award_amount is not None else (application.awarded_amount or 0)
    if award <= 0 or award > (application.awarded_amount or 0):
        raise ValidationError("협약 금액은 선정 금액 이하여야 합니다.")
    if ends_on < starts_on:
        raise ValidationError("사업 종료일이 시작일보다 빠릅니다.")
    if instalments and sum(amount for _, amount in instalments) != award:
        raise ValidationError("교부 계획 합계가 협약 금액과 같아야 합니다.")
    program = application.call.program
    national, city = rules.split_cost(award, program.national_share)
    agreement = Agreement.objects.create(
        application=application,
        program=program,
        enterprise_id=application.enterprise_id,
        award_amount=award,
        national_amount=national,
        city_amount=city,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        signed_by=actor,
    )
    Instalment.objects.bulk_create(
        Instalment(agreement=agreement, due_on=due, amount=amount) for due, amount in instalments
    )
    years = max(1, (ends_on.year - starts_on.year) + 1)
    Phase.objects.bulk_create(
        Phase(agreement=agreement, year_number=n, amount=award if n == 1 else 0)
        for n in range(1, min(years, program.max_years or 1) + 1)
    )
    _move(application, S.AGREEMENT_SIGNED, actor, f"협약 체결 {award:,}원")
    notify(
        _members(application.enterprise_id),
        "협약이 체결되었습니다",
        f"협약 금액 {award:,}원 (국비 {national:,}원, 시비 {city:,}원)",
        _url(application),
    )
    return agreement


PAYABLE = frozenset({S.AGREEMENT_SIGNED, S.IN_PROGRESS, S.INTERIM_EVALUATION})


def paid_total(agreement: Agreement) -> int:
    return agreement.disbursements.aggregate(total=Sum("amount"))["total"] or 0


@transaction.atomic
def record_disbursement(
    agreement: Agreement | int, actor: Any, *, amount: int, paid_on: dt.date, note: str = ""
) -> Disbursement:
    """Record a payment; the agreement row lock makes concurrent payments queue, so together they
    can never exceed the award."""
    require_role(actor, STAFF_ROLES)
    pk = agreement if isinstance(agreement, int) else agreement.pk
    locked = Agreement.objects.select_for_update().select_related("program").get(pk=pk)
    application = Application.objects.get(pk=locked.application_id)
    if application.status not in PAYABLE:
        raise ValidationError("진행 중인 협약에만 교부할 수 있습니다.")
    if amount <= 0:
        raise ValidationError("교부액은 0원보다 커야 합니다.")
    paid = paid_total(locked)
    remaining = locked.award_amount - paid
    if amount > remaining:
        raise ValidationError(f"교부액이 남은 협약 금액 {remaining:,}원을 초과합니다.")
    national, city = rules.split_payment(paid, amount, locked.program.national_share)
    disbursement = Disbursement.objects.create(
        agreement=locked,
        amount=amount,
        national_amount=national,
        city_amount=city,
        paid_on=paid_on,
        note=note,
        recorded_by=actor,
    )
    if application.status == S.AGREEMENT_SIGNED:
        _move(_lock(application), S.IN_PROGRESS, actor, "첫 교부로 사업 개시")
    notify(
        _members(locked.enterprise_id),
        "사업비가 교부되었습니다",
        f"{paid_on:%Y-%m-%d} {amount:,}원 교부 (누적 {paid + amount:,}원 / {locked.award_amount:,}원)",
        _url(application),
    )
    return disbursement


@transaction.atomic
def decide_interim(
    application: Application,
    actor: Any,
    *,
    continue_support: bool,
    additional_amount: int = 0,
    comment: str = "",
) -> Agreement:
    """Interim evaluation: continue (optionally with additional funds, raising the award and its
    split) or terminate (completed early; nothing more can be paid)."""
    require_role(actor, STAFF_ROLES)
    application = _lock(application)
    if application.status != S.INTERIM_EVALUATION:
        raise ValidationError("중간평가 중인 사업만 결정할 수 있습니다.")
    agreement = (
        Agreement.objects.select_for_update().select_related("program").get(application=application)
    )
    if additional_amount < 0 or (additional_amount and not continue_support):
        raise ValidationError("추가 사업비는 계속 지원일 때만 0원 이상으로 정할 수 있습니다.")
    phase = agreement.phases.filter(decision=Phase.Decision.PENDING).order_by("year_number").first()
    if continue_support:
        agreement.award_amount += additional_amount
        agreement.national_amount, agreement.city_amount = rules.split_cost(
            agreement.award_amount, agreement.program.national_share
        )
        agreement.save(update_fields=["award_amount", "national_amount", "city_amount"])
        _move(
            application,
            S.IN_PROGRESS,
            actor,
            comment or f"계속 지원 (추가 {additional_amount:,}원)",
        )
    else:
        agreement.terminated_on = timezone.localdate()
        agreement.save(update_fields=["terminated_on"])
        _move(application, S.COMPLETED, actor, comment or "중간평가 결과 지원 종료")
    if phase is not None:
        phase.decision = Phase.Decision.CONTINUE if continue_support else Phase.Decision.TERMINATE
        phase.comment = comment
        phase.decided_by = actor
        phase.decided_at = timezone.now()
        phase.save()
        if continue_support:
            Phase.objects.filter(agreement=agreement, year_number=phase.year_number + 1).update(
                amount=additional_amount
            )
    notify(
        _members(application.enterprise_id),
        "중간평가 결과",
        "계속 지원" if continue_support else "지원 종료",
        _url(application),
    )
    return agreement


# --- results ------------------------------------------------------------------------------


@transaction.atomic
def record_result(
    application: Application,
    actor: Any,
    *,
    kind: str,
    quantity: Decimal,
    period_start: dt.date,
    period_end: dt.date,
    description: str = "",
    evidence: UploadedFile | None = None,
) -> Result:
    _require_member(actor, application.enterprise_id)
    if application.status not in PAYABLE | {S.COMPLETED, S.SETTLED}:
        raise ValidationError("협약을 체결한 사업에만 실적을 입력할 수 있습니다.")
    if kind not in Result.Kind.values:
        raise ValidationError("실적 종류가 올바르지 않습니다.")
    if quantity < 0:
        raise ValidationError("수량은 0 이상이어야 합니다.")
    if period_end < period_start:
        raise ValidationError("기간 종료일이 시작일보다 빠릅니다.")
    if evidence is not None:
        check_upload(evidence)
    result = Result.objects.create(
        program_id=application.call.program_id,
        application=application,
        kind=kind,
        quantity=quantity,
        period_start=period_start,
        period_end=period_end,
        description=description,
        evidence=evidence or "",
        entered_by=actor,
    )
    if actor.role in STAFF_ROLES:
        confirm_result(result, actor)
    return result


@transaction.atomic
def confirm_result(result: Result, actor: Any) -> Result:
    require_role(actor, STAFF_ROLES)
    if result.confirmed_at is None:
        result.confirmed_by = actor
        result.confirmed_at = timezone.now()
        result.save(update_fields=["confirmed_by", "confirmed_at"])
        application = result.application
        if application is not None:
            notify(
                _members(application.enterprise_id),
                "실적이 확인되었습니다",
                f"{result.get_kind_display()} {result.quantity}",
                _url(application),
                email=False,
            )
    return result


# --- 같이살림 --------------------------------------------------------------------------------


@transaction.atomic
def record_workshop(
    complex: ApartmentComplex,
    actor: Any,
    *,
    held_on: dt.date,
    facilitator: str,
    attendance: int,
    topic: str = "",
) -> Workshop:
    require_role(actor, STAFF_ROLES)
    if attendance < 0:
        raise ValidationError("참석 인원은 0명 이상이어야 합니다.")
    if held_on > timezone.localdate():
        raise ValidationError("개최일은 오늘 이전이어야 합니다.")
    return Workshop.objects.create(
        complex=complex,
        held_on=held_on,
        facilitator=facilitator,
        attendance=attendance,
        topic=topic,
        recorded_by=actor,
    )


COMPLEX_RECORDS: dict[str, type[ComplexYear | LivingProblem | SelfHelpGroup]] = {
    "year": ComplexYear,
    "problem": LivingProblem,
    "group": SelfHelpGroup,
}


@transaction.atomic
def add_complex_record(
    complex: ApartmentComplex, actor: Any, kind: str, data: dict[str, Any]
) -> ComplexYear | LivingProblem | SelfHelpGroup:
    """A stage year, a living problem or a self-help group of a complex (staff)."""
    require_role(actor, STAFF_ROLES)
    model = COMPLEX_RECORDS.get(kind)
    if model is None:
        raise ValidationError("알 수 없는 기록 종류입니다.")
    # The lock serialises two saves of the same year, so the check below holds.
    complex = ApartmentComplex.objects.select_for_update().get(pk=complex.pk)
    record = model(complex=complex, **data)
    if isinstance(record, ComplexYear) and complex.years.filter(year=record.year).exists():
        raise ValidationError({"year": "이미 등록된 연도입니다."})
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def match_enterprise(complex_year: ComplexYear, actor: Any, business_number: str) -> Enterprise:
    """Match a registered enterprise to a complex's year; matching it again changes nothing."""
    require_role(actor, STAFF_ROLES)
    enterprise = enterprise_selectors.registered_by_business_number(
        business_number, missing="포털에 등록되지 않은 기업입니다. 먼저 기업을 등록해 주세요."
    )
    complex_year.matched_enterprises.add(enterprise)
    return enterprise


@transaction.atomic
def unmatch_enterprise(complex_year: ComplexYear, actor: Any, enterprise_id: int) -> None:
    require_role(actor, STAFF_ROLES)
    complex_year.matched_enterprises.remove(enterprise_id)
