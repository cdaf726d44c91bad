"""``ledger.replay`` for many loans at once (the monthly repayment report), in chunks of
``CHUNK`` loans: a constant number of queries per chunk — live transactions, tranches and stored
schedules read in three queries, changed allocations and paid figures written by
``bulk_update``, the reshaped schedules deleted in one query and created in one
``bulk_create`` — so memory holds one chunk's ledgers and schedules, not the whole report's
(5,000 loans of 50 repayments are ≈ 550,000 rows, ≈ 550 MB as model instances)."""

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from funds import engine
from funds.models import (
    Loan,
    LoanDisbursement,
    LoanTransaction,
    ScheduleInstalment,
    TransactionKind,
)
from funds.services.ledger import (
    ALLOCATION_FIELDS,
    PAID_FIELDS,
    POSTING_FIELDS,
    as_posting,
    changed_allocations,
    instalment_objects,
    ledger_error,
    loan_terms,
    refresh_overdue,
    schedule_changes,
)

BATCH = 1_000
# ≈ 55,000 model instances for loans of 50 repayments; 1,000 raised a 5,000-row report's
# peak RSS by 40 MB, 500 keeps it under the check's (docs/funds.md "Imports").
CHUNK = 500


def replay_loans(loans: Sequence[Loan]) -> dict[int, engine.Result]:
    """Re-derive each loan's schedule and allocations (call under the loans' locks); the
    engine's result per loan id without its rows and allocations (written, then dropped to
    bound memory). ValidationError ``ledger_refused`` as ``ledger.replay``."""
    results: dict[int, engine.Result] = {}
    for start in range(0, len(loans), CHUNK):
        results |= _replay_chunk(loans[start : start + CHUNK])
    refresh_overdue(loan.pk for loan in loans)
    return results


def _replay_chunk(loans: Sequence[Loan]) -> dict[int, engine.Result]:
    ids = [loan.pk for loan in loans]
    live: dict[int, list[LoanTransaction]] = defaultdict(list)
    for txn in (
        LoanTransaction.objects.filter(loan_id__in=ids, reversed_by__isnull=True)
        .exclude(kind=TransactionKind.REVERSAL)
        .only(*POSTING_FIELDS, *ALLOCATION_FIELDS)  # not the reason, key or poster
        .order_by("value_date", "pk")
    ):
        live[txn.loan_id].append(txn)
    tranches: dict[int, list[engine.Tranche]] = defaultdict(list)
    for loan_id, day, amount in LoanDisbursement.objects.filter(loan_id__in=ids).values_list(
        "loan_id", "disbursed_on", "amount"
    ):
        tranches[loan_id].append(engine.Tranche(day, amount))
    stored: dict[int, list[ScheduleInstalment]] = defaultdict(list)
    for row in ScheduleInstalment.objects.filter(loan_id__in=ids).order_by("loan_id", "number"):
        stored[row.loan_id].append(row)
    results: dict[int, engine.Result] = {}
    allocations: list[LoanTransaction] = []
    paid: list[ScheduleInstalment] = []
    reshaped: list[int] = []
    fresh: list[ScheduleInstalment] = []
    for loan in loans:
        postings = [as_posting(t) for t in live[loan.pk]]
        try:
            result = engine.replay(loan_terms(loan), tranches[loan.pk], postings)
        except engine.LedgerError as exc:
            raise ledger_error(exc) from exc
        allocations += changed_allocations(live[loan.pk], result)
        changed = schedule_changes(stored[loan.pk], result.rows)
        if changed is None:
            reshaped.append(loan.pk)
            fresh += instalment_objects(loan.pk, result.rows)
        else:
            paid += changed
        results[loan.pk] = dataclasses.replace(result, rows=[], allocations={})
    LoanTransaction.objects.bulk_update(allocations, ALLOCATION_FIELDS, batch_size=BATCH)
    ScheduleInstalment.objects.bulk_update(paid, PAID_FIELDS, batch_size=BATCH)
    if reshaped:
        ScheduleInstalment.objects.filter(loan_id__in=reshaped).delete()
        ScheduleInstalment.objects.bulk_create(fresh, batch_size=BATCH)
    return results
