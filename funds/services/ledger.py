"""Saving the ledger engine's results: postings, write-offs, reversals and the status the
ledger derives.

Postings on one loan are serialised by locking the loan row (``select_for_update``) and every
posting replays the loan's ledger (``funds.engine``), so a back-dated posting or reversal
re-allocates the later transactions in date order.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, DateField, Model, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from funds import engine, kinds, selectors
from funds.models import (
    Loan,
    LoanDisbursement,
    LoanStatus,
    LoanTransaction,
    PrepaymentMode,
    ScheduleInstalment,
    TransactionKind,
)
from funds.workflow import LOAN_MACHINE, PAYABLE, require_action
from seoul_se.accounts.models import User

S = LoanStatus


def locked(loan: Loan) -> Loan:
    # The loan row only: locking the joined product row made every posting on the product's
    # loans wait for whoever held it (an edit of the product, a posting on another loan).
    return Loan.objects.select_for_update(of=("self",)).select_related("product").get(pk=loan.pk)


def loan_terms(loan: Loan) -> engine.Terms:
    return engine.Terms(
        annual_rate=Decimal(loan.rate),
        term_months=loan.term_months,
        grace_months=loan.grace_months,
        method=loan.repayment_method,
        frequency=loan.frequency,
        overdue_margin=Decimal(loan.overdue_margin),
    )


def tranches(loan: Loan) -> list[engine.Tranche]:
    return [
        engine.Tranche(disbursed_on, amount)
        for disbursed_on, amount in loan.disbursements.values_list("disbursed_on", "amount")
    ]


def live_transactions(loan: Loan) -> list[LoanTransaction]:
    """Transactions the replay applies: not reversals and not reversed, in date order."""
    return list(
        loan.transactions.filter(reversed_by__isnull=True)
        .exclude(kind=TransactionKind.REVERSAL)
        .order_by("value_date", "pk")
    )


# What ``as_posting`` reads of a transaction: bulk readers load only these (``only``).
POSTING_FIELDS = ["loan", "kind", "value_date", "amount", "prepayment_mode"]


def as_posting(txn: LoanTransaction) -> engine.Posting:
    return engine.Posting(
        txn.pk, txn.kind, txn.value_date, txn.amount, txn.prepayment_mode or kinds.SHORTEN_TERM
    )


def schedule_changes(
    stored: list[ScheduleInstalment], rows: list[engine.Row]
) -> list[ScheduleInstalment] | None:
    """The stored instalments (``number`` order) whose paid figures the replay changed, updated
    in memory; None when the schedule's shape changed (it is then rewritten whole)."""
    same_shape = len(stored) == len(rows) and all(
        (s.due_date, s.principal, s.interest, s.is_grace, s.is_prepayment)
        == (r.due_date, r.principal, r.interest, r.grace, r.is_prepayment)
        for s, r in zip(stored, rows, strict=True)
    )
    if not same_shape:
        return None
    changed = []
    for s, r in zip(stored, rows, strict=True):
        paid = (r.principal_paid, r.interest_paid, r.settled_on)
        if (s.principal_paid, s.interest_paid, s.settled_on) != paid:
            s.principal_paid, s.interest_paid, s.settled_on = paid
            changed.append(s)
    return changed


REFRESH_BATCH = 10_000
NEVER = Value(dt.date.min)  # stands for "no date" where NULL would not compare
PAID_FIELDS = ["principal_paid", "interest_paid", "settled_on"]
ALLOCATION_FIELDS = ["overdue_interest", "interest", "principal", "written_off"]


def _store_schedule(loan: Loan, rows: list[engine.Row]) -> None:
    changed = schedule_changes(list(loan.instalments.order_by("number")), rows)
    if changed is None:
        loan.instalments.all().delete()
        ScheduleInstalment.objects.bulk_create(instalment_objects(loan.pk, rows))
    elif changed:
        ScheduleInstalment.objects.bulk_update(changed, PAID_FIELDS)


