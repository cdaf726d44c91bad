"""Demo market access from the seeds, as records whose counts and sums reproduce the printed
figures (the split among stores, dates and enterprises is illustrative):

- 2018 report (seed 001): 일반유통채널 입점지원 (공감마켓정) 30개 기업; 생협매장 입점지원 29개 매장
  (우리동네협동가게).
- 2019 results (seed 000): 롯데홈쇼핑 무료방송 26회; 은평두레·한살림 등 생협 매장 입점 31개;
  인서울마켓 9회, 409개 기업 참가, 85백만원; 덕수궁 페어샵 6회, 183개 기업 참가, 156백만원.
- 온라인쇼핑몰 함께누리 ('14.9월 오픈).

Idempotent: created once, recognised by the channel names.
"""

import datetime as dt
from typing import TextIO

from django.db import transaction

from enterprises.models import Enterprise
from markets.models import (
    ChannelKind,
    EventParticipation,
    EventSeries,
    MarketEvent,
    Placement,
    SalesChannel,
)

MILLION = 1_000_000
COOP_STORES_2018 = 29
COOP_PLACEMENTS_2019 = 31
HUB_PLACEMENTS_2018 = 30
BROADCASTS_2019 = 26
# (series, name, first day, place, events, participations, sales)
MARKETS_2019 = [
    (
        EventSeries.IN_SEOUL,
        "인서울마켓",
        dt.date(2019, 9, 7),
        "뚝섬 한강공원",
        9,
        409,
        85 * MILLION,
    ),
    (
        EventSeries.DEOKSUGUNG,
        "덕수궁 페어샵",
        dt.date(2019, 9, 21),
        "덕수궁 돌담길",
        6,
        183,
        156 * MILLION,
    ),
]


def split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole numbers that add up exactly (the first ones get the rest)."""
    base, rest = divmod(total, parts)
    return [base + (1 if index < rest else 0) for index in range(parts)]


def load(out: TextIO) -> None:
    enterprises = list(Enterprise.objects.order_by("pk")[:60])
    if len(enterprises) < 50:
        out.write("  판로지원: 기업이 50곳 미만이라 건너뜀\n")
        return
    if not SalesChannel.objects.filter(name="공감마켓정").exists():
        with transaction.atomic():
            _load_channels(enterprises)
            _load_events(enterprises)
    out.write(
        f"  판로지원: 채널 {SalesChannel.objects.count()}곳, 입점 {Placement.objects.count()}건, "
        f"행사 {MarketEvent.objects.count()}회\n"
    )


def _load_channels(enterprises: list[Enterprise]) -> None:
    hub = SalesChannel.objects.create(
        kind=ChannelKind.HUB_STORE, name="공감마켓정", operator="함께일하는세상(주)"
    )
    for index, enterprise in enumerate(enterprises[:HUB_PLACEMENTS_2018]):
        Placement.objects.create(
            channel=hub,
            enterprise=enterprise,
            started_on=dt.date(2018, 3 + index % 9, 1),
            products="생활용품",
        )
    SalesChannel.objects.create(
        kind=ChannelKind.HUB_STORE, name="서울시 중소기업 전시판매장", operator="서울시"
    )
    SalesChannel.objects.create(
        kind=ChannelKind.ONLINE,
        name="함께누리",
        operator="서울시사회적경제지원센터",
        opened_on=dt.date(2014, 9, 1),
    )
    stores = [
        SalesChannel.objects.create(
            kind=ChannelKind.COOP_STORE, name=f"우리동네협동가게 {n}호점", operator="생협"
        )
        for n in range(1, COOP_STORES_2018 + 1)
    ]
    stores += [
        SalesChannel.objects.create(kind=ChannelKind.COOP_STORE, name=name, operator=name)
        for name in ("은평두레생협 매장", "한살림 매장")
    ]
    for index, store in enumerate(stores[:COOP_STORES_2018]):
        Placement.objects.create(
            channel=store,
            enterprise=enterprises[index],
            started_on=dt.date(2018, 1 + index % 12, 15),
            products="식품",
        )
    for index in range(COOP_PLACEMENTS_2019):
        Placement.objects.create(
            channel=stores[index % len(stores)],
            enterprise=enterprises[30 + index % 20],
            started_on=dt.date(2019, 1 + index % 12, 10),
            products="식품·생활용품",
        )
    home_shopping = SalesChannel.objects.create(
        kind=ChannelKind.HOME_SHOPPING, name="롯데홈쇼핑", operator="롯데홈쇼핑"
    )
    for index in range(BROADCASTS_2019):
        aired = dt.date(2019, 1, 10) + dt.timedelta(days=14 * index)
        Placement.objects.create(
            channel=home_shopping,
            enterprise=enterprises[index],
            started_on=aired,
            ended_on=aired,
            products="무료방송",
        )


def _load_events(enterprises: list[Enterprise]) -> None:
    for series, name, first_day, place, events, participations, sales in MARKETS_2019:
        per_event = split(participations, events)
        sales_each = iter(split(sales, participations))
        for number, count in enumerate(per_event):
            event = MarketEvent.objects.create(
                series=series,
                name=f"{name} {number + 1}회",
                held_on=first_day + dt.timedelta(days=7 * number),
                place=place,
            )
            EventParticipation.objects.bulk_create(
                EventParticipation(event=event, enterprise=enterprise, sales=next(sales_each))
                for enterprise in enterprises[number : number + count]
            )
