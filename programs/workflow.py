"""The application workflow: who may move an application, from which state, to which — in this
one table — and the named state sets the rest of the app filters with.

Most moves belong to a procedure with its own service and screen (submit, the selection on the
ranking page, signing the agreement, the first payment, the interim decision); staff take the
others by hand on the application page (:data:`MANUAL`, through
``services.act_on_application``). A draft is created without a transition row: the first row of
an application's history is its submission.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from districts.access import district_ids_for
from enterprises.access import enterprise_ids_for
from programs.models import Application, ApplicationTransition
from seoul_se.access import OFFICIAL_ROLES, STAFF_ROLES
from seoul_se.accounts.models import Role, User
from seoul_se.core.workflow import Action, StateMachine, TransitionDenied

S = Application.Status

# Applicants act for their enterprise; staff may act for any.
APPLICANT_ROLES = frozenset({Role.ENTERPRISE_MEMBER, *STAFF_ROLES})


def _for_the_enterprise(application: Any, user: User) -> None:
    if user.role in STAFF_ROLES:
        return
    if application.district_id is not None:
        if application.district_id not in district_ids_for(user):
            raise TransitionDenied(
                _("이 자치구의 신청서를 다룰 권한이 없습니다."), code="not_member"
            )
    elif application.enterprise_id not in enterprise_ids_for(user):
        raise TransitionDenied(_("이 기업의 신청서를 다룰 권한이 없습니다."), code="not_member")


# --- named state sets -------------------------------------------------------------------------

# The applicant may still withdraw ("until review starts").
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.SCREENING})
# The ranking page decides these.
IN_SELECTION = frozenset({S.IN_REVIEW, S.RESERVE})
# An agreement is running: payments may be recorded.
PAYABLE = frozenset({S.AGREEMENT_SIGNED, S.IN_PROGRESS, S.INTERIM_EVALUATION})
# Results may be entered (an agreement was signed).
REPORTABLE = PAYABLE | {S.COMPLETED, S.SETTLED}
# Results may be entered on the page (not after settlement).
RESULT_FORM = PAYABLE | {S.COMPLETED}
# The award counts as committed against the call budget.
COMMITTED = frozenset({S.SELECTED, *REPORTABLE})

MACHINE = StateMachine(
    S,
    [
        Action(
            "submit",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            APPLICANT_ROLES,
            _("제출"),
            primary=True,
            guard=_for_the_enterprise,
            confirm=_("제출하면 마감 전까지 수정할 수 없습니다. 제출할까요?"),
        ),
        Action(
            "withdraw",
            WITHDRAWABLE,
            S.WITHDRAWN,
            APPLICANT_ROLES,
            _("신청 철회"),
            done=_("신청을 철회했습니다."),
            guard=_for_the_enterprise,
            confirm=_(
                "신청을 철회하면 되돌릴 수 없고, 이 공고에 다시 신청해야 합니다. 철회할까요?"
            ),
        ),
        Action("screen", frozenset({S.SUBMITTED}), S.SCREENING, STAFF_ROLES, _("적격 검토")),
        Action("review", frozenset({S.SCREENING}), S.IN_REVIEW, STAFF_ROLES, _("심사 중")),
        Action(
            "ineligible",
            frozenset({S.SUBMITTED, S.SCREENING}),
            S.INELIGIBLE,
            STAFF_ROLES,
            _("부적격"),
            needs_comment=_("부적격 사유를 입력해 주십시오."),
            confirm=_("부적격으로 처리하면 신청이 심사에서 빠지고 되돌릴 수 없습니다. 처리할까요?"),
        ),
        Action("select", IN_SELECTION, S.SELECTED, OFFICIAL_ROLES, _("선정")),
        Action("reserve", frozenset({S.IN_REVIEW}), S.RESERVE, OFFICIAL_ROLES, _("예비 선정")),
        Action("reject", IN_SELECTION, S.REJECTED, OFFICIAL_ROLES, _("미선정")),
        Action(
            "sign",
            frozenset({S.SELECTED}),
            S.AGREEMENT_SIGNED,
            STAFF_ROLES,
            _("협약 체결"),
            confirm=_("협약 체결을 기록하면 되돌릴 수 없습니다. 기록할까요?"),
        ),
        # The first payment starts the project.
        Action(
            "begin", frozenset({S.AGREEMENT_SIGNED}), S.IN_PROGRESS, STAFF_ROLES, _("사업 개시")
        ),
        Action(
            "interim",
            frozenset({S.IN_PROGRESS}),
            S.INTERIM_EVALUATION,
            STAFF_ROLES,
            _("중간평가"),
        ),
        Action(
            "complete",
            frozenset({S.IN_PROGRESS}),
            S.COMPLETED,
            STAFF_ROLES,
            _("사업 종료"),
            confirm=_("사업을 종료하면 더 이상 지급할 수 없고 되돌릴 수 없습니다. 종료할까요?"),
        ),
        # Interim evaluation: continue (possibly with additional funds) or terminate early.
        Action(
            "continue",
            frozenset({S.INTERIM_EVALUATION}),
            S.IN_PROGRESS,
            STAFF_ROLES,
            _("계속 지원"),
        ),
        Action(
            "terminate",
            frozenset({S.INTERIM_EVALUATION}),
            S.COMPLETED,
            STAFF_ROLES,
            _("지원 종료"),
            confirm=_("지원을 종료하면 사업이 끝나고 되돌릴 수 없습니다. 종료할까요?"),
        ),
        Action(
            "settle",
            frozenset({S.COMPLETED}),
            S.SETTLED,
            STAFF_ROLES,
            _("정산 완료"),
            confirm=_("정산 완료로 기록하면 되돌릴 수 없습니다. 기록할까요?"),
        ),
    ],
    # A past year's grant is recorded as it ended, settled (``services.record_past_grant``).
    initial={S.DRAFT, S.SETTLED},
    record=ApplicationTransition,
)

# Staff take these on the application page; the other actions have their own procedure.
MANUAL = frozenset({"screen", "ineligible", "review", "interim", "complete", "settle"})
# Each action (by name) the selection on the ranking page takes into a state.
SELECTION_ACTIONS: dict[str, str] = {
    S.SELECTED: "select",
    S.RESERVE: "reserve",
    S.REJECTED: "reject",
}
# The applicant is told of these moves taken by hand.
NOTIFIED = frozenset({S.INELIGIBLE, S.COMPLETED, S.SETTLED})


def manual_actions(application: Application, user: Any) -> list[Action]:
    """The moves ``user`` may take by hand on the application page now."""
    return [a for a in MACHINE.allowed_actions(application, user) if a.name in MANUAL]


def may(application: Application, user: Any, name: str) -> bool:
    """Whether ``user`` may take action ``name`` on the application now (for pages)."""
    return any(a.name == name for a in MACHINE.allowed_actions(application, user))


# {state: targets} of the manual moves (a view of the table, for checks and tests).
MANUAL_TRANSITIONS: dict[str, frozenset[str]] = {
    source: frozenset(
        a.target for a in MACHINE.actions.values() if a.name in MANUAL and source in a.sources
    )
    for source in {s for a in MACHINE.actions.values() if a.name in MANUAL for s in a.sources}
}

# Next step shown to the applicant on "my applications".
NEXT_ACTION = {
    S.DRAFT: _("신청서를 완성하고 마감 전에 제출하세요."),
    S.SUBMITTED: _("접수되었습니다. 적격 검토를 기다리는 중입니다."),
    S.SCREENING: _("적격 검토 중입니다. 보완요청이 있으면 기한 내 답변하세요."),
    S.IN_REVIEW: _("심사 중입니다."),
    S.SELECTED: _("선정되었습니다. 협약 안내를 기다리세요."),
    S.RESERVE: _("예비 선정되었습니다."),
    S.REJECTED: _("미선정되었습니다."),
    S.AGREEMENT_SIGNED: _("협약이 체결되었습니다. 사업을 시작하세요."),
    S.IN_PROGRESS: _("사업 수행 중입니다. 실적을 입력하세요."),
    S.INTERIM_EVALUATION: _("중간평가 중입니다."),
    S.COMPLETED: _("사업이 종료되었습니다. 정산 서류를 제출하세요."),
    S.SETTLED: _("정산이 완료되었습니다."),
    S.WITHDRAWN: _("신청을 철회했습니다."),
    S.INELIGIBLE: _("부적격으로 처리되었습니다."),
}
