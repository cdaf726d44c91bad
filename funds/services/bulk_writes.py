"""Loans' status chains written in bulk as transition rows (the history import, the demo
loader), through ``seoul_se.core.bulk.copy_rows``.

The one-loan workflow (``LOAN_MACHINE``) spends queries per move that a 20,000-loan import
cannot afford; these writers are for loans created in bulk whose final status is already known.
"""

from collections.abc import Iterable, Sequence

from django.utils import timezone

from funds.models import LoanTransition
from seoul_se.core.bulk import copy_rows

TRANSITION_FIELDS = ("loan_id", "from_status", "to_status", "actor_id", "comment", "created_at")


def write_status_chains(
    chains: Iterable[tuple[int, Sequence[str]]], *, actor_id: int | None, comment: str
) -> None:
    """Each loan's moves (loan id, [first status, …, final status]) as transition rows, one
    per step from "" to the final status, in order (their ids and one time stamp order them)."""
    now = timezone.now()
    copy_rows(
        LoanTransition,
        TRANSITION_FIELDS,
        [
            (loan_id, before, after, actor_id, comment, now)
            for loan_id, chain in chains
            for before, after in zip(["", *chain], chain, strict=False)
        ],
    )
