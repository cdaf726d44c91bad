"""Cleaning of typed and imported text, shared by every input boundary (page forms, the API,
Excel imports) so the same input is judged the same way everywhere.

- Control characters (C0 except tab/newline/CR, DEL, C1) are refused: they are invisible, and
  one of them in a stored value used to make every Excel export of that data fail.
- Identifiers and numbers typed with other digit forms (full-width ``１２３``, Arabic-Indic
  ``١٢٣`` …) are read as ASCII digits; digit-like characters that are not decimal digits
  (superscript ``¹``, circled ``①``) are refused rather than guessed.
- Numbers typed as text accept thousands separators only in correct groups (``1,234,000``);
  ``1,2,3`` and exponent notation (``1e3``) are refused instead of being read as 123 or 1000.
"""

import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls except tab (09), newline (0A) and carriage return (0D); DEL (7F); C1 (80-9F).
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NUMBER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)
INTEGER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)", re.ASCII)


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS_RE.search(value) is not None


def validate_no_control_characters(value: object) -> None:
    """Validator for any text input; non-text values pass."""
    if isinstance(value, str) and has_control_characters(value):
        raise control_character_error()


def control_character_error() -> ValidationError:
    return ValidationError(
        _(
            "보이지 않는 제어 문자가 들어 있습니다. 다른 프로그램에서 복사한 내용이라면 "
            "해당 부분을 지우고 직접 입력해 주세요."
        ),
        code="control_character",
    )


def ascii_digits(value: str) -> str:
    """``value`` with every decimal digit as an ASCII digit and compatibility forms folded
    (NFKC: full-width hyphen and spaces). Superscript/circled digits are refused: NFKC alone
    would quietly read ``¹`` as ``1``."""
    if value.isascii():
        return value
    for char in value:
        if char.isdigit() and not char.isdecimal():
            raise ValidationError(
                _(
                    "'%(char)s'은(는) 일반 숫자가 아닙니다(위첨자·동그라미 숫자 등). "
                    "0~9 숫자로 입력해 주세요."
                ),
                code="digit_form",
                params={"char": char},
            )
    folded = unicodedata.normalize("NFKC", value)
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in folded)


def _number_text(value: object) -> str:
    return ascii_digits(str(value)).strip()


def parse_decimal(value: object) -> Decimal:
    """A number typed as text (``1234.5``, ``1,234.5``, ``１２３``) → Decimal; ValidationError
    (code ``number_format``) for anything else, including ``1,2,3``, ``1e3``, ``NaN``."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    text = _number_text(value)
    if not NUMBER_RE.fullmatch(text):
        raise ValidationError(
            _(
                "숫자로 입력해 주세요(예: 1234000 또는 1,234,000). 쉼표는 세 자리마다만 쓸 수 "
                "있고 지수 표기(1e3)는 쓸 수 없습니다."
            ),
            code="number_format",
        )
    return Decimal(text.replace(",", ""))


def parse_integer(value: object) -> int:
    """A whole number typed as text (``1,234,000``, ``１２３``) → int; ValidationError (code
    ``number_format``) for fractions, ``1,2,3``, ``1e3`` and any other text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _number_text(value)
    if not INTEGER_RE.fullmatch(text):
        raise ValidationError(
            _(
                "정수로 입력해 주세요(예: 1234000 또는 1,234,000). 쉼표는 세 자리마다만 쓸 수 "
                "있고 소수점·지수 표기(1e3)는 쓸 수 없습니다."
            ),
            code="number_format",
        )
    return int(text.replace(",", ""))
