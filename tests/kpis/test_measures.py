"""Each registered measure against hand-built records, and recomputation over them."""

import datetime as dt
from decimal import Decimal

import pytest

from kpis import measures, selectors, services
from kpis.models import IndicatorValue, Recomputation
from tests.factories import EnterpriseFactory
from tests.kpis import factories as f

pytestmark = pytest.mark.django_db


def value_of(key, year, params=None, cumulative=False):
    measure = measures.REGISTRY[key]
    first, last = measures.year_range(year, cumulative)
    params = params or {}
    return measure.evaluate_many(first, last, [params])[measures.params_key(params)]


@pytest.fixture
def world():
    """Two programs in 2019, one in 2020, with selections, agreements, payments, loans …"""
    a, b, c = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    innovation = f.program(2019, "innovation")
    excellent = f.program(2019, "excellent")
    later = f.program(2020, "innovation")
    f.application(innovation, a)
    f.application(innovation, b)
    f.application(innovation, c, selected=False)
    f.application(excellent, a)
    f.application(later, c)
    agr_a = f.agreement(innovation, a, signed_on=dt.date(2019, 4, 1))
    agr_b = f.agreement(excellent, b, signed_on=dt.date(2019, 5, 1))
    agr_a2 = f.agreement(excellent, a, signed_on=dt.date(2019, 6, 1))
    f.agreement(later, c, signed_on=dt.date(2020, 4, 1))
    f.disbursement(agr_a, paid_on=dt.date(2019, 4, 10), amount=30_000_000)
    f.disbursement(agr_a, paid_on=dt.date(2019, 9, 10), amount=20_000_000)
    f.disbursement(agr_b, paid_on=dt.date(2019, 5, 10), amount=15_000_000)
    f.disbursement(agr_a2, paid_on=dt.date(2020, 1, 10), amount=7_000_000)
    for day in (dt.date(2019, 9, 1), dt.date(2019, 10, 1), dt.date(2019, 11, 1)):
        f.workshop(held_on=day)
    f.workshop(held_on=dt.date(2018, 10, 1), complex_name="동대문R아파트")
    f.loan_disbursement(a, on=dt.date(2019, 3, 1), amount=100_000_000)
    f.loan_disbursement(a, on=dt.date(2019, 8, 1), amount=50_000_000)
    f.loan_disbursement(b, on=dt.date(2019, 8, 1), amount=200_000_000)
    f.loan_disbursement(c, on=dt.date(2018, 8, 1), amount=80_000_000)
    f.village_designation(a, on=dt.date(2018, 6, 1))
    f.village_designation(b, on=dt.date(2018, 7, 1))
    f.village_designation(c, on=dt.date(2018, 7, 1), kind="village_pre")
    f.village_designation(c, on=dt.date(2019, 7, 1))
    return {"innovation": innovation, "excellent": excellent, "later": later}


def test_applications_selected(world):
    assert value_of("applications_selected", 2019).value == 4  # c's rejection is not counted
    assert value_of("applications_selected", 2019, {"program": world["later"].pk}).value == 0


def test_applications_selected_per_program(world):
    # selected ones count whatever happened after (agreement signed …)
    assert value_of("applications_selected", 2019, {"program": world["innovation"].pk}).value == 2
    assert value_of("applications_selected", 2019, {"program": world["excellent"].pk}).value == 2
    assert value_of("applications_selected", 2020, {"program": world["later"].pk}).value == 1


def test_program_disbursements(world):
    assert value_of("program_disbursements", 2019).value == 65_000_000
    assert (
        value_of("program_disbursements", 2019, {"program": world["innovation"].pk}).value
        == 50_000_000
    )
    assert value_of("program_disbursements", 2020).value == 7_000_000


def test_workshops_held(world):
    assert value_of("workshops_held", 2019).value == 3
    assert value_of("workshops_held", 2018).value == 1
    assert value_of("workshops_held", 2019, cumulative=True).value == 4


def test_enterprises_with_loan_and_amount_lent(world):
    assert value_of("enterprises_with_loan", 2019).value == 2  # a twice, b once
    assert value_of("amount_lent", 2019).value == 350_000_000
    assert value_of("amount_lent", 2019, cumulative=True).value == 430_000_000


def test_village_new_designations(world):
    assert value_of("village_new_designations", 2018).value == 2  # the 예비 one is not 신규
    assert value_of("village_new_designations", 2019).value == 1


def test_enterprises_supported(world):
    assert value_of("enterprises_supported", 2019).value == 2  # a (twice) and b
    assert value_of("enterprises_supported", 2019, {"program": world["excellent"].pk}).value == 2
    assert value_of("enterprises_supported", 2020).value == 1


