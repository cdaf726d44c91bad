"""20 simultaneous repayments on one loan (PostgreSQL, real threads and connections)."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from funds import selectors, services
from funds.models import LoanProduct, LoanTransaction
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_parallel_repayments_leave_a_consistent_ledger(staff):
    loan = make_loan(staff, amount=12_000_000, rate="0.03", term=24)
    day = dt.date(2024, 3, 4)
    barrier = threading.Barrier(20)
    errors: list[Exception] = []

    def pay(n: int) -> None:
        try:
            barrier.wait()
            # Keys 0–9 are each sent twice: those must post once.
            services.post_transaction(
                loan,
                actor=staff,
                kind="repayment",
                value_date=day,
                amount=100_000,
                idempotency_key=f"parallel-{n % 10}",
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    txns = list(LoanTransaction.objects.filter(loan=loan))
    assert len(txns) == 10
    assert all(t.overdue_interest + t.interest + t.principal == t.amount for t in txns)
    balance = selectors.loan_balance(loan, day)
    assert balance.recovered + balance.outstanding == 12_000_000
    assert balance.recovered + balance.interest_received == 1_000_000
    paid = loan.instalments.values_list("principal_paid", "interest_paid")
    assert sum(p + i for p, i in paid) == sum(t.interest + t.principal for t in txns)


def test_a_repayment_does_not_wait_on_a_lock_of_the_product_row(staff):
    """Editing a product (another connection holding its row) must not hold up postings on the
    product's loans: the posting locks the loan row only."""
    loan = make_loan(staff, amount=12_000_000, rate="0.03", term=24)
    locked = threading.Event()
    release = threading.Event()

    def hold_product_row() -> None:
        try:
            with transaction.atomic():
                LoanProduct.objects.select_for_update().get(pk=loan.product_id)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_product_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with transaction.atomic():
            # Waiting on a lock fails after 2 s instead of blocking until the holder lets go.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            txn = services.post_transaction(
                loan, actor=staff, kind="repayment", value_date=dt.date(2024, 3, 4), amount=100_000
            )
    finally:
        release.set()
        holder.join()
    assert txn.principal + txn.interest + txn.overdue_interest == 100_000
