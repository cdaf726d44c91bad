"""Reviewer calibration of a call's ranking (pure: no database; input is review triples).

From ``(application, reviewer, total)`` triples this module computes, per call:

- **per-reviewer statistics**: number scored, mean, spread (sample standard deviation);
- **raw mean** per application (today's ranking, the default method);
- **trimmed mean**: with at least three reviews, one highest and one lowest total are dropped,
  (sum − max − min) ÷ (n − 2); fewer reviews keep the plain mean (the rule of
  ``selectors.ranking``'s SQL);
- **calibrated score** (z): each review is standardised by its reviewer,
  zᵣₐ = (sᵣₐ − mᵣ) ÷ sdᵣ, and an application's score is the mean z mapped back to the panel's
  scale, M + SD × mean(zᵣₐ), M and SD the mean and standard deviation of all the call's totals.
  A reviewer with fewer than two reviews or no spread uses SD (their z is then 0: one review
  says nothing about how a reviewer scores);
- **robust calibrated score**: as above, but each reviewer's mean and variance are shrunk toward
  the panel's, as if the panel had given ``k`` (``PRIOR_WEIGHT``) more reviews:
  m̃ᵣ = (nᵣ·mᵣ + k·M) ÷ (nᵣ + k) and ṽᵣ = ((nᵣ − 1)·vᵣ + k·V) ÷ (nᵣ − 1 + k), V = SD².
  A reviewer with 3 reviews is corrected by 3/8 of their apparent offset, one with 60 by 60/65,
  so a few reviews of strong applications do not make a reviewer look lenient;
- **stability**: for each reviewer, the deciding method's ranking without that reviewer's
  reviews; each application's largest rank move, and the reviewers whose removal changes the
  selected set (the top ``selection_size``) — the ranking *hinges on one person*;
- **disagreement**: Spearman's ρ between a reviewer's totals and the other reviewers' raw mean
  of the same applications; below ``DISAGREEMENT_RHO`` on at least ``MIN_COMMON`` applications
  the reviewer is flagged.

Arithmetic. Means of totals (raw, trimmed, the panel's leave-one-out means) are exact
``Decimal`` (28 significant digits). Standardising needs square roots, so z-scores are floats:
they are statistics that never become money, and a float's ~1e-15 relative error is far below
the 0.01 shown. Calibrated scores are rounded to ``RANK_PLACES`` decimals before ranking, so
float noise never decides an order that exact arithmetic calls a tie; ties keep the caller's
order of applications. Every figure returned is ``Decimal`` rounded half-up to 2 places
(``TWO``), for display.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Method(StrEnum):
    RAW = "raw"
    TRIMMED = "trimmed"
    CALIBRATED = "calibrated"
    ROBUST = "robust"


CALIBRATED_METHODS = frozenset({Method.CALIBRATED, Method.ROBUST})
PRIOR_WEIGHT = 5  # k: the panel counts as five more reviews of every reviewer
DISAGREEMENT_RHO = Decimal("0.3")
MIN_COMMON = 5
RANK_PLACES = 9
TWO = Decimal("0.01")

REFUSALS: dict[str, Promise] = {
    "too_few_reviewers": _(
        "심사위원이 2명 미만이어서 보정할 수 없습니다. 단순 평균으로 순위를 정합니다."
    ),
    "too_few_applications": _(
        "점수가 있는 신청서가 2건 미만이어서 보정할 수 없습니다. 단순 평균으로 순위를 정합니다."
    ),
}


@dataclass(frozen=True)
class Review:
    application: int
    reviewer: int
    score: Decimal
    value: float = field(init=False, repr=False)  # the score as a float, converted once

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", float(self.score))


@dataclass(frozen=True)
class ReviewerStats:
    reviewer: int
    count: int
    mean: Decimal
    spread: Decimal  # sample standard deviation; 0 with fewer than two reviews
    agreement: Decimal | None  # Spearman ρ with the others' means; None: too few in common
    disagrees: bool
    selection_changes: int  # selected applications that drop out when this reviewer is left out

    @property
    def changes_selection(self) -> bool:
        return self.selection_changes > 0


@dataclass(frozen=True)
class Row:
    application: int
    count: int
    raw: Decimal | None
    trimmed: Decimal | None
    calibrated: Decimal | None  # None when the calibration was refused
    rank_raw: int
    rank_trimmed: int
    rank_calibrated: int | None
    max_shift: int  # the deciding ranking's largest move when one reviewer is left out
    shift_reviewer: int | None  # whose absence moves it most


@dataclass(frozen=True)
class Calibration:
    requested: Method
    method: Method  # what decides: ``requested``, or the raw mean after a refusal
    refusal: str  # a key of ``REFUSALS``, or ""
    calibrated_method: Method  # the calibration shown beside raw and trimmed
    rows: list[Row]  # in the deciding order
    reviewers: list[ReviewerStats]
    selection_size: int
    hinges_on: list[int]  # reviewers whose absence changes the selected set
    panel_mean: Decimal | None
    panel_spread: Decimal | None

    @property
    def refusal_message(self) -> str:
        return str(REFUSALS[self.refusal]) if self.refusal else ""


def two(value: Decimal | float) -> Decimal:
    """Round half-up to 2 places (a float is rounded from its exact binary value)."""
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    mean = math.fsum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _by(reviews: Iterable[Review], key: str) -> dict[int, list[Review]]:
    grouped: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        grouped[getattr(review, key)].append(review)
    return grouped


def _mean(totals: Sequence[Decimal]) -> Decimal:
    return sum(totals, Decimal(0)) / len(totals)


def _trimmed(totals: Sequence[Decimal]) -> Decimal:
    if len(totals) < 3:
        return _mean(totals)
    return (sum(totals, Decimal(0)) - max(totals) - min(totals)) / (len(totals) - 2)


def _calibrated(reviews: Sequence[Review], prior: float) -> dict[int, float]:
    """M + SD × mean z per application, rounded to ``RANK_PLACES``; ``prior`` is k (0: plain
    z-scores). Sums run over the canonical order of ``calibrate``, so they are reproducible."""
    panel_mean, panel_sd = _mean_sd([r.value for r in reviews])
    per_reviewer: dict[int, list[float]] = defaultdict(list)
    for r in reviews:
        per_reviewer[r.reviewer].append(r.value)
    shrunk: dict[int, tuple[float, float]] = {}
    for reviewer, values in per_reviewer.items():
        n = len(values)
        mean, sd = _mean_sd(values)
        mean = (n * mean + prior * panel_mean) / (n + prior)
        if prior:
            sd = math.sqrt(((n - 1) * sd**2 + prior * panel_sd**2) / (n - 1 + prior))
        shrunk[reviewer] = (mean, sd if sd > 0 else panel_sd)
    z_sum: dict[int, float] = defaultdict(float)
    z_count: dict[int, int] = defaultdict(int)
    for r in reviews:
        mean, sd = shrunk[r.reviewer]
        z_sum[r.application] += (r.value - mean) / sd if sd > 0 else 0.0
        z_count[r.application] += 1
    return {
        app: round(panel_mean + panel_sd * total / z_count[app], RANK_PLACES)
        for app, total in z_sum.items()
    }


def scores(reviews: Sequence[Review], method: Method) -> dict[int, Decimal]:
    """Each scored application's score under ``method`` (unscored applications are absent)."""
    if method in CALIBRATED_METHODS:
        calibrated = _calibrated(reviews, PRIOR_WEIGHT if method == Method.ROBUST else 0)
        return {app: Decimal(repr(value)) for app, value in calibrated.items()}
    combine = _trimmed if method == Method.TRIMMED else _mean
    return {
        app: combine([r.score for r in own]) for app, own in _by(reviews, "application").items()
    }


