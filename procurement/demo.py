"""Demo public procurement from the seeds, as records whose sums reproduce the printed figures
(the split among institutions, enterprises and dates is illustrative):

- Targets 1,400억원 (2019) → 1,700억원 (2020); 2019 actual 1,690억원, 321억 more than 2018
  (so 2018: 1,369억원) — seed 000.
- 2019 공공구매 상담회 (2.27–2.28): 본청 19, 투자출연기관 10, 자치구 25 institutions with 208
  enterprises in 1:1 meetings, 808백만원 of purchases — seed 000.
- 누계 매칭 계약 81억 at the end of 2018 (target 80억) — seed 001; spread over the 2017
  찾아가는 공공구매 박람회 and the 2018 공공구매 박람회 (7.5–6) from the same report's history.

Idempotent: created once, recognised by the 2019 상담회.
"""

import datetime as dt
from typing import TextIO

from django.db import transaction

from enterprises.models import Enterprise
from markets.demo import split
from procurement.models import (
    Institution,
    InstitutionKind,
    MatchContract,
    MatchmakingEvent,
    Meeting,
    Purchase,
    PurchaseTarget,
)

EOK = 100_000_000
MILLION = 1_000_000
DISTRICTS = (
    "종로 중구 용산 성동 광진 동대문 중랑 성북 강북 도봉 노원 은평 서대문 마포 양천 강서 구로 "
    "금천 영등포 동작 관악 서초 강남 송파 강동"
).split()
INVESTED = (
    "서울교통공사",
    "서울주택도시공사",
    "서울시설공단",
    "서울에너지공사",
    "서울농수산식품공사",
    "세종문화회관",
    "서울산업진흥원",
    "서울신용보증재단",
    "서울의료원",
    "서울문화재단",
)
TARGETS = {2019: 1_400 * EOK, 2020: 1_700 * EOK}
ACTUALS = {2018: 1_369 * EOK, 2019: 1_690 * EOK}
EVENT_2019 = "2019 사회적경제 공공구매 상담회"
ENTERPRISES_2019 = 208
CONTRACTS_2019 = (80, 808 * MILLION)
# (name, start, end, contracts, total): together 81억 by the end of 2018.
EARLIER_EVENTS = (
    ("2017 찾아가는 공공구매 박람회", dt.date(2017, 9, 5), dt.date(2017, 9, 5), 30, 45 * EOK),
    (
        "2018 서울시 사회적경제 공공구매 박람회",
        dt.date(2018, 7, 5),
        dt.date(2018, 7, 6),
        30,
        36 * EOK,
    ),
)


def load(out: TextIO) -> None:
    enterprises = list(Enterprise.objects.order_by("pk")[:ENTERPRISES_2019])
    if len(enterprises) < ENTERPRISES_2019:
        out.write(f"  공공구매: 기업이 {ENTERPRISES_2019}곳 미만이라 건너뜀\n")
        return
    if not MatchmakingEvent.objects.filter(name=EVENT_2019).exists():
        with transaction.atomic():
            institutions = _load_institutions()
            _load_purchases(institutions, enterprises)
            _load_matchmaking(institutions, enterprises)
    out.write(
        f"  공공구매: 기관 {Institution.objects.count()}곳, 실적 {Purchase.objects.count()}건, "
        f"상담회 {MatchmakingEvent.objects.count()}회\n"
    )


def _load_institutions() -> list[Institution]:
    names = (
        [(f"서울시 본청 {n:02d}", InstitutionKind.CITY_HALL) for n in range(1, 20)]
        + [(name, InstitutionKind.INVESTED) for name in INVESTED]
        + [
            (f"{name}구청" if name != "중구" else "중구청", InstitutionKind.DISTRICT)
            for name in DISTRICTS
        ]
    )
    institutions = [Institution.objects.create(name=name, kind=kind) for name, kind in names]
    Institution.objects.create(name="서울특별시교육청", kind=InstitutionKind.EDUCATION)
    for year, amount in TARGETS.items():
        PurchaseTarget.objects.create(year=year, amount=amount)
    return institutions


def _load_purchases(institutions: list[Institution], enterprises: list[Enterprise]) -> None:
    buyers = [*institutions, Institution.objects.get(name="서울특별시교육청")]
    for year, total in ACTUALS.items():
        Purchase.objects.bulk_create(
            Purchase(
                institution=institution,
                enterprise=enterprises[(index * 3 + year) % len(enterprises)],
                purchased_on=dt.date(year, 1 + index % 12, 20),
                amount=amount,
                item="물품·용역 (연간 합계)",
            )
            for index, (institution, amount) in enumerate(
                zip(buyers, split(total, len(buyers)), strict=True)
            )
        )


def _load_matchmaking(institutions: list[Institution], enterprises: list[Enterprise]) -> None:
    for name, starts_on, ends_on, contracts, total in EARLIER_EVENTS:
        event = MatchmakingEvent.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
        _meetings_and_contracts(event, institutions, enterprises[:contracts], contracts, total)
    event = MatchmakingEvent.objects.create(
        name=EVENT_2019,
        starts_on=dt.date(2019, 2, 27),
        ends_on=dt.date(2019, 2, 28),
        place="서울시청",
    )
    _meetings_and_contracts(event, institutions, enterprises, *CONTRACTS_2019)


def _meetings_and_contracts(  # type: ignore[no-untyped-def]
    event, institutions, enterprises, contracts: int, total: int
) -> None:
    meetings = Meeting.objects.bulk_create(
        Meeting(event=event, enterprise=enterprise, institution=institutions[i % len(institutions)])
        for i, enterprise in enumerate(enterprises)
    )
    MatchContract.objects.bulk_create(
        MatchContract(
            meeting=meeting,
            amount=amount,
            signed_on=event.ends_on + dt.timedelta(days=30 + i % 60),
        )
        for i, (meeting, amount) in enumerate(
            zip(meetings[:contracts], split(total, contracts), strict=True)
        )
    )
