"""Demo SIB contracts from seed 000 (2020 plan, 7 사회성과보상사업):

- No.1 (아동복지시설 아동교육): completed; success rate 52.7 % beat the top incentive threshold
  42 % → 130 % of the project cost paid. The seed gives neither the cost nor the lower bands:
  the cost (1,110백만원), the period and the bands below 42 % are illustrative.
- No.2 (청년 실업 해소): 500 young people aged 19–34, 3 years, 3,000백만원 = 사업수행비 2,540 +
  운영비 360 + 평가비 100 (성과보상 인센티브 별도); metric 국내·외 취업자 수 또는 창업자 수,
  measured yearly by the evaluator. Contract signed in August 2019 (day illustrative); start in
  the first half of 2020. No payout rule is published, so none is set.

Idempotent: bonds are recognised by their number.
"""

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from impact_bonds import services
from impact_bonds.models import ImpactBond
from impact_bonds.payout import Band
from seoul_se.accounts.models import Role, User

MILLION = 1_000_000
NO1_BANDS = [
    Band(Decimal(0), Decimal(10), Decimal(0)),
    Band(Decimal(10), Decimal(26), Decimal(100)),
    Band(Decimal(26), Decimal(42), Decimal(115)),
    Band(Decimal(42), None, Decimal(130)),
]


def load(out: TextIO) -> None:
    official = User.objects.filter(role=Role.OFFICIAL, is_active=True).order_by("pk").first()
    if official is None:
        out.write("  사회성과보상사업: 서울시 담당자 계정이 없어 건너뜀\n")
        return
    with transaction.atomic():
        if not ImpactBond.objects.filter(number=1).exists():
            _load_no1(official)
        if not ImpactBond.objects.filter(number=2).exists():
            _load_no2(official)
    out.write(f"  사회성과보상사업: {ImpactBond.objects.count()}건\n")


def _load_no1(official: User) -> None:
    bond = services.create_bond(
        actor=official,
        number=1,
        name="아동복지시설 아동교육",
        target_group="아동복지시설 아동",
        starts_on=dt.date(2016, 8, 1),
        ends_on=dt.date(2019, 7, 31),
        project_cost=1_110 * MILLION,
        operator="운영기관(데모)",
        evaluator="평가기관(데모)",
    )
    metric = services.add_metric(
        bond,
        actor=official,
        name="성공률",
        unit="%",
        description="평가기관이 측정한 성과목표 달성 아동의 비율",
        is_payout_basis=True,
    )
    services.set_payout_rule(bond, actor=official, bands=NO1_BANDS)
    services.record_measurement(
        metric, actor=official, year=2019, value=Decimal("52.7"), note="2020년 계획 '19년 추진실적"
    )


def _load_no2(official: User) -> None:
    bond = services.create_bond(
        actor=official,
        number=2,
        name="청년 실업 해소",
        target_group="만19세~만34세 청년 취업취약계층 500여명",
        starts_on=dt.date(2020, 7, 1),
        ends_on=dt.date(2023, 6, 30),
        project_cost=3_000 * MILLION,
        operator="운영기관(2019.4 공모 선정)",
        evaluator="평가기관",
        contracted_on=dt.date(2019, 8, 1),
        budget_lines=[
            ("사업수행비", 2_540 * MILLION),
            ("운영비", 360 * MILLION),
            ("평가비", 100 * MILLION),
        ],
    )
    services.add_metric(
        bond,
        actor=official,
        name="국내·외 취업자 수 또는 창업자 수",
        unit="명",
        description="평가기관이 1년 단위로 성과목표 달성 인원 수를 측정",
        is_payout_basis=True,
    )