def _without(
    reviews: Sequence[Review],
    reviewer: int,
    method: Method,
    full: Mapping[int, Decimal],
    per_app: Mapping[int, list[Review]],
    own: Sequence[Review],
) -> Mapping[int, Decimal | float]:
    """``scores`` without one reviewer's reviews. A mean changes only for the applications the
    reviewer scored, so only those are recomputed; a calibration depends on every review."""
    if method in CALIBRATED_METHODS:
        rest = [r for r in reviews if r.reviewer != reviewer]
        return _calibrated(rest, PRIOR_WEIGHT if method == Method.ROBUST else 0)
    combine = _trimmed if method == Method.TRIMMED else _mean
    values = dict(full)
    for review in own:
        others = [r.score for r in per_app[review.application] if r.reviewer != reviewer]
        if others:
            values[review.application] = combine(others)
        else:
            del values[review.application]
    return values


def ranked(applications: Sequence[int], values: Mapping[int, Decimal | float]) -> list[int]:
    """Applications by score, highest first; unscored last; ties keep the given order (the
    sort is stable). A float key sorts alike: equal scores give equal floats, and distinct
    means of 2-place totals (or calibrated scores rounded to 9 places) differ far beyond a
    float's precision."""
    floats = {app: -float(value) for app, value in values.items()}
    return sorted(applications, key=lambda app: floats.get(app, math.inf))


