"""Social impact bonds (사회성과보상사업, SIB): contracts with their budget lines and investors,
outcome metrics measured once a year by the evaluator (or an official), and the payout rule as
data — threshold bands on one metric, each paying a percentage of the project cost
(``impact_bonds/payout.py`` computes and explains the payout)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from seoul_se.core.models import user_field


class ImpactBond(models.Model):
    number = models.PositiveSmallIntegerField(_("호수"), unique=True)
    name = models.CharField(_("사업명"), max_length=200)
    target_group = models.CharField(_("대상"), max_length=200, blank=True)
    starts_on = models.DateField(_("사업 시작일"))
    ends_on = models.DateField(_("사업 종료일"))
    project_cost = models.BigIntegerField(
        _("총 사업비(원)"),
        validators=[MinValueValidator(0)],
        help_text=_("성과보상 비율의 기준 금액입니다(성과보상 인센티브 별도)."),
    )
    operator = models.CharField(_("운영기관"), max_length=120, blank=True)
    evaluator = models.CharField(_("평가기관"), max_length=120, blank=True)
    evaluator_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="evaluated_impact_bonds",
        verbose_name=_("평가기관 담당자"),
        help_text=_("이 사업의 성과 측정값을 입력할 수 있는 평가기관 사용자입니다."),
    )
    contracted_on = models.DateField(_("계약 체결일"), null=True, blank=True)
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        verbose_name = _("사회성과보상사업")
        verbose_name_plural = _("사회성과보상사업")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="impact_bond_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return _("제%(number)s호 %(name)s") % {"number": self.number, "name": self.name}

    def years(self) -> range:
        return range(self.starts_on.year, self.ends_on.year + 1)


class Investor(models.Model):
    bond = models.ForeignKey(
        ImpactBond, on_delete=models.CASCADE, related_name="investors", verbose_name=_("사업")
    )
    name = models.CharField(_("투자자"), max_length=120)
    commitment = models.BigIntegerField(
        _("투자 약정액(원)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("투자자")
        verbose_name_plural = _("투자자")
        ordering = ["bond", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bond", "name"], name="impact_bond_investor_once")
        ]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    bond = models.ForeignKey(
        ImpactBond, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("사업")
    )
    name = models.CharField(_("비목"), max_length=80)
    amount = models.BigIntegerField(_("금액(원)"), validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(_("표시 순서"), default=100)

    class Meta:
        verbose_name = _("사업비 비목")
        verbose_name_plural = _("사업비 비목")
        ordering = ["bond", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bond", "name"], name="impact_bond_budget_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.amount:,}원"


class OutcomeMetric(models.Model):
    bond = models.ForeignKey(
        ImpactBond, on_delete=models.CASCADE, related_name="metrics", verbose_name=_("사업")
    )
    name = models.CharField(_("성과지표"), max_length=120)
    unit = models.CharField(_("단위"), max_length=12, help_text=_("예: %, 명"))
    description = models.TextField(_("측정 방법"), blank=True)
    is_payout_basis = models.BooleanField(
        _("보상 기준 지표"), default=False, help_text=_("성과보상 구간이 이 지표에 적용됩니다.")
    )

    class Meta:
        verbose_name = _("성과지표")
        verbose_name_plural = _("성과지표")
        ordering = ["bond", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bond", "name"], name="impact_metric_once"),
            models.UniqueConstraint(
                fields=["bond"],
                condition=Q(is_payout_basis=True),
                name="impact_metric_one_payout_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Measurement(models.Model):
    metric = models.ForeignKey(
        OutcomeMetric,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("성과지표"),
    )
    year = models.PositiveSmallIntegerField(_("측정 연도"))
    value = models.DecimalField(
        _("측정값"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("근거·비고"), max_length=300, blank=True)
    entered_by = user_field(_("입력자"), optional=False)
    entered_at = models.DateTimeField(_("입력 시각"), auto_now=True)

    class Meta:
        verbose_name = _("성과 측정")
        verbose_name_plural = _("성과 측정")
        ordering = ["metric", "year"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "year"], name="impact_measurement_per_year"),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="impact_measurement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.year}: {self.value}"


class PayoutBand(models.Model):
    """From ``lower`` (inclusive) up to the next band's ``lower`` (exclusive; the last band is
    open-ended), the payout is ``payout_percent`` % of the project cost."""

    bond = models.ForeignKey(
        ImpactBond, on_delete=models.CASCADE, related_name="payout_bands", verbose_name=_("사업")
    )
    lower = models.DecimalField(
        _("구간 하한(이상)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    upper = models.DecimalField(
        _("구간 상한(미만)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    payout_percent = models.DecimalField(
        _("지급률(%)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("성과보상 구간")
        verbose_name_plural = _("성과보상 구간")
        ordering = ["bond", "lower"]
        constraints = [
            models.UniqueConstraint(fields=["bond", "lower"], name="impact_band_lower_once"),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gt=F("lower")),
                name="impact_band_upper_above_lower",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lower}~{self.upper or ''}: {self.payout_percent}%"


for _model in (Investor, BudgetLine, OutcomeMetric, Measurement, PayoutBand):
    auditlog.register(_model)
auditlog.register(ImpactBond, m2m_fields={"evaluator_staff"})
