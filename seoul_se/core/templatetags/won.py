"""Template filters for money, rates and Korean dates (loaded as builtins)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone

from seoul_se.core.money import format_eok, format_won

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def won(amount: int | Decimal | None) -> str:
    """``{{ 1234567|won }}`` → ``1,234,567원``."""
    return format_won(amount)


@register.filter
def thousand_won(amount: int | None) -> str:
    return format_won(amount, "천원")


@register.filter
def million_won(amount: int | None) -> str:
    return format_won(amount, "백만원")


@register.filter
def hundred_million_won(amount: int | None) -> str:
    return format_won(amount, "억원", places=1)


@register.filter
def eok(amount: int | None) -> str:
    return format_eok(amount)


@register.filter
def number(value: int | Decimal | None) -> str:
    return "-" if value is None else f"{value:,}"


@register.filter
def kdate(value: dt.date | dt.datetime | None, with_weekday: bool = False) -> str:
    """``2020-03-02`` → ``2020년 3월 2일``; datetimes are shown in Asia/Seoul with the time."""
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"
    text = f"{value.year}년 {value.month}월 {value.day}일"
    if with_weekday:
        text += f" ({WEEKDAYS[value.weekday()]})"
    return text


@register.filter
def percent(rate: Decimal | None, places: int = 0) -> str:
    """A ratio (1.04) as a percent (``104%``), rounded half up."""
    if rate is None:
        return "-"
    quantum = Decimal(1).scaleb(-int(places))
    return f"{(Decimal(rate) * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"
