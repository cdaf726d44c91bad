"""KPI targets (목표), actuals (실적) and achievement rates (달성률) per business area.

An :class:`Indicator` belongs to one year. Its actual is either *computed* by a registered measure
(``kpis/measures/``) over the portal's records or *manual*: entered with evidence by staff
and approved by an official (:class:`ManualEntry`). The current actual and rate live in
:class:`IndicatorValue`; recomputation runs are recorded in :class:`Recomputation`.
"""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seoul_se.core.models import Recorded, TransitionRecord, user_field

MONEY_UNITS = frozenset({"원", "억원"})


def format_quantity(value: Decimal | None, unit: str) -> str:
    """``Decimal("200.00"), "건"`` → ``200건``; thousands separated, trailing zeros dropped."""
    if value is None:
        return "-"
    number = format(Decimal(value).normalize(), ",f")
    shown = str(Unit(unit).label) if unit in Unit.values else unit
    # Korean writes the unit on the number (200건), English after a space (200 cases).
    return f"{number}{unit}" if shown == unit else f"{number} {shown.strip()}"


class Unit(models.TextChoices):
    CASES = "건", _("건")
    TIMES = "회", _("회")
    ITEMS = "개", _("개")
    ENTERPRISES = "개 기업", _("개 기업")
    STORES = "개 매장", _("개 매장")
    DISTRICTS = "개 구", _("개 구")
    PEOPLE = "명", _("명")
    COURSES = "과정", _("과정")
    SETS = "식", _("식")
    WON = "원", _("원")
    EOK = "억원", _("억원")
    PERCENT = "%", "%"


class Direction(models.TextChoices):
    HIGHER = "higher", _("높을수록 좋음")
    LOWER = "lower", _("낮을수록 좋음")


class Source(models.TextChoices):
    COMPUTED = "computed", _("자동 집계")
    MANUAL = "manual", _("직접 입력")


