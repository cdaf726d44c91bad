"""Loans with their history, written in bulk (the ``funds.loans`` import, issue 14).

A :class:`LoanDraft` is a loan as a workbook states it: borrower, intermediary, product, terms,
tranches and its transactions (``engine.Posting`` keyed by the sheet row). :func:`replay_draft`
runs the ledger engine on it in memory — the import's check that no transaction pays more than
is owed or falls before the first tranche, and its figures for the reconciliation.

:func:`import_loan_history` writes new loans all at once: per chunk of 1,000 loans one ``bulk_create``
of loans, tranches and status changes, and the engine's schedule and allocation written with
PostgreSQL ``COPY`` (``bulk_create`` on other databases) — no query per row, nothing kept for
more than a chunk. Their status is what the ledger derives (``ledger_status``) and their status
changes are written as rows, the way the demo loader does: the one-loan workflow's queries per
move are what a million-row import cannot afford. A loan already in the portal whose sheet adds
transactions gets them through the ledger's own replay, one loan at a time.
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from funds import access, engine, kinds
from funds.fields import INSTALMENT_FIELDS
from funds.models import (
    Loan,
    LoanDisbursement,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    LoanTransition,
    ScheduleInstalment,
)
from funds.services.ledger import ledger_status, locked, replay
from funds.workflow import LOAN_MACHINE
from seoul_se.access import require_role
from seoul_se.accounts.models import User

CHUNK = 1_000  # loans written per round (bounded memory; a few queries each)
COMMENT = "융자 이력 가져오기"


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
    postings: list[engine.Posting] = field(default_factory=list)
    existing: Loan | None = None  # the portal's loan with this number, when there is one
    new_postings: list[engine.Posting] = field(default_factory=list)  # for ``existing``

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
    for posting in draft.postings:
        if as_of is None or posting.value_date <= as_of:
            allocation = result.allocations[posting.key]
            recovered += allocation.principal
            written_off += allocation.written_off
    return Figures(lent, recovered, written_off)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_line(row: tuple[Any, ...]) -> str:
    """One COPY text line: NULL as \\N, text escaped; ints, dates, datetimes and booleans by
    ``str`` (ISO dates; PostgreSQL reads True/False) — the fast path for a million rows."""
    return "\t".join("\\N" if v is None else _escaped(v) if type(v) is str else str(v) for v in row)


def copy_rows(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert plain tuples (columns ``fields``): PostgreSQL COPY, else ``bulk_create``."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=2_000
        )
        return
    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)  # type: ignore[union-attr, arg-type]
    buffer = io.StringIO("\n".join(map(_copy_line, rows)) + "\n")
    with connection.cursor() as cursor:
        # Table and column names come from the model; the values travel as COPY data.
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        cursor.cursor.copy_expert(sql, buffer)


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
    paid = any(p.kind in kinds.PAYMENT_KINDS for p in draft.postings)
    final = ledger_status(loan, result, paid_something=paid)
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
    LoanTransition.objects.bulk_create(
        LoanTransition(loan=loan, from_status=a, to_status=b, actor=actor, comment=COMMENT)
        for loan, chain in zip(loans, chains, strict=True)
        for a, b in zip(["", *chain], chain, strict=False)
    )
    LoanDisbursement.objects.bulk_create(
        LoanDisbursement(loan=loan, disbursed_on=t.disbursed_on, amount=t.amount, created_by=actor)
        for loan, draft in zip(loans, drafts, strict=True)
        for t in draft.tranches
    )
    instalments, transactions = [], []
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
    return written