def instalment_objects(loan_id: int, rows: Iterable[engine.Row]) -> list[ScheduleInstalment]:
    return [
        ScheduleInstalment(
            loan_id=loan_id,
            number=r.number,
            due_date=r.due_date,
            principal=r.principal,
            interest=r.interest,
            is_grace=r.grace,
            is_prepayment=r.is_prepayment,
            principal_paid=r.principal_paid,
            interest_paid=r.interest_paid,
            settled_on=r.settled_on,
        )
        for r in rows
    ]


def ledger_error(exc: engine.LedgerError) -> ValidationError:
    return ValidationError(str(exc), code="ledger_refused")


def changed_allocations(
    live: list[LoanTransaction], result: engine.Result
) -> list[LoanTransaction]:
    """The live transactions whose allocation the replay changed, updated in memory (only the
    derived allocation changes; the posted kind/date/amount never do)."""
    changed = []
    for txn in live:
        a = result.allocations[txn.pk]
        values = (a.overdue_interest, a.interest, a.principal, a.written_off)
        if values != (txn.overdue_interest, txn.interest, txn.principal, txn.written_off):
            txn.overdue_interest, txn.interest, txn.principal, txn.written_off = values
            changed.append(txn)
    return changed


def replay(loan: Loan) -> engine.Result:
    """Re-derive the schedule and every live transaction's allocation (call under the lock)."""
    live = live_transactions(loan)
    try:
        result = engine.replay(loan_terms(loan), tranches(loan), [as_posting(t) for t in live])
    except engine.LedgerError as exc:
        raise ledger_error(exc) from exc
    changed = changed_allocations(live, result)
    if changed:
        LoanTransaction.objects.bulk_update(changed, ALLOCATION_FIELDS)
    _store_schedule(loan, result.rows)
    refresh_overdue([loan.pk])
    return result


def overdue_since_value(
    instalments: type[Model], disbursements: type[Model], entries: type[Model]
) -> Case:
    """``Loan.overdue_since`` as an SQL expression over the loan's own rows: the due date of its
    oldest unsettled instalment while principal is outstanding (``selectors.lent_total`` over
    ``settled_total``, counting every row), else NULL. The models are parameters so that the
    backfill migration runs it on its historical models."""
    oldest = (
        instalments.objects.filter(loan=OuterRef("pk"), settled_on__isnull=True)  # type: ignore[attr-defined]
        .order_by("due_date")
        .values("due_date")[:1]
    )
    outstanding = GreaterThan(
        selectors.lent_total(None, disbursements), selectors.settled_total(None, entries)
    )
    return Case(When(outstanding, then=Subquery(oldest)), default=None, output_field=DateField())


def refresh_overdue(loan_ids: Iterable[int]) -> None:
    """Re-derive ``Loan.overdue_since`` of these loans in one UPDATE; every writer of
    schedules, disbursements or ledger entries calls it after its writes (``replay``,
    ``bulk_ledger.replay_loans``, the history import, the demo loader)."""
    ids = list(loan_ids)
    value = overdue_since_value(ScheduleInstalment, LoanDisbursement, LoanTransaction)
    # Only the loans whose date changes are written: most postings leave it as it was, and a
    # second UPDATE of the loan row in one transaction (after the status one) makes PostgreSQL
    # re-check its foreign keys, share-locking the product, enterprise and intermediary rows.
    changes = ~Q(Exact(Coalesce("overdue_since", NEVER), Coalesce(value, NEVER)))
    # In slices: SQLite (the demo) caps the parameters of one statement.
    for start in range(0, len(ids), REFRESH_BATCH):
        Loan.objects.filter(changes, pk__in=ids[start : start + REFRESH_BATCH]).update(
            overdue_since=value
        )


def ledger_status(loan: Loan, result: engine.Result, paid_something: bool | None = None) -> str:
    """The status the ledger gives the loan after a posting: repaid in full → closed; written
    off; reopened by a reversal (of a payoff, of a write-off). ``paid_something`` (a live
    payment exists) is asked of the database unless a bulk caller already knows it."""
    if result.written_off:
        return S.WRITTEN_OFF
    if loan.status == S.WRITTEN_OFF:
        return S.REPAYING
    if paid_something is None:
        paid_something = loan.transactions.filter(
            reversed_by__isnull=True, kind__in=kinds.PAYMENT_KINDS
        ).exists()
    if result.outstanding == 0:
        return S.CLOSED
    if loan.status == S.CLOSED:
        return S.REPAYING if paid_something else S.DISBURSED
    fully_disbursed = result.disbursed == loan.approved_amount
    if paid_something and loan.status in (S.DISBURSED, S.DISBURSING) and fully_disbursed:
        return S.REPAYING
    if loan.status == S.REPAYING and not paid_something:
        return S.DISBURSED
    return loan.status


