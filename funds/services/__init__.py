"""State changes of the fund, one module per concern; the public names are re-exported here so
callers write ``from funds import services`` / ``services.post_transaction(…)``.

- ``loans``: application, approval, contract, tranches (the loan workflow's decisions);
- ``ledger``: postings, write-offs, reversals, saving the engine's replay and the status it
  derives;
- ``monitoring``: quarterly reports, on-site inspections, reminders;
- ``fund_record``: the fund itself;
- ``fund_use``: what a loan paid for (융자금 사용 내역);
- ``intermediaries``: who works for which intermediary.

Every function that changes state takes the acting user (``actor: User``, keyword-only), runs
in one transaction and raises ``ValidationError`` with a Korean message and a stable code;
nothing is half-saved.
"""

from funds.services.fund_record import MAIN_FUND_NAME, main_fund
from funds.services.fund_use import record_fund_use
from funds.services.intermediaries import add_intermediary_staff, remove_intermediary_staff
from funds.services.ledger import (
    as_posting,
    instalment_objects,
    ledger_status,
    live_transactions,
    loan_terms,
    payoff_quote,
    post_transaction,
    refresh_overdue,
    replay,
    reverse_transaction,
    tranches,
    write_off,
)
from funds.services.loans import (
    act_on_loan,
    apply_for_loan,
    approve_loan,
    contract_loan,
    disburse,
    validate_loan_terms,
    validate_product,
)
from funds.services.monitoring import (
    MONITORING_START,
    REMINDER_INTERVAL,
    REPORT_DAYS_AFTER_QUARTER,
    ensure_quarterly_reports,
    quarter_end,
    record_inspection,
    send_monitoring_reminders,
    submit_quarterly_report,
)

__all__ = [
    "MAIN_FUND_NAME",
    "MONITORING_START",
    "REMINDER_INTERVAL",
    "REPORT_DAYS_AFTER_QUARTER",
    "act_on_loan",
    "add_intermediary_staff",
    "apply_for_loan",
    "approve_loan",
    "as_posting",
    "contract_loan",
    "disburse",
    "ensure_quarterly_reports",
    "instalment_objects",
    "ledger_status",
    "live_transactions",
    "loan_terms",
    "main_fund",
    "payoff_quote",
    "post_transaction",
    "quarter_end",
    "record_fund_use",
    "record_inspection",
    "refresh_overdue",
    "remove_intermediary_staff",
    "replay",
    "reverse_transaction",
    "send_monitoring_reminders",
    "submit_quarterly_report",
    "tranches",
    "validate_loan_terms",
    "validate_product",
    "write_off",
]
