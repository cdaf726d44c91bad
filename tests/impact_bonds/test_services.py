import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from impact_bonds import selectors, services
from impact_bonds.models import ImpactBond, Measurement, PayoutBand
from impact_bonds.payout import Band
from tests.impact_bonds.factories import make_bond

pytestmark = pytest.mark.django_db
D = Decimal


def test_measurement_outside_the_contract_years_is_refused(official):
    _bond, metric = make_bond(official)
    for year in (2015, 2020):
        with pytest.raises(ValidationError) as info:
            services.record_measurement(metric, actor=official, year=year, value=D(50))
        assert info.value.error_dict["year"][0].code == "year_outside_contract"
    assert not Measurement.objects.exists()


def test_measurement_pays_and_correcting_it_replaces_the_value(official):
    bond, metric = make_bond(official, project_cost=1_110_000_000)
    services.record_measurement(metric, actor=official, year=2019, value=D("30"))
    services.record_measurement(metric, actor=official, year=2019, value=D("52.7"))
    assert Measurement.objects.count() == 1
    outcome = selectors.latest_outcome(bond)
    assert outcome.payout.amount == 1_443_000_000
    assert "최고 구간 기준 42 %를 넘어 사업비의 130 % 지급" in outcome.payout.explanation


def test_sib_outcome_of_a_year_counts_only_payout_metric_measurements(official):
    _bond1, metric1 = make_bond(official, number=1, project_cost=1_000_000_000)
    bond2, metric2 = make_bond(official, number=2, project_cost=2_000_000_000)
    other = services.add_metric(bond2, actor=official, name="참여자 수", unit="명")
    services.record_measurement(metric1, actor=official, year=2019, value=D(45))
    services.record_measurement(metric2, actor=official, year=2019, value=D(20))
    services.record_measurement(metric2, actor=official, year=2018, value=D(50))
    services.record_measurement(other, actor=official, year=2019, value=D(400))
    outcomes = selectors.sib_outcome(2019)
    assert [(o.bond.number, o.payout.percent) for o in outcomes] == [(1, 130), (2, 100)]
    assert selectors.sib_payout_total(2019) == 1_300_000_000 + 2_000_000_000
    assert selectors.measurements_between(2019, 2019).count() == 3


def test_overlapping_rule_is_refused_and_the_old_rule_kept(official):
    bond, _metric = make_bond(official)
    before = list(PayoutBand.objects.filter(bond=bond).values_list("lower", "payout_percent"))
    with pytest.raises(ValidationError) as info:
        services.set_payout_rule(
            bond,
            actor=official,
            bands=[Band(D(0), D(50), D(0)), Band(D(40), None, D(120))],
        )
    assert info.value.code == "bands_overlap"
    assert (
        list(PayoutBand.objects.filter(bond=bond).values_list("lower", "payout_percent")) == before
    )


def test_budget_lines_must_add_up_to_the_project_cost(official):
    with pytest.raises(ValidationError) as info:
        services.create_bond(
            actor=official,
            number=2,
            name="청년 실업 해소",
            starts_on=dt.date(2020, 7, 1),
            ends_on=dt.date(2023, 6, 30),
            project_cost=3_000_000_000,
            budget_lines=[("사업수행비", 2_540_000_000), ("운영비", 360_000_000)],
        )
    assert info.value.code == "budget_lines_mismatch"
    assert not ImpactBond.objects.exists()


def test_who_may_measure(official, staff, auditor, make_user):
    bond, metric = make_bond(official)
    evaluator = make_user("reviewer")
    for user in (staff, auditor, evaluator):
        with pytest.raises(PermissionDenied):
            services.record_measurement(metric, actor=user, year=2018, value=D(1))
    bond.evaluator_staff.add(evaluator)
    services.record_measurement(metric, actor=evaluator, year=2018, value=D(12))
    with pytest.raises(PermissionDenied):
        services.set_payout_rule(bond, actor=staff, bands=[Band(D(0), None, D(0))])


def test_demo_reproduces_the_published_figures(official):
    import io

    from impact_bonds import demo

    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    assert ImpactBond.objects.count() == 2
    no1 = ImpactBond.objects.get(number=1)
    outcome = selectors.latest_outcome(no1)
    assert outcome.measurement.value == D("52.7") and outcome.payout.percent == 130
    no2 = ImpactBond.objects.get(number=2)
    assert no2.project_cost == 3_000_000_000
    assert [line.amount for line in no2.budget_lines.all()] == [
        2_540_000_000,
        360_000_000,
        100_000_000,
    ]
    assert "500" in no2.target_group and len(no2.years()) == 4  # 2020-07 – 2023-06: 3 years
