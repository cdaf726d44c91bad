"""Signals other apps may listen to (funds imports none of them).

``loan_fund_use_recorded`` is sent after the recording transaction commits, with ``use_ids``.
"""

from django.dispatch import Signal

loan_fund_use_recorded = Signal()
