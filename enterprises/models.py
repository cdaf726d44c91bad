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
    website = models.URLField(_("홈페이지"), blank=True)
    social_mission = models.TextField(_("사회적 가치·미션"), blank=True)
    verification = models.CharField(
        _("확인 상태"), max_length=16, choices=Verification.choices, default=Verification.PENDING
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

    def __str__(self) -> str:
        return self.name

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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리자"),
    )

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


auditlog.register(Enterprise, m2m_fields={"sectors", "strategic_fields"})
auditlog.register(EnterpriseMembership)
