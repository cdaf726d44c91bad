"""같은 증빙의 중복 청구: one evidence claimed twice.

Two spending rows share an evidence file (SHA-256 of the content) or an approval number: a tax
invoice's 승인번호 (unique nationwide) alone, a card slip's 승인번호 only with the same day and
amount (card approval numbers repeat across issuers and days). Across two expenditures, two
programs, two years, or a grant and a loan-funded project (``funds`` fund uses). Not flagged: the
same payee on different invoices, or a card number that recurs on another day or amount.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from funds import selectors as funds
from integrity.models import Rule
from integrity.rules import Finding, Subject, spending_subject
from programs import selectors as programs

RULE = Rule.EVIDENCE_REUSE


def _keys(row: dict[str, Any]) -> Iterator[str]:
    if row["approval_number"]:
        if row.get("evidence_kind") == programs.CARD_SLIP:
            yield f"card:{row['approval_number']}:{row['spent_on']}:{row['amount']}"
        else:
            yield f"approval:{row['approval_number']}"
    if row["evidence_sha256"]:
        yield f"file:{row['evidence_sha256']}"


def _loan_subject(row: dict[str, Any]) -> Subject:
    return Subject(
        "loan_fund_use",
        row["pk"],
        f"{_('융자')} {row['loan__number']} · {row['spent_on']:%Y-%m-%d} {row['payee']} "
        f"{row['amount']:,}원",
        reverse("funds:loan_detail", args=[row["loan_id"]]),
    )


def _explain(key: str, subjects: list[Subject]) -> str:
    what = {
        "card": _("같은 카드 승인번호(같은 날, 같은 금액)"),
        "approval": _("같은 세금계산서 승인번호"),
        "file": _("내용이 같은 증빙 파일"),
    }[key.split(":", 1)[0]]
    return _("%(what)s이(가) %(n)s건에 청구되었습니다: %(items)s") % {
        "what": what,
        "n": len(subjects),
        "items": "; ".join(s.label for s in subjects),
    }


def _findings(groups: dict[str, list[Subject]]) -> Iterator[Finding]:
    for key, subjects in groups.items():
        unique = sorted(set(subjects), key=lambda s: (s.kind, s.id))
        if len(unique) > 1:
            yield Finding(RULE, key, _explain(key, unique), tuple(unique))


def _group(
    grant_rows: Iterable[dict[str, Any]], loan_rows: Iterable[dict[str, Any]]
) -> dict[str, list[Subject]]:
    groups: dict[str, list[Subject]] = defaultdict(list)
    for row in grant_rows:
        for key in _keys(row):
            groups[key].append(spending_subject(row))
    for row in loan_rows:
        for key in _keys(row):
            groups[key].append(_loan_subject(row))
    return groups


def full() -> Iterator[Finding]:
    loans = list(funds.fund_use_evidence())
    approvals = {r["approval_number"] for r in loans if r["approval_number"]}
    hashes = {r["evidence_sha256"] for r in loans if r["evidence_sha256"]}
    grant_rows = {r["pk"]: r for r in programs.spending_with_repeated_evidence()}
    grant_rows.update({r["pk"]: r for r in programs.spending_with_evidence(approvals, hashes)})
    yield from _findings(_group(grant_rows.values(), loans))


def for_spending(
    rows: list[dict[str, Any]], loan_rows: Sequence[dict[str, Any]] = ()
) -> Iterator[Finding]:
    """Findings involving the new grant spending ``rows`` or new loan fund uses ``loan_rows``."""
    both = [*rows, *loan_rows]
    approvals = {r["approval_number"] for r in both if r["approval_number"]}
    hashes = {r["evidence_sha256"] for r in both if r["evidence_sha256"]}
    grant_rows = list(programs.spending_with_evidence(approvals, hashes))
    grant_rows += list(programs.spending_card_matches(rows))
    loans = list(funds.fund_use_evidence(approvals, hashes))
    new = {("grant_expenditure", r["pk"]) for r in rows} | {
        ("loan_fund_use", r["pk"]) for r in loan_rows
    }
    for finding in _findings(_group(grant_rows, loans)):
        if any((s.kind, s.id) in new for s in finding.subjects):
            yield finding
