"""The integrity rules: each module finds one pattern and explains every finding.

A rule module has ``RULE`` (an ``integrity.models.Rule`` code), ``full()`` (the whole database,
nightly) and, where new spending evidence can create a finding, ``for_spending(rows)`` (only the
given grant spending rows: the check after an upload). Rules read other apps only through their
selectors and write nothing: ``integrity.services.record_findings`` keeps the flags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Subject:
    kind: str
    id: int
    label: str
    url: str


@dataclass(frozen=True)
class Finding:
    rule: str
    key: str  # with ``rule``, what makes the finding the same one on a rerun
    explanation: str
    subjects: tuple[Subject, ...]

    @property
    def fingerprint(self) -> str:
        return f"{self.rule}:{self.key}"[:200]


def spending_subject(row: dict[str, Any]) -> Subject:
    return Subject(
        "grant_expenditure",
        row["pk"],
        f"{row['agreement__enterprise__name']} · {row['agreement__program__name']} · "
        f"{row['spent_on']:%Y-%m-%d} {row['payee']} {row['amount']:,}원",
        reverse("programs:agreement_detail", args=[row["agreement_id"]]),
    )


def enterprise_subject(enterprise_id: int, name: str) -> Subject:
    return Subject(
        "enterprise", enterprise_id, name, reverse("enterprises:detail", args=[enterprise_id])
    )


def application_subject(row: dict[str, Any]) -> Subject:
    return Subject(
        "application",
        row["pk"],
        f"{row['enterprise__name']} · {row.get('call__title', '')}".rstrip(" ·"),
        reverse("programs:application_detail", args=[row["pk"]]),
    )


def key_of(subjects: Iterable[Subject]) -> str:
    return ",".join(f"{s.kind}{s.id}" for s in sorted(subjects, key=lambda s: (s.kind, s.id)))
