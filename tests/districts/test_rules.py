"""The stage rules as pure functions, property-tested."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from districts import rules
from districts.data import STAGES

CAPS = {code: caps for _t, code, _n, _o, _y, caps in STAGES}
YEARS = {code: years for _t, code, _n, _o, years, _c in STAGES}


def test_seed_caps():
    assert CAPS["ecosystem-team"] == {1: 200_000_000, 2: 200_000_000, 3: 200_000_000}
    assert set(CAPS["integrated-centre"]) == set(range(1, 7))
    assert all(cap == 150_000_000 for cap in CAPS["integrated-centre"].values())
    assert CAPS["zone-preparation"] == {1: 50_000_000}
    assert CAPS["zone-main"] == {1: 100_000_000, 2: 200_000_000, 3: 200_000_000}
    assert sum(CAPS["zone-main"].values()) == 500_000_000


@given(
    code=st.sampled_from(sorted(CAPS)),
    year=st.integers(min_value=-2, max_value=10),
    paid=st.integers(min_value=0, max_value=300_000_000),
    amount=st.integers(min_value=1, max_value=300_000_000),
)
def test_within_cap_exactly_when_the_year_total_fits(code, year, paid, amount):
    caps = CAPS[code]
    if year not in caps:
        with pytest.raises(ValidationError) as exc:
            rules.check_within_cap(caps, year, paid, amount)
        assert exc.value.code == "no_stage_year"
    elif paid + amount > caps[year]:
        with pytest.raises(ValidationError) as exc:
            rules.check_within_cap(caps, year, paid, amount)
        assert exc.value.code == "over_stage_cap"
    else:
        rules.check_within_cap(caps, year, paid, amount)


@given(st.lists(st.integers(min_value=1, max_value=250_000_000), max_size=8))
def test_accepted_payments_never_exceed_the_year_cap(amounts):
    caps = CAPS["zone-main"]
    for year in caps:
        paid = 0
        for amount in amounts:
            try:
                rules.check_within_cap(caps, year, paid, amount)
            except ValidationError:
                continue
            paid += amount
        assert paid <= caps[year]


@given(
    order=st.integers(min_value=1, max_value=3),
    current=st.none() | st.tuples(st.integers(1, 3), st.integers(0, 7)),
    max_years=st.integers(min_value=1, max_value=6),
)
def test_entry_year_follows_the_stage_path(order, current, max_years):
    standing = rules.Standing(*current) if current else None
    try:
        year = rules.entry_year(standing, order, max_years)
    except ValidationError as exc:
        assert exc.code in {"stage_years_used", "stage_passed", "previous_stage_required"}
        if standing is None:
            assert order > 1
        elif order == standing.order:
            assert standing.years_used >= max_years
        return
    assert 1 <= year <= max_years
    if standing is not None and order == standing.order:
        assert year == standing.years_used + 1
    else:
        assert year == 1
        assert order == (standing.order + 1 if standing else 1)
        assert standing is None or standing.years_used >= 1


def test_years_left_never_negative():
    assert rules.years_left(3, 5) == 0
    assert rules.years_left(6, 2) == 4


@given(
    award=st.integers(min_value=1, max_value=10**10),
    district_share=st.decimals(min_value=0, max_value=1, places=4),
    cuts=st.lists(st.integers(min_value=1, max_value=10**9), max_size=6),
)
def test_district_payments_add_up_to_the_agreement_split(award, district_share, cuts):
    from decimal import Decimal

    from programs import rules as program_rules

    national_share = Decimal("0")
    total = program_rules.split_shares(award, national_share, district_share)
    assert sum(total) == award
    paid, parts = 0, [0, 0, 0]
    for cut in [*cuts, award]:
        amount = min(cut, award - paid)
        if amount <= 0:
            break
        for i, part in enumerate(
            program_rules.split_payment_shares(paid, amount, national_share, district_share)
        ):
            assert part >= 0
            parts[i] += part
        paid += amount
    assert tuple(parts) == total
