"""기준 금액 미만 분할 지급: one purchase split so that no payment needs approval.

Payments of one recipient to one payee within ``WINDOW_DAYS`` days, each below ``THRESHOLD``,
together at or above it. The threshold is the 1인 견적 수의계약 limit of the local-contract rules
(지방계약법 시행령 제30조: 2천만원), above which a purchase needs competing quotes and the
centre's approval. Not flagged: payments declared as split with a reason (instalments of one
approved contract), a single payment (at or above the threshold it is reviewed anyway), or
payments further apart than the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _

from integrity.models import Rule
from integrity.rules import Finding, key_of, spending_subject
from programs import selectors as programs

RULE = Rule.SPLIT_PAYMENTS
THRESHOLD = 20_000_000
WINDOW_DAYS = 30


def _clusters(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Runs of payments (sorted by day) within the window whose sum reaches the threshold."""
    eligible = [r for r in rows if r["amount"] < THRESHOLD and not r["split_declared"]]
    start = 0
    while start < len(eligible):
        end = start
        window = dt.timedelta(days=WINDOW_DAYS)
        while (
            end + 1 < len(eligible)
            and eligible[end + 1]["spent_on"] - eligible[start]["spent_on"] <= window
        ):
            end += 1
        cluster = eligible[start : end + 1]
        if len(cluster) > 1 and sum(r["amount"] for r in cluster) >= THRESHOLD:
            yield cluster
            start = end + 1
        else:
            start += 1


def _finding(cluster: list[dict[str, Any]]) -> Finding:
    subjects = tuple(spending_subject(r) for r in cluster)
    total = sum(r["amount"] for r in cluster)
    explanation = _(
        "%(payee)s에 %(days)s일 안에 %(n)s번, 모두 %(threshold)s원 미만으로 나누어 합계 "
        "%(total)s원을 지급했습니다(분할 사유 신고 없음)."
    ) % {
        "payee": cluster[0]["payee"],
        "days": WINDOW_DAYS,
        "n": len(cluster),
        "threshold": f"{THRESHOLD:,}",
        "total": f"{total:,}",
    }
    return Finding(RULE, key_of(subjects), explanation, subjects)


def full() -> Iterator[Finding]:
    rows = programs.split_candidates(THRESHOLD).iterator(chunk_size=5000)
    for _pair, group in groupby(rows, key=lambda r: (r["agreement_id"], r["payee"])):
        for cluster in _clusters(list(group)):
            yield _finding(cluster)


def for_spending(rows: list[dict[str, Any]]) -> Iterator[Finding]:
    window = dt.timedelta(days=WINDOW_DAYS)
    for row in rows:
        if row["amount"] >= THRESHOLD or row["split_declared"]:
            continue
        near = programs.spending_to_payee(
            row["agreement_id"], row["payee"], row["spent_on"] - window, row["spent_on"] + window
        )
        for cluster in _clusters(near):
            if any(r["pk"] == row["pk"] for r in cluster):
                yield _finding(cluster)
