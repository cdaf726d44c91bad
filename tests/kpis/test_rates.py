"""The achievement-rate rules (kpis/rates.py): unit cases from the 2018 report and properties."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpis import rates

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(
    min_value="0.01", max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


@pytest.mark.parametrize(
    ("target", "actual", "percent", "arrow"),
    [
        ("200", "208", 104, "↗"),  # 일상상담
        ("5", "2", 40, "↘"),  # 자치구공공구매영업지원단 운영지원
        ("80", "81", 101, "↗"),  # 누계 매칭 계약 (1.0125)
        ("6", "6", 100, "→"),
        ("22", "28", 127, "↗"),  # 1.2727…
        ("6", "11", 183, "↗"),  # 1.8333…
        ("8", "34", 425, "↗"),
    ],
)
def test_printed_rates(target, actual, percent, arrow):
    result = rates.achievement(Decimal(actual), Decimal(target))
    assert result.percent == percent
    assert result.arrow == arrow
    assert result.display == f"{percent}%"


def test_stored_precision_is_six_places_half_up():
    assert rates.achievement(Decimal(28), Decimal(22)).rate == Decimal("1.272727")
    assert rates.achievement(Decimal(2), Decimal(3)).rate == Decimal("0.666667")


def test_display_rounds_half_up_from_the_exact_ratio():
    assert rates.achievement(Decimal("1.005"), Decimal(1)).percent == 101  # 100.5 → 101
    assert rates.achievement(Decimal("0.995"), Decimal(1)).percent == 100  # 99.5 → 100, →
    assert rates.achievement(Decimal("0.995"), Decimal(1)).arrow == "→"
    assert rates.achievement(Decimal("0.9949"), Decimal(1)).arrow == "↘"


def test_zero_target_higher_is_better_is_undefined():
    result = rates.achievement(Decimal(5), Decimal(0))
    assert result.rate is None and result.percent is None and result.display == "-"
    assert result.arrow == ""


def test_no_target_or_no_actual_is_undefined():
    assert rates.achievement(Decimal(5), None).display == "-"
    assert rates.achievement(None, Decimal(5)).display == "-"


def test_lower_is_better_inverts():
    result = rates.achievement(Decimal(50), Decimal(100), rates.LOWER)
    assert result.percent == 200 and result.arrow == "↗"
    assert rates.achievement(Decimal(200), Decimal(100), rates.LOWER).percent == 50


def test_lower_is_better_with_actual_zero():
    assert rates.achievement(Decimal(0), Decimal(0), rates.LOWER).percent == 100
    assert rates.achievement(Decimal(0), Decimal(10), rates.LOWER).rate is None
    assert rates.achievement(Decimal(5), Decimal(0), rates.LOWER).percent == 0


def test_cumulative_adds_earlier_years():
    assert rates.cumulative_actual(Decimal(19), [Decimal(81)]) == Decimal(100)
    assert rates.cumulative_actual(Decimal(5), []) == Decimal(5)


@pytest.mark.parametrize("bad", ["abc", "-1", "NaN", "Infinity", None, ""])
def test_to_decimal_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        rates.to_decimal(bad, "목표")


def test_to_decimal_accepts_thousands_separators():
    assert rates.to_decimal("1,690") == Decimal(1690)


@settings(max_examples=150, deadline=None)
@given(actual=amounts, target=positive)
def test_percent_is_round_half_up_of_exact_ratio(actual, target):
    result = rates.achievement(actual, target)
    exact = actual * 100 / target
    assert result.percent == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert abs(result.rate - actual / target) <= Decimal("0.0000005")
    assert result.arrow == ("↗" if result.percent > 100 else "→" if result.percent == 100 else "↘")


@settings(max_examples=150, deadline=None)
@given(actual=positive, target=positive)
def test_lower_is_better_is_the_reciprocal(actual, target):
    lower = rates.exact_ratio(actual, target, rates.LOWER)
    higher = rates.exact_ratio(target, actual, rates.HIGHER)
    assert lower == higher


@settings(max_examples=100, deadline=None)
@given(actual=amounts, target=positive, more=positive)
def test_more_actual_never_lowers_the_rate(actual, target, more):
    assert rates.exact_ratio(actual + more, target) >= rates.exact_ratio(actual, target)


@settings(max_examples=100, deadline=None)
@given(period=amounts, earlier=st.lists(amounts, max_size=5))
def test_cumulative_is_the_sum(period, earlier):
    assert rates.cumulative_actual(period, earlier) == period + sum(earlier, Decimal(0))
