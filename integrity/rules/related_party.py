"""특수관계 지급: grant money paid to a party related to the recipient.

A spending row whose payee has the recipient's own 사업자등록번호, the recipient's business
account, or a registered enterprise whose 대표자 is the recipient's 대표자. Not flagged: payees
without a number or account (nothing to compare), or a different enterprise with another
representative.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from enterprises import selectors as enterprises
from integrity.models import Rule
from integrity.rules import Finding, spending_subject
from programs import selectors as programs

RULE = Rule.RELATED_PARTY
CHUNK = 5000


def _reasons(row: dict[str, Any], representatives: dict[str, str]) -> list[str]:
    reasons = []
    own_number = row["agreement__enterprise__business_number"]
    number = row["payee_business_number"]
    if number and number == own_number:
        reasons.append(_("지급처 사업자등록번호가 수혜 기업 자신의 번호입니다"))
    account = row["agreement__enterprise__bank_account"]
    if row["payee_account"] and account and row["payee_account"] == account:
        reasons.append(_("지급 계좌가 수혜 기업의 사업용 계좌입니다"))
    representative = (row["agreement__enterprise__representative"] or "").strip()
    payee_representative = representatives.get(number, "").strip()
    if number != own_number and representative and payee_representative == representative:
        reasons.append(
            _("지급처의 대표자(%(name)s)가 수혜 기업의 대표자와 같습니다")
            % {"name": representative}
        )
    return reasons


def _check(rows: Iterable[dict[str, Any]]) -> Iterator[Finding]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        if row["payee_business_number"] or row["payee_account"]:
            batch.append(row)
        if len(batch) >= CHUNK:
            yield from _check_batch(batch)
            batch = []
    yield from _check_batch(batch)


def _check_batch(rows: list[dict[str, Any]]) -> Iterator[Finding]:
    representatives = enterprises.representatives_of(
        {r["payee_business_number"] for r in rows if r["payee_business_number"]}
    )
    for row in rows:
        reasons = _reasons(row, representatives)
        if reasons:
            subject = spending_subject(row)
            explanation = _("%(item)s: %(reasons)s.") % {
                "item": subject.label,
                "reasons": "; ".join(reasons),
            }
            yield Finding(RULE, f"gx{row['pk']}", explanation, (subject,))


def full() -> Iterator[Finding]:
    yield from _check(programs.spending_to_identified_payees().iterator(chunk_size=CHUNK))


def for_spending(rows: list[dict[str, Any]]) -> Iterator[Finding]:
    yield from _check(rows)
