"""The ledger's vocabulary, in plain Python: the engine (pure, no Django) and the models'
choices (``funds.models.TransactionKind``, ``PrepaymentMode``) both take their values from
here, so the engine can never test a kind the database does not store."""

from typing import Final

REPAYMENT: Final = "repayment"
REVERSAL: Final = "reversal"
PREPAYMENT: Final = "prepayment"
PAYOFF: Final = "payoff"
WRITE_OFF: Final = "write_off"
RECOVERY: Final = "recovery"
TRANSACTION_KINDS: Final = (REPAYMENT, REVERSAL, PREPAYMENT, PAYOFF, WRITE_OFF, RECOVERY)
# Payments allocated to a loan's dues (a recovery is collected after a write-off).
PAYMENT_KINDS: Final = (REPAYMENT, PREPAYMENT, PAYOFF)
# What a person posts by hand; write-offs and reversals have their own services.
POSTABLE_KINDS: Final = (*PAYMENT_KINDS, RECOVERY)

SHORTEN_TERM: Final = "shorten_term"
LOWER_INSTALMENT: Final = "lower_instalment"
PREPAYMENT_MODES: Final = (SHORTEN_TERM, LOWER_INSTALMENT)
