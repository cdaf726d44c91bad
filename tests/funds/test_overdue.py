"""``Loan.overdue_since`` follows every writer of the ledger, and the home work queue's past-due
counts read from it equal the delinquency rule (``selectors.delinquent_loans``)."""

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.utils import timezone

from funds import demo, selectors, services
from funds.models import Loan, LoanTransaction
from funds.services.bulk_ledger import replay_loans
from seoul_se.core.work_queue import collect
from tests.funds.factories import IntermediaryFactory, make_loan

pytestmark = pytest.mark.django_db
D = dt.date


def overdue(loan):
    loan.refresh_from_db()
    return loan.overdue_since


def due_dates(loan):
    return list(loan.instalments.order_by("number").values_list("due_date", flat=True))


def post(loan, actor, day, amount, kind="repayment"):
    return services.post_transaction(loan, actor=actor, kind=kind, value_date=day, amount=amount)


def test_the_date_follows_a_posting_that_settles_the_oldest_instalment_and_its_reversal(staff):
    loan = make_loan(staff)  # 12 monthly instalments of 100,000 won from 2024, none paid
    first, second = due_dates(loan)[:2]
    assert overdue(loan) == first
    payment = post(loan, staff, first, 100_000)
    assert overdue(loan) == second
    services.reverse_transaction(payment, actor=staff, reason="오입금")
    assert overdue(loan) == first


def test_no_date_while_no_principal_is_outstanding(staff):
    loan = make_loan(staff)
    first = due_dates(loan)[0]
    day = D(2024, 2, 20)
    payoff = post(loan, staff, day, services.payoff_quote(loan, day), kind="payoff")
    assert overdue(loan) is None
    services.reverse_transaction(payoff, actor=staff, reason="입금 오류")
    assert overdue(loan) == first
    services.write_off(loan, actor=staff, on=D(2024, 6, 30), reason="폐업")
    assert overdue(loan) is None


def test_no_date_before_disbursement(staff):
    assert overdue(make_loan(staff, disbursed=0)) is None


def test_the_bulk_replay_of_repayment_reports_moves_the_date(staff):
    loans = [make_loan(staff) for _ in range(2)]
    first, second = due_dates(loans[0])[:2]
    for loan in loans:
        LoanTransaction.objects.create(
            loan=loan, kind="repayment", value_date=first, amount=100_000, posted_by=staff
        )
    replay_loans(list(Loan.objects.filter(pk__in=[loan.pk for loan in loans])))
    assert [overdue(loan) for loan in loans] == [second, second]


def test_the_backfill_migration_computes_what_refresh_keeps(staff):
    paid = make_loan(staff)
    post(paid, staff, due_dates(paid)[0], 100_000)
    loans = [make_loan(staff), paid, make_loan(staff, disbursed=0)]
    kept = [overdue(loan) for loan in loans]
    Loan.objects.update(overdue_since=None)
    migration = importlib.import_module("funds.migrations.0006_loan_overdue_since")
    migration.backfill(apps, None)
    assert [overdue(loan) for loan in loans] == kept


def _count(user, label):
    return {str(item.label): item.count for item in collect(user)}.get(label, 0)


def test_the_home_counts_equal_the_rule_with_entries_dated_after_today(staff, official, make_user):
    today = timezone.localdate()
    intermediary = IntermediaryFactory()
    lender = make_user("intermediary_staff")
    intermediary.staff.add(lender)
    make_loan(staff, intermediary=intermediary)  # far past due
    recent = make_loan(staff, intermediary=intermediary, disburse_on=today - dt.timedelta(days=45))
    # Half lent long ago, the rest in ten days: the stored date sees the later tranche already.
    split = make_loan(staff, intermediary=intermediary, disbursed=600_000)
    services.disburse(split, actor=staff, amount=600_000, on=today + dt.timedelta(days=10))
    cleared = make_loan(staff, intermediary=intermediary)
    day = due_dates(cleared)[0]
    post(cleared, staff, day, services.payoff_quote(cleared, day), kind="payoff")
    rule = selectors.delinquent_loans(today)
    assert {row["loan_id"] for row in rule} >= {recent.pk, split.pk}
    assert _count(lender, "연체 중인 융자") == len(rule) == 3
    serious = [row for row in rule if row["days_past_due"] > 90]
    assert _count(official, "90일 넘게 연체된 융자") == len(serious)


def test_the_demo_loader_stores_the_date_the_rule_reads(official):
    demo.load(io.StringIO())
    today = timezone.localdate()
    rule = selectors.delinquent_loans(today)
    assert rule  # the demo has delinquent loans
    stored = dict(Loan.objects.values_list("pk", "overdue_since"))
    assert all(stored[row["loan_id"]] == today - dt.timedelta(row["days_past_due"]) for row in rule)
    serious = [row for row in rule if row["days_past_due"] > 90]
    assert _count(official, "90일 넘게 연체된 융자") == len(serious)
