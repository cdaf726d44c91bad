"""Template filters for money, rates and dates in the active language (loaded as builtins)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, timezone, translation

from seoul_se.core.money import format_eok, format_won

register = template.Library()

WEEKDAYS = "월화수목금토일"


# English pages write "KRW" and the unit as a word. 억 (10^8) has no English word, so 억원
# figures are shown in billions with one more decimal place (the same precision); the seed-style
# 억/만 display shows the whole amount. Zero is "0원" / "KRW 0" in every unit.
ENGLISH_UNITS = {
    "원": (1, 0, ""),
    "천원": (1_000, 0, " thousand"),
    "백만원": (1_000_000, 0, " million"),
    "억원": (1_000_000_000, 1, " billion"),
}


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


def _money(amount: int | Decimal | None, unit: str = "원", places: int = 0) -> str:
    if amount is None:
        return "-"
    if amount == 0:
        return "KRW 0" if _english() else "0원"
    if not _english():
        return format_won(amount, unit, places)
    divisor, extra, word = ENGLISH_UNITS[unit]
    shown = places + extra
    value = (Decimal(amount) / divisor).quantize(Decimal(1).scaleb(-shown), rounding=ROUND_HALF_UP)
    return f"KRW {value:,.{shown}f}{word}"


@register.filter
def won(amount: int | Decimal | None) -> str:
    """``{{ 1234567|won }}`` → ``1,234,567원`` (English: ``KRW 1,234,567``)."""
    return _money(amount)


@register.filter
def thousand_won(amount: int | None) -> str:
    return _money(amount, "천원")


@register.filter
def million_won(amount: int | None) -> str:
    return _money(amount, "백만원")


@register.filter
def hundred_million_won(amount: int | None) -> str:
    return _money(amount, "억원", places=1)


@register.filter
def eok(amount: int | None) -> str:
    """Seed style ``904억 6,400만원``; zero is ``0원`` (not "0만원"), English the whole amount."""
    if amount is None or amount == 0 or _english():
        return _money(amount)
    return format_eok(amount)


@register.filter
def number(value: int | Decimal | None) -> str:
    return "-" if value is None else f"{value:,}"


@register.filter
def kdate(value: dt.date | dt.datetime | None, with_weekday: bool = False) -> str:
    """``2020-03-02`` → ``2020년 3월 2일``; datetimes are shown in Asia/Seoul with the time.
    English pages use Django's English DATE_FORMAT/DATETIME_FORMAT (``March 2, 2020``)."""
    if value is None:
        return "-"
    english = _english()
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        if english:
            return formats.date_format(local, "DATETIME_FORMAT")
        return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"
    if english:
        text = formats.date_format(value, "DATE_FORMAT")
    else:
        text = f"{value.year}년 {value.month}월 {value.day}일"
    if with_weekday:
        text += f" ({formats.date_format(value, 'D') if english else WEEKDAYS[value.weekday()]})"
    return text


@register.filter
def percent(rate: Decimal | None, places: int = 0) -> str:
    """A ratio (1.04) as a percent (``104%``), rounded half up."""
    if rate is None:
        return "-"
    quantum = Decimal(1).scaleb(-int(places))
    return f"{(Decimal(rate) * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"
