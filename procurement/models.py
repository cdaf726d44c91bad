"""Public procurement (공공구매): public institutions, their yearly purchase targets and the
purchases they report from social-economy enterprises (entered or imported), and matchmaking
events (상담회) with 1:1 meetings and the contracts they lead to (누계 매칭 계약).

A target with no institution is the city-wide target (1,400억원 in 2019 → 1,700억원 in 2020).
"""

from auditlog.registry import auditlog
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from seoul_se.core.models import Recorded, user_field


class InstitutionKind(models.TextChoices):
    CITY_HALL = "city_hall", _("본청")
    INVESTED = "invested", _("투자출연기관")
    DISTRICT = "district", _("자치구")
    EDUCATION = "education", _("교육청")
    OTHER = "other", _("기타")


class Institution(models.Model):
    name = models.CharField(_("기관명"), max_length=120, unique=True)
    kind = models.CharField(_("기관 유형"), max_length=12, choices=InstitutionKind.choices)

    class Meta:
        verbose_name = _("공공기관")
        verbose_name_plural = _("공공기관")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class PurchaseTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("연도"))
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("기관"),
        help_text=_("비워 두면 서울시 전체 목표입니다."),
    )
    amount = models.BigIntegerField(_("구매 목표액(원)"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("구매 목표")
        verbose_name_plural = _("구매 목표")
        ordering = ["-year", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "institution"], name="procurement_target_per_institution"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(institution__isnull=True),
                name="procurement_one_citywide_target",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="procurement_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.institution or '서울시 전체'}"


class PurchaseImport(models.Model):
    """One imported purchase report (all rows saved together)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="imports", verbose_name=_("기관")
    )
    file_name = models.CharField(_("파일명"), max_length=255)
    rows = models.PositiveIntegerField(_("행 수"))
    total = models.BigIntegerField(_("합계(원)"))
    imported_by = user_field(_("등록자"), optional=False)
    imported_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("구매실적 파일 등록")
        verbose_name_plural = _("구매실적 파일 등록")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.institution} {self.file_name}"


class Purchase(Recorded):
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("기관")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="public_purchases",
        verbose_name=_("기업"),
    )
    purchased_on = models.DateField(_("구매일"), db_index=True)
    amount = models.BigIntegerField(_("구매액(원)"), validators=[MinValueValidator(1)])
    item = models.CharField(_("품목"), max_length=200)
    source = models.ForeignKey(
        PurchaseImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("등록 파일"),
    )

    class Meta:
        verbose_name = _("공공구매 실적")
        verbose_name_plural = _("공공구매 실적")
        ordering = ["-purchased_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="procurement_purchase_positive")
        ]

    def __str__(self) -> str:
        return f"{self.institution} → {self.enterprise} {self.amount:,}원"


class MatchmakingEvent(models.Model):
    name = models.CharField(_("상담회명"), max_length=150, unique=True)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    place = models.CharField(_("장소"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("구매상담회")
        verbose_name_plural = _("구매상담회")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="procurement_event_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A 1:1 purchase consultation between an enterprise and an institution at an event."""

    event = models.ForeignKey(
        MatchmakingEvent,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("상담회"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="procurement_meetings",
        verbose_name=_("기업"),
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("기관")
    )
    note = models.CharField(_("상담 내용"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("구매상담")
        verbose_name_plural = _("구매상담")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise", "institution"], name="procurement_meeting_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} × {self.institution}"


class MatchContract(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("상담")
    )
    signed_on = models.DateField(_("계약일"), db_index=True)
    amount = models.BigIntegerField(_("계약액(원)"), validators=[MinValueValidator(1)])
    created_by = user_field(_("등록자"))

    class Meta:
        verbose_name = _("매칭 계약")
        verbose_name_plural = _("매칭 계약")
        ordering = ["-signed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="procurement_contract_positive")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.amount:,}원"


for _model in (
    Institution,
    PurchaseTarget,
    PurchaseImport,
    Purchase,
    MatchmakingEvent,
    Meeting,
    MatchContract,
):
    auditlog.register(_model)
