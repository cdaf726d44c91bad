"""Fund pages, by subject: ``fund`` (status, intermediaries, deposits, products, …), ``loans``
(the loan pages and forms) and ``transactions`` (one ledger transaction and its reversal)."""

from funds.views.fund import (
    deposits,
    fund_status,
    intermediaries,
    intermediary_staff,
    monitoring,
    partnerships,
    products,
    record_form,
)
from funds.views.loans import (
    ledger_export,
    loan_create,
    loan_detail,
    loan_disburse,
    loan_inspection,
    loan_list,
    loan_post,
    loan_workflow,
    loan_write_off,
    report_submit,
)
from funds.views.repayment_reports import repayment_reports
from funds.views.transactions import transaction_detail, transaction_reverse

__all__ = [
    "deposits",
    "fund_status",
    "intermediaries",
    "intermediary_staff",
    "ledger_export",
    "loan_create",
    "loan_detail",
    "loan_disburse",
    "loan_inspection",
    "loan_list",
    "loan_post",
    "loan_workflow",
    "loan_write_off",
    "monitoring",
    "partnerships",
    "products",
    "record_form",
    "repayment_reports",
    "report_submit",
    "transaction_detail",
    "transaction_reverse",
]
