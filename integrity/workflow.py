"""The review of a flag, in this one table: staff confirm it (a suspected irregularity to follow
up) or dismiss it with a reason; either may be reopened with a reason. Auditors only read."""

from django.utils.translation import gettext_lazy as _

from integrity.models import Flag, FlagTransition
from seoul_se.access import STAFF_ROLES
from seoul_se.core.workflow import Action, StateMachine

S = Flag.Status

MACHINE = StateMachine(
    S,
    [
        Action(
            "confirm",
            frozenset({S.OPEN}),
            S.CONFIRMED,
            STAFF_ROLES,
            _("부정 의심으로 확인"),
            asks_comment=True,
            primary=True,
            done=_("부정 의심으로 확인했습니다."),
            confirm=_("이 점검 결과를 부정 의심으로 확인합니다. 확인할까요?"),
        ),
        Action(
            "dismiss",
            frozenset({S.OPEN}),
            S.DISMISSED,
            STAFF_ROLES,
            _("해당 없음으로 종결"),
            needs_comment=_("종결 사유를 입력해 주세요."),
            done=_("해당 없음으로 종결했습니다."),
            confirm=_("이 점검 결과를 해당 없음으로 종결합니다. 종결할까요?"),
        ),
        Action(
            "reopen",
            frozenset({S.CONFIRMED, S.DISMISSED}),
            S.OPEN,
            STAFF_ROLES,
            _("다시 검토"),
            needs_comment=_("다시 검토하는 이유를 입력해 주세요."),
            done=_("다시 검토 대기로 돌렸습니다."),
        ),
    ],
    initial={S.OPEN},
    record=FlagTransition,
)
