"""Support programs: programs and their rules, calls, applications, review, agreements,
disbursements, results and the 같이살림 apartment-complex records.

Rules are rows (:class:`ProgramRule`) evaluated only by ``programs/rules.py``; the application
state machine lives in ``programs/workflow.py``; state changes go through ``programs/services.py``.
"""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from seoul_se.reference.models import District, LegalType

USER = settings.AUTH_USER_MODEL


class ProgramType(models.TextChoices):
    TOGETHER_LIVING = "together_living", _("공동주택 같이살림")
    INNOVATION = "innovation", _("혁신형 사업")
    EXCELLENT = "excellent", _("우수기업 지원")
    VILLAGE = "village", _("마을기업 지원")
    JOB_CREATION = "job_creation", _("일자리창출 지원")
    BUSINESS_DEVELOPMENT = "business_development", _("사업개발비 지원")
    SOCIAL_INSURANCE = "social_insurance", _("사회보험료 지원")
    DISTRICT_SPECIAL = "district_special", _("지역특화 사업")


# Short names used in receipt numbers, e.g. ``2020-혁신-0001``.
RECEIPT_ABBREVIATIONS = {
    ProgramType.TOGETHER_LIVING: "같이살림",
    ProgramType.INNOVATION: "혁신",
    ProgramType.EXCELLENT: "우수",
    ProgramType.VILLAGE: "마을",
    ProgramType.JOB_CREATION: "일자리",
    ProgramType.BUSINESS_DEVELOPMENT: "사업개발",
    ProgramType.SOCIAL_INSURANCE: "사회보험",
    ProgramType.DISTRICT_SPECIAL: "지역특화",
}