def _sync_status(loan: Loan, result: engine.Result, actor: User, comment: str) -> None:
    LOAN_MACHINE.derive(loan, ledger_status(loan, result), actor=actor, comment=comment)


def _check_not_before_write_off(loan: Loan, value_date: dt.date) -> None:
    write_off = (
        loan.transactions.filter(kind=TransactionKind.WRITE_OFF, reversed_by__isnull=True)
        .order_by("value_date")
        .first()
    )
    if write_off and value_date < write_off.value_date:
        raise ValidationError(
            _("상각일 이전 날짜의 거래는 상각을 취소한 뒤에 기록할 수 있습니다."),
            code="before_write_off",
        )


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _repeat_of(
    loan: Loan, key: str, kind: str, value_date: dt.date, amount: int
) -> LoanTransaction | None:
    existing = LoanTransaction.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if (existing.loan_id, existing.kind, existing.value_date, existing.amount) != (
        loan.pk,
        kind,
        value_date,
        amount,
    ):
        raise ValidationError(
            _("같은 요청 키(Idempotency-Key)가 다른 내용의 거래에 이미 사용되었습니다."),
            code="idempotency_key_reused",
        )
    existing.was_repeat = True  # type: ignore[attr-defined]  # the API answers 200
    return existing


def _check_posting(
    loan: Loan, kind: str, value_date: dt.date, amount: int, prepayment_mode: str
) -> None:
    if kind not in kinds.POSTABLE_KINDS:
        raise _field_error("kind", _("기록할 수 없는 거래 구분입니다."), "kind_not_postable")
    if amount <= 0:
        raise _field_error("amount", _("상환액은 0원보다 커야 합니다."), "amount_not_positive")
    if loan.status == S.CLOSED:
        raise ValidationError(_("완제된 대출에는 상환을 기록할 수 없습니다."), code="loan_closed")
    if loan.status not in PAYABLE:
        raise ValidationError(
            _("지급되지 않은 대출에는 상환을 기록할 수 없습니다."), code="not_disbursed"
        )
    first = loan.disbursements.order_by("disbursed_on").values_list("disbursed_on", flat=True)
    if first and value_date < first[0]:
        raise _field_error(
            "value_date",
            _("최초 지급일 이전 날짜로 상환을 기록할 수 없습니다."),
            "before_first_disbursement",
        )
    if value_date > timezone.localdate():
        raise _field_error(
            "value_date", _("미래 날짜로 상환을 기록할 수 없습니다."), "future_value_date"
        )
    _check_not_before_write_off(loan, value_date)
    if kind == TransactionKind.PREPAYMENT and prepayment_mode not in PrepaymentMode.values:
        raise _field_error(
            "prepayment_mode",
            _("중도상환 방식(기간 단축/납입액 감소)을 선택해 주세요."),
            "prepayment_mode_required",
        )


@transaction.atomic
def post_transaction(
    loan: Loan,
    *,
    actor: User,
    kind: str,
    value_date: dt.date,
    amount: int,
    idempotency_key: str | None = None,
    prepayment_mode: str = "",
    reason: str = "",
) -> LoanTransaction:
    """Post a repayment, prepayment, payoff or write-off recovery; the same key posts once."""
    loan = locked(loan)
    if idempotency_key:
        existing = _repeat_of(loan, idempotency_key, kind, value_date, amount)
        if existing is not None:
            return existing
    _check_posting(loan, kind, value_date, amount, prepayment_mode)
    try:
        with transaction.atomic():
            txn = LoanTransaction.objects.create(
                loan=loan,
                kind=kind,
                value_date=value_date,
                amount=amount,
                idempotency_key=idempotency_key or None,
                prepayment_mode=prepayment_mode if kind == TransactionKind.PREPAYMENT else "",
                reason=reason,
                posted_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("같은 요청 키(Idempotency-Key)가 이미 사용되었습니다."), code="idempotency_key_used"
        ) from exc
    result = replay(loan)
    _sync_status(loan, result, actor, f"{txn.get_kind_display()} {amount:,}원 ({value_date})")
    txn.refresh_from_db()
    return txn


