"""The measures over the centre's own records (consulting, education, markets, procurement,
SIB): value and drill-down against records made with the apps' factories and services, the
recomputation's bounded query count, and the demo reproducing the printed actuals."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consulting.models import Case
from education.models import Course, Enrolment
from impact_bonds import services as bond_services
from kpis import demo, measures, selectors, services
from kpis.models import Indicator, IndicatorValue
from markets import services as market_services
from procurement import services as procurement_services
from seoul_se.core.demo import loaders
from tests.consulting.factories import CaseFactory
from tests.education.factories import CourseFactory, CourseSessionFactory, EnrolmentFactory
from tests.factories import EnterpriseFactory
from tests.impact_bonds.factories import make_bond
from tests.kpis import factories as f

pytestmark = pytest.mark.django_db


def value_of(key, year, params=None, cumulative=False):
    measure = measures.REGISTRY[key]
    first, last = measures.year_range(year, cumulative)
    params = params or {}
    return measure.evaluate_many(first, last, [params])[measures.params_key(params)].value


def drill_down(key, year, params=None, cumulative=False):
    first, last = measures.year_range(year, cumulative)
    return measures.REGISTRY[key].records(first, last, params or {})


@pytest.fixture
def centre(official):
    """A little of everything, in 2018 and 2019, with records that must not be counted."""
    a, b = EnterpriseFactory(name="가나협동조합"), EnterpriseFactory(name="다라사회적기업")
    CaseFactory(enterprise=a, kind=Case.Kind.DAILY, requested_on=dt.date(2018, 3, 1))
    CaseFactory(enterprise=b, kind=Case.Kind.DAILY, requested_on=dt.date(2018, 4, 1))
    CaseFactory(enterprise=a, kind=Case.Kind.CONSULTING, requested_on=dt.date(2018, 5, 1))
    CaseFactory(kind=Case.Kind.DAILY, requested_on=dt.date(2018, 6, 1), status="cancelled")
    CaseFactory(kind=Case.Kind.DAILY, requested_on=dt.date(2019, 1, 2))

    awareness = CourseFactory(
        kind=Course.Kind.AWARENESS, starts_on=dt.date(2018, 3, 1), ends_on=dt.date(2018, 12, 1)
    )
    for month in (3, 5, 7):
        CourseSessionFactory(course=awareness, date=dt.date(2018, month, 2), topic=f"{month}월")
    advanced = CourseFactory(
        kind=Course.Kind.ADVANCED,
        title="전문심화 A",
        starts_on=dt.date(2018, 4, 1),
        ends_on=dt.date(2018, 4, 30),
    )
    CourseSessionFactory(course=advanced, date=dt.date(2018, 4, 2))
    tailored = CourseFactory(starts_on=dt.date(2019, 3, 1), ends_on=dt.date(2019, 3, 30))
    EnrolmentFactory(course=tailored, name="김수강")
    EnrolmentFactory(course=tailored, name="이수강")
    EnrolmentFactory(course=tailored, name="박대기", status=Enrolment.Status.WAITING)
    EnrolmentFactory(course=advanced, name="최심화")

    hub = market_services.create_channel(actor=official, kind="hub_store", name="공감마켓정")
    stores = [
        market_services.create_channel(actor=official, kind="coop_store", name=f"생협 {n}호점")
        for n in (1, 2)
    ]
    shopping = market_services.create_channel(
        actor=official, kind="home_shopping", name="롯데홈쇼핑"
    )

    def place(channel, enterprise, on):
        market_services.place_enterprise(
            channel, actor=official, business_number=enterprise.business_number, started_on=on
        )

    place(hub, a, dt.date(2018, 3, 1))
    place(hub, b, dt.date(2018, 4, 1))
    place(stores[0], a, dt.date(2018, 5, 1))
    place(stores[0], b, dt.date(2018, 6, 1))  # the same store twice: one store
    place(stores[1], a, dt.date(2019, 2, 1))
    place(shopping, b, dt.date(2019, 3, 1))
    place(shopping, b, dt.date(2019, 4, 1))
    in_seoul = market_services.create_event(
        actor=official,
        series="in_seoul",
        name="인서울 1회",
        held_on=dt.date(2019, 9, 7),
        place="뚝섬",
    )
    fair = market_services.create_event(
        actor=official,
        series="deoksugung",
        name="페어샵 1회",
        held_on=dt.date(2019, 9, 21),
        place="덕수궁",
    )
    for event, enterprise, sales in ((in_seoul, a, 300_000), (in_seoul, b, 200_000), (fair, a, 1)):
        market_services.record_participation(
            event, actor=official, business_number=enterprise.business_number, sales=sales
        )

    city = procurement_services.create_institution(
        actor=official, name="서울시 본청", kind="city_hall"
    )
    for on, amount in ((dt.date(2018, 5, 1), 700_000_000), (dt.date(2019, 5, 1), 900_000_000)):
        procurement_services.record_purchase(
            actor=official,
            institution=city,
            business_number=a.business_number,
            amount=amount,
            purchased_on=on,
            item="도시락",
        )
    fair_2017 = procurement_services.create_event(
        actor=official,
        name="2017 박람회",
        starts_on=dt.date(2017, 9, 5),
        ends_on=dt.date(2017, 9, 5),
    )
    fair_2018 = procurement_services.create_event(
        actor=official,
        name="2018 박람회",
        starts_on=dt.date(2018, 7, 5),
        ends_on=dt.date(2018, 7, 6),
    )
    for event, enterprise, amount in (
        (fair_2017, a, 450_000_000),
        (fair_2018, a, 300_000_000),
        (fair_2018, b, 60_000_000),
    ):
        meeting = procurement_services.record_meeting(
            event, actor=official, business_number=enterprise.business_number, institution=city
        )
        procurement_services.record_contract(
            meeting,
            actor=official,
            amount=amount,
            signed_on=event.ends_on + dt.timedelta(days=30),
        )

    _bond, metric = make_bond(official, number=1)
    bond_services.record_measurement(metric, actor=official, year=2019, value=Decimal("52.7"))
    _other, other_metric = make_bond(official, number=2, name="다른 SIB")
    bond_services.record_measurement(other_metric, actor=official, year=2019, value=Decimal("10"))
    return {"a": a, "b": b}


def test_consultations_by_kind(centre):
    assert value_of("consulting_cases", 2018, {"case_kind": "daily"}) == 2  # cancelled excluded
    assert value_of("consulting_cases", 2018, {"case_kind": "consulting"}) == 1
    assert value_of("consulting_cases", 2018) == 3
    labels = {
        str(c.enterprise) for c in drill_down("consulting_cases", 2018, {"case_kind": "daily"})
    }
    assert labels == {"가나협동조합", "다라사회적기업"}


def test_sessions_courses_and_participants(centre):
    assert value_of("education_sessions_held", 2018, {"course_kind": "awareness"}) == 3
    assert value_of("education_sessions_held", 2018) == 4
    sessions = drill_down("education_sessions_held", 2018, {"course_kind": "awareness"})
    assert sorted(s.topic for s in sessions) == ["3월", "5월", "7월"]
    assert value_of("education_courses_run", 2018, {"course_kind": "advanced"}) == 1
    assert value_of("education_courses_run", 2018, {"course_kind": "tailored"}) == 0
    assert value_of("education_courses_run", 2019) == 1
    assert value_of("education_participants", 2019) == 2  # the waiting one is not counted
    people = drill_down("education_participants", 2019)
    assert sorted(e.name for e in people) == ["김수강", "이수강"]
    assert value_of("education_participants", 2018, {"course_kind": "advanced"}) == 1


def test_enterprises_placed_stores_and_broadcasts(centre):
    assert value_of("market_enterprises_placed", 2018, {"channel_kind": "hub_store"}) == 2
    # a placed in a hub store and a coop store: one enterprise
    assert value_of("market_enterprises_placed", 2018) == 2
    assert value_of("market_stores_placed", 2018, {"channel_kind": "coop_store"}) == 1
    stores = drill_down("market_stores_placed", 2018, {"channel_kind": "coop_store"})
    assert {str(p.channel) for p in stores} == {"생협 1호점"} and stores.count() == 2
    assert value_of("market_stores_placed", 2019, {"channel_kind": "coop_store"}) == 1
    assert value_of("market_placements", 2019, {"channel_kind": "home_shopping"}) == 2


def test_market_events(centre):
    assert value_of("market_events_held", 2019, {"series": "in_seoul"}) == 1
    assert value_of("market_events_held", 2019) == 2
    assert value_of("market_event_participations", 2019, {"series": "in_seoul"}) == 2
    assert value_of("market_event_sales", 2019, {"series": "in_seoul"}) == 500_000
    assert value_of("market_event_sales", 2019, {"series": "deoksugung"}) == 1
    rows = drill_down("market_event_participations", 2019, {"series": "deoksugung"})
    assert [measures.REGISTRY["market_event_sales"].label(r) for r in rows] == [
        "2019-09-21 페어샵 1회 · 가나협동조합 1원"
    ]


def test_procurement_totals_and_cumulative_contracts(centre):
    assert value_of("procurement_purchases", 2019) == 900_000_000
    assert value_of("procurement_purchases", 2018) == 700_000_000
    assert value_of("matching_contracts", 2018) == 360_000_000
    assert value_of("matching_contracts", 2018, cumulative=True) == 810_000_000
    contracts = drill_down("matching_contracts", 2018, cumulative=True)
    assert sorted(c.amount for c in contracts) == [60_000_000, 300_000_000, 450_000_000]
    assert value_of("procurement_meeting_enterprises", 2018) == 2
    assert value_of("procurement_meeting_enterprises", 2017) == 1
    measure = measures.REGISTRY["matching_contracts"]
    assert measures.to_indicator_unit(Decimal(810_000_000), measure, "억원") == Decimal("8.1")


def test_sib_outcome_per_bond(centre):
    assert value_of("sib_outcome", 2019, {"bond": 1}) == Decimal("52.7")
    assert value_of("sib_outcome", 2019, {"bond": 2}) == Decimal("10")
    [measurement] = drill_down("sib_outcome", 2019, {"bond": 1})
    assert measurement.value == Decimal("52.7")
    assert measures.REGISTRY["sib_outcome"].allowed_units() == {"%"}


def test_choice_and_number_params_are_checked():
    with pytest.raises(ValidationError):
        measures.clean_params(measures.get("consulting_cases"), {"case_kind": "legal"}, 2018)
    assert measures.clean_params(
        measures.get("consulting_cases"), {"case_kind": "daily"}, 2018
    ) == {"case_kind": "daily"}
    with pytest.raises(ValidationError):
        measures.clean_params(measures.get("sib_outcome"), {}, 2019)  # the bond is required
    with pytest.raises(ValidationError):
        measures.clean_params(measures.get("sib_outcome"), {"bond": "x"}, 2019)
    assert measures.clean_params(measures.get("sib_outcome"), {"bond": "1"}, 2019) == {"bond": 1}


def test_recomputation_queries_bounded_by_measure_kinds(centre):
    area = f.BusinessAreaFactory(name="공공시장 확대지원")

    def computed(name, key, unit="건", params=None, cumulative=False, year=2018):
        return f.IndicatorFactory(
            area=area,
            year=year,
            name=name,
            unit=unit,
            target=Decimal(1),
            source="computed",
            measure_key=key,
            measure_params=params or {},
            cumulative=cumulative,
        )

    computed("일상상담", "consulting_cases", params={"case_kind": "daily"})
    with CaptureQueriesContext(connection) as small:
        services.recompute_year(2018)
    # every new measure kind, many indicators of each: the query count grows with the kinds only
    kinds = [
        ("consulting_cases", "건", "case_kind", ["daily", "consulting"]),
        ("education_sessions_held", "회", "course_kind", ["awareness", "advanced"]),
        ("education_courses_run", "과정", "course_kind", ["advanced", "tailored"]),
        ("education_participants", "명", "course_kind", ["advanced", "tailored"]),
        ("market_enterprises_placed", "개 기업", "channel_kind", ["hub_store", "coop_store"]),
        ("market_stores_placed", "개 매장", "channel_kind", ["coop_store", "hub_store"]),
        ("market_placements", "건", "channel_kind", ["hub_store", "home_shopping"]),
        ("market_events_held", "회", "series", ["in_seoul", "deoksugung"]),
        ("market_event_participations", "개 기업", "series", ["in_seoul", "deoksugung"]),
        ("market_event_sales", "원", "series", ["in_seoul", "deoksugung"]),
    ]
    for key, unit, param, choices in kinds:
        for n in range(6):
            computed(f"{key}{n}", key, unit, {param: choices[n % 2]} if n else None)
    for n in range(4):
        computed(f"구매{n}", "procurement_purchases", "억원")
        computed(f"계약{n}", "matching_contracts", "억원", cumulative=bool(n % 2))
        computed(f"상담기업{n}", "procurement_meeting_enterprises", "개 기업")
        computed(f"SIB{n}", "sib_outcome", "%", {"bond": 1 + n % 2}, year=2019)
    with CaptureQueriesContext(connection) as large:
        services.recompute_year(2018)
    kinds_2018 = len(kinds) + 3 + 1  # + the cumulative group of matching_contracts
    # grouped and ungrouped evaluation (≤ 2) and the data version (1) per kind, plus bulk writes
    assert len(large.captured_queries) <= len(small.captured_queries) + 3 * kinds_2018 + 3
    values = {
        v.indicator.name: v.actual
        for v in IndicatorValue.objects.filter(indicator__year=2018).select_related("indicator")
    }
    assert values["market_stores_placed1"] == 1 and values["market_enterprises_placed0"] == 2
    assert values["계약1"] == Decimal("8.1") and values["계약0"] == Decimal("3.6")
    run = services.recompute_year(2019)
    sib = {
        v.indicator.name: v.actual
        for v in IndicatorValue.objects.filter(indicator__year=2019).select_related("indicator")
    }
    assert sib == {"SIB0": Decimal("52.7"), "SIB1": 10, "SIB2": Decimal("52.7"), "SIB3": 10}
    assert run.measure_kinds == {"sib_outcome": 4}


# --- the whole demo ---------------------------------------------------------------------------


@pytest.fixture
def whole_demo():
    out = io.StringIO()
    for _label, load in loaders():
        load(out)
    return out


def measured_rows():
    rows = {
        (year, row[1]): row
        for year, table in (
            (2018, demo.REPORT_2018),
            (2019, demo.RESULTS_2019),
        )
        for row in table
    }
    return [(year, name, rows[(year, name)][4]) for year, name in demo.MEASURED]


def test_demo_reproduces_the_printed_actuals_from_records(whole_demo):
    for year, name, printed in measured_rows():
        indicator = Indicator.objects.select_related("value").get(year=year, name=name)
        assert indicator.source == "computed", name
        assert indicator.value.actual == Decimal(printed), name
        assert not indicator.entries.exists(), name  # nothing typed in
        labels, total = selectors.counted_records(indicator)
        assert total == indicator.value.records_counted and labels, name
    table = {row.name: row for area in selectors.performance_table(2018) for row in area.rows}
    for year, name, _printed in measured_rows():
        if year == 2018:
            assert table[name].percent == demo.PRINTED_2018[name], name
    assert Indicator.objects.get(year=2019, name="매칭 계약").value.actual == 100  # 81 + 19


def test_report_2018_indicators_computed_before_and_after(whole_demo):
    computed = Indicator.objects.filter(
        year=2018, name__in=demo.PRINTED_2018, source="computed"
    ).values_list("name", flat=True)
    assert sorted(computed) == sorted(name for year, name in demo.MEASURED if year == 2018)
    assert len(computed) == 9  # of 32; none was computed before
    manual = Indicator.objects.filter(year=2018, name__in=demo.PRINTED_2018, source="manual")
    assert {"자치구 네트워크", "예비특구 현장지원"} <= set(manual.values_list("name", flat=True))
