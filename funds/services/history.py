"""Loans with their history, written in bulk (the ``funds.loans`` import, issue 14).

A :class:`LoanDraft` is a loan as a workbook states it: borrower, intermediary, product, terms,
tranches and its transactions (``engine.Posting`` keyed by the sheet row, kept packed as five
integers each: a million of them take 40 MB, not the ~170 MB of objects). :func:`replay_draft`
runs the ledger engine on it in memory — the import's check that no transaction pays more than
is owed or falls before the first tranche, and its figures for the reconciliation.

:func:`import_loan_history` writes new loans all at once: per chunk of 1,000 loans one ``bulk_create``
of loans, and their tranches, status changes, schedules and allocations written with PostgreSQL
``COPY`` (``seoul_se.core.bulk.copy_rows``; ``bulk_create`` on other databases) — no query per row,
nothing kept for more than a chunk. Their status is what the ledger derives (``ledger_status``)
and their status changes are written as rows, the way the demo loader does: the one-loan
workflow's queries per move are what a million-row import cannot afford. A loan already in the portal whose sheet adds
transactions gets them through the ledger's own replay, one loan at a time.
"""

import datetime as dt
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from funds import access, engine, kinds
from funds.fields import INSTALMENT_FIELDS
from funds.models import (
    Loan,
    LoanDisbursement,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    ScheduleInstalment,
)
from funds.services.bulk_writes import write_status_chains
from funds.services.ledger import ledger_status, locked, refresh_overdue, replay
from funds.workflow import LOAN_MACHINE
from seoul_se.access import require_role
from seoul_se.accounts.models import User
from seoul_se.core.bulk import copy_rows

CHUNK = 1_000  # loans written per round (bounded memory; a few queries each)
COMMENT = "융자 이력 가져오기"
# A packed posting: (row, kind, value date's ordinal, amount, prepayment mode); kinds and modes
# by their index here.
KINDS = (kinds.REPAYMENT, kinds.PREPAYMENT, kinds.PAYOFF, kinds.WRITE_OFF, kinds.RECOVERY)
MODES = (kinds.SHORTEN_TERM, kinds.LOWER_INSTALMENT)
KIND_INDEX = {kind: n for n, kind in enumerate(KINDS)}
MODE_INDEX = {mode: n for n, mode in enumerate(MODES)}
PAYMENT_INDEXES = frozenset(KIND_INDEX[k] for k in kinds.PAYMENT_KINDS if k in KIND_INDEX)


@dataclass
class LoanDraft:
    number: str
    enterprise_id: int
    intermediary_id: int
    product: LoanProduct
    amount: int
    rate: Decimal  # annual ratio (0.02 = 2 %)
    term_months: int
    grace_months: int
    method: str
    tranches: list[engine.Tranche]
    packed: "array[int]" = field(default_factory=lambda: array("q"))  # ``add``, ``postings``
    existing: Loan | None = None  # the portal's loan with this number, when there is one
    new_postings: list[engine.Posting] = field(default_factory=list)  # for ``existing``

    def add(self, row: int, kind: str, value_date: dt.date, amount: int, mode: str) -> None:
        """One transaction of the sheet (``amount`` below 2**63: the parser's limit)."""
        self.packed.extend(
            (row, KIND_INDEX[kind], value_date.toordinal(), amount, MODE_INDEX[mode])
        )

    @property
    def count(self) -> int:
        return len(self.packed) // 5

    @property
    def postings(self) -> list[engine.Posting]:
        """The transactions in sheet order, unpacked (a new list each time: keep it)."""
        p, day = self.packed, dt.date.fromordinal
        return [
            engine.Posting(p[i], KINDS[p[i + 1]], day(p[i + 2]), p[i + 3], MODES[p[i + 4]])
            for i in range(0, len(p), 5)
        ]

    def paid_something(self) -> bool:
        return any(self.packed[i] in PAYMENT_INDEXES for i in range(1, len(self.packed), 5))

    def write_offs(self) -> list[tuple[int, int]]:
        """(row, amount) of its write-off lines."""
        p, write_off = self.packed, KIND_INDEX[kinds.WRITE_OFF]
        return [(p[i - 1], p[i + 2]) for i in range(1, len(p), 5) if p[i] == write_off]

    @property
    def terms(self) -> engine.Terms:
        return engine.Terms(
            annual_rate=self.rate,
            term_months=self.term_months,
            grace_months=self.grace_months,
            method=self.method,
            frequency=self.product.frequency,
            overdue_margin=Decimal(self.product.overdue_margin),
        )


@dataclass(frozen=True)
class Figures:
    lent: int
    recovered: int
    written_off: int

    @property
    def outstanding(self) -> int:
        return self.lent - self.recovered - self.written_off


def ordered(postings: Iterable[engine.Posting]) -> list[engine.Posting]:
    """Value-date order; the sheet's order (the key is the row) among the same day."""
    return sorted(postings, key=lambda p: (p.value_date, p.key))  # type: ignore[arg-type]


def replay_draft(draft: LoanDraft) -> engine.Result:
    """The engine's replay of the whole history; ``engine.LedgerError.key`` names the row."""
    return engine.replay(draft.terms, draft.tranches, ordered(draft.postings))


