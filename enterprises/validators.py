"""Korean registration numbers with their check digits.

사업자등록번호 (10 digits): weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus
⌊(9th digit × 5) ÷ 10⌋; check = (10 − sum mod 10) mod 10.
법인등록번호 (13 digits): weights 1,2,1,2,… on the first twelve digits (raw products summed);
check = (10 − sum mod 10) mod 10.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seoul_se.core.imports.parsing import business_number_check_digit
from seoul_se.core.text import ascii_digits


def digits_only(value: str) -> str:
    """``value`` without spaces and dashes, every digit form (full-width, Arabic-Indic …) as
    ASCII, so the same number is stored and looked up once; ValidationError (``digit_form``)
    for superscript or circled digits."""
    return re.sub(r"[\s-]", "", ascii_digits(value or ""))


def corporate_number_check_digit(first_twelve: str) -> int:
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(first_twelve))
    return (10 - total % 10) % 10


def normalize_business_number(value: str) -> str:
    """Digits of a valid 사업자등록번호, or ValidationError with a Korean message."""
    number = digits_only(value)
    if not re.fullmatch(r"[0-9]{10}", number):
        raise ValidationError(
            _("사업자등록번호는 숫자 10자리(000-00-00000)여야 합니다."), code="format"
        )
    if business_number_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _("사업자등록번호의 검증번호(마지막 자리)가 올바르지 않습니다."), code="check_digit"
        )
    return number


def normalize_corporate_number(value: str) -> str:
    """Digits of a valid 법인등록번호, or ValidationError with a Korean message."""
    number = digits_only(value)
    if not re.fullmatch(r"[0-9]{13}", number):
        raise ValidationError(
            _("법인등록번호는 숫자 13자리(000000-0000000)여야 합니다."), code="format"
        )
    if corporate_number_check_digit(number[:12]) != int(number[12]):
        raise ValidationError(
            _("법인등록번호의 검증번호(마지막 자리)가 올바르지 않습니다."), code="check_digit"
        )
    return number


def validate_business_number(value: str) -> None:
    normalize_business_number(value)


def validate_corporate_number(value: str) -> None:
    if value:
        normalize_corporate_number(value)


def format_business_number(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 else number


def format_corporate_number(number: str) -> str:
    return f"{number[:6]}-{number[6:]}" if len(number) == 13 else number
