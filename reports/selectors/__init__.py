"""Reads of budgets, execution and settlement figures, shared by pages, API and workbooks.

All amounts are whole won and each figure is computed in one place: budget line trees and
totals in ``budgets``, settlement and disallowance limits in ``settlement``, the 결산 table and
year-over-year changes in ``annual``, the expenditure ledger in ``ledger``. Everything public
is re-exported here (``from reports import selectors`` is the API).
"""

from reports.selectors.annual import (
    Change,
    ClosingRow,
    budget_change_vs_previous,
    closing_row_from_lines,
    closing_row_from_record,
    closing_table,
    triangle,
)
from reports.selectors.budgets import (
    LineRow,
    available_with,
    budget_national_total,
    budget_total,
    flatten,
    leaf_lines,
    leaf_rows,
    line_available,
    line_rows,
    line_totals,
)
from reports.selectors.ledger import LedgerEntry, expenditure_ledger, iter_ledger, ledger_values
from reports.selectors.settlement import (
    DisallowanceLimit,
    SettlementSummary,
    disallowance_limits,
    findings,
    program_disbursements,
    settlement_summary,
    year_is_settled,
)

__all__ = [
    "Change",
    "ClosingRow",
    "DisallowanceLimit",
    "LedgerEntry",
    "LineRow",
    "SettlementSummary",
    "available_with",
    "budget_change_vs_previous",
    "budget_national_total",
    "budget_total",
    "closing_row_from_lines",
    "closing_row_from_record",
    "closing_table",
    "disallowance_limits",
    "expenditure_ledger",
    "findings",
    "flatten",
    "iter_ledger",
    "leaf_lines",
    "leaf_rows",
    "ledger_values",
    "line_available",
    "line_rows",
    "line_totals",
    "program_disbursements",
    "settlement_summary",
    "triangle",
    "year_is_settled",
]
