from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from seoul_se.core.money import format_eok, format_won, to_unit
from seoul_se.core.templatetags.won import kdate, percent


def test_format_won_groups_thousands():
    assert format_won(1234567) == "1,234,567원"
    assert format_won(None) == "-"
    assert format_won(-5000) == "-5,000원"


def test_units_round_half_up():
    assert format_won(6_185_415_000, "천원") == "6,185,415천원"
    assert format_won(1_500_500_000, "백만원") == "1,501백만원"
    assert format_won(1_500_499_999, "백만원") == "1,500백만원"
    assert to_unit(90_464_000_000, "억원", 2) == Decimal("904.64")


def test_eok_display_matches_seed_style():
    assert format_eok(90_464_000_000) == "904억 6,400만원"
    assert format_eok(13_217_000_000) == "132억 1,700만원"
    assert format_eok(5_000) == "0만원"


def test_korean_dates_and_percent():
    import datetime as dt

    assert kdate(dt.date(2020, 3, 2)) == "2020년 3월 2일"
    assert kdate(dt.date(2020, 3, 2), True) == "2020년 3월 2일 (월)"
    assert percent(Decimal("1.04")) == "104%"
    assert percent(Decimal("0.405")) == "41%"


@given(st.integers(min_value=0, max_value=10**15))
def test_unit_conversion_never_loses_more_than_half_a_unit(amount):
    for unit, size in [("천원", 1000), ("백만원", 10**6), ("억원", 10**8)]:
        shown = to_unit(amount, unit)
        assert abs(shown * size - amount) <= Decimal(size) / 2
