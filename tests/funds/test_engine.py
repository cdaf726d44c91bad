"""Properties of the pure ledger engine (no database)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funds import engine, kinds

START = dt.date(2024, 1, 2)

postings = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1_200),
        st.integers(min_value=1, max_value=400_000),
        st.sampled_from(["repayment", "repayment", "prepayment"]),
        st.sampled_from([kinds.SHORTEN_TERM, kinds.LOWER_INSTALMENT]),
    ),
    max_size=12,
)


def terms(rate, method, frequency="monthly", term=24, grace=0):
    return engine.Terms(Decimal(rate), term, grace, method, frequency, Decimal("0.03"))


@settings(max_examples=120, deadline=None)
@given(
    principal=st.integers(min_value=100_000, max_value=3_000_000),
    rate=st.sampled_from(["0", "0.02", "0.03", "0.1"]),
    method=st.sampled_from(["equal_instalment", "equal_principal", "bullet"]),
    frequency=st.sampled_from(["monthly", "quarterly"]),
    raw=postings,
)
def test_allocations_sum_and_outstanding_never_negative(principal, rate, method, frequency, raw):
    t = terms(rate, method, frequency)
    tranches = [engine.Tranche(START, principal)]
    accepted: list[engine.Posting] = []
    for n, (offset, amount, kind, mode) in enumerate(sorted(raw)):
        posting = engine.Posting(n, kind, START + dt.timedelta(days=offset), amount, mode)
        try:
            result = engine.replay(t, tranches, [*accepted, posting])
        except engine.LedgerError:
            continue  # refused as a whole: the ledger keeps its previous state
        accepted.append(posting)
        assert result.allocations[n].total == amount
        assert result.outstanding >= 0
        assert all(row.unpaid_principal >= 0 and row.unpaid_interest >= 0 for row in result.rows)
        recovered = sum(a.principal for a in result.allocations.values())
        assert recovered + result.outstanding == principal
        assert sum(row.principal for row in result.rows) == principal


def test_overdue_interest_is_paid_first():
    """1,200,000 at 0 % over 12 months, margin 3.65 %: the first 100,000 fell due on
    2024-02-02; paid 10 days late → 100,000 × 0.0365 × 10/365 = 100원 overdue interest."""
    t = engine.Terms(Decimal(0), 12, 0, "equal_instalment", "monthly", Decimal("0.0365"))
    result = engine.replay(
        t,
        [engine.Tranche(START, 1_200_000)],
        [engine.Posting(1, "repayment", dt.date(2024, 2, 12), 100_100)],
    )
    a = result.allocations[1]
    assert (a.overdue_interest, a.interest, a.principal) == (100, 0, 100_000)
    assert result.rows[0].settled_on == dt.date(2024, 2, 12)


def test_payoff_needs_the_exact_amount():
    t = terms("0", "equal_instalment")
    tranches = [engine.Tranche(START, 1_200_000)]
    assert engine.quote_payoff(t, tranches, [], dt.date(2024, 1, 20)) == 1_200_000
    with pytest.raises(engine.LedgerError, match="완제 금액은 1,200,000원"):
        engine.replay(t, tranches, [engine.Posting(1, "payoff", dt.date(2024, 1, 20), 1_000)])
    result = engine.replay(
        t, tranches, [engine.Posting(1, "payoff", dt.date(2024, 1, 20), 1_200_000)]
    )
    assert result.outstanding == 0


def test_prepayment_lower_instalment_keeps_the_term_and_shorten_term_keeps_the_amount():
    t = terms("0", "equal_instalment", term=12)
    tranches = [engine.Tranche(START, 1_200_000)]
    lower = engine.replay(
        t,
        tranches,
        [engine.Posting(1, "prepayment", dt.date(2024, 1, 10), 600_000, kinds.LOWER_INSTALMENT)],
    )
    regular = [row for row in lower.rows if not row.is_prepayment]
    assert len(regular) == 12 and regular[0].principal == 50_000
    shorter = engine.replay(
        t,
        tranches,
        [engine.Posting(1, "prepayment", dt.date(2024, 1, 10), 600_000, kinds.SHORTEN_TERM)],
    )
    regular = [row for row in shorter.rows if not row.is_prepayment]
    assert len(regular) == 6 and regular[0].principal == 100_000


@settings(max_examples=150, deadline=None)
@given(
    frequency=st.sampled_from(["monthly", "quarterly"]),
    periods=st.integers(min_value=2, max_value=40),
    grace=st.integers(min_value=0, max_value=60),
)
def test_an_accepted_grace_period_is_honoured_to_the_month(frequency, periods, grace):
    """Loan terms the service accepts give exactly ``grace`` months of interest-only rows; a
    grace that is not whole repayment periods is refused, never silently shortened."""
    from django.core.exceptions import ValidationError

    from funds.models import LoanProduct
    from funds.services import validate_loan_terms

    months = 3 if frequency == "quarterly" else 1
    term = periods * months
    product = LoanProduct(
        cap=10_000_000, rate=Decimal("0.03"), term_months=term, grace_months=60, frequency=frequency
    )
    try:
        validate_loan_terms(product, 1_000_000, Decimal("0.02"), term, grace)
    except ValidationError as refused:
        assert "grace_months" in refused.message_dict
        assert grace >= term or grace % months
        return
    rows = engine.base_rows(
        terms("0.02", "equal_principal", frequency, term, grace), [engine.Tranche(START, 1_000_000)]
    )
    assert sum(row.grace for row in rows) * months == grace
    assert all(row.principal == 0 for row in rows if row.grace)