share_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Program(models.Model):
    """A support program of one fiscal year with its budget (국비/시비)."""

    year = models.PositiveSmallIntegerField(_("회계연도"), db_index=True)
    program_type = models.CharField(_("사업 유형"), max_length=32, choices=ProgramType.choices)
    name = models.CharField(_("사업명"), max_length=200)
    department = models.CharField(_("담당 부서"), max_length=100, default="사회적경제담당관")
    description = models.TextField(_("사업 내용"), blank=True)
    budget_amount = models.BigIntegerField(_("예산액(원)"), default=0)
    national_amount = models.BigIntegerField(_("국비(원)"), default=0)
    city_amount = models.BigIntegerField(_("시비(원)"), default=0)
    national_share = models.DecimalField(
        _("국비 부담 비율"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0"),
        validators=share_validators,
        help_text=_("예: 0.75 (국비:시비 = 75:25). 0이면 전액 시비"),
    )
    max_years = models.PositiveSmallIntegerField(_("최대 지원 연수"), default=1)

    class Meta:
        verbose_name = _("지원사업")
        verbose_name_plural = _("지원사업")
        ordering = ["-year", "program_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "program_type"], name="one_program_per_type_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def receipt_abbreviation(self) -> str:
        return RECEIPT_ABBREVIATIONS.get(self.program_type, self.program_type)


class ProgramRule(models.Model):
    """One track of a program's rules (a row officials edit; evaluated by ``programs.rules``).

    Example: 혁신형 사회문제 해결 track — ≤ 100,000,000원, consortium ×2, ≤ 24 months.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="rules", verbose_name=_("지원사업")
    )
    code = models.SlugField(_("트랙 코드"), max_length=40)
    name = models.CharField(_("트랙명"), max_length=200)
    eligible_legal_types = models.ManyToManyField(
        LegalType,
        blank=True,
        verbose_name=_("지원 가능 기업 유형"),
        help_text=_("비우면 모든 유형"),
    )
    max_amount = models.BigIntegerField(
        _("지원 한도(원)"), null=True, blank=True, help_text=_("비우면 한도 없음(인원 단가만 적용)")
    )
    consortium_multiplier = models.DecimalField(
        _("컨소시엄 한도 배수"), max_digits=4, decimal_places=2, default=Decimal("1")
    )
    max_duration_months = models.PositiveSmallIntegerField(_("최대 사업기간(개월)"), default=12)
    monthly_rate_per_person = models.BigIntegerField(
        _("1인당 월 지원단가(원)"), null=True, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("정렬 순서"), default=0)

    class Meta:
        verbose_name = _("지원 기준")
        verbose_name_plural = _("지원 기준")
        ordering = ["program", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_rule_code_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"


class Call(models.Model):
    """A call for proposals (공모) of a program."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        PUBLISHED = "published", _("공고 중")
        CLOSED = "closed", _("마감")

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="calls", verbose_name=_("지원사업")
    )
    title = models.CharField(_("공모명"), max_length=200)
    notice = models.TextField(_("공고문"), blank=True)
    eligibility = models.TextField(_("지원 자격"), blank=True)
    opens_at = models.DateTimeField(_("접수 시작"))
    closes_at = models.DateTimeField(_("접수 마감"), db_index=True)
    request_cap = models.BigIntegerField(
        _("신청 한도(원)"), null=True, blank=True, help_text=_("비우면 지원 기준의 한도")
    )
    duration_cap_months = models.PositiveSmallIntegerField(
        _("사업기간 한도(개월)"), null=True, blank=True
    )
    consortium_allowed = models.BooleanField(_("컨소시엄 허용"), default=False)
    required_documents = models.TextField(_("제출 서류"), blank=True, help_text=_("한 줄에 하나"))
    budget_envelope = models.BigIntegerField(_("공모 예산(원)"), default=0)
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    trimmed_mean = models.BooleanField(
        _("최고·최저 점수 제외 평균"), default=False, help_text=_("심사위원 3명 이상일 때 적용")
    )
    last_receipt_seq = models.PositiveIntegerField(_("마지막 접수번호"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("공모")
        verbose_name_plural = _("공모")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class CallQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("서술형")
        NUMBER = "number", _("숫자")
        CHOICE = "choice", _("선택")
        FILE = "file", _("파일")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("질문"), max_length=300)
    kind = models.CharField(_("유형"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("선택지"), blank=True, help_text=_("한 줄에 하나"))
    required = models.BooleanField(_("필수"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("추가 질문")
        verbose_name_plural = _("추가 질문")
        ordering = ["call", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Application(models.Model):
    """An enterprise's application (신청서) to a call; its life is the workflow in ``workflow.py``."""

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
        Enterprise, on_delete=models.PROTECT, related_name="applications", verbose_name=_("기업")
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
    def is_frozen(self) -> bool:
        """Content is frozen once submitted."""
        return self.status != self.Status.DRAFT


class ApplicationTransition(models.Model):
    """One step of the workflow: who moved the application from which state to which, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("이전 상태"), max_length=24, choices=Application.Status.choices
    )
    to_status = models.CharField(_("다음 상태"), max_length=24, choices=Application.Status.choices)
    actor = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("처리자")
    )
    comment = models.TextField(_("의견"), blank=True)
    at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("신청 상태 이력")
        verbose_name_plural = _("신청 상태 이력")
        ordering = ["at", "pk"]

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

    class Meta:
        verbose_name = _("첨부 서류")
        verbose_name_plural = _("첨부 서류")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


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


class ReviewCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("평가 항목"), max_length=200)
    weight = models.DecimalField(_("가중치"), max_digits=5, decimal_places=2, default=Decimal("1"))
    min_score = models.DecimalField(_("최저 점수"), max_digits=6, decimal_places=2, default=0)
    max_score = models.DecimalField(_("최고 점수"), max_digits=6, decimal_places=2, default=10)
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("심사 기준")
        verbose_name_plural = _("심사 기준")
        ordering = ["call", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ReviewerAssignment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("심사위원 배정")
        verbose_name_plural = _("심사위원 배정")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="unique_reviewer_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.call}"


class Review(models.Model):
    """A reviewer's review of one application: a conflict declaration, then weighted scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="reviews")
    has_conflict = models.BooleanField(_("이해충돌 있음"), default=False)
    conflict_reason = models.TextField(_("이해충돌 사유"), blank=True)
    declared_at = models.DateTimeField(_("이해충돌 신고 일시"), null=True, blank=True)
    total = models.DecimalField(
        _("가중 합계"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("심사 의견"), blank=True)
    submitted_at = models.DateTimeField(_("심사 제출 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("심사")
        verbose_name_plural = _("심사")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("점수"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("항목 점수")
        verbose_name_plural = _("항목 점수")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Agreement(models.Model):
    """협약: the award with its 국비/시비 split (see ``rules.split_cost``) and period."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement", verbose_name=_("신청서")
    )
    # Denormalised for reporting (reports/KPIs group agreements without joining calls).
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="agreements")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="agreements")
    award_amount = models.BigIntegerField(_("협약 금액(원)"))
    national_amount = models.BigIntegerField(_("국비(원)"))
    city_amount = models.BigIntegerField(_("시비(원)"))
    starts_on = models.DateField(_("사업 시작일"))
    ends_on = models.DateField(_("사업 종료일"))
    signed_on = models.DateField(_("협약일"))
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    terminated_on = models.DateField(_("중도 종료일"), null=True, blank=True)

    class Meta:
        verbose_name = _("협약")
        verbose_name_plural = _("협약")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.program}"


class Instalment(models.Model):
    """Planned payment (교부 계획) of an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("교부 예정일"))
    amount = models.BigIntegerField(_("예정 금액(원)"))

    class Meta:
        verbose_name = _("교부 계획")
        verbose_name_plural = _("교부 계획")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on} {self.amount}"


class Phase(models.Model):
    """A yearly phase of multi-year support with its continuation decision (같이살림 stage,
    우수기업 re-review, 혁신형 interim evaluation)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("결정 대기")
        CONTINUE = "continue", _("계속 지원")
        TERMINATE = "terminate", _("지원 종료")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="phases")
    year_number = models.PositiveSmallIntegerField(_("차년도"))
    amount = models.BigIntegerField(_("해당 연도 금액(원)"), default=0)
    decision = models.CharField(
        _("계속 여부"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField(_("평가 의견"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("연차 단계")
        verbose_name_plural = _("연차 단계")
        ordering = ["agreement", "year_number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year_number"], name="unique_phase_year")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.year_number}차년도"


class Disbursement(models.Model):
    """교부: a payment on an agreement, never above what is left of the award."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("협약")
    )
    paid_on = models.DateField(_("교부일"), db_index=True)
    amount = models.BigIntegerField(_("교부액(원)"))
    national_amount = models.BigIntegerField(_("국비(원)"))
    city_amount = models.BigIntegerField(_("시비(원)"))
    note = models.CharField(_("비고"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("교부")
        verbose_name_plural = _("교부")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class Result(models.Model):
    """실적: an output of a supported project for a period, with evidence, confirmed by staff."""

    class Kind(models.TextChoices):
        WORKSHOPS = "workshops", _("워크숍 개최")
        PARTICIPANTS = "participants", _("참여자")
        JOBS_CREATED = "jobs_created", _("일자리 창출")
        PERSONS_SUPPORTED = "persons_supported", _("지원 인원")
        REVENUE = "revenue", _("매출액(원)")
        PRODUCTS_SOLD = "products_sold", _("제품 판매")
        ENTERPRISES_SUPPORTED = "enterprises_supported", _("지원 기업")
        PROJECTS = "projects", _("사업 수")
        AMOUNT_SUPPORTED = "amount_supported", _("지원 금액(원)")
        OTHER = "other", _("기타")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="results")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="results", null=True, blank=True
    )
    kind = models.CharField(_("실적 종류"), max_length=24, choices=Kind.choices)
    quantity = models.DecimalField(_("수량"), max_digits=16, decimal_places=2)
    description = models.CharField(_("내용"), max_length=300, blank=True)
    period_start = models.DateField(_("기간 시작"))
    period_end = models.DateField(_("기간 종료"), db_index=True)
    evidence = models.FileField(
        _("증빙 파일"), upload_to="programs/results/", blank=True, max_length=300
    )
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("확인 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("실적")
        verbose_name_plural = _("실적")
        ordering = ["-period_end", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"


# --- 같이살림 (apartment complexes) ----------------------------------------------------------


class ApartmentComplex(models.Model):
    class Tenure(models.TextChoices):
        RENTAL = "rental", _("임대")
        OWNED = "owned", _("분양")
        MIXED = "mixed", _("혼합")
        UNKNOWN = "unknown", _("미상")

    name = models.CharField(_("단지명"), max_length=200, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("자치구"))
    neighbourhood = models.CharField(_("동"), max_length=50, blank=True)
    households = models.PositiveIntegerField(_("세대수"), null=True, blank=True)
    elderly_households = models.PositiveIntegerField(_("노인 거주 세대수"), null=True, blank=True)
    tenure = models.CharField(_("임대·분양"), max_length=10, choices=Tenure.choices)
    coordinator = models.CharField(_("코디네이터"), max_length=100, blank=True)
    joined_year = models.PositiveSmallIntegerField(_("참여 시작 연도"))
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        verbose_name = _("같이살림 단지")
        verbose_name_plural = _("같이살림 단지")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def elderly_share(self) -> Decimal | None:
        if not self.households or self.elderly_households is None:
            return None
        return Decimal(self.elderly_households) / Decimal(self.households)


class ComplexYear(models.Model):
    """A complex's support in one year: its stage (1 공동체 및 가치 공유 → 2 경제공동체 형성 →
    3 선순환 경제 구축) and the application/agreement funding it."""

    class Stage(models.IntegerChoices):
        COMMUNITY = 1, _("1단계 공동체 및 가치 공유")
        ECONOMIC = 2, _("2단계 경제공동체 형성")
        VIRTUOUS = 3, _("3단계 선순환 경제 구축")

    complex = models.ForeignKey(ApartmentComplex, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("연도"))
    stage = models.PositiveSmallIntegerField(_("단계"), choices=Stage.choices)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched_enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="+", verbose_name=_("매칭 기업")
    )
    expected_workshops = models.PositiveSmallIntegerField(_("예정 워크숍 수"), default=4)

    class Meta:
        verbose_name = _("같이살림 연차")
        verbose_name_plural = _("같이살림 연차")
        ordering = ["complex", "year"]
        constraints = [
            models.UniqueConstraint(fields=["complex", "year"], name="one_stage_per_complex_year")
        ]

    def __str__(self) -> str:
        return f"{self.complex} {self.year}"


class Workshop(models.Model):
    complex = models.ForeignKey(
        ApartmentComplex, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("단지")
    )
    held_on = models.DateField(_("개최일"), db_index=True)
    topic = models.CharField(_("주제"), max_length=200, blank=True)
    facilitator = models.CharField(_("퍼실리테이터"), max_length=100)
    attendance = models.PositiveIntegerField(_("참석 인원"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("주민 워크숍")
        verbose_name_plural = _("주민 워크숍")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.complex} {self.held_on}"


class LivingProblem(models.Model):
    class Category(models.TextChoices):
        CARE = "care", _("돌봄")
        FOOD = "food", _("먹거리")
        ENERGY = "energy", _("에너지")
        ENVIRONMENT = "environment", _("환경·쓰레기")
        HEALTH = "health", _("건강")
        OTHER = "other", _("기타")

    complex = models.ForeignKey(ApartmentComplex, on_delete=models.CASCADE, related_name="problems")
    year = models.PositiveSmallIntegerField(_("연도"))
    category = models.CharField(_("분야"), max_length=16, choices=Category.choices)
    description = models.CharField(_("생활문제"), max_length=300)

    class Meta:
        verbose_name = _("생활문제")
        verbose_name_plural = _("생활문제")
        ordering = ["complex", "year", "pk"]

    def __str__(self) -> str:
        return self.description


class SelfHelpGroup(models.Model):
    complex = models.ForeignKey(ApartmentComplex, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("자조모임명"), max_length=200)
    members = models.PositiveIntegerField(_("구성원 수"), default=0)
    formed_on = models.DateField(_("결성일"), null=True, blank=True)

    class Meta:
        verbose_name = _("자조모임")
        verbose_name_plural = _("자조모임")
        ordering = ["complex", "name"]

    def __str__(self) -> str:
        return self.name


class ResidentSurvey(models.Model):
    """Resident survey results (e.g. 2019: 849 respondents across participating complexes)."""

    complex = models.ForeignKey(
        ApartmentComplex, on_delete=models.CASCADE, related_name="surveys", null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    respondents = models.PositiveIntegerField(_("응답자 수"))
    awareness_rate = models.DecimalField(
        _("사회적경제 인지율"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    satisfaction_rate = models.DecimalField(
        _("만족률"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        verbose_name = _("주민 설문")
        verbose_name_plural = _("주민 설문")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.respondents}명"


for _model in (
    Program,
    Call,
    CallQuestion,
    Application,
    ApplicationTransition,
    Attachment,
    Answer,
    ConsortiumPartner,
    SupplementRequest,
    ReviewCriterion,
    ReviewerAssignment,
    Review,
    Score,
    Agreement,
    Instalment,
    Phase,
    Disbursement,
    Result,
    ApartmentComplex,
    Workshop,
    LivingProblem,
    SelfHelpGroup,
    ResidentSurvey,
):
    auditlog.register(_model)
auditlog.register(ProgramRule, m2m_fields={"eligible_legal_types"})
auditlog.register(ComplexYear, m2m_fields={"matched_enterprises"})
