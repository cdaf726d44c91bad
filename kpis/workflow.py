"""The manual-entry workflow: who may move an entry, from which state, to which — in this one
table. An entry is created 승인 대기 (submitted); an official other than its author approves
or rejects it (with a reason); its author withdraws it while it waits."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kpis.access import APPROVE_ROLES, EDIT_ROLES
from kpis.models import ManualEntry, ManualEntryTransition
from seoul_se.accounts.models import User
from seoul_se.core.workflow import Action, StateMachine, TransitionDenied

S = ManualEntry.Status


def _not_the_author(entry: Any, user: User) -> None:
    # Also a database constraint (kpi_entry_not_self_approved).
    if entry.entered_by_id == user.pk:
        raise ValidationError(
            _("본인이 입력한 실적은 승인하거나 반려할 수 없습니다. 다른 공무원이 처리해야 합니다."),
            code="own_entry",
        )


def _the_author(entry: Any, user: User) -> None:
    if entry.entered_by_id != user.pk:
        raise TransitionDenied(_("본인이 입력한 실적만 철회할 수 있습니다."), code="not_author")


WAITING = frozenset({S.SUBMITTED})

ENTRY_MACHINE = StateMachine(
    S,
    [
        Action(
            "approve",
            WAITING,
            S.APPROVED,
            APPROVE_ROLES,
            _("승인"),
            asks_comment=True,
            primary=True,
            done=_("승인했습니다."),
            guard=_not_the_author,
            confirm=_("승인하면 이 값이 지표의 실적으로 집계되고 되돌릴 수 없습니다. 승인할까요?"),
        ),
        Action(
            "reject",
            WAITING,
            S.REJECTED,
            APPROVE_ROLES,
            _("반려"),
            needs_comment=_("반려 사유를 입력해 주세요."),
            done=_("반려했습니다."),
            guard=_not_the_author,
        ),
        Action(
            "withdraw",
            WAITING,
            S.WITHDRAWN,
            EDIT_ROLES,
            _("철회"),
            guard=_the_author,
            confirm=_("철회하면 이 실적은 승인 대기에서 빠지고 되돌릴 수 없습니다. 철회할까요?"),
        ),
    ],
    initial=WAITING,
    record=ManualEntryTransition,
)

# An approved entry's value is the indicator's actual.
COUNTED = frozenset({S.APPROVED})
