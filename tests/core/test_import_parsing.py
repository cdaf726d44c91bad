"""Cell parsers of the import framework: the documented readings of dates, amounts, rates and
registration numbers, and clear codes for what cannot be read."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from seoul_se.core.imports.parsing import (
    parse_amount,
    parse_choice,
    parse_date,
    parse_rate,
    parse_registration_number,
    parse_text,
)
from seoul_se.core.money import format_eok


@pytest.mark.parametrize(
    "value",
    [
        "2019.3.2",
        "2019. 3. 2.",
        "2019-03-02",
        "2019/03/02",
        "2019년 3월 2일",
        "20190302",
        "43526",
        43526,
        43526.75,  # a serial with a time of day: the day
        "２０１９-０３-０２",
        "2019-03-02 00:00:00",
        dt.date(2019, 3, 2),
        dt.datetime(2019, 3, 2, 10, 30),
    ],
)
def test_dates_are_read_in_every_documented_form(value):
    assert parse_date(value) == dt.date(2019, 3, 2)


@pytest.mark.parametrize("value", ["어제", "2019-02-30", "2019.13.1", 0, -5, True, "3/2/2019"])
def test_unreadable_dates_are_refused(value):
    with pytest.raises(ValidationError) as exc:
        parse_date(value)
    assert exc.value.code == "bad_date"


@pytest.mark.parametrize(
    ("value", "won"),
    [
        ("1,234", 1_234),
        ("1,234원", 1_234),
        ("₩1,234", 1_234),
        ("1.2억", 120_000_000),
        ("3천만원", 30_000_000),
        ("5만원", 50_000),
        ("904억 6,400만원", 90_464_000_000),
        ("1억 2천만", 120_000_000),
        ("１２３", 123),
        (1234, 1234),
        (1234.0, 1234),
        ("0", 0),
    ],
)
def test_amounts_are_read_in_won(value, won):
    assert parse_amount(value) == won


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1,2,3", "bad_amount"),
        ("1e3", "bad_amount"),
        ("12.5", "fractional_won"),
        (12.5, "fractional_won"),
        ("1.234567891억", "fractional_won"),
        ("5만3억", "bad_amount"),  # units must go from large to small
        ("-1,000", "negative_amount"),
        ("약 1억", "bad_amount"),
        (True, "bad_amount"),
    ],
)
def test_bad_amounts_have_codes(value, code):
    with pytest.raises(ValidationError) as exc:
        parse_amount(value)
    assert exc.value.code == code


def test_negative_amounts_only_when_allowed():
    assert parse_amount("-1,000", allow_negative=True) == -1_000
    assert parse_amount("△5만원", allow_negative=True) == -50_000


@given(st.integers(min_value=0, max_value=10**15))
def test_amount_round_trips_with_commas_and_won(amount):
    assert parse_amount(f"{amount:,}") == amount
    assert parse_amount(f"{amount:,}원") == amount
    assert parse_amount(str(amount)) == amount


@given(st.integers(min_value=0, max_value=10**11))
def test_amount_round_trips_through_the_portal_eok_display(man):
    amount = man * 10_000  # format_eok shows down to 만원
    assert parse_amount(format_eok(amount)) == amount


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=9999))
def test_eok_with_a_decimal_point(eok, fraction):
    text = f"{eok}.{fraction:04d}억"
    assert parse_amount(text) == eok * 100_000_000 + fraction * 10_000


@pytest.mark.parametrize(
    ("value", "percent"),
    [("2%", "2"), ("2.5", "2.5"), ("0.5", "0.5"), (0.02, "2"), (0.025, "2.5"), (2, "2"), (1, "1")],
)
def test_rates_are_percent(value, percent):
    assert parse_rate(value) == Decimal(percent)


def test_bad_rate():
    with pytest.raises(ValidationError) as exc:
        parse_rate("이 퍼센트")
    assert exc.value.code == "bad_rate"


def test_registration_numbers_keep_digits_and_check_the_last_one():
    assert parse_registration_number("220-81-62517") == "2208162517"
    assert parse_registration_number(2208162517.0) == "2208162517"
    assert parse_registration_number("２２０-８１-６２５１７") == "2208162517"
    for bad in ("220-81-62518", "12345", "220-81-6251¹"):
        with pytest.raises(ValidationError) as exc:
            parse_registration_number(bad)
        assert exc.value.code == "bad_registration_number"


def test_text_and_choices():
    assert parse_text(" 가나 ", 10) == "가나"
    assert parse_text(12.0, 10) == "12"
    with pytest.raises(ValidationError) as exc:
        parse_text("가\x01", 10)
    assert exc.value.code == "control_character"
    with pytest.raises(ValidationError) as exc:
        parse_text("가" * 11, 10)
    assert exc.value.code == "too_long"
    choices = {"사회적협동조합": "social_cooperative", "마을기업": "village"}
    assert parse_choice("사회적 협동조합", choices) == "social_cooperative"
    assert parse_choice("VILLAGE", choices) == "village"
    with pytest.raises(ValidationError) as exc:
        parse_choice("주식회사", choices)
    assert exc.value.code == "bad_choice"
