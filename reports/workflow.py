"""The settlement workflow of a budget, in this one table: centre staff submit the year's
settlement, the auditor completes the review (on the findings page), an official returns it
for correction (with a reason) or confirms it; confirming also locks the year (a second,
recorded step: ``reports.services.act_on_settlement``)."""

from django.utils.translation import gettext_lazy as _

from reports.models import SettlementStatus, SettlementTransition
from seoul_se.accounts.models import Role
from seoul_se.core.workflow import Action, StateMachine

S = SettlementStatus
DECIDING_ROLES = frozenset({Role.OFFICIAL, Role.ADMINISTRATOR})

SETTLEMENT_MACHINE = StateMachine(
    S,
    [
        Action(
            "submit",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            frozenset({Role.CENTRE_STAFF, Role.ADMINISTRATOR}),
            _("제출"),
            asks_comment=True,
            confirm=_("제출하면 보완 요청을 받기 전까지 수정할 수 없습니다. 제출할까요?"),
        ),
        Action(
            "review",
            frozenset({S.SUBMITTED}),
            S.REVIEWED,
            frozenset({Role.AUDITOR}),
            _("감사 검토 완료"),
            asks_comment=True,
            done=_("감사 검토를 완료했습니다."),
            confirm=_("감사 검토를 완료하면 되돌릴 수 없습니다. 완료할까요?"),
        ),
        Action(
            "return",
            frozenset({S.SUBMITTED, S.REVIEWED}),
            S.DRAFT,
            DECIDING_ROLES,
            _("보완 요청(반려)"),
            needs_comment=_("보완 요청 사유를 입력해 주세요."),
        ),
        Action(
            "confirm",
            frozenset({S.REVIEWED}),
            S.CONFIRMED,
            DECIDING_ROLES,
            _("확정"),
            primary=True,
            confirm=_("정산을 확정하면 보완 요청을 할 수 없습니다. 확정할까요?"),
        ),
        Action(
            "lock",
            frozenset({S.CONFIRMED}),
            S.LOCKED,
            DECIDING_ROLES,
            _("마감"),
            confirm=_("마감하면 이 회계연도의 예산·지출을 더 이상 바꿀 수 없습니다. 마감할까요?"),
        ),
    ],
    initial={S.DRAFT},
    record=SettlementTransition,
)

# Taken on the findings page, not among the budget page's buttons.
FINDINGS_PAGE_ACTIONS = frozenset({"review"})
