"""Settlement arithmetic against the seeds' published figures and generated ledgers."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import demo, selectors
from reports.models import Budget, Finding, LineKind, Revenue
from tests.reports.factories import add_expenditure, add_revenue, make_budget, make_lines

pytestmark = pytest.mark.django_db


def test_2018_settlement_reproduces_seed_001(seeded):
    s = selectors.settlement_summary(seeded)
    assert s.revenue_budget == 5_012_934_847
    assert s.revenue_executed == 5_010_282_975
    assert s.expenditure_budget == 4_986_310_678
    assert s.expenditure_executed == 4_838_190_018
    assert s.amount_to_return == 172_092_957
    assert s.interest_income == 884_232
    assert s.grant_used == 4_774_791_018  # 민간위탁금 사용액 of the auditor's report
    assert s.disallowed == 0


def test_2018_every_line_matches_seed(seeded):
    revenue = {
        r.path[-1]: (r.budgeted, r.executed)
        for r in selectors.leaf_rows(selectors.line_rows(seeded, LineKind.REVENUE))
    }
    assert revenue["기술혁신랩"] == (3_840_000, 5_218_000)
    assert revenue["이자수입"] == (800_000, 884_232)
    assert len(revenue) == len(demo.REVENUE_2018)
    expenditure = {
        r.path[-1]: (r.budgeted, r.executed)
        for r in selectors.leaf_rows(selectors.line_rows(seeded, LineKind.EXPENDITURE))
    }
    assert expenditure["인건비"] == (1_214_856_746, 1_067_228_015)
    assert expenditure["반납금"] == (25_240_718, 25_000_000)
    assert len(expenditure) == len(demo.EXPENDITURE_2018)


def test_disallowed_amounts_add_to_the_return(seeded, auditor):
    Finding.objects.create(
        budget=seeded, disallowed_amount=1_000_000, reason="증빙 미비", auditor=auditor
    )
    assert selectors.settlement_summary(seeded).amount_to_return == 173_092_957


def test_closing_table_of_seed_003(seeded):
    rows = {r.fiscal_year: r for r in selectors.closing_table("centre")}
    assert [2017, 2018, 2019] == sorted(rows)
    assert rows[2017].current == 5_250_227_000
    assert rows[2017].remaining == 274_866_000
    assert rows[2018].remaining == 14_357_000
    assert rows[2018].national_budget == 239_000_000
    assert rows[2019].remaining == 0
    assert all(r.published for r in rows.values())


def test_2021_budget_and_change_vs_2020(seeded):
    b2021 = Budget.objects.get(fiscal_year=2021, owner_key="centre")
    assert selectors.budget_total(b2021) == 6_185_415_000
    assert selectors.budget_national_total(b2021) == 209_000_000
    rows = selectors.line_rows(b2021, LineKind.EXPENDITURE)
    (grant,) = rows
    by_name = {c.line.name: c for c in grant.children}
    assert by_name["인건비"].budgeted == 1_321_596_000
    assert by_name["운영비"].budgeted == 360_000_000
    assert by_name["사업비"].budgeted == 4_503_819_000
    assert len(by_name["사업비"].children) == 11
    change = selectors.budget_change_vs_previous(b2021)
    assert change.difference == -2_327_441_000
    assert change.percent == Decimal(-27)
    assert selectors.triangle(change.difference // 1000) == "△2,327,441"


def test_demo_is_idempotent(seeded):
    demo.load(io.StringIO())
    assert selectors.settlement_summary(seeded).amount_to_return == 172_092_957
    assert Revenue.objects.filter(line__budget=seeded).count() == len(demo.REVENUE_2018)


@pytest.mark.parametrize(
    ("previous", "current", "percent"),
    [
        (8_512_856, 6_185_415, -27),
        (100, 105, 5),
        (200, 201, 1),
        (200, 199, -1),
        (1000, 1005, 1),
        (0, 5, None),
    ],
)
def test_percent_rounding_half_up_on_absolute_value(previous, current, percent):
    assert selectors.Change(previous, current).percent == (
        None if percent is None else Decimal(percent)
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    revenues=st.lists(st.integers(1, 10**9), min_size=1, max_size=6),
    expenses=st.lists(st.integers(1, 10**8), max_size=6),
    interest=st.integers(0, 10**6),
    disallowed=st.integers(0, 10**7),
)
def test_return_equals_revenue_minus_expenditure_plus_disallowed(
    auditor, revenues, expenses, interest, disallowed
):
    budget = make_budget(2030)
    rev, exp = make_lines(budget, spend=sum(expenses) + 1, income=sum(revenues))
    for amount in revenues:
        add_revenue(rev, amount)
    if interest:
        add_revenue(rev, interest, Revenue.Source.INTEREST)
    for amount in expenses:
        add_expenditure(exp, amount)
    if disallowed:
        Finding.objects.create(
            budget=budget, disallowed_amount=disallowed, reason="지적", auditor=auditor
        )
    s = selectors.settlement_summary(budget)
    assert s.revenue_executed == sum(revenues) + interest
    assert s.expenditure_executed == sum(expenses)
    assert s.amount_to_return == sum(revenues) + interest - sum(expenses) + disallowed
    row = selectors.closing_row_from_lines(budget)
    assert row.current == row.final_budget + row.carried_in + row.budget_change
    assert row.remaining == row.current - row.executed - row.carried_out == 1


def test_program_disbursements_count_as_program_expenditure():
    import datetime as dt

    from reports import services
    from tests.factories import EnterpriseFactory
    from tests.kpis.factories import agreement, disbursement, program

    prog = program(2019, name="우수기업 지원")
    budget = services.ensure_budget(2019, "우수기업 지원", program=prog)
    assert budget.owner_key == f"program:{prog.pk}"
    rev = services.ensure_line(budget, LineKind.REVENUE, ["시비"], budgeted_amount=50_000_000)
    add_revenue(rev, 50_000_000)
    agr = agreement(prog, EnterpriseFactory(), signed_on=dt.date(2019, 2, 1), amount=45_000_000)
    disbursement(agr, paid_on=dt.date(2019, 3, 1), amount=30_000_000)
    disbursement(agr, paid_on=dt.date(2019, 9, 1), amount=15_000_000)
    disbursement(agr, paid_on=dt.date(2020, 1, 2), amount=1)  # next year: not counted
    s = selectors.settlement_summary(budget)
    assert s.disbursed == 45_000_000
    assert s.expenditure_executed == 45_000_000
    assert s.amount_to_return == 5_000_000