@transaction.atomic
def write_off(loan: Loan, *, actor: User, on: dt.date, reason: str) -> LoanTransaction:
    """Write off what is outstanding on ``on`` (action ``write_off`` of the loan workflow)."""
    loan = locked(loan)
    if not reason.strip():
        raise _field_error("reason", _("상각 사유를 입력해 주세요."), "reason_required")
    require_action(
        loan, "write_off", actor, _("상환 중인 대출만 상각할 수 있습니다."), "not_active"
    )
    _check_not_before_write_off(loan, on)
    later = loan.transactions.filter(value_date__gt=on, reversed_by__isnull=True).exclude(
        kind=TransactionKind.REVERSAL
    )
    if later.exists():
        raise ValidationError(
            _("상각일 이후의 거래가 있어 상각할 수 없습니다."), code="later_transactions"
        )
    state = engine.replay(
        loan_terms(loan),
        tranches(loan),
        [as_posting(t) for t in live_transactions(loan) if t.value_date <= on],
    )
    txn = LoanTransaction.objects.create(
        loan=loan,
        kind=TransactionKind.WRITE_OFF,
        value_date=on,
        amount=state.outstanding,
        reason=reason,
        posted_by=actor,
    )
    result = replay(loan)
    _sync_status(loan, result, actor, f"상각: {reason}")
    txn.refresh_from_db()
    return txn


@transaction.atomic
def reverse_transaction(txn: LoanTransaction, *, actor: User, reason: str) -> LoanTransaction:
    """Cancel a posted transaction by a reversal entry (same value date, negated allocation);
    later transactions are replayed without it."""
    loan = locked(txn.loan)
    txn = LoanTransaction.objects.select_for_update().get(pk=txn.pk)
    if not reason.strip():
        raise _field_error("reason", _("취소 사유를 입력해 주세요."), "reason_required")
    if txn.kind == TransactionKind.REVERSAL:
        raise ValidationError(
            _("취소 거래는 다시 취소할 수 없습니다."), code="reversal_of_reversal"
        )
    if LoanTransaction.objects.filter(reversal_of=txn).exists():
        raise ValidationError(_("이미 취소된 거래입니다."), code="already_reversed")
    if txn.kind != TransactionKind.WRITE_OFF:
        _check_not_before_write_off(loan, txn.value_date)
    reversal = reversal_entry(txn, actor=actor, reason=reason)
    reversal.save(force_insert=True)
    result = replay(loan)
    _sync_status(loan, result, actor, f"거래 취소: {reason}")
    return reversal


def reversal_entry(txn: LoanTransaction, *, actor: User, reason: str) -> LoanTransaction:
    """The (unsaved) reversal of ``txn``: same value date, negated amount and allocation. Bulk
    callers (the monthly repayment report's corrections) insert many and replay once."""
    return LoanTransaction(
        loan_id=txn.loan_id,
        kind=TransactionKind.REVERSAL,
        value_date=txn.value_date,
        amount=-txn.amount,
        overdue_interest=-txn.overdue_interest,
        interest=-txn.interest,
        principal=-txn.principal,
        written_off=-txn.written_off,
        reversal_of=txn,
        reason=reason,
        posted_by=actor,
    )


def payoff_quote(loan: Loan, on: dt.date) -> int:
    """The amount that closes the loan on ``on`` (dues + running interest + all principal)."""
    postings = [as_posting(t) for t in live_transactions(loan) if t.value_date <= on]
    paid_out = tranches(loan)
    if not paid_out:
        return 0
    try:
        return engine.quote_payoff(loan_terms(loan), paid_out, postings, on)
    except engine.LedgerError as exc:
        raise ledger_error(exc) from exc
