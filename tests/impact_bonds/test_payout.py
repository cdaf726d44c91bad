"""The payout rule as pure arithmetic: refusals, rounding, explanation and properties."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from impact_bonds import payout
from impact_bonds.payout import Band
from tests.impact_bonds.factories import NO1_BANDS

D = Decimal


def test_no1_success_rate_pays_130_percent_with_explanation():
    result = payout.compute(NO1_BANDS, D("52.7"), 1_110_000_000, metric="성공률", unit="%")
    assert result.amount == 1_443_000_000
    assert result.percent == 130
    assert result.explanation == "성공률 52.7 %가 최고 구간 기준 42 %를 넘어 사업비의 130 % 지급"


def test_below_first_paying_threshold_pays_nothing_and_says_why():
    result = payout.compute(NO1_BANDS, D("9.99"), 1_000_000_000, metric="성공률", unit="%")
    assert result.amount == 0
    assert result.explanation == "성공률 9.99 %가 지급 기준 10 %에 못 미쳐 지급하지 않음"


def test_middle_band_and_exact_threshold():
    result = payout.compute(NO1_BANDS, D("26"), 1_000_000_000, metric="성공률", unit="%")
    assert result.amount == 1_150_000_000
    assert "26 % 이상 42 % 미만 구간에 해당하여 사업비의 115 % 지급" in result.explanation


def test_payout_rounds_down_to_whole_won():
    bands = [Band(D(0), None, D("33.33"))]
    # 1,000,001 × 33.33 % = 333,300.3333… → 333,300 (never more than the contracted share)
    assert payout.compute(bands, D(5), 1_000_001, metric="m", unit="명").amount == 333_300


@pytest.mark.parametrize(
    ("bands", "code"),
    [
        ([], "bands_empty"),
        ([Band(D(0), D(20), D(0)), Band(D(10), None, D(100))], "bands_overlap"),
        ([Band(D(0), D(10), D(0)), Band(D(20), None, D(100))], "bands_gap"),
        ([Band(D(5), None, D(100))], "bands_gap"),
        ([Band(D(10), None, D(100)), Band(D(0), D(10), D(0))], "bands_unordered"),
        ([Band(D(0), D(10), D(0)), Band(D(10), D(20), D(100))], "bands_not_open"),
        ([Band(D(0), D(10), D(100)), Band(D(10), None, D(50))], "bands_decreasing"),
        ([Band(D(0), None, D(-1))], "bands_negative_percent"),
        ([Band(D(0), D(0), D(0)), Band(D(0), None, D(1))], "bands_empty_band"),
    ],
)
def test_invalid_rules_are_refused_with_a_stable_code(bands, code):
    with pytest.raises(ValidationError) as info:
        payout.validate_bands(bands)
    assert info.value.code == code


# --- properties ---------------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@st.composite
def rules(draw):
    """Random valid rules: increasing thresholds from 0, non-decreasing percentages."""
    cuts = sorted(set(draw(st.lists(decimals.filter(lambda d: d > 0), max_size=5))))
    lowers = [D(0), *cuts]
    percents = sorted(
        draw(
            st.lists(
                st.decimals(min_value=0, max_value=300, places=2),
                min_size=len(lowers),
                max_size=len(lowers),
            )
        )
    )
    uppers = [*lowers[1:], None]
    return [Band(lo, up, pc) for lo, up, pc in zip(lowers, uppers, percents, strict=True)]


costs = st.integers(min_value=0, max_value=10**13)


@given(rules(), decimals)
def test_bands_partition_the_range(bands, value):
    payout.validate_bands(bands)
    assert sum(band.contains(value) for band in bands) == 1


@given(rules(), decimals, decimals, costs)
def test_payout_is_monotone_in_the_outcome(bands, a, b, cost):
    low, high = sorted((a, b))
    pay_low = payout.compute(bands, low, cost, metric="m", unit="%").amount
    pay_high = payout.compute(bands, high, cost, metric="m", unit="%").amount
    assert pay_low <= pay_high


@given(rules(), decimals, costs)
def test_payout_is_never_negative_and_never_above_the_exact_share(bands, value, cost):
    result = payout.compute(bands, value, cost, metric="m", unit="%")
    assert isinstance(result.amount, int)
    assert 0 <= result.amount <= cost * result.percent / 100 < result.amount + 1


@pytest.mark.parametrize("unit", ["%", "persons"])
@pytest.mark.parametrize("value", ["9.99", "10", "26", "42", "52.7"])
def test_explanation_in_english_has_no_korean_particles(value, unit):
    from django.utils import translation

    with translation.override("en"):
        result = payout.compute(NO1_BANDS, D(value), 1_000_000_000, metric="rate", unit=unit)
    assert not re.search(r"[가-힣]", result.explanation), result.explanation


def test_explanation_of_other_units_needs_no_particle_after_the_number():
    rising = payout.compute(NO1_BANDS, D("43"), 1_000_000_000, metric="참여자 수", unit="명")
    assert rising.explanation == "참여자 수 43 명: 최고 구간(42 명 이상) → 사업비의 130 % 지급"
    short = payout.compute(NO1_BANDS, D("9"), 1_000_000_000, metric="참여자 수", unit="명")
    assert short.explanation == "참여자 수 9 명: 지급 기준(10 명)에 못 미쳐 지급하지 않음"
