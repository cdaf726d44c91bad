"""The budget arithmetic of ``reports.rules``: one definition of 예산현액 and 집행잔액 that
pages, workbooks and services use."""

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reports import rules
from reports.selectors import ClosingRow

KEYS = ("budgeted", "change", "carried_in", "executed", "carried_out")
won = st.integers(min_value=-(10**13), max_value=10**13)
line = st.fixed_dictionaries(dict.fromkeys(KEYS, won))


def test_2017_closing_row_adds_up():
    # The published 2017 결산 (천원, demo data): no carry-over, so 잔액 = 최종예산 − 집행액.
    current = rules.current_budget(budgeted=5_250_227, change=0, carried_in=0)
    assert current == 5_250_227
    assert rules.remaining(current=current, executed=4_975_361, carried_out=0) == 274_866
    assert rules.remaining(current=1_000, executed=600, carried_out=300) == 100
    assert rules.current_budget(budgeted=1_000, change=-200, carried_in=50) == 850


@given(line)
def test_remaining_plus_what_was_used_is_the_current_budget(row):
    current = rules.current_budget(
        budgeted=row["budgeted"], change=row["change"], carried_in=row["carried_in"]
    )
    left = rules.remaining(
        current=current, executed=row["executed"], carried_out=row["carried_out"]
    )
    assert isinstance(current, int) and isinstance(left, int)
    assert left + row["executed"] + row["carried_out"] == current
    assert current - row["carried_in"] == rules.revised_budget(
        budgeted=row["budgeted"], change=row["change"]
    )
    assert (
        rules.revenue_difference(
            budgeted=row["budgeted"], change=row["change"], executed=row["executed"]
        )
        == row["executed"] - current + row["carried_in"]
    )


@given(st.lists(line, max_size=8))
def test_a_parent_row_equals_the_sum_of_its_lines(rows):
    # Parents sum their leaves' amounts; their 현액/잔액 must equal the sum of the leaves'.
    def figures(r):
        current = rules.current_budget(
            budgeted=r["budgeted"], change=r["change"], carried_in=r["carried_in"]
        )
        return current, rules.remaining(
            current=current, executed=r["executed"], carried_out=r["carried_out"]
        )

    total = {key: sum(r[key] for r in rows) for key in KEYS}
    leaves = [figures(r) for r in rows]
    assert figures(total) == (sum(c for c, _ in leaves), sum(left for _, left in leaves))


@given(line)
def test_closing_row_uses_the_rules(row):
    closing = ClosingRow(
        fiscal_year=2019,
        final_budget=row["budgeted"],
        carried_in=row["carried_in"],
        budget_change=row["change"],
        executed=row["executed"],
        carried_out=row["carried_out"],
    )
    current = rules.current_budget(
        budgeted=row["budgeted"], change=row["change"], carried_in=row["carried_in"]
    )
    assert closing.current == current
    assert closing.remaining == rules.remaining(
        current=current, executed=row["executed"], carried_out=row["carried_out"]
    )


def test_generation_does_not_import_tasks():
    # Imports go one way: tasks → generation (the task wraps generation.produce).
    source = Path(__file__).resolve().parents[2] / "reports" / "generation.py"
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "reports.tasks" not in imported
    assert not any(name.endswith("tasks") for name in imported if name)
