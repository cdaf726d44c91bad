"""Signals other apps may listen to (programs imports none of them).

``grant_expenditure_recorded`` is sent after the recording transaction commits, with
``expenditure_ids``: the integrity checks run on the new evidence.
"""

from django.dispatch import Signal

grant_expenditure_recorded = Signal()
