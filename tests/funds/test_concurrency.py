"""20 simultaneous repayments on one loan (PostgreSQL, real threads and connections)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from funds import selectors, services
from funds.models import LoanTransaction
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
