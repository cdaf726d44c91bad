"""The case workflow, in this one table: a case is created 접수 (a member's online request or a
contact staff record); staff put someone in charge (배정); the first recorded session starts it
(진행 중, by staff or the case's expert); staff close it with an outcome or cancel any open
case; the requesting enterprise withdraws its own request until work has started.
Re-assigning a case in charge keeps its state (``consulting.services.assign``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from consulting import access
from consulting.models import Case, CaseTransition
from seoul_se.accounts.models import Role, User
from seoul_se.core.workflow import Action, StateMachine, TransitionDenied

S = Case.Status

# States in which the person in charge may still be changed (re-assignment keeps the state).
ASSIGNABLE = frozenset({S.REQUESTED, S.ASSIGNED, S.IN_PROGRESS})
# Sessions are recorded once someone is in charge; the first one starts the case.
SESSION_STATES = frozenset({S.ASSIGNED, S.IN_PROGRESS})
# The requesting enterprise may withdraw its own request until work has started.
MEMBER_CANCELLABLE = frozenset({S.REQUESTED, S.ASSIGNED})
OPEN = frozenset({S.REQUESTED, S.ASSIGNED, S.IN_PROGRESS})

NOT_ALLOWED = _("이 상담 건을 처리할 권한이 없습니다.")


def _records_sessions(case: Any, user: User) -> None:
    # Staff, or the user linked to the case's expert (whatever that user's role).
    if not access.may_record_session(user, case):
        raise TransitionDenied(NOT_ALLOWED, code="not_case_expert")


def _own_request(case: Any, user: User) -> None:
    if not access.may_withdraw(user, case):
        raise TransitionDenied(NOT_ALLOWED, code="not_own_enterprise")


MACHINE = StateMachine(
    S,
    [
        Action(
            "assign",
            frozenset({S.REQUESTED}),
            S.ASSIGNED,
            access.CONSULTING_STAFF_ROLES,
            _("담당자 지정"),
            primary=True,
            done=_("담당자를 지정했습니다."),
        ),
        Action(
            "start",
            frozenset({S.ASSIGNED}),
            S.IN_PROGRESS,
            frozenset(Role.values),
            _("첫 회차 기록(진행 시작)"),
            done=_("상담 회차를 기록했습니다."),
            guard=_records_sessions,
        ),
        Action(
            "close",
            frozenset({S.IN_PROGRESS}),
            S.CLOSED,
            access.CONSULTING_STAFF_ROLES,
            _("종결"),
            primary=True,
            done=_("상담을 종결했습니다."),
            confirm=_("종결하면 더 이상 회차를 기록할 수 없고 되돌릴 수 없습니다. 종결할까요?"),
        ),
        Action(
            "cancel",
            OPEN,
            S.CANCELLED,
            access.CONSULTING_STAFF_ROLES,
            _("취소"),
            asks_comment=True,
            done=_("상담을 취소했습니다."),
            confirm=_("상담을 취소하면 되돌릴 수 없습니다. 취소할까요?"),
        ),
        Action(
            "withdraw",
            MEMBER_CANCELLABLE,
            S.CANCELLED,
            access.MEMBER_ROLES,
            _("신청 철회"),
            asks_comment=True,
            done=_("상담을 취소했습니다."),
            guard=_own_request,
            confirm=_("신청을 철회하면 되돌릴 수 없고, 필요하면 다시 신청해야 합니다. 철회할까요?"),
        ),
    ],
    initial={S.REQUESTED},
    record=CaseTransition,
)

# Taken by recording a session (the session form), not as a button of their own.
SESSION_ACTIONS = frozenset({"start"})