class BusinessArea(models.Model):
    """A business area of the centre's performance report (e.g. 공공시장 확대지원)."""

    name = models.CharField(_("사업 분야"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("표시 순서"), default=100)

    class Meta:
        verbose_name = _("사업 분야")
        verbose_name_plural = _("사업 분야")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Indicator(Recorded):
    """One KPI of one year: target, unit, direction and how its actual is obtained."""

    area = models.ForeignKey(
        BusinessArea,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("사업 분야"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kpi_indicators",
        verbose_name=_("지원사업"),
        help_text=_("같은 연도의 사업만 지정할 수 있습니다."),
    )
    year = models.PositiveSmallIntegerField(_("연도"), db_index=True)
    name = models.CharField(_("지표명"), max_length=200)
    unit = models.CharField(_("단위"), max_length=8, choices=Unit.choices)
    direction = models.CharField(
        _("방향"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    cumulative = models.BooleanField(
        _("누계"), default=False, help_text=_("실적이 이전 연도 실적을 더한 누계입니다.")
    )
    target = models.DecimalField(
        _("목표"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("비워 두면 '목표 미설정'으로 달성률을 산출하지 않습니다."),
    )
    source = models.CharField(
        _("실적 산출 방식"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    measure_key = models.CharField(_("집계 기준"), max_length=64, blank=True, db_index=True)
    measure_params = models.JSONField(_("집계 매개변수"), default=dict, blank=True)
    note = models.TextField(_("비고"), blank=True)
    order = models.PositiveSmallIntegerField(_("표시 순서"), default=100)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    class Meta:
        verbose_name = _("성과지표")
        verbose_name_plural = _("성과지표")
        ordering = ["year", "area__order", "area__name", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area", "name"], name="kpi_one_indicator_per_year_area_name"
            ),
            models.CheckConstraint(
                condition=models.Q(target__gte=0), name="kpi_target_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["area", "name", "year"], name="kpi_series_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED


class IndicatorValue(models.Model):
    """The current actual of an indicator and its achievement rate.

    ``period_value`` is this year's own figure; ``actual`` equals it, or for a cumulative
    indicator the running total of the series (same area and name) up to this year.
    ``achievement_rate`` is stored to 6 decimal places (rounded half up) and
    ``achievement_percent`` is the whole percent shown (rounded half up from the exact ratio),
    see ``kpis/rates.py``.
    """

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="value", verbose_name=_("성과지표")
    )
    period_value = models.DecimalField(_("당해 실적"), max_digits=24, decimal_places=4)
    actual = models.DecimalField(_("실적"), max_digits=24, decimal_places=4)
    # Wide enough for any ratio of two 24-digit quantities at 6 places (no overflow on a typo'd
    # target such as 100원 against billions lent).
    achievement_rate = models.DecimalField(
        _("달성률"), max_digits=32, decimal_places=6, null=True, blank=True
    )
    achievement_percent = models.BigIntegerField(_("달성률(%)"), null=True, blank=True)
    records_counted = models.PositiveIntegerField(_("집계 자료 수"), default=0)
    data_fingerprint = models.CharField(_("자료 지문"), max_length=64, blank=True)
    basis = models.JSONField(_("산출 근거"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("산출 시각"))
    stale = models.BooleanField(_("재계산 필요"), default=False)
    recomputation = models.ForeignKey(
        "Recomputation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("재계산 실행"),
    )

    class Meta:
        verbose_name = _("성과지표 실적")
        verbose_name_plural = _("성과지표 실적")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.actual}"


class ManualEntry(models.Model):
    """An actual entered by centre staff with evidence; an official approves or rejects it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("승인 대기")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")
        WITHDRAWN = "withdrawn", _("철회")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="entries", verbose_name=_("성과지표")
    )
    value = models.DecimalField(
        _("실적값"), max_digits=24, decimal_places=4, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("단위"), max_length=8, choices=Unit.choices)
    evidence = models.FileField(_("증빙 자료"), upload_to="kpis/evidence/%Y/")
    note = models.TextField(_("설명"), blank=True)
    status = models.CharField(
        _("상태"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    entered_by = user_field(_("입력자"), optional=False)
    entered_at = models.DateTimeField(_("입력 시각"), auto_now_add=True)
    approved_by = user_field(_("승인자"))
    decided_at = models.DateTimeField(_("처리 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("실적 직접 입력")
        verbose_name_plural = _("실적 직접 입력")
        ordering = ["-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="kpi_entry_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("entered_by")),
                name="kpi_entry_not_self_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.value_display} ({self.get_status_display()})"

    @property
    def value_display(self) -> str:
        return format_quantity(self.value, self.unit)


class ManualEntryTransition(TransitionRecord):
    """Every status change of a manual entry: who, when, from, to and why."""

    subject_field = "entry"

    entry = models.ForeignKey(
        ManualEntry, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("입력")
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("입력 상태 변경")
        verbose_name_plural = _("입력 상태 변경")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.from_status or '-'} → {self.to_status}"


class Recomputation(models.Model):
    """One recomputation of a year's indicators: when, why, and from what data."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("화면에서 요청")
        NIGHTLY = "nightly", _("야간 정기 실행")
        SYSTEM = "system", _("시스템")

    year = models.PositiveSmallIntegerField(_("연도"), db_index=True)
    trigger = models.CharField(_("실행 계기"), max_length=10, choices=Trigger.choices)
    job = models.ForeignKey(
        "core.BackgroundJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("백그라운드 작업"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("요청자"),
    )
    started_at = models.DateTimeField(_("시작 시각"))
    finished_at = models.DateTimeField(_("종료 시각"), null=True, blank=True)
    indicator_count = models.PositiveIntegerField(_("지표 수"), default=0)
    changed_count = models.PositiveIntegerField(_("변경된 실적 수"), default=0)
    measure_kinds = models.JSONField(_("집계 기준별 지표 수"), default=dict, blank=True)
    data_versions = models.JSONField(_("자료 버전"), default=dict, blank=True)
    data_fingerprint = models.CharField(_("자료 지문"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("성과지표 재계산")
        verbose_name_plural = _("성과지표 재계산")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} 재계산 {self.started_at:%Y-%m-%d %H:%M}"


auditlog.register(BusinessArea)
auditlog.register(Indicator)
auditlog.register(IndicatorValue)
auditlog.register(ManualEntry)
auditlog.register(ManualEntryTransition)
auditlog.register(Recomputation)
