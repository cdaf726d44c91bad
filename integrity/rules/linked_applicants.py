"""연관 신청자: applicants of one call that share a representative, phone, e-mail, address or
business account — possibly one organisation applying twice.

Values are compared normalised (digits of phones and accounts, lower-case e-mail, address and
name without spacing). Not flagged: an address staff declared as shared (공동작업장, a
social-economy hub: ``integrity.models.SharedAddress``), empty values, one enterprise's own
applications to different calls.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.models import Rule, SharedAddress
from integrity.rules import Finding, application_subject, key_of
from programs import selectors as programs

RULE = Rule.LINKED_APPLICANTS

FIELDS = {
    "enterprise__representative": gettext_lazy("대표자"),
    "enterprise__phone": gettext_lazy("전화번호"),
    "enterprise__email": gettext_lazy("이메일"),
    "enterprise__address": gettext_lazy("주소"),
    "enterprise__bank_account": gettext_lazy("사업용 계좌"),
}


def normalised(field: str, value: str | None) -> str:
    text = (value or "").strip()
    if field in ("enterprise__phone", "enterprise__bank_account"):
        return re.sub(r"\D", "", text)
    if field == "enterprise__email":
        return text.lower()
    return re.sub(r"\s+", "", text)


def shared_addresses() -> set[str]:
    return {
        normalised("enterprise__address", a)
        for a in SharedAddress.objects.values_list("address", flat=True)
    }


def _in_call(rows: list[dict[str, Any]], shared: set[str]) -> Iterator[Finding]:
    for field, label in FIELDS.items():
        by_value: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            value = normalised(field, row[field])
            if value and not (field == "enterprise__address" and value in shared):
                by_value[value].append(row)
        for group in by_value.values():
            if len({r["enterprise_id"] for r in group}) < 2:
                continue
            subjects = tuple(application_subject(r) for r in group)
            explanation = _(
                "%(call)s 공모의 신청 %(n)s건이 같은 %(field)s을(를) 씁니다: %(names)s"
            ) % {
                "call": group[0]["call__title"],
                "n": len(group),
                "field": label,
                "names": ", ".join(r["enterprise__name"] for r in group),
            }
            yield Finding(RULE, f"{field}:{key_of(subjects)}", explanation, subjects)


def full(call_ids: list[int] | None = None) -> Iterator[Finding]:
    shared = shared_addresses()
    for _call, rows in groupby(programs.call_applicants(call_ids), key=lambda r: r["call_id"]):
        yield from _in_call(list(rows), shared)
