import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from enterprises.validators import (
    business_number_check_digit,
    corporate_number_check_digit,
    format_business_number,
    format_corporate_number,
    normalize_business_number,
    normalize_corporate_number,
)

# Worked by hand with the rule (weights 1,3,7,1,3,7,1,3,5 + ⌊9th×5÷10⌋):
# 220-81-62517: 2+6+0+8+3+42+2+15+5 = 83, +⌊1×5/10⌋=0 → 83 → (10−3) mod 10 = 7 ✓
# 124-81-00998: 1+6+28+8+3+0+0+27+45 = 118, +⌊9×5/10⌋=4 → 122 → 8 ✓
VALID_BUSINESS = ["220-81-62517", "1248100998", "124 81 00998"]
# Corporate (weights 1,2,1,2,…): 130111-0006246: 1+6+0+2+1+2+0+0+0+12+2+8 = 34 → 6 ✓
VALID_CORPORATE = ["130111-0006246", "1101111234569"]


@pytest.mark.parametrize("value", VALID_BUSINESS)
def test_valid_business_numbers_pass(value):
    assert normalize_business_number(value) == value.replace("-", "").replace(" ", "")


@pytest.mark.parametrize("value", ["220-81-62518", "220-81-62510", "124-81-00997"])
def test_wrong_check_digit_is_refused_although_the_format_is_right(value):
    # A popular library only checks the 10-digit format; these have the format but not the sum.
    with pytest.raises(ValidationError) as exc:
        normalize_business_number(value)
    assert exc.value.code == "check_digit"
    assert "검증번호" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["", "220-81-6251", "220-81-625177", "abc-de-fghij"])
def test_business_number_format_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        normalize_business_number(value)
    assert exc.value.code == "format"


def test_ninth_digit_carry_term_matters():
    # 9th digit 9: the ⌊9×5÷10⌋ = 4 term changes the check digit; without it we'd get 2.
    assert business_number_check_digit("124810099") == 8


@pytest.mark.parametrize("value", VALID_CORPORATE)
def test_valid_corporate_numbers_pass(value):
    assert normalize_corporate_number(value) == value.replace("-", "")


@pytest.mark.parametrize("value", ["130111-0006247", "110111-1234560"])
def test_corporate_wrong_check_digit(value):
    with pytest.raises(ValidationError) as exc:
        normalize_corporate_number(value)
    assert exc.value.code == "check_digit"


def test_corporate_format():
    with pytest.raises(ValidationError) as exc:
        normalize_corporate_number("130111-000624")
    assert exc.value.code == "format"


def test_display_formats():
    assert format_business_number("2208162517") == "220-81-62517"
    assert format_corporate_number("1301110006246") == "130111-0006246"


@settings(max_examples=100)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_business_number_only_the_computed_check_digit_passes(first_nine, last):
    number = first_nine + str(last)
    if last == business_number_check_digit(first_nine):
        assert normalize_business_number(number) == number
    else:
        with pytest.raises(ValidationError):
            normalize_business_number(number)


@settings(max_examples=100)
@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 9))
def test_corporate_number_only_the_computed_check_digit_passes(first_twelve, last):
    number = first_twelve + str(last)
    if last == corporate_number_check_digit(first_twelve):
        assert normalize_corporate_number(number) == number
    else:
        with pytest.raises(ValidationError):
            normalize_corporate_number(number)
