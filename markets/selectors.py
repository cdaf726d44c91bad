"""Reads of market access shared by pages, API, exports and the KPI measures.

KPI measures take ``(first, last)`` year builders returning the counted records (drill-down);
the ``*_in_year`` helpers give the yearly figures of the performance report directly.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from markets.models import (
    ChannelKind,
    EventParticipation,
    EventSeries,
    MarketEvent,
    Placement,
    SalesChannel,
    SalesReport,
)

# --- KPI builders: records dated in years [first, last] ----------------------------------


def placements_between(first: int, last: int, kind: str | None = None) -> QuerySet[Placement]:
    """Placements (입점) that started in the years, optionally in channels of one kind."""
    placements = Placement.objects.filter(started_on__year__gte=first, started_on__year__lte=last)
    if kind:
        placements = placements.filter(channel__kind=kind)
    return placements


def sales_between(first: int, last: int, kind: str | None = None) -> QuerySet[SalesReport]:
    """Reported channel sales of periods in the years."""
    sales = SalesReport.objects.filter(year__gte=first, year__lte=last)
    if kind:
        sales = sales.filter(placement__channel__kind=kind)
    return sales


def participations_between(
    first: int, last: int, series: str | None = None
) -> QuerySet[EventParticipation]:
    """Enterprise participations in market events held in the years."""
    rows = EventParticipation.objects.filter(
        event__held_on__year__gte=first, event__held_on__year__lte=last
    )
    if series:
        rows = rows.filter(event__series=series)
    return rows


def events_between(first: int, last: int, series: str | None = None) -> QuerySet[MarketEvent]:
    events = MarketEvent.objects.filter(held_on__year__gte=first, held_on__year__lte=last)
    if series:
        events = events.filter(series=series)
    return events


# --- yearly figures ----------------------------------------------------------------------


def placements_in_year(year: int, kind: str | None = None) -> int:
    """E.g. 일반유통채널 입점지원 30개 기업 (2018, 거점 매장), 홈쇼핑 방송 26회 (2019)."""
    return placements_between(year, year, kind).count()


def enterprises_placed_in_year(year: int, kind: str | None = None) -> int:
    return placements_between(year, year, kind).values("enterprise_id").distinct().count()


def stores_with_placements(year: int, kind: str = ChannelKind.COOP_STORE) -> QuerySet[SalesChannel]:
    """Channels of ``kind`` in which a placement started in ``year`` (생협매장 입점 29개 매장)."""
    return SalesChannel.objects.filter(
        kind=kind, pk__in=placements_between(year, year).values("channel_id")
    )


def channel_sales_total(year: int, kind: str | None = None) -> int:
    return sales_between(year, year, kind).aggregate(total=Sum("amount"))["total"] or 0


@dataclass(frozen=True)
class SeriesFigures:
    series: str
    label: str
    events: int
    participations: int
    sales: int


def event_series_figures(year: int) -> list[SeriesFigures]:
    """Per market (인서울마켓, 덕수궁 페어샵): events held, participating enterprises and sales."""
    rows = {
        row["series"]: row
        for row in MarketEvent.objects.filter(held_on__year=year)
        .values("series")
        .annotate(
            n_events=Count("pk", distinct=True),
            n_participations=Count("participations"),
            sales_sum=Sum("participations__sales"),
        )
    }
    return [
        SeriesFigures(
            series,
            str(label),
            rows[series]["n_events"],
            rows[series]["n_participations"],
            rows[series]["sales_sum"] or 0,
        )
        for series, label in EventSeries.choices
        if series in rows
    ]


def event_sales_total(year: int, series: str | None = None) -> int:
    return participations_between(year, year, series).aggregate(total=Sum("sales"))["total"] or 0


# --- lists ------------------------------------------------------------------------------


def channels_for_list(channels: QuerySet[SalesChannel], on: dt.date) -> QuerySet[SalesChannel]:
    active = Q(placements__started_on__lte=on) & (
        Q(placements__ended_on__isnull=True) | Q(placements__ended_on__gte=on)
    )
    return channels.annotate(
        placement_count=Count("placements", distinct=True),
        active_count=Count("placements", filter=active, distinct=True),
    ).order_by("kind", "name")


def placements_for_list(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("channel", "enterprise").annotate(
        sales_total=Sum("sales__amount")
    )


def sales_for_list(sales: QuerySet[SalesReport]) -> QuerySet[SalesReport]:
    return sales.select_related("placement__channel", "placement__enterprise").order_by(
        "-year", "-period", "placement__channel__name", "pk"
    )


def events_for_list(events: QuerySet[MarketEvent]) -> QuerySet[MarketEvent]:
    return events.annotate(
        participant_count=Count("participations"), sales_total=Sum("participations__sales")
    ).order_by("-held_on", "pk")


def participations_for_list(rows: QuerySet[EventParticipation]) -> QuerySet[EventParticipation]:
    return rows.select_related("event", "enterprise").order_by("-event__held_on", "pk")
