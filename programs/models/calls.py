"""Programs of a fiscal year, their rule rows (tracks), calls for proposals and the calls' extra
questions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seoul_se.reference.models import LegalType


class ProgramType(models.TextChoices):
    TOGETHER_LIVING = "together_living", _("공동주택 같이살림")
    INNOVATION = "innovation", _("혁신형 사업")
    EXCELLENT = "excellent", _("우수기업 지원")
    VILLAGE = "village", _("마을기업 지원")
    JOB_CREATION = "job_creation", _("일자리창출 지원")
    BUSINESS_DEVELOPMENT = "business_development", _("사업개발비 지원")
    SOCIAL_INSURANCE = "social_insurance", _("사회보험료 지원")
    DISTRICT_SPECIAL = "district_special", _("지역특화 사업")
    # Applied for by a 자치구 (districts app), not by an enterprise.
    DISTRICT_ECOSYSTEM = "district_ecosystem", _("자치구 사회적경제 통합지원사업")
    DISTRICT_ZONE = "district_zone", _("사회적경제특구")


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
    ProgramType.DISTRICT_ECOSYSTEM: "통합지원",
    ProgramType.DISTRICT_ZONE: "특구",
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
    district_share = models.DecimalField(
        _("자치구 부담 비율"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0"),
        validators=share_validators,
        help_text=_("자치구가 신청하는 사업의 구비 매칭 비율. 시비 = 나머지"),
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


class RankingMethod(models.TextChoices):
    """The values of ``programs.calibration.Method``."""

    RAW = "raw", _("단순 평균")
    TRIMMED = "trimmed", _("최고·최저 점수 제외 평균")
    CALIBRATED = "calibrated", _("심사위원별 표준화 점수")
    ROBUST = "robust", _("심사위원별 표준화 점수(소수 심사 보정)")


class Call(models.Model):
    """A call for proposals (공모) of a program."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        PUBLISHED = "published", _("공고 중")
        CLOSED = "closed", _("마감")

    class ApplicantKind(models.TextChoices):
        ENTERPRISE = "enterprise", _("사회적경제기업")
        DISTRICT = "district", _("자치구")

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
    applicant_kind = models.CharField(
        _("신청 주체"),
        max_length=12,
        choices=ApplicantKind.choices,
        default=ApplicantKind.ENTERPRISE,
    )
    consortium_allowed = models.BooleanField(_("컨소시엄 허용"), default=False)
    required_documents = models.TextField(_("제출 서류"), blank=True, help_text=_("한 줄에 하나"))
    budget_envelope = models.BigIntegerField(_("공모 예산(원)"), default=0)
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # How the ranking decides (programs/calibration.py); changed only through
    # ``services.set_ranking_method``, which records who changed it and why.
    ranking_method = models.CharField(
        _("순위 산정 방식"),
        max_length=12,
        choices=RankingMethod.choices,
        default=RankingMethod.RAW,
        editable=False,
    )
    last_receipt_seq = models.PositiveIntegerField(_("마지막 접수번호"), default=0, editable=False)
    # The one closed call that holds a past year's grants imported from spreadsheets
    # (``services.record_past_grant``): no applications were made through it.
    is_historical = models.BooleanField(_("과거 지원 이관"), default=False, editable=False)
    review_deadline = models.DateField(
        _("심사 마감일"), null=True, blank=True, help_text=_("심사위원의 할 일에 D-day로 표시")
    )
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


def call_document_path(instance: "CallDocument", filename: str) -> str:
    # Private storage like the applications' attachments: served only by an access-checked view.
    return f"programs/calls/{instance.call_id}/{filename}"


class CallDocument(models.Model):
    """A file published with a call: its 공고문 and the forms (양식) applicants fill in."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("공고문")
        APPLICATION_FORM = "application_form", _("신청서 양식")
        BUSINESS_PLAN_FORM = "business_plan_form", _("사업계획서 양식")
        OTHER_FORM = "other_form", _("기타 양식")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="documents", verbose_name=_("공모")
    )
    kind = models.CharField(_("구분"), max_length=24, choices=Kind.choices, default=Kind.NOTICE)
    label = models.CharField(_("문서명"), max_length=200, blank=True)
    file = models.FileField(_("파일"), upload_to=call_document_path, max_length=300)
    original_name = models.CharField(_("원본 파일명"), max_length=255)
    file_type = models.CharField(_("파일 형식"), max_length=10)
    size = models.PositiveIntegerField(_("크기(바이트)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("공모 문서")
        verbose_name_plural = _("공모 문서")
        ordering = ["call", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


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
