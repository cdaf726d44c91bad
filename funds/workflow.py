"""The loan workflow: who may move a loan, from which state, to which — in this one table — and
the named sets of states the rest of the app filters with.

A loan is created 신청 (applied); the city (officials and centre staff) approves it and records
the contract. Disbursing, repaying, closing and writing off then follow from the ledger: the
status is *derived* (``LOAN_MACHINE.derive``) after every tranche and posting, so a reversal may
move it back (a reopened payoff, a cancelled write-off) without backward moves in the table.
The actions that start such moves (a tranche, a write-off) are in the table for their roles,
the states they start from and the page's buttons; the tranche's size or the ledger decides
the state they lead to.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import access
from funds.models import Loan, LoanStatus, LoanTransition
from seoul_se.accounts.models import User
from seoul_se.core.workflow import Action, StateMachine, TransitionDenied

S = LoanStatus

APPLIED = frozenset({S.APPLIED})
# A contracted loan receives tranches until the approved amount is paid out.
DISBURSABLE = frozenset({S.CONTRACTED, S.DISBURSING})
# Lent and not yet closed: monitored (quarterly reports, inspections) and may be written off.
ACTIVE = frozenset({S.DISBURSING, S.DISBURSED, S.REPAYING})
# Repayments are posted on active loans; recoveries after a write-off.
PAYABLE = ACTIVE | {S.WRITTEN_OFF}
# The states the ledger decides (after every tranche, posting or reversal).
LEDGER_DERIVED = PAYABLE | {S.CLOSED}


def _may_write_ledger(loan: Any, user: User) -> None:
    # Intermediary staff change only their own institution's loans.
    if not access.writable_loans(user).filter(pk=loan.pk).exists():
        raise TransitionDenied(
            gettext_lazy("이 융자의 거래를 기록할 권한이 없습니다."), code="not_writable"
        )


LOAN_MACHINE = StateMachine(
    S,
    [
        Action(
            "approve",
            APPLIED,
            S.APPROVED,
            access.LOAN_MANAGE_ROLES,
            gettext_lazy("승인"),
            asks_comment=True,
            primary=True,
            done=gettext_lazy("승인했습니다."),
            confirm=gettext_lazy("승인하면 되돌릴 수 없습니다. 이 융자를 승인할까요?"),
        ),
        Action(
            "contract",
            frozenset({S.APPROVED}),
            S.CONTRACTED,
            access.LOAN_MANAGE_ROLES,
            gettext_lazy("약정 체결"),
            asks_comment=True,
            primary=True,
            done=gettext_lazy("약정을 기록했습니다."),
            confirm=gettext_lazy(
                "약정 체결을 기록하면 되돌릴 수 없고, 이후 지급을 기록할 수 있습니다. 기록할까요?"
            ),
        ),
        # A tranche that completes the approved amount; a smaller first one is the system move
        # below (the amount decides, not the person).
        Action(
            "disburse",
            DISBURSABLE,
            S.DISBURSED,
            access.LEDGER_WRITE_ROLES,
            gettext_lazy("지급 기록"),
            primary=True,
            done=gettext_lazy("지급을 기록했습니다."),
            confirm=gettext_lazy(
                "지급을 기록하면 상환 일정이 만들어지고 삭제할 수 없습니다. 기록할까요?"
            ),
            guard=_may_write_ledger,
        ),
        Action(
            "disburse_part",
            frozenset({S.CONTRACTED}),
            S.DISBURSING,
            frozenset(),
            gettext_lazy("분할 지급"),
        ),
        Action(
            "write_off",
            ACTIVE,
            S.WRITTEN_OFF,
            access.LOAN_MANAGE_ROLES,
            gettext_lazy("상각 기록"),
            done=gettext_lazy("상각을 기록했습니다."),
            confirm=gettext_lazy(
                "상각을 기록하면 남은 원금이 상각 처리되고, 되돌리려면 거래 취소가 필요합니다. 기록할까요?"
            ),
        ),
    ],
    initial=APPLIED,
    derived=LEDGER_DERIVED,
    record=LoanTransition,
)


def require_action(loan: Loan, name: str, actor: User, refusal: str, code: str) -> None:
    """Check ``actor`` may start action ``name`` on ``loan`` now (role, state, condition) for a
    move whose target the ledger then derives; ``refusal`` (code ``code``) when the state is
    not one the action starts from."""
    action = LOAN_MACHINE.action(name)
    if not action.may(actor):
        raise TransitionDenied(
            _("'%(action)s' 처리를 할 권한이 없습니다.") % {"action": action.label}
        )
    if loan.status not in action.sources:
        raise ValidationError(refusal, code=code)
    if action.guard is not None:
        action.guard(loan, actor)
