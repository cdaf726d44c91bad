"""The SIB payout rule as plain data and arithmetic (no database).

A rule is a list of threshold bands on the payout metric. The bands must partition the range
[0, ∞): the first starts at 0, each ends (exclusive) where the next begins, and the last is
open-ended. Payout percentages may not fall as the outcome rises — a better outcome never pays
less. Anything else (overlap, gap, unordered thresholds) is refused with a stable code.

Rounding: payout = project cost × percent ÷ 100, cut to whole won with ROUND_DOWN. A fraction of
a won cannot be paid, and rounding up would pay more than the contracted percentage; cutting
down keeps the payout ≤ the exact amount and keeps it monotone in the outcome.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Band:
    lower: Decimal
    upper: Decimal | None  # None: open-ended (only the last band)
    payout_percent: Decimal

    def contains(self, value: Decimal) -> bool:
        return value >= self.lower and (self.upper is None or value < self.upper)


@dataclass(frozen=True)
class Payout:
    amount: int  # whole won
    percent: Decimal
    band_index: int
    explanation: str


def number_text(value: Decimal) -> str:
    """``Decimal("52.70")`` → ``52.7``; ``Decimal("130.00")`` → ``130`` (thousands separated)."""
    text = format(Decimal(value).normalize(), ",f")
    return text


def validate_bands(bands: Sequence[Band]) -> list[Band]:
    """The bands in order, or ValidationError (code ``bands_*``) when they do not partition
    [0, ∞) with non-decreasing payout percentages."""
    if not bands:
        raise ValidationError(_("성과보상 구간을 하나 이상 입력해 주세요."), code="bands_empty")
    for index, band in enumerate(bands):
        if band.payout_percent < 0:
            raise ValidationError(
                _("지급률은 0 % 이상이어야 합니다."), code="bands_negative_percent"
            )
        if band.upper is not None and band.upper <= band.lower:
            raise ValidationError(
                _("%(n)d번째 구간의 상한이 하한보다 커야 합니다.") % {"n": index + 1},
                code="bands_empty_band",
            )
        if index and band.lower <= bands[index - 1].lower:
            raise ValidationError(
                _("구간은 하한이 작은 것부터 차례로 입력해 주세요."), code="bands_unordered"
            )
    if bands[0].lower != 0:
        raise ValidationError(_("첫 구간은 0부터 시작해야 합니다."), code="bands_gap")
    for index, (band, following) in enumerate(itertools.pairwise(bands)):
        if band.upper is None or band.upper > following.lower:
            raise ValidationError(
                _("%(n)d번째 구간과 %(m)d번째 구간이 겹칩니다.") % {"n": index + 1, "m": index + 2},
                code="bands_overlap",
            )
        if band.upper < following.lower:
            raise ValidationError(
                _("%(n)d번째 구간과 %(m)d번째 구간 사이가 비어 있습니다.")
                % {"n": index + 1, "m": index + 2},
                code="bands_gap",
            )
        if following.payout_percent < band.payout_percent:
            raise ValidationError(
                _("성과가 높은 구간의 지급률이 낮은 구간보다 작을 수 없습니다."),
                code="bands_decreasing",
            )
    if bands[-1].upper is not None:
        raise ValidationError(
            _("마지막 구간은 상한 없이(이상) 끝나야 합니다."), code="bands_not_open"
        )
    return list(bands)


def band_index(bands: Sequence[Band], value: Decimal) -> int:
    for index, band in enumerate(bands):
        if band.contains(value):
            return index
    raise ValidationError(_("측정값이 어떤 구간에도 속하지 않습니다."), code="outcome_out_of_range")


def compute(
    bands: Sequence[Band], value: Decimal, project_cost: int, *, metric: str, unit: str
) -> Payout:
    """The payout for outcome ``value`` under validated ``bands``, with its explanation."""
    if value < 0:
        raise ValidationError(_("측정값은 0 이상이어야 합니다."), code="outcome_negative")
    index = band_index(bands, value)
    band = bands[index]
    amount = int(
        (Decimal(project_cost) * band.payout_percent / HUNDRED).to_integral_value(ROUND_DOWN)
    )
    return Payout(amount, band.payout_percent, index, _explain(bands, index, value, metric, unit))


# Whole sentences per case, so that each language words (and, in Korean, picks the particles
# of) the sentence as a whole. A "%" is read 퍼센트 (no 받침), so sentences on a per-cent metric
# carry fixed particles; any other unit would need the unit's last syllable, so those sentences
# put no particle after the number.
_PERCENT_SENTENCES = {
    "short": gettext_noop(
        "%(metric)s %(value)s %%가 지급 기준 %(threshold)s %%에 못 미쳐 지급하지 않음"
    ),
    "above_top": gettext_noop(
        "%(metric)s %(value)s %%가 최고 구간 기준 %(lower)s %%를 넘어 사업비의 %(percent)s %% 지급"
    ),
    "at_top": gettext_noop(
        "%(metric)s %(value)s %%가 최고 구간 기준 %(lower)s %%를 충족하여 "
        "사업비의 %(percent)s %% 지급"
    ),
    "band": gettext_noop(
        "%(metric)s %(value)s %%가 %(lower)s %% 이상 %(upper)s %% 미만 구간에 해당하여 "
        "사업비의 %(percent)s %% 지급"
    ),
    "open": gettext_noop(
        "%(metric)s %(value)s %%가 %(lower)s %% 이상 구간에 해당하여 사업비의 %(percent)s %% 지급"
    ),
}
_UNIT_SENTENCES = {
    "short": gettext_noop("%(metric)s %(value)s: 지급 기준(%(threshold)s)에 못 미쳐 지급하지 않음"),
    "above_top": gettext_noop(
        "%(metric)s %(value)s: 최고 구간(%(lower)s 이상) → 사업비의 %(percent)s %% 지급"
    ),
    "at_top": gettext_noop(
        "%(metric)s %(value)s: 최고 구간(%(lower)s 이상) → 사업비의 %(percent)s %% 지급"
    ),
    "band": gettext_noop(
        "%(metric)s %(value)s: %(lower)s 이상 %(upper)s 미만 구간 → 사업비의 %(percent)s %% 지급"
    ),
    "open": gettext_noop(
        "%(metric)s %(value)s: %(lower)s 이상 구간 → 사업비의 %(percent)s %% 지급"
    ),
}


def _explain(bands: Sequence[Band], index: int, value: Decimal, metric: str, unit: str) -> str:
    band = bands[index]
    if band.payout_percent == 0 and index + 1 < len(bands):
        case = "short"
    elif index == len(bands) - 1 and index > 0:
        case = "above_top" if value > band.lower else "at_top"
    else:
        case = "band" if band.upper is not None else "open"
    sentences = _PERCENT_SENTENCES if unit == "%" else _UNIT_SENTENCES
    numbers = {
        "value": value,
        "lower": band.lower,
        "upper": band.upper,
        "threshold": bands[index + 1].lower if index + 1 < len(bands) else None,
    }
    # Per-cent sentences carry their "%"; the others get each number with its unit.
    suffix = "" if unit == "%" else f" {unit}".rstrip()
    texts = {key: number_text(n) + suffix for key, n in numbers.items() if n is not None}
    percent = number_text(band.payout_percent)
    return _(sentences[case]) % {"metric": metric, "percent": percent, **texts}