def refusal(reviews: Sequence[Review]) -> str:
    """Why a calibration cannot be computed ("" when it can)."""
    if len({r.reviewer for r in reviews}) < 2:
        return "too_few_reviewers"
    if len({r.application for r in reviews}) < 2:
        return "too_few_applications"
    return ""


def _ranks(order: Sequence[int]) -> dict[int, int]:
    return {app: i for i, app in enumerate(order, start=1)}


def average_ranks(values: Sequence[Decimal]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            result[i] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(xs: Sequence[Decimal], ys: Sequence[Decimal]) -> float | None:
    """Spearman's ρ (Pearson correlation of average ranks); None when either side is constant."""
    rx, ry = average_ranks(xs), average_ranks(ys)
    mx, my = math.fsum(rx) / len(rx), math.fsum(ry) / len(ry)
    sxy = math.fsum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = math.fsum((a - mx) ** 2 for a in rx)
    syy = math.fsum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


def kendall_tau(first: Sequence[int], second: Sequence[int]) -> float:
    """Kendall's τ between two orders of the same items (no ties): 1 identical, −1 reversed.
    O(n²): for tests and small panels."""
    position = {item: i for i, item in enumerate(second)}
    n = len(first)
    if n < 2:
        return 1.0
    concordant = sum(
        1 if position[first[i]] < position[first[j]] else -1
        for i in range(n)
        for j in range(i + 1, n)
    )
    return concordant / (n * (n - 1) / 2)


def _agreement(reviews: Sequence[Review]) -> dict[int, float | None]:
    """Per reviewer: ρ of their totals against the other reviewers' mean of the same
    applications (applications only they scored are left out)."""
    per_app = _by(reviews, "application")
    sums = {app: sum((r.score for r in own), Decimal(0)) for app, own in per_app.items()}
    result: dict[int, float | None] = {}
    for reviewer, own in _by(reviews, "reviewer").items():
        pairs = [
            (r.score, (sums[r.application] - r.score) / (len(per_app[r.application]) - 1))
            for r in own
            if len(per_app[r.application]) > 1
        ]
        result[reviewer] = (
            spearman([p[0] for p in pairs], [p[1] for p in pairs])
            if len(pairs) >= MIN_COMMON
            else None
        )
    return result


def calibrate(
    reviews: Iterable[Review],
    method: Method,
    *,
    applications: Sequence[int] = (),
    selection_size: int = 0,
    amounts: Mapping[int, int] | None = None,
    budget: int | None = None,
) -> Calibration:
    """The whole report for one call. ``applications`` lists the call's rankable applications
    in tie-break order (scored ones missing from it are appended by id); ``selection_size`` is how
    many the top of the ranking selects; when it is 0 and ``budget`` is given, it is as many as
    fit the budget from the top (``budget_fit`` of ``amounts``); 0 at the end: no
    selection-change check."""
    # A canonical order makes every float sum independent of the input order.
    reviews = sorted(reviews, key=lambda r: (r.application, r.reviewer))
    known = set(applications)
    apps = [*applications, *sorted({r.application for r in reviews} - known)]
    refused = refusal(reviews)
    why = refused if method in CALIBRATED_METHODS else ""
    deciding = Method.RAW if why else method
    shown = method if method in CALIBRATED_METHODS else Method.CALIBRATED
    by_method = {m: scores(reviews, m) for m in (Method.RAW, Method.TRIMMED)}
    if not refused:
        by_method[shown] = scores(reviews, shown)
    orders = {m: ranked(apps, values) for m, values in by_method.items()}
    ranks = {m: _ranks(order) for m, order in orders.items()}
    base = ranks[deciding]
    if not selection_size and budget is not None and amounts is not None:
        scored = [app for app in orders[deciding] if app in by_method[deciding]]
        selection_size = budget_fit([amounts.get(app, 0) for app in scored], budget)
    top = set(orders[deciding][:selection_size])

    shift: dict[int, tuple[int, int | None]] = {app: (0, None) for app in apps}
    dropped: dict[int, int] = {}
    per_app = _by(reviews, "application")
    per_reviewer = _by(reviews, "reviewer")
    reviewers = sorted(per_reviewer)
    for reviewer in reviewers:
        values = _without(
            reviews, reviewer, deciding, by_method[deciding], per_app, per_reviewer[reviewer]
        )
        order = ranked(apps, values)
        dropped[reviewer] = len(top - set(order[:selection_size]))
        for rank, app in enumerate(order, start=1):
            if abs(rank - base[app]) > shift[app][0]:
                shift[app] = (abs(rank - base[app]), reviewer)

    agreement = _agreement(reviews)
    stats = []
    for reviewer, own in sorted(per_reviewer.items()):
        _, sd = _mean_sd([r.value for r in own])
        rho = agreement[reviewer]
        stats.append(
            ReviewerStats(
                reviewer=reviewer,
                count=len(own),
                mean=two(_mean([r.score for r in own])),
                spread=two(sd),
                agreement=None if rho is None else two(rho),
                disagrees=rho is not None and two(rho) < DISAGREEMENT_RHO,
                selection_changes=dropped[reviewer],
            )
        )
    counts = {app: len(own) for app, own in per_app.items()}
    calibrated = by_method.get(shown, {})
    rows = [
        Row(
            application=app,
            count=counts.get(app, 0),
            raw=_two_or_none(by_method[Method.RAW].get(app)),
            trimmed=_two_or_none(by_method[Method.TRIMMED].get(app)),
            calibrated=_two_or_none(calibrated.get(app)),
            rank_raw=ranks[Method.RAW][app],
            rank_trimmed=ranks[Method.TRIMMED][app],
            rank_calibrated=ranks[shown][app] if shown in ranks else None,
            max_shift=shift[app][0],
            shift_reviewer=shift[app][1],
        )
        for app in orders[deciding]
    ]
    panel = [r.value for r in reviews]
    panel_mean, panel_sd = _mean_sd(panel) if panel else (None, None)
    return Calibration(
        requested=method,
        method=deciding,
        refusal=why,
        calibrated_method=shown,
        rows=rows,
        reviewers=stats,
        selection_size=selection_size,
        hinges_on=[reviewer for reviewer in reviewers if dropped[reviewer]],
        panel_mean=None if panel_mean is None else two(panel_mean),
        panel_spread=None if panel_sd is None else two(panel_sd),
    )


def _two_or_none(value: Decimal | None) -> Decimal | None:
    return None if value is None else two(value)


def budget_fit(amounts: Sequence[int], budget: int) -> int:
    """How many applications from the top, in order, fit the budget together (whole won)."""
    total = 0
    for count, amount in enumerate(amounts):
        total += amount
        if total > budget:
            return count
    return len(amounts)
