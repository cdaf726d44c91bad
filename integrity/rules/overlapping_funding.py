"""같은 유형 사업의 기간 중복 지원: one enterprise funded by two programs of the same type for
overlapping periods (the application form only warns; this finds what was signed anyway).

A period runs from the agreement's start to its end, or to its early termination. Not flagged:
consecutive agreements (one ends before the other starts), or programs of different types.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, groupby
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from integrity.models import Rule
from integrity.rules import Finding, Subject, key_of
from programs import selectors as programs

RULE = Rule.OVERLAPPING_FUNDING


def _end(row: dict[str, Any]) -> Any:
    return min(row["ends_on"], row["terminated_on"]) if row["terminated_on"] else row["ends_on"]


def _subject(row: dict[str, Any]) -> Subject:
    return Subject(
        "agreement",
        row["pk"],
        f"{row['enterprise__name']} · {row['program__name']} ({row['starts_on']:%Y-%m-%d}~"
        f"{_end(row):%Y-%m-%d})",
        reverse("programs:agreement_detail", args=[row["pk"]]),
    )


def full() -> Iterator[Finding]:
    for _enterprise, rows in groupby(
        programs.agreement_periods(), key=lambda r: r["enterprise_id"]
    ):
        for first, second in combinations(list(rows), 2):
            if first["program__program_type"] != second["program__program_type"]:
                continue
            if first["starts_on"] <= _end(second) and second["starts_on"] <= _end(first):
                subjects = (_subject(first), _subject(second))
                explanation = _(
                    "%(name)s이(가) 같은 유형의 두 사업에서 기간이 겹치게 지원받았습니다: %(a)s; %(b)s"
                ) % {
                    "name": first["enterprise__name"],
                    "a": subjects[0].label,
                    "b": subjects[1].label,
                }
                yield Finding(RULE, key_of(subjects), explanation, subjects)
