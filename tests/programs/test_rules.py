from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs import rules, workflow
from programs.models import Application
from seoul_se.reference.models import LegalType
from tests.programs.factories import CallFactory, RuleFactory

pytestmark = pytest.mark.django_db


def legal(code):
    return LegalType.objects.get(code=code).pk


def test_cap_and_consortium_multiplier():
    call = CallFactory()
    rule = RuleFactory(program=call.program)
    ok = rules.check_request(call, legal("certified_se"), rule=None, amount=100_000_000, months=24)
    assert ok.ok and ok.cap == 100_000_000
    over = rules.check_request(
        call, legal("certified_se"), rule=rule, amount=100_000_001, months=12
    )
    assert "한도 100,000,000원을 초과" in over.errors[0]
    consortium = rules.check_request(
        call, legal("certified_se"), rule=rule, amount=200_000_000, months=12, consortium=True
    )
    assert consortium.ok and consortium.cap == 200_000_000


def test_ineligible_legal_type_and_duration():
    call = CallFactory()
    RuleFactory(program=call.program)
    result = rules.check_request(call, legal("social_venture"), rule=None, amount=1, months=1)
    assert result.errors == ("이 사업에 신청할 수 없는 기업 유형입니다.",)
    too_long = rules.check_request(call, legal("certified_se"), rule=None, amount=1, months=25)
    assert "사업기간은 1~24개월" in too_long.errors[0]


def test_call_caps_apply_on_top_of_rule():
    call = CallFactory(request_cap=30_000_000, duration_cap_months=6, consortium_allowed=False)
    RuleFactory(program=call.program)
    result = rules.check_request(
        call, legal("certified_se"), rule=None, amount=40_000_000, months=12, consortium=True
    )
    assert len(result.errors) == 3


def test_per_person_monthly_rate():
    call = CallFactory()
    RuleFactory(
        program=call.program,
        max_amount=None,
        monthly_rate_per_person=178_000,
        max_duration_months=12,
    )
    assert rules.check_request(
        call, legal("certified_se"), rule=None, amount=178_000 * 3 * 12, months=12, persons=3
    ).ok
    assert not rules.check_request(
        call, legal("certified_se"), rule=None, amount=178_000 * 3 * 12 + 1, months=12, persons=3
    ).ok
    assert not rules.check_request(
        call, legal("certified_se"), rule=None, amount=1, months=12, persons=0
    ).ok


def test_split_cost_floor_national_remainder_city():
    assert rules.split_cost(12_614_000_000, Decimal("0.75")) == (9_460_500_000, 3_153_500_000)
    assert rules.split_cost(101, Decimal("0.70")) == (70, 31)
    assert rules.split_cost(5, Decimal("0")) == (0, 5)


@settings(max_examples=150, deadline=None)
@given(
    award=st.integers(min_value=1, max_value=10**11),
    share=st.decimals(min_value=0, max_value=1, places=4),
    cuts=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=6),
)
def test_payments_split_sum_to_the_agreement_split(award, share, cuts):
    total_cuts = sum(cuts)
    amounts = [award * c // total_cuts for c in cuts]
    amounts[-1] += award - sum(amounts)
    paid = national_sum = city_sum = 0
    for amount in amounts:
        national, city = rules.split_payment(paid, amount, share)
        assert national >= 0 and city >= 0 and national + city == amount
        national_sum += national
        city_sum += city
        paid += amount
    assert (national_sum, city_sum) == rules.split_cost(award, share)


def test_transitions_are_data():
    S = Application.Status
    machine = workflow.MACHINE
    assert machine.allowed(S.DRAFT, S.SUBMITTED)
    assert machine.allowed(S.INTERIM_EVALUATION, S.IN_PROGRESS)
    assert not machine.allowed(S.SUBMITTED, S.SELECTED)
    assert set(machine.transitions) == set(S.values)
    with pytest.raises(Exception, match="'접수' 상태에서 '선정' 상태로 변경할 수 없습니다"):
        machine.check(S.SUBMITTED, S.SELECTED)
    for source, targets in workflow.MANUAL_TRANSITIONS.items():
        assert targets <= machine.targets(source)
