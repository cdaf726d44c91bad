"""Applications to a call and what belongs to them: the transition history, attachments,
answers to extra questions, consortium partners and 보완요청."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from programs.models.calls import Call, CallQuestion, ProgramRule
from seoul_se.core.models import TransitionRecord
from seoul_se.reference.models import District

USER = settings.AUTH_USER_MODEL


class Application(models.Model):
    """An application (신청서) to a call; its life is the workflow in ``workflow.py``.

    The applicant is an enterprise, or a 자치구 for the calls whose ``applicant_kind`` is
    district (통합지원사업, 특구: the districts app) — exactly one of the two."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        SUBMITTED = "submitted", _("접수")
        SCREENING = "screening", _("적격 검토")
        IN_REVIEW = "in_review", _("심사 중")
        SELECTED = "selected", _("선정")
        RESERVE = "reserve", _("예비 선정")
        REJECTED = "rejected", _("미선정")
        AGREEMENT_SIGNED = "agreement_signed", _("협약 체결")
        IN_PROGRESS = "in_progress", _("사업 수행")
        INTERIM_EVALUATION = "interim_evaluation", _("중간평가")
        COMPLETED = "completed", _("사업 종료")
        SETTLED = "settled", _("정산 완료")
        WITHDRAWN = "withdrawn", _("신청 철회")
        INELIGIBLE = "ineligible", _("부적격")

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("공모")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name=_("기업"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name=_("자치구"),
    )
    rule = models.ForeignKey(
        ProgramRule, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("지원 트랙")
    )
    title = models.CharField(_("사업명"), max_length=200)
    summary = models.TextField(_("사업 개요"), blank=True)
    requested_amount = models.BigIntegerField(_("신청 금액(원)"), default=0)
    duration_months = models.PositiveSmallIntegerField(_("사업기간(개월)"), default=12)
    persons = models.PositiveIntegerField(_("지원 인원(명)"), default=0)
    status = models.CharField(
        _("상태"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    receipt_number = models.CharField(_("접수번호"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("제출 일시"), null=True, blank=True)
    selected_at = models.DateTimeField(_("선정 일시"), null=True, blank=True)
    proposed_status = models.CharField(_("선정안"), max_length=24, blank=True)
    proposed_amount = models.BigIntegerField(_("선정안 금액(원)"), null=True, blank=True)
    awarded_amount = models.BigIntegerField(_("선정 금액(원)"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("작성자")
    )
    created_at = models.DateTimeField(_("작성일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        verbose_name = _("신청서")
        verbose_name_plural = _("신청서")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "enterprise"], name="one_application_per_call"),
            models.UniqueConstraint(
                fields=["call", "district"],
                condition=Q(district__isnull=False),
                name="one_district_application_per_call",
            ),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, district__isnull=True)
                | Q(enterprise__isnull=True, district__isnull=False),
                name="application_one_applicant",
            ),
            models.UniqueConstraint(
                fields=["call", "receipt_number"],
                condition=~Q(receipt_number=""),
                name="unique_receipt_number_per_call",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status", "-created_at"], name="app_call_status_idx"),
            # A call's list in its default order (newest first) without sorting the whole call:
            # page 5 of a 2,000-application call went from 18 ms of SQL to 1 ms.
            models.Index(fields=["call", "-created_at", "-id"], name="app_call_created_idx"),
            models.Index(fields=["enterprise", "-created_at"], name="app_enterprise_idx"),
            models.Index(fields=["status", "-created_at"], name="app_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number or _('미접수')} {self.title}"

    @property
    def applicant(self) -> Enterprise | District:
        """The enterprise or the 자치구 that applies (for pages and notifications)."""
        return self.enterprise or self.district  # type: ignore[return-value]

    @property
    def is_frozen(self) -> bool:
        """Content is frozen once submitted."""
        return self.status != self.Status.DRAFT


class ApplicationTransition(TransitionRecord):
    """One step of the workflow: who moved the application from which state to which, and why
    (written only by ``programs.workflow.MACHINE``)."""

    subject_field = "application"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    # The shared fields with the state names as choices, for the timeline's labels.
    from_status = models.CharField(
        _("이전 상태"), max_length=32, blank=True, choices=Application.Status.choices
    )
    to_status = models.CharField(_("다음 상태"), max_length=32, choices=Application.Status.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("신청 상태 이력")
        verbose_name_plural = _("신청 상태 이력")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Private storage (settings.MEDIA_ROOT = var/private); never under a public URL.
    return f"programs/applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    label = models.CharField(_("서류명"), max_length=200)
    file = models.FileField(_("파일"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("원본 파일명"), max_length=255)
    kind = models.CharField(_("파일 형식"), max_length=10)
    size = models.PositiveIntegerField(_("크기(바이트)"))
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A file answering a 보완요청 (after submission); None for the application's own documents.
    supplement = models.ForeignKey(
        "SupplementRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("보완요청"),
    )

    class Meta:
        verbose_name = _("첨부 서류")
        verbose_name_plural = _("첨부 서류")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class BudgetLine(models.Model):
    """One line of the application's budget (예산): what the requested amount is spent on."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("비목"), max_length=100)
    amount = models.BigIntegerField(_("금액(원)"))
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("예산 항목")
        verbose_name_plural = _("예산 항목")
        ordering = ["application", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.item


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CallQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("답변"), blank=True)
    attachment = models.ForeignKey(Attachment, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("추가 질문 답변")
        verbose_name_plural = _("추가 질문 답변")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.value[:50]


class ConsortiumPartner(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("참여 확인 일시"), null=True, blank=True)
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("컨소시엄 참여기업")
        verbose_name_plural = _("컨소시엄 참여기업")
        constraints = [
            models.UniqueConstraint(fields=["application", "enterprise"], name="unique_partner")
        ]

    def __str__(self) -> str:
        return str(self.enterprise)


class SupplementRequest(models.Model):
    """보완요청: staff ask for more information with a deadline; the applicant answers online."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="supplements"
    )
    message = models.TextField(_("요청 내용"))
    due_at = models.DateTimeField(_("제출 기한"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("보완 내용"), blank=True)
    responded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    responded_at = models.DateTimeField(_("보완 일시"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("기한 임박 안내 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("보완요청")
        verbose_name_plural = _("보완요청")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return self.message[:50]
