"""The achievement-rate rules (달성률) — the one place that decides them.

- Higher is better (the default): rate = actual ÷ target.
- Lower is better: rate = target ÷ actual (halving a cost that should be low doubles the rate).
- Zero target, higher is better: the rate is undefined (``None``, shown "-"): any actual would
  be an infinite multiple of nothing, and 100 % would hide the figure. The table still shows
  목표 0 and the actual.
- Lower is better with actual 0: undefined ("-") when the target is above 0 (division by
  zero; the table shows the actual 0 beside the target), 100 % when the target is 0 too.
- No actual yet, or no target set (목표 미설정, e.g. results the seeds state without a
  target): undefined ("-").
- Cumulative (누계) indicators: the actual fed in here is already the running total of the series
  (this year's figure plus the earlier years', see ``cumulative_actual``).

Precision: the ratio is computed with Decimal at 28 significant digits, *stored* to 6 decimal
places (a millionth, i.e. 0.0001 %) rounded half up, and *shown* as a whole percent rounded half
up from the exact ratio (not from the stored one, so there is no double rounding). The arrow
follows the shown percent: ↗ above 100 %, → at exactly 100 %, ↘ below (the printed report's
style, where 40 % was drawn ↖/↘).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.core.exceptions import ValidationError

from seoul_se.core.text import parse_decimal

STORED_PLACES = Decimal("0.000001")
UP = "↗"
EVEN = "→"
DOWN = "↘"
HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Achievement:
    """``rate`` is the stored ratio (6 places), ``percent`` the whole percent shown."""

    rate: Decimal | None
    percent: int | None
    arrow: str

    @property
    def display(self) -> str:
        return "-" if self.percent is None else f"{self.percent}%"


UNDEFINED = Achievement(rate=None, percent=None, arrow="")


def to_decimal(value: object, label: str = "값") -> Decimal:
    """Parse a non-negative number; raise ValueError with a Korean message otherwise."""
    try:
        # "1,234.5" yes; "1,2,3" and "1e3" are refused rather than read as 123 or 1000
        number = parse_decimal(value)
    except ValidationError:
        raise ValueError(f"{label}은(는) 숫자여야 합니다: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{label}은(는) 유한한 숫자여야 합니다.")
    if number < 0:
        raise ValueError(f"{label}은(는) 0 이상이어야 합니다.")
    return number


def exact_ratio(
    actual: Decimal | None, target: Decimal | None, direction: str = HIGHER
) -> Decimal | None:
    """The unrounded ratio under the rules above (``None`` when undefined)."""
    if actual is None or target is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        if direction == LOWER:
            if actual == 0:
                return Decimal(1) if target == 0 else None
            return Decimal(target) / Decimal(actual)
        if target == 0:
            return None
        return Decimal(actual) / Decimal(target)


def achievement(
    actual: Decimal | None, target: Decimal | None, direction: str = HIGHER
) -> Achievement:
    ratio = exact_ratio(actual, target, direction)
    if ratio is None:
        return UNDEFINED
    # Stored: 6 decimal places, half up. Shown: whole percent, half up, from the exact ratio.
    stored = ratio.quantize(STORED_PLACES, rounding=ROUND_HALF_UP)
    percent = int((ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Achievement(rate=stored, percent=percent, arrow=arrow_for(percent))


def arrow_for(percent: int | None) -> str:
    if percent is None:
        return ""
    if percent > 100:
        return UP
    if percent == 100:
        return EVEN
    return DOWN


def cumulative_actual(period_value: Decimal, earlier_period_values: Iterable[Decimal]) -> Decimal:
    """누계: this year's own figure plus the earlier years' figures of the same series."""
    return period_value + sum(earlier_period_values, Decimal(0))


def display_percent(percent: int | None) -> str:
    return "-" if percent is None else f"{percent}%"
