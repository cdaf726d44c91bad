import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from funds import schedule as s

D = dt.date


def test_annuity_hand_computed():
    """P = 1,000,000, 12 %/yr monthly (i = 0.01), n = 3:
    A = 1,000,000 × 0.01 / (1 − 1.01^−3) = 340,022.11… → 340,022 (half up)."""
    assert s.annuity_payment(1_000_000, Decimal("0.01"), 3) == 340_022
    assert s.annuity_payment(1_200_000, Decimal(0), 12) == 100_000


def test_equal_instalment_schedule_hand_computed():
    """Start 2024-01-02 (Tue), 12 %, 3 months, A = 340,022.
    1: due 2024-02-02 (Fri), 31 days: 1,000,000 × 0.12 × 31/365 = 10,191.78 → 10,191;
       principal 340,022 − 10,191 = 329,831; left 670,169.
    2: 2024-03-02 is a Saturday → Monday 2024-03-04, 31 days:
       670,169 × 0.12 × 31/365 = 6,830.22 → 6,830; principal 333,192; left 336,977.
    3: due 2024-04-02 (Tue), 29 days: 336,977 × 0.12 × 29/365 = 3,212.82 → 3,212;
       the last instalment takes the remaining principal 336,977."""
    rows = s.loan_schedule(
        1_000_000, Decimal("0.12"), D(2024, 1, 2), 3, 0, s.EQUAL_INSTALMENT, "monthly"
    )
    assert [(r.due_date, r.principal, r.interest) for r in rows] == [
        (D(2024, 2, 2), 329_831, 10_191),
        (D(2024, 3, 4), 333_192, 6_830),
        (D(2024, 4, 2), 336_977, 3_212),
    ]
    assert sum(r.principal for r in rows) == 1_000_000


def test_equal_principal_last_takes_remainder():
    """1,000,000 over 3 at 0 %: 1,000,000 ÷ 3 = 333,333 (down), last 333,334."""
    rows = s.loan_schedule(1_000_000, Decimal(0), D(2024, 1, 2), 3, 0, s.EQUAL_PRINCIPAL, "monthly")
    assert [r.principal for r in rows] == [333_333, 333_333, 333_334]


def test_bullet_quarterly_hand_computed():
    """1,000,000 at 3.65 % quarterly for 6 months from 2024-01-02: 91 days each quarter,
    1,000,000 × 0.0365 × 91/365 = 9,100 interest; all principal at the end."""
    rows = s.loan_schedule(1_000_000, Decimal("0.0365"), D(2024, 1, 2), 6, 0, s.BULLET, "quarterly")
    assert [(r.due_date, r.principal, r.interest) for r in rows] == [
        (D(2024, 4, 2), 0, 9_100),
        (D(2024, 7, 2), 1_000_000, 9_100),
    ]


def test_grace_periods_are_interest_only():
    """1,200,000 at 0 %, 6 months with 3 months' grace: 0,0,0 then 400,000 × 3."""
    rows = s.loan_schedule(
        1_200_000, Decimal(0), D(2024, 1, 2), 6, 3, s.EQUAL_INSTALMENT, "monthly"
    )
    assert [r.principal for r in rows] == [0, 0, 0, 400_000, 400_000, 400_000]
    assert [r.grace for r in rows] == [True, True, True, False, False, False]


def test_due_dates_skip_korean_holidays_and_weekends():
    # Chuseok 2024: 16–18 September → Thursday the 19th.
    assert s.next_business_day(D(2024, 9, 16)) == D(2024, 9, 19)
    # New Year's Day 2025 (Wednesday) → Thursday 2 January.
    assert s.next_business_day(D(2025, 1, 1)) == D(2025, 1, 2)
    # Month ends: 31 January + 1 month = 29 February 2024 (leap year, Thursday).
    assert s.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    # Shifts do not accumulate: each date counts from the start.
    assert s.due_dates(D(2024, 8, 2), 2, 1) == [D(2024, 9, 2), D(2024, 10, 2)]


@settings(max_examples=150, deadline=None)
@given(
    principal=st.integers(min_value=1, max_value=5_000_000_000),
    rate=st.decimals(min_value=0, max_value=Decimal("0.2"), places=4),
    term=st.integers(min_value=1, max_value=40).map(lambda n: n * 3),
    grace_share=st.integers(min_value=0, max_value=3),
    method=st.sampled_from(s.METHODS),
    frequency=st.sampled_from(["monthly", "quarterly"]),
)
def test_principal_over_schedule_equals_loan_exactly(
    principal, rate, term, grace_share, method, frequency
):
    grace = term * grace_share // 4 // 3 * 3
    rows = s.loan_schedule(principal, rate, D(2023, 5, 31), term, grace, method, frequency)
    assert sum(r.principal for r in rows) == principal
    assert all(r.principal >= 0 and r.interest >= 0 for r in rows)
    assert all(s.is_business_day(r.due_date) for r in rows)
    assert [r.due_date for r in rows] == sorted({r.due_date for r in rows})
