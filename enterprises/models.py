from typing import Any

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.validators import (
    format_business_number,
    format_corporate_number,
    validate_business_number,
    validate_corporate_number,
)
from seoul_se.core.models import TransitionRecord, user_field
from seoul_se.reference.models import District, LegalType, Sector, StrategicField


class Enterprise(models.Model):
    """A social-economy enterprise of Seoul (사회적경제기업)."""

    class Verification(models.TextChoices):
        PENDING = "pending", _("확인 대기")
        VERIFIED = "verified", _("확인 완료")
        REJECTED = "rejected", _("반려")

    name = models.CharField(_("기업명"), max_length=200, db_index=True)
    legal_type = models.ForeignKey(LegalType, on_delete=models.PROTECT, verbose_name=_("기업 유형"))
    business_number = models.CharField(
        _("사업자등록번호"), max_length=10, unique=True, validators=[validate_business_number]
    )
    corporate_number = models.CharField(
        _("법인등록번호"), max_length=13, blank=True, validators=[validate_corporate_number]
    )
    representative = models.CharField(_("대표자"), max_length=100)
    address = models.CharField(_("주소"), max_length=300, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("자치구"))
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("업종"))
    strategic_fields = models.ManyToManyField(
        StrategicField, blank=True, verbose_name=_("전략 분야")
    )
    founded_on = models.DateField(_("설립일"), null=True, blank=True)
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    email = models.EmailField(_("이메일"), blank=True)
    # Digits only; compared with payees of grant spending (integrity: related-party payments).
    bank_account = models.CharField(_("사업용 계좌"), max_length=40, blank=True)
    website = models.URLField(_("홈페이지"), blank=True)
    social_mission = models.TextField(_("사회적 가치·미션"), blank=True)
    verification = models.CharField(
        _("확인 상태"), max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("등록 신청자"),
    )
    is_generated = models.BooleanField(
        _("생성된 데모 자료"), default=False, help_text=_("벤치마크·데모용으로 생성된 가상 기업")
    )
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        verbose_name = _("사회적경제기업")
        verbose_name_plural = _("사회적경제기업")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["legal_type", "name"], name="enterprise_type_name_idx"),
            models.Index(fields=["district", "name"], name="enterprise_district_name_idx"),
            models.Index(fields=["verification", "name"], name="enterprise_verif_name_idx"),
            models.Index(fields=["-created_at"], name="enterprise_created_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def verification_label(self) -> str:
        return str(self.Verification(self.verification).label)

    @property
    def business_number_display(self) -> str:
        return format_business_number(self.business_number)

    @property
    def corporate_number_display(self) -> str:
        return format_corporate_number(self.corporate_number)


class EnterpriseMembership(models.Model):
    """Links a person (enterprise member) to an enterprise once staff have verified it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("승인 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("사용자"),
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("기업")
    )
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    reason = models.TextField(_("사유"), blank=True)
    requested_at = models.DateTimeField(_("신청일"), auto_now_add=True)
    decided_at = models.DateTimeField(_("처리일"), null=True, blank=True)
    decided_by = user_field(_("처리자"))

    class Meta:
        verbose_name = _("기업 구성원")
        verbose_name_plural = _("기업 구성원")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"], name="one_membership_per_user_and_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"


class Certification(models.Model):
    """A dated certification or designation; an enterprise's status on a day derives from these."""

    class Kind(models.TextChoices):
        CERTIFIED_SE = "certified_se", _("인증 사회적기업")
        PRE_SE = "pre_se", _("예비사회적기업 지정")
        VILLAGE_NEW = "village_new", _("마을기업 신규 지정")
        VILLAGE_REDESIGNATED = "village_redesignated", _("마을기업 재지정")
        VILLAGE_PRE = "village_pre", _("예비마을기업 지정")
        VILLAGE_EXCELLENT = "village_excellent", _("우수마을기업 지정")
        VILLAGE_ADVANCED = "village_advanced", _("마을기업 고도화")
        EXCELLENT_NEW = "excellent_new", _("우수기업 신규 인증")
        EXCELLENT_RENEWED = "excellent_renewed", _("우수기업 재인증")
        SELF_SUFFICIENCY = "self_sufficiency", _("자활기업 인정")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("기업")
    )
    kind = models.CharField(_("구분"), max_length=32, choices=Kind.choices)
    valid_from = models.DateField(_("시작일"))
    valid_to = models.DateField(_("종료일"), null=True, blank=True, help_text=_("비우면 기한 없음"))
    issuer = models.CharField(_("발급 기관"), max_length=100, blank=True)
    document = models.FileField(
        _("증빙 문서"), upload_to="enterprises/certifications/%Y/", blank=True
    )
    note = models.TextField(_("비고"), blank=True)
    created_by = user_field(_("등록자"))
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)

    class Meta:
        verbose_name = _("인증·지정 이력")
        verbose_name_plural = _("인증·지정 이력")
        ordering = ["-valid_from", "pk"]
        indexes = [
            models.Index(fields=["kind", "valid_from"], name="cert_kind_from_idx"),
            models.Index(fields=["enterprise", "valid_from"], name="cert_enterprise_from_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="certification_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_kind_display()} ({self.valid_from})"

    @property
    def kind_label(self) -> str:
        # O(1) enum lookup; get_kind_display hashes every choice label (slow in long lists).
        return str(self.Kind(self.kind).label)


class YearlyFigures(models.Model):
    """Revenue, jobs and procurement of one enterprise in one (calendar) year."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="yearly_figures", verbose_name=_("기업")
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    revenue = models.BigIntegerField(_("매출액(원)"), default=0)
    employees = models.PositiveIntegerField(_("고용 인원"), default=0)
    vulnerable_employees = models.PositiveIntegerField(_("취약계층 고용 인원"), default=0)
    public_procurement_sales = models.BigIntegerField(_("공공구매 매출(원)"), default=0)
    social_value_notes = models.TextField(_("사회적 가치 성과"), blank=True)
    entered_by = user_field(_("입력자"))
    confirmed_by = user_field(_("확인자"))
    confirmed_at = models.DateTimeField(_("확인일"), null=True, blank=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    class Meta:
        verbose_name = _("연도별 실적")
        verbose_name_plural = _("연도별 실적")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_figures_per_year"),
            models.CheckConstraint(
                condition=models.Q(vulnerable_employees__lte=models.F("employees")),
                name="vulnerable_within_employees",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ChangeRequest(models.Model):
    """A member's request to change a legal-identity field; staff approve or reject it."""

    class Field(models.TextChoices):
        NAME = "name", _("기업명")
        BUSINESS_NUMBER = "business_number", _("사업자등록번호")
        CORPORATE_NUMBER = "corporate_number", _("법인등록번호")
        LEGAL_TYPE = "legal_type", _("기업 유형")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("승인 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("기업")
    )
    field = models.CharField(_("변경 항목"), max_length=32, choices=Field.choices)
    old = models.CharField(_("기존 값"), max_length=200, blank=True)
    new = models.CharField(_("새 값"), max_length=200)
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    reason = models.TextField(_("처리 사유"), blank=True)
    requested_by = user_field(_("요청자"), optional=False)
    requested_at = models.DateTimeField(_("요청일"), auto_now_add=True)
    decided_by = user_field(_("처리자"))
    decided_at = models.DateTimeField(_("처리일"), null=True, blank=True)

    class Meta:
        verbose_name = _("기업 정보 변경 요청")
        verbose_name_plural = _("기업 정보 변경 요청")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "field"],
                condition=models.Q(status="requested"),
                name="one_open_change_request_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_field_display()}: {self.old} → {self.new}"


