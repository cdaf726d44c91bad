"""Reads shared by the KPI pages, the API and the reports app.

Contract for reports: ``performance_table(year) -> list[AreaRows]`` — per business area the rows
of the performance report (indicator, unit, target, actual, achievement rate, shown percent,
arrow), in display order.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, F, Max, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

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
from kpis.workflow import WAITING

NO_ACTUAL = gettext_noop("실적 없음")  # translated where shown


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
        if self.target is None:
            return gettext("목표 미설정")
        return format_quantity(self.target, self.unit)

    @property
    def actual_display(self) -> str:
        if self.actual is None:
            return gettext(NO_ACTUAL)
        return format_quantity(self.actual, self.unit)


@dataclass
class AreaRows:
    area: str
    area_id: int
    rows: list[PerformanceRow] = field(default_factory=list)


def available_years() -> list[int]:
    return list(Indicator.objects.order_by("-year").values_list("year", flat=True).distinct())


def default_year() -> int:
    """The latest year with an actual; before any, the current year (or the latest defined)."""
    measured = Indicator.objects.filter(value__isnull=False).aggregate(last=Max("year"))["last"]
    if measured is not None:
        return int(measured)
    years = available_years()
    current = timezone.localdate().year
    if not years or current in years:
        return current
    return years[0]


def with_stale(
    qs: QuerySet[Indicator], changed: frozenset[str] = frozenset()
) -> QuerySet[Indicator]:
    """Annotate ``kpi_stale`` (the one staleness rule, see ``_stale_q``) and load the value."""
    return qs.select_related("area", "value").annotate(
        kpi_stale=Case(When(_stale_q(changed), then=Value(True)), default=Value(False))
    )


def year_indicators(
    year: int, area_id: int | None = None, changed: frozenset[str] = frozenset()
) -> QuerySet[Indicator]:
    qs = Indicator.objects.filter(year=year)
    if area_id:
        qs = qs.filter(area_id=area_id)
    return with_stale(qs, changed).order_by("area__order", "area__name", "order", "pk")


def _row(indicator: Indicator) -> PerformanceRow:
    value: IndicatorValue | None = getattr(indicator, "value", None)
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
        stale=bool(getattr(indicator, "kpi_stale", False)),
        computed_at=value.computed_at if value else None,
    )


def performance_table(year: int, area_id: int | None = None) -> list[AreaRows]:
    """The performance report of ``year``: business areas with their indicator rows."""
    return _group(year_indicators(year, area_id))


def _group(indicators: Any) -> list[AreaRows]:
    areas: dict[int, AreaRows] = {}
    for indicator in indicators:
        block = areas.setdefault(
            indicator.area_id, AreaRows(indicator.area.name, indicator.area_id)
        )
        block.rows.append(_row(indicator))
    return list(areas.values())


CHANGED_CACHE_SECONDS = 60


def changed_measure_kinds(year: int) -> frozenset[str]:
    """Measures whose data changed since the year's last recomputation (one query per kind).

    Cached for a minute per (year, last run): the dashboard stays fast, and a change shows as
    stale within a minute.
    """
    last = Recomputation.objects.filter(year=year, finished_at__isnull=False).first()
    cache_key = f"kpis:changed:{year}:{last.pk if last else 0}"
    cached = cache.get(cache_key)
    if cached is not None:
        return frozenset(cached)
    keys = set(
        Indicator.objects.filter(year=year, source=Source.COMPUTED)
        .order_by()
        .values_list("measure_key", flat=True)
        .distinct()
    )
    if last is None:
        changed = keys
    else:
        changed = {
            key
            for key in keys & set(measures.REGISTRY)
            if last.data_versions.get(key) != measures.REGISTRY[key].data_version(year)
        }
    cache.set(cache_key, sorted(changed), CHANGED_CACHE_SECONDS)
    return frozenset(changed)


@dataclass
class AreaSummary:
    area_id: int
    area: str
    indicators: int
    achieved: int  # shown percent ≥ 100
    below: int
    undefined: int
    stale: int
    buckets: list[int]  # indicators per HISTOGRAM_BUCKETS band


@dataclass
class Dashboard:
    year: int
    summary: list[AreaSummary]
    areas: list[AreaRows]  # the detail tables shown (all, or one area when there are many)
    histogram: list[tuple[str, int]]
    last_run: Recomputation | None
    pending_entries: int
    partial: bool  # True when only one area's details are shown

    @property
    def rows(self) -> list[PerformanceRow]:
        return [row for area in self.areas for row in area.rows]

    @property
    def total(self) -> int:
        return sum(a.indicators for a in self.summary)

    @property
    def stale_count(self) -> int:
        return sum(a.stale for a in self.summary)


HISTOGRAM_BUCKETS: list[tuple[str, int | None, int | None]] = [
    ("0–49%", 0, 49),
    ("50–79%", 50, 79),
    ("80–99%", 80, 99),
    ("100%", 100, 100),
    ("101–149%", 101, 149),
    ("150–199%", 150, 199),
    (gettext_noop("200% 이상"), 200, None),
]
UNDEFINED_BUCKET = gettext_noop("산출 불가")
DETAIL_LIMIT = 150  # above this many indicators a year's dashboard details one area at a time


def _bucket_q(low: int | None, high: int | None) -> Q:
    q = Q(value__achievement_percent__gte=low or 0)
    return q & Q(value__achievement_percent__lte=high) if high is not None else q


def _stale_q(changed: frozenset[str]) -> Q:
    """Stale: flagged (definition edited, earlier cumulative year corrected), edited after the
    value was computed, a computed indicator never computed, or its measure's data changed."""
    computed = Q(source=Source.COMPUTED)
    return (
        Q(value__stale=True)
        | Q(updated_at__gt=F("value__computed_at"))
        | (computed & Q(value__isnull=True))
        | (computed & Q(measure_key__in=changed))
    )