def figures(draft: LoanDraft, result: engine.Result, as_of: dt.date | None = None) -> Figures:
    """Lent, recovered and written off by ``as_of`` (everything when None), as the portal's
    balances count them (``funds.selectors``): Σ tranches, Σ principal, Σ written off."""
    lent = sum(t.amount for t in draft.tranches if as_of is None or t.disbursed_on <= as_of)
    recovered = written_off = 0
    p, last = draft.packed, dt.date.max.toordinal() if as_of is None else as_of.toordinal()
    for i in range(0, len(p), 5):
        if p[i + 2] <= last:
            allocation = result.allocations[p[i]]
            recovered += allocation.principal
            written_off += allocation.written_off
    return Figures(lent, recovered, written_off)


TRANSACTION_FIELDS = (
    "loan_id",
    "kind",
    "value_date",
    "amount",
    "overdue_interest",
    "interest",
    "principal",
    "written_off",
    "prepayment_mode",
    "reason",
    "posted_by_id",
    "posted_at",
)


def _status_chain(draft: LoanDraft, loan: Loan, result: engine.Result) -> list[str]:
    lent = sum(t.amount for t in draft.tranches)
    loan.status = LoanStatus.DISBURSED if lent == draft.amount else LoanStatus.DISBURSING
    chain: list[str] = [LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.CONTRACTED, loan.status]
    final = ledger_status(loan, result, paid_something=draft.paid_something())
    if final != loan.status:
        chain.append(final)
        loan.status = final
    return chain


def _new_loan(draft: LoanDraft, actor: User) -> Loan:
    first = min(t.disbursed_on for t in draft.tranches)
    return Loan(
        number=draft.number,
        enterprise_id=draft.enterprise_id,
        intermediary_id=draft.intermediary_id,
        product=draft.product,
        requested_amount=draft.amount,
        approved_amount=draft.amount,
        rate=draft.rate,
        term_months=draft.term_months,
        grace_months=draft.grace_months,
        repayment_method=draft.method,
        frequency=draft.product.frequency,
        overdue_margin=draft.product.overdue_margin,
        applied_on=first,
        approved_on=first,
        contracted_on=first,
        created_by=actor,
    )


def _write_chunk(drafts: Sequence[LoanDraft], actor: User) -> list[Loan]:
    now = timezone.now()
    loans = [_new_loan(draft, actor) for draft in drafts]
    results = [replay_draft(draft) for draft in drafts]
    chains = [_status_chain(d, loan, r) for d, loan, r in zip(drafts, loans, results, strict=True)]
    Loan.objects.bulk_create(loans)
    write_status_chains(
        ((loan.pk, chain) for loan, chain in zip(loans, chains, strict=True)),
        actor_id=actor.pk,
        comment=COMMENT,
    )
    copy_rows(
        LoanDisbursement,
        ("loan_id", "disbursed_on", "amount", "created_by_id"),
        [
            (loan.pk, t.disbursed_on, t.amount, actor.pk)
            for loan, draft in zip(loans, drafts, strict=True)
            for t in draft.tranches
        ],
    )
    instalments: list[tuple[Any, ...]] = []
    transactions: list[tuple[Any, ...]] = []
    for loan, draft, result in zip(loans, drafts, results, strict=True):
        instalments += [
            (
                loan.pk,
                r.number,
                r.due_date,
                r.principal,
                r.interest,
                r.grace,
                r.is_prepayment,
                r.principal_paid,
                r.interest_paid,
                r.settled_on,
            )
            for r in result.rows
        ]
        for p in ordered(draft.postings):
            a = result.allocations[p.key]
            mode = p.prepayment_mode if p.kind == kinds.PREPAYMENT else ""
            transactions.append(
                (
                    loan.pk,
                    p.kind,
                    p.value_date,
                    p.amount if p.kind != kinds.WRITE_OFF else a.written_off,
                    a.overdue_interest,
                    a.interest,
                    a.principal,
                    a.written_off,
                    mode,
                    "",
                    actor.pk,
                    now,
                )
            )
    copy_rows(ScheduleInstalment, ("loan_id", *INSTALMENT_FIELDS), instalments)
    copy_rows(LoanTransaction, TRANSACTION_FIELDS, transactions)
    return loans


def _extend(draft: LoanDraft, actor: User) -> Loan:
    assert draft.existing is not None
    loan = locked(draft.existing)
    LoanTransaction.objects.bulk_create(
        LoanTransaction(
            loan=loan,
            kind=p.kind,
            value_date=p.value_date,
            amount=p.amount,
            prepayment_mode=p.prepayment_mode if p.kind == kinds.PREPAYMENT else "",
            posted_by=actor,
        )
        for p in ordered(draft.new_postings)
    )
    result = replay(loan)
    LOAN_MACHINE.derive(loan, ledger_status(loan, result), actor=actor, comment=COMMENT)
    return loan


@transaction.atomic
def import_loan_history(drafts: Sequence[LoanDraft], *, actor: User) -> list[Loan]:
    """Create the drafts without a portal loan and add new transactions to those with one;
    all or nothing (the caller has checked every draft with :func:`replay_draft`)."""
    require_role(actor, access.LOAN_MANAGE_ROLES)
    fresh = [draft for draft in drafts if draft.existing is None]
    written: list[Loan] = []
    for start in range(0, len(fresh), CHUNK):
        written += _write_chunk(fresh[start : start + CHUNK], actor)
    written += [_extend(d, actor) for d in drafts if d.existing is not None and d.new_postings]
    refresh_overdue(loan.pk for loan in written)
    return written