class StatusTransition(TransitionRecord):
    """Every decision of the registry's workflows (``enterprises.workflow``): who moved what
    from which state to which. One table for three subjects, named by ``subject``/``object_id``."""

    class Subject(models.TextChoices):
        VERIFICATION = "verification", _("기업 확인")
        MEMBERSHIP = "membership", _("구성원 승인")
        CHANGE_REQUEST = "change_request", _("변경 요청")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("기업")
    )
    subject = models.CharField(_("대상"), max_length=32, choices=Subject.choices)
    object_id = models.PositiveBigIntegerField(_("대상 번호"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("상태 변경 기록")
        verbose_name_plural = _("상태 변경 기록")
        ordering = ["-created_at", "-pk"]  # newest first on the detail page
        indexes = [models.Index(fields=["subject", "object_id"], name="transition_subject_idx")]

    def __str__(self) -> str:
        return (
            f"{self.get_subject_display()} #{self.object_id}: {self.from_status} → {self.to_status}"
        )

    @classmethod
    def subject_of(cls, subject: models.Model) -> dict[str, Any]:
        if isinstance(subject, Enterprise):
            return {
                "enterprise": subject,
                "subject": cls.Subject.VERIFICATION,
                "object_id": subject.pk,
            }
        kind = (
            cls.Subject.MEMBERSHIP
            if isinstance(subject, EnterpriseMembership)
            else cls.Subject.CHANGE_REQUEST
        )
        return {
            "enterprise_id": getattr(subject, "enterprise_id"),  # noqa: B009 (two models)
            "subject": kind,
            "object_id": subject.pk,
        }


auditlog.register(Enterprise, m2m_fields={"sectors", "strategic_fields"})
auditlog.register(EnterpriseMembership)
auditlog.register(Certification)
auditlog.register(YearlyFigures)
auditlog.register(ChangeRequest)
auditlog.register(StatusTransition)
