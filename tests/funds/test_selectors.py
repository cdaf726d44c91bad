import datetime as dt
import io

import pytest

from funds import demo, selectors, services
from funds.models import Deposit, Loan
from tests.funds.factories import make_loan

pytestmark = pytest.mark.django_db
D = dt.date


def test_fund_status_aging_and_par(staff):
    """Two loans of 1,200,000 at 0 % (100,000 a month from 2024-02-02). One pays everything
    due; the other never pays: on 2024-04-15 its oldest unpaid instalment (2024-02-02) is 73
    days past due → bucket 31–90 with its whole 1,200,000 outstanding. PAR30 = 1,200,000 ÷
    (2,400,000 − 300,000) = 0.5714; PAR90 = 0."""
    paying = make_loan(staff)
    late = make_loan(staff)
    for day in (D(2024, 2, 2), D(2024, 3, 4), D(2024, 4, 2)):
        services.post_transaction(
            paying, actor=staff, kind="repayment", value_date=day, amount=100_000
        )
    Deposit.objects.create(
        fund=services.main_fund(),
        kind="term",
        bank="신한은행",
        principal=500,
        rate="0.01",
        start=D(2024, 1, 1),
        maturity=D(2024, 12, 31),
    )
    status = selectors.fund_status(D(2024, 4, 15))
    assert (status.total_lent, status.enterprise_count, status.principal_recovered) == (
        2_400_000,
        2,
        300_000,
    )
    assert status.outstanding == 2_100_000
    assert status.deposits_total == 500 and status.deposits_by_kind == {"term": 500, "public": 0}
    assert [(b.loan_count, b.outstanding) for b in status.aging] == [
        (0, 0),
        (1, 1_200_000),
        (0, 0),
        (0, 0),
    ]
    assert str(status.par30) == "0.5714" and status.par90 == 0
    assert selectors.loan_balance(late, D(2024, 4, 15)).days_past_due == 73
    # Nothing was lent yet before; by 2025-01-31 both loans are over 180 days late.
    assert selectors.fund_status(D(2023, 12, 31)).total_lent == 0
    assert selectors.fund_status(D(2025, 1, 31)).aging[3].loan_count == 2
    by_loan = {row.key: row for row in selectors.balances(D(2024, 4, 15), "loan")}
    assert by_loan[paying.pk].outstanding == 900_000
    assert len(selectors.balances(D(2024, 4, 15), "intermediary")) == 2


def test_fund_status_queries_are_constant(staff, django_assert_max_num_queries):
    for _ in range(3):
        make_loan(staff)
    with django_assert_max_num_queries(12):
        selectors.fund_status(D(2024, 6, 30))


def test_support_records_list_the_enterprise_loans(staff):
    loan = make_loan(staff)
    records = selectors.support_records(loan.enterprise_id, D(2020, 1, 1))
    assert [(r.source, r.amount, r.start) for r in records] == [("fund", 1_200_000, D(2024, 1, 2))]
    assert selectors.support_records(loan.enterprise_id, D(2026, 1, 1)) == []


def test_demo_matches_the_seed_on_2019_12_31():
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    status = selectors.fund_status(D(2019, 12, 31))
    assert status.enterprise_count == 635
    assert status.total_lent == 90_464_000_000
    assert status.outstanding == 59_078_000_000
    assert status.principal_recovered == 31_386_000_000
    assert status.deposits_by_kind == {"term": 7_500_000_000, "public": 5_717_000_000}
    assert status.deposits_total == 13_217_000_000
    assert Loan.objects.count() == 635
    totals = {(t.track, t.institutions, t.city_allocation) for t in selectors.selection_totals()}
    assert totals == {
        ("general", 7, 10_950_000_000),
        ("social_housing", 2, 2_750_000_000),
        ("cluster", 1, 2_500_000_000),
    }
