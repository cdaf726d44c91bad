"""Reads shared by the KPI pages, the API and the reports app.

Contract for reports: ``performance_table(year) -> list[AreaRows]`` — per business area the rows
of the performance report (indicator, unit, target, actual, achievement rate, shown percent,
arrow), in display order.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kpis import measures
from kpis.models import (
    Indicator,
    IndicatorValue,
    ManualEntry,
    Recomputation,
    Source,
    format_quantity,
)
from kpis.rates import arrow_for, display_percent


@dataclass(frozen=True)
class PerformanceRow:
    indicator_id: int
    year: int
    name: str
    unit: str
    target: Decimal | None
    actual: Decimal | None
    achievement_rate: Decimal | None
    percent: int | None
    display: str  # "104%" or "-"
    arrow: str  # ↗ → ↘ or ""
    cumulative: bool
    direction: str
    source: str
    stale: bool = False
    computed_at: Any = None

    @property
    def target_display(self) -> str:
        return "목표 미설정" if self.target is None else format_quantity(self.target, self.unit)

    @property
    def actual_display(self) -> str:
        return "-" if self.actual is None else format_quantity(self.actual, self.unit)


@dataclass
class AreaRows:
    area: str
    area_id: int
    rows: list[PerformanceRow] = field(default_factory=list)


def available_years() -> list[int]:
    return list(Indicator.objects.order_by("-year").values_list("year", flat=True).distinct())


def default_year() -> int:
    years = available_years()
    current = timezone.localdate().year
    if not years or current in years:
        return current
    return years[0]


def year_indicators(year: int, area_id: int | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.filter(year=year).select_related("area", "value")
    if area_id:
        qs = qs.filter(area_id=area_id)
    return qs.order_by("area__order", "area__name", "order", "pk")


def _row(indicator: Indicator, changed_kinds: frozenset[str] = frozenset()) -> PerformanceRow:
    value: IndicatorValue | None = getattr(indicator, "value", None)
    stale = False
    if value is not None:
        stale = (
            value.stale
            or indicator.updated_at > value.computed_at
            or (indicator.source == Source.COMPUTED and indicator.measure_key in changed_kinds)
        )
    elif indicator.source == Source.COMPUTED:
        stale = True  # never computed yet
    percent = value.achievement_percent if value else None
    return PerformanceRow(
        indicator_id=indicator.pk,
        year=indicator.year,
        name=indicator.name,
        unit=indicator.unit,
        target=indicator.target,
        actual=value.actual if value else None,
        achievement_rate=value.achievement_rate if value else None,
        percent=percent,
        display=display_percent(percent),
        arrow=arrow_for(percent),
        cumulative=indicator.cumulative,
        direction=indicator.direction,
        source=indicator.source,
        stale=stale,
        computed_at=value.computed_at if value else None,
    )


def performance_table(year: int, area_id: int | None = None) -> list[AreaRows]:
    """The performance report of ``year``: business areas with their indicator rows."""
    return _group(year_indicators(year, area_id), frozenset())


def _group(indicators: Any, changed: frozenset[str]) -> list[AreaRows]:
    areas: dict[int, AreaRows] = {}
    for indicator in indicators:
        block = areas.setdefault(
            indicator.area_id, AreaRows(indicator.area.name, indicator.area_id)
        )
        block.rows.append(_row(indicator, changed))
    return list(areas.values())


def changed_measure_kinds(year: int) -> frozenset[str]:
    """Measures whose data changed since the year's last recomputation (one query per kind)."""
    last = Recomputation.objects.filter(year=year, finished_at__isnull=False).first()
    keys = set(
        Indicator.objects.filter(year=year, source=Source.COMPUTED)
        .order_by()
        .values_list("measure_key", flat=True)
        .distinct()
    )
    if last is None:
        return frozenset(keys)
    changed = set()
    for key in keys & set(measures.REGISTRY):
        if last.data_versions.get(key) != measures.REGISTRY[key].data_version(year):
            changed.add(key)
    return frozenset(changed)


@dataclass
class Dashboard:
    year: int
    areas: list[AreaRows]
    histogram: list[tuple[str, int]]
    last_run: Recomputation | None
    pending_entries: int
    stale_count: int

    @property
    def rows(self) -> list[PerformanceRow]:
        return [row for area in self.areas for row in area.rows]


HISTOGRAM_BUCKETS: list[tuple[str, int | None, int | None]] = [
    ("0–49%", 0, 49),
    ("50–79%", 50, 79),
    ("80–99%", 80, 99),
    ("100%", 100, 100),
    ("101–149%", 101, 149),
    ("150–199%", 150, 199),
    ("200% 이상", 200, None),
]


def histogram(rows: list[PerformanceRow]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.percent is None:
            counts["산출 불가"] += 1
            continue
        for label, low, high in HISTOGRAM_BUCKETS:
            if row.percent >= (low or 0) and (high is None or row.percent <= high):
                counts[label] += 1
                break
    labels = [b[0] for b in HISTOGRAM_BUCKETS] + ["산출 불가"]
    return [(label, counts[label]) for label in labels]


def dashboard(year: int, area_id: int | None = None) -> Dashboard:
    areas = _group(year_indicators(year, area_id), changed_measure_kinds(year))
    rows = [row for area in areas for row in area.rows]
    return Dashboard(
        year=year,
        areas=areas,
        histogram=histogram(rows),
        last_run=Recomputation.objects.filter(year=year).select_related("requested_by").first(),
        pending_entries=ManualEntry.objects.filter(
            indicator__year=year, status=ManualEntry.Status.SUBMITTED
        ).count(),
        stale_count=sum(1 for row in rows if row.stale),
    )


def series(indicator: Indicator) -> list[PerformanceRow]:
    """The same indicator (business area + name) across years, oldest first."""
    qs = (
        Indicator.objects.filter(area_id=indicator.area_id, name=indicator.name)
        .select_related("area", "value")
        .order_by("year")
    )
    return [_row(i) for i in qs]


def indicator_row(indicator: Indicator) -> PerformanceRow:
    return _row(
        indicator, changed_measure_kinds(indicator.year) if indicator.is_computed else frozenset()
    )


def counted_records(indicator: Indicator, limit: int = 200) -> tuple[list[str], int]:
    """For a computed indicator: the records its measure counts (labels, total count)."""
    measure = measures.REGISTRY.get(indicator.measure_key)
    if measure is None:
        return [], 0
    first, last = measures.year_range(indicator.year, indicator.cumulative)
    qs = measure.records(first, last, indicator.measure_params).order_by("-pk")
    total = qs.count()
    return [measure.label(record) for record in qs[:limit]], total


def entries(indicator: Indicator) -> QuerySet[ManualEntry]:
    return indicator.entries.select_related("entered_by", "approved_by").prefetch_related(
        "transitions__actor"
    )


def pending_entries(year: int | None = None) -> QuerySet[ManualEntry]:
    qs = ManualEntry.objects.filter(status=ManualEntry.Status.SUBMITTED).select_related(
        "indicator__area", "entered_by"
    )
    if year:
        qs = qs.filter(indicator__year=year)
    return qs.order_by("entered_at")
