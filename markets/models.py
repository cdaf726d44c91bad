"""Market access (판로지원): sales channels, the enterprises placed in them (입점) with their
reported sales, and market events (인서울마켓, 덕수궁 페어샵) with participants and their sales.

Money is whole won; a sales figure is never negative (database constraints as a last line).
"""

from auditlog.registry import auditlog
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from seoul_se.core.models import Recorded, user_field


class ChannelKind(models.TextChoices):
    HUB_STORE = "hub_store", _("거점 매장")
    COOP_STORE = "coop_store", _("생협 매장")
    ONLINE = "online", _("온라인몰")
    HOME_SHOPPING = "home_shopping", _("홈쇼핑")
    MARKET_EVENT = "market_event", _("마켓 행사")


class SalesChannel(models.Model):
    kind = models.CharField(_("채널 유형"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("채널명"), max_length=120, unique=True)
    operator = models.CharField(_("운영 주체"), max_length=120, blank=True)
    opened_on = models.DateField(_("개설일"), null=True, blank=True)
    is_active = models.BooleanField(_("운영 중"), default=True)

    class Meta:
        verbose_name = _("판매 채널")
        verbose_name_plural = _("판매 채널")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Placement(Recorded):
    """One enterprise placed (입점) in one channel; a TV home-shopping broadcast is a placement
    that starts and ends on its air date."""

    channel = models.ForeignKey(
        SalesChannel, on_delete=models.PROTECT, related_name="placements", verbose_name=_("채널")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="market_placements",
        verbose_name=_("기업"),
    )
    started_on = models.DateField(_("입점일"), db_index=True)
    ended_on = models.DateField(_("종료일"), null=True, blank=True)
    products = models.CharField(_("입점 상품"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("입점")
        verbose_name_plural = _("입점")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="markets_placement_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.channel}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("월")
    QUARTER = "quarter", _("분기")


class SalesReport(models.Model):
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="sales", verbose_name=_("입점")
    )
    period_kind = models.CharField(_("기간 단위"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("연도"), db_index=True)
    period = models.PositiveSmallIntegerField(
        _("월/분기"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.BigIntegerField(_("매출액(원)"), validators=[MinValueValidator(0)])
    reported_by = user_field(_("보고자"))
    reported_at = models.DateTimeField(_("보고 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("매출 보고")
        verbose_name_plural = _("매출 보고")
        ordering = ["-year", "-period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "period_kind", "year", "period"],
                name="markets_sales_one_per_period",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="markets_sales_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.placement} {self.period_label()}"

    def period_label(self) -> str:
        unit = _("월") if self.period_kind == PeriodKind.MONTH else _("분기")
        return f"{self.year}년 {self.period}{unit}"


class EventSeries(models.TextChoices):
    IN_SEOUL = "in_seoul", _("인서울마켓")
    DEOKSUGUNG = "deoksugung", _("덕수궁 페어샵")
    OTHER = "other", _("기타 마켓")


class MarketEvent(models.Model):
    series = models.CharField(_("마켓"), max_length=16, choices=EventSeries.choices)
    name = models.CharField(_("행사명"), max_length=120)
    held_on = models.DateField(_("개최일"), db_index=True)
    place = models.CharField(_("장소"), max_length=120)

    class Meta:
        verbose_name = _("마켓 행사")
        verbose_name_plural = _("마켓 행사")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "held_on"], name="markets_event_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on})"


class EventParticipation(models.Model):
    event = models.ForeignKey(
        MarketEvent,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("행사"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="market_participations",
        verbose_name=_("기업"),
    )
    sales = models.BigIntegerField(_("매출액(원)"), default=0, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("행사 참가")
        verbose_name_plural = _("행사 참가")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise"], name="markets_participation_once"
            ),
            models.CheckConstraint(
                condition=Q(sales__gte=0), name="markets_participation_sales_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.event}"


for _model in (SalesChannel, Placement, SalesReport, MarketEvent, EventParticipation):
    auditlog.register(_model)