def test_money_measure_in_eok():
    measure = measures.REGISTRY["amount_lent"]
    assert measures.to_indicator_unit(Decimal(350_000_000), measure, "억원") == Decimal("3.5")


def computed(area, name, key, unit="건", target=10, year=2019, params=None, cumulative=False):
    return f.IndicatorFactory(
        area=area,
        name=name,
        year=year,
        unit=unit,
        target=Decimal(target),
        source="computed",
        measure_key=key,
        measure_params=params or {},
        cumulative=cumulative,
    )


def test_recompute_year_bounded_queries_and_idempotent(
    world, django_assert_max_num_queries, staff, official
):
    area = f.BusinessAreaFactory(name="전략사업 발굴 및 육성")
    ws = computed(area, "같이살림 워크숍", "workshops_held", "회", target=4)
    computed(
        area, "혁신형 선정", "applications_selected", params={"program": world["innovation"].pk}
    )
    computed(
        area, "우수기업 선정", "applications_selected", params={"program": world["excellent"].pk}
    )
    computed(area, "전체 선정", "applications_selected")
    lent = computed(area, "융자액", "amount_lent", "억원", target=3)
    computed(area, "융자 누계", "amount_lent", "억원", target=4, cumulative=True)
    computed(area, "융자 기업", "enterprises_with_loan", "개 기업", target=2)
    computed(area, "교부액", "program_disbursements", "원", target=60_000_000)
    computed(area, "마을기업 신규", "village_new_designations", "개", target=1)
    computed(area, "지원 기업", "enterprises_supported", "개 기업", target=2)
    manual = f.IndicatorFactory(area=area, year=2019, name="상담", target=Decimal(200))
    entry = services.submit_entry(
        manual, actor=staff, value="208", unit="건", evidence=f.evidence()
    )
    services.act_on_entry(entry, "approve", actor=official)
    # 7 measure kinds (+1 for the cumulative group): the count must not grow with indicators
    with django_assert_max_num_queries(30):
        run = services.recompute_year(2019)
    assert run.indicator_count == 11 and run.changed_count == 10  # the manual one is unchanged
    values = {v.indicator.name: v for v in IndicatorValue.objects.select_related("indicator")}
    assert (
        values["같이살림 워크숍"].actual == 3
        and values["같이살림 워크숍"].achievement_percent == 75
    )
    assert values["혁신형 선정"].actual == 2
    assert values["전체 선정"].actual == 4
    assert values["융자액"].actual == Decimal("3.5") and values["융자액"].achievement_percent == 117
    assert values["융자 누계"].actual == Decimal("4.3")
    assert values["교부액"].actual == 65_000_000
    assert values["상담"].achievement_percent == 104
    assert values["같이살림 워크숍"].records_counted == 3
    assert values["같이살림 워크숍"].data_fingerprint
    again = services.recompute_year(2019)
    assert again.changed_count == 0
    assert again.data_fingerprint == run.data_fingerprint
    # new data: the dashboard flags the measure stale until the next run
    f.workshop(held_on=dt.date(2019, 12, 1))
    assert "workshops_held" in selectors.changed_measure_kinds(2019)
    row = selectors.indicator_row(ws)
    assert row.stale
    third = services.recompute_year(2019)
    assert third.changed_count == 1
    assert IndicatorValue.objects.get(indicator=ws).actual == 4
    assert not selectors.changed_measure_kinds(2019)
    assert IndicatorValue.objects.get(indicator=lent).actual == Decimal("3.5")
    assert Recomputation.objects.filter(year=2019).count() == 3


def test_query_count_does_not_grow_with_indicators(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    area = f.BusinessAreaFactory(name="자치구 생태계 조성지원")
    computed(area, "w0", "workshops_held", "회")
    with CaptureQueriesContext(connection) as small:
        services.recompute_year(2019)
    for n in range(1, 40):
        computed(area, f"w{n}", "workshops_held", "회")
        computed(
            area,
            f"s{n}",
            "applications_selected",
            params={"program": world["innovation"].pk if n % 2 else world["excellent"].pk},
        )
    with CaptureQueriesContext(connection) as large:
        services.recompute_year(2019)
    assert len(large.captured_queries) <= len(small.captured_queries) + 3  # +1 kind, bulk writes


def test_counted_records_for_drill_down(world):
    area = f.BusinessAreaFactory(name="사회투자기금")
    indicator = computed(area, "융자 기업", "enterprises_with_loan", "개 기업")
    labels, total = selectors.counted_records(indicator)
    assert total == 3 and len(labels) == 3
    assert all("원" in label for label in labels)