def area_summary(year: int, changed: frozenset[str] = frozenset()) -> list[AreaSummary]:
    """Per business area: indicators, achieved (≥ 100 %), below, undefined, stale and the
    achievement histogram buckets — one grouped query."""
    pct = "value__achievement_percent"
    buckets = {
        f"b{i}": Count("pk", filter=_bucket_q(low, high))
        for i, (_, low, high) in enumerate(HISTOGRAM_BUCKETS)
    }
    rows = (
        Indicator.objects.filter(year=year)
        .order_by("area__order", "area__name")
        .values("area_id", "area__name", "area__order")
        .annotate(
            n=Count("pk"),
            achieved=Count("pk", filter=Q(**{f"{pct}__gte": 100})),
            below=Count("pk", filter=Q(**{f"{pct}__lt": 100})),
            undefined=Count("pk", filter=Q(**{f"{pct}__isnull": True})),
            stale=Count("pk", filter=_stale_q(changed)),
            **buckets,
        )
    )
    return [_summary(row) for row in rows]


def _summary(row: Mapping[str, Any]) -> AreaSummary:
    return AreaSummary(
        area_id=row["area_id"],
        area=row["area__name"],
        indicators=row["n"],
        achieved=row["achieved"],
        below=row["below"],
        undefined=row["undefined"],
        stale=row["stale"],
        buckets=[row[f"b{i}"] for i in range(len(HISTOGRAM_BUCKETS))],
    )


def histogram(summary: list[AreaSummary]) -> list[tuple[str, int]]:
    """The achievement distribution over the given areas' summaries."""
    counts = [sum(a.buckets[i] for a in summary) for i in range(len(HISTOGRAM_BUCKETS))]
    labels = [gettext(label) for label, _, _ in HISTOGRAM_BUCKETS]
    return [
        *zip(labels, counts, strict=True),
        (gettext(UNDEFINED_BUCKET), sum(a.undefined for a in summary)),
    ]


def dashboard(year: int, area_id: int | None = None) -> Dashboard:
    changed = changed_measure_kinds(year)
    summary = area_summary(year, changed)
    total = sum(a.indicators for a in summary)
    partial = False
    if not area_id and total > DETAIL_LIMIT and summary:
        area_id, partial = summary[0].area_id, True
    areas = _group(year_indicators(year, area_id, changed))
    return Dashboard(
        year=year,
        summary=summary,
        areas=areas,
        histogram=histogram([a for a in summary if partial or not area_id or a.area_id == area_id]),
        last_run=Recomputation.objects.filter(year=year).select_related("requested_by").first(),
        pending_entries=ManualEntry.objects.filter(
            indicator__year=year, status__in=WAITING
        ).count(),
        partial=partial,
    )


def dashboard_version(year: int) -> str:
    """What the year's dashboard depends on, in two cheap queries: any indicator edited or
    (re)computed, any entry submitted or decided, any recomputation, any measure data change.
    The page caches its rendered tables under this key (see ``views.dashboard``)."""
    row = Indicator.objects.filter(year=year).aggregate(
        n=Count("pk", distinct=True),
        updated=Max("updated_at"),
        computed=Max("value__computed_at"),
        entry=Max("entries__pk"),
        decided=Max("entries__decided_at"),
        pending=Count("entries", filter=Q(entries__status__in=WAITING)),
    )
    run = Recomputation.objects.filter(year=year).values_list("pk", "finished_at").first()
    parts = [year, *row.values(), run, sorted(changed_measure_kinds(year))]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def series(indicator: Indicator) -> list[PerformanceRow]:
    """The same indicator (business area + name) across years, oldest first."""
    qs = Indicator.objects.filter(area_id=indicator.area_id, name=indicator.name)
    return [_row(i) for i in with_stale(qs).order_by("year")]


def indicator_row(indicator: Indicator) -> PerformanceRow:
    changed = changed_measure_kinds(indicator.year) if indicator.is_computed else frozenset()
    return _row(with_stale(Indicator.objects.filter(pk=indicator.pk), changed).get())


def counted_records(indicator: Indicator, limit: int = 200) -> tuple[list[str], int]:
    """For a computed indicator: the records its measure counts (labels, total count)."""
    measure = measures.REGISTRY.get(indicator.measure_key)
    if measure is None:
        return [], 0
    first, last = measures.year_range(indicator.year, indicator.cumulative)
    qs = measure.records(first, last, indicator.measure_params).order_by("-pk")
    total = qs.count()
    return [measure.label(record) for record in qs[:limit]], total


def entry_details(qs: QuerySet[ManualEntry]) -> QuerySet[ManualEntry]:
    """Entries with their indicator, people and transitions loaded: listing any number of them
    costs the same few queries (pages and API)."""
    return qs.select_related("indicator__area", "entered_by", "approved_by").prefetch_related(
        "transitions__actor"
    )


def entries(indicator: Indicator) -> QuerySet[ManualEntry]:
    return entry_details(indicator.entries.all())


def pending_entries(year: int | None = None) -> QuerySet[ManualEntry]:
    qs = ManualEntry.objects.filter(status__in=WAITING).select_related(
        "indicator__area", "entered_by"
    )
    if year:
        qs = qs.filter(indicator__year=year)
    return qs.order_by("entered_at")
