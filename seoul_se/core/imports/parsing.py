"""Cell parsers shared by every import kind. Each takes one non-empty cell value as a reader
gives it (text, int, float, bool, date or datetime) and returns the typed value or raises
``ValidationError`` with a Korean message and a stable code. Empty cells never reach them: the
framework reports a required column left empty and passes ``None`` for an optional one.

Readings (docs/imports.md, "Bad input"):

- dates: date/datetime cells; text ``2019.3.2``, ``2019. 3. 2.``, ``2019-03-02``,
  ``2019/03/02``, ``2019년 3월 2일``, ``20190302``; Excel serial numbers in the 1900 date system
  (``43526`` → 2019-03-02) as numbers or text — a time of day in a serial is dropped.
- amounts (whole won): ``1,234``, ``1,234원``, ``₩1,234``, ``1.2억`` (120,000,000),
  ``3천만원``, ``904억 6,400만원``, full-width digits; number cells only when whole. Commas must
  group by three; a fraction of a won is refused (``fractional_won``), never rounded.
- rates (percent, Decimal): text is always percent (``2%``, ``2.0``, ``0.5`` → 0.5%); a NUMBER
  cell below 1 is the fraction Excel stores for a percent-formatted cell (0.02 → 2%), from 1 up
  it is the percent itself (2 → 2%).
"""

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from seoul_se.core.text import (
    ascii_digits,
    control_character_error,
    has_control_characters,
    parse_decimal,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system, after Excel's 1900-02-29 quirk
MAX_EXCEL_SERIAL = 2_958_465  # 9999-12-31
BUSINESS_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
DATE_RE = re.compile(
    r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*[.일]?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
NUMBER_TOKEN = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
AMOUNT_RE = re.compile(rf"(?:{NUMBER_TOKEN}|[조억만천백십])+")
AMOUNT_TOKEN_RE = re.compile(rf"({NUMBER_TOKEN})|([조억만천백십])")
BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
SMALL_UNITS = {"천": 1000, "백": 100, "십": 10}


def _text(value: Any) -> str:
    return ascii_digits(str(value)).strip()


# --- dates ----------------------------------------------------------------------------------


def _bad_date() -> ValidationError:
    return ValidationError(
        _("날짜로 읽을 수 없습니다. 2019-03-02 또는 2019.3.2 형식으로 입력해 주세요."),
        code="bad_date",
    )


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial <= MAX_EXCEL_SERIAL:
        raise _bad_date()
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _bad_date()
    if isinstance(value, int | float | Decimal):
        return _from_serial(float(value))
    text = _text(value)
    match = DATE_RE.fullmatch(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        if re.fullmatch(r"\d{1,7}(?:\.\d+)?", text):
            return _from_serial(float(text))
        raise _bad_date()
    try:
        return dt.date(*(int(part) for part in match.groups()[:3]))
    except ValueError as exc:  # 2019-02-30
        raise _bad_date() from exc


# --- amounts --------------------------------------------------------------------------------


def _bad_amount() -> ValidationError:
    return ValidationError(
        _("금액으로 읽을 수 없습니다. 1,234,000 또는 1.2억처럼 원 단위로 입력해 주세요."),
        code="bad_amount",
    )


def _whole_won(amount: Decimal) -> int:
    if amount != amount.to_integral_value():
        raise ValidationError(
            _("금액은 원 단위 정수여야 합니다(원 미만 금액 불가)."), code="fractional_won"
        )
    return int(amount)


def _korean_amount(text: str) -> Decimal:
    """``1.2억``, ``3천만``, ``904억 6,400만`` → Decimal; units must go from large to small."""
    total = Decimal(0)
    group = Decimal(0)
    pending: Decimal | None = None
    seen = False  # a number or a small unit since the last large unit ("만원" alone is 1만)
    last_big = 10**13
    last_small = 10**4
    for number, unit in AMOUNT_TOKEN_RE.findall(text):
        if number:
            if pending is not None:
                raise _bad_amount()
            pending, seen = Decimal(number.replace(",", "")), True
        elif unit in SMALL_UNITS:
            if SMALL_UNITS[unit] >= last_small:
                raise _bad_amount()
            last_small = SMALL_UNITS[unit]
            group += (1 if pending is None else pending) * SMALL_UNITS[unit]
            pending, seen = None, True
        else:
            if BIG_UNITS[unit] >= last_big:
                raise _bad_amount()
            last_big = BIG_UNITS[unit]
            group += pending or 0
            total += (group if seen else 1) * BIG_UNITS[unit]
            group, pending, seen, last_small = Decimal(0), None, False, 10**4
    return total + group + (pending or 0)


def parse_amount(value: Any, *, allow_negative: bool = False) -> int:
    if isinstance(value, bool):
        raise _bad_amount()
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation as exc:  # nan, inf
            raise _bad_amount() from exc
        if not amount.is_finite():
            raise _bad_amount()
    else:
        text = re.sub(r"\s+", "", _text(value)).removesuffix("원").removeprefix("₩")
        negative = text.startswith(("-", "△", "▲"))
        text = text[1:] if negative else text
        if not AMOUNT_RE.fullmatch(text):
            raise _bad_amount()
        amount = _korean_amount(text)
        amount = -amount if negative else amount
    won = _whole_won(amount)
    if won < 0 and not allow_negative:
        raise ValidationError(_("금액은 0원 이상이어야 합니다."), code="negative_amount")
    return won


# --- rates and numbers ----------------------------------------------------------------------


def parse_rate(value: Any) -> Decimal:
    """Percent as Decimal (``2%`` → 2); see the module docstring for number cells."""
    bad = ValidationError(
        _("비율로 읽을 수 없습니다. 2% 또는 2.5처럼 백분율로 입력해 주세요."), code="bad_rate"
    )
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int | float | Decimal):
        rate = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not rate.is_finite():
            raise bad
        return (rate * 100 if abs(rate) < 1 else rate).normalize() + 0
    try:
        return parse_decimal(_text(value).removesuffix("%").strip()).normalize() + 0
    except ValidationError as exc:
        raise bad from exc


def parse_number(value: Any) -> Decimal:
    """A plain number (targets, counts): number cells as they are, text with grouped commas."""
    if isinstance(value, bool):
        raise ValidationError(_("숫자로 입력해 주세요."), code="bad_number")
    if isinstance(value, float):
        value = Decimal(repr(value))
    try:
        number = parse_decimal(value)
    except ValidationError as exc:
        raise ValidationError(exc.messages[0], code="bad_number") from exc
    if not number.is_finite():
        raise ValidationError(_("숫자로 입력해 주세요."), code="bad_number")
    return number


# --- registration numbers -------------------------------------------------------------------


def business_number_check_digit(first_nine: str) -> int:
    """사업자등록번호: weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus
    ⌊(9th digit × 5) ÷ 10⌋; check = (10 − sum mod 10) mod 10."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, BUSINESS_WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def parse_registration_number(value: Any) -> str:
    """A 사업자등록번호 as its 10 ASCII digits, check digit verified. A number cell (typed
    without dashes) is read as its digits; a number losing leading zeros is refused."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = re.sub(r"[\s-]", "", _text(value))
    except ValidationError as exc:  # superscript or circled digits
        raise ValidationError(exc.messages[0], code="bad_registration_number") from exc
    if not re.fullmatch(r"[0-9]{10}", number):
        raise ValidationError(
            _("사업자등록번호는 숫자 10자리(000-00-00000)여야 합니다."),
            code="bad_registration_number",
        )
    if business_number_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _("사업자등록번호의 검증번호(마지막 자리)가 올바르지 않습니다."),
            code="bad_registration_number",
        )
    return number


# --- text and choices -----------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole number cells without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_text(value: Any, max_length: int) -> str:
    text = value.strip() if value.__class__ is str else cell_text(value)
    if has_control_characters(text):
        raise control_character_error()
    if len(text) > max_length:
        raise ValidationError(
            _("%(n)s자 이하로 입력해 주세요.") % {"n": f"{max_length:,}"}, code="too_long"
        )
    return text


def parse_choice(value: Any, choices: Mapping[str, str]) -> str:
    """The code of a choice typed by its label or its code (spaces and case ignored)."""
    wanted = re.sub(r"\s+", "", cell_text(value)).lower()
    for label, code in choices.items():
        if wanted in (re.sub(r"\s+", "", label).lower(), code.lower()):
            return code
    raise ValidationError(
        _("허용되지 않는 값입니다. 다음 중 하나로 입력해 주세요: %(choices)s")
        % {"choices": ", ".join(choices)},
        code="bad_choice",
    )
