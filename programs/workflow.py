"""The application state machine: allowed transitions are data, in this one table."""

from programs.models import Application
from seoul_se.core.workflow import StateMachine

S = Application.Status

MACHINE = StateMachine(
    S,
    {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.SUBMITTED: {S.SCREENING, S.WITHDRAWN, S.INELIGIBLE},
        S.SCREENING: {S.IN_REVIEW, S.INELIGIBLE, S.WITHDRAWN},
        S.IN_REVIEW: {S.SELECTED, S.RESERVE, S.REJECTED},
        S.RESERVE: {S.SELECTED, S.REJECTED},
        S.SELECTED: {S.AGREEMENT_SIGNED},
        S.AGREEMENT_SIGNED: {S.IN_PROGRESS},
        S.IN_PROGRESS: {S.INTERIM_EVALUATION, S.COMPLETED},
        # Interim evaluation: continue (back to in progress, possibly with additional funds)
        # or terminate (completed early).
        S.INTERIM_EVALUATION: {S.IN_PROGRESS, S.COMPLETED},
        S.COMPLETED: {S.SETTLED},
        S.SETTLED: set(),
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
        S.INELIGIBLE: set(),
    },
)

# States the applicant may still withdraw from ("until review starts").
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.SCREENING})

# Staff may move these by hand on the application page (the others have their own services:
# submit, confirm selection, sign agreement, interim evaluation).
MANUAL_TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.SCREENING, S.INELIGIBLE}),
    S.SCREENING: frozenset({S.IN_REVIEW, S.INELIGIBLE}),
    S.IN_PROGRESS: frozenset({S.INTERIM_EVALUATION, S.COMPLETED}),
    S.COMPLETED: frozenset({S.SETTLED}),
}

# Next step shown to the applicant on "my applications".
NEXT_ACTION = {
    S.DRAFT: "신청서를 완성하고 마감 전에 제출하세요.",
    S.SUBMITTED: "접수되었습니다. 적격 검토를 기다리는 중입니다.",
    S.SCREENING: "적격 검토 중입니다. 보완요청이 있으면 기한 내 답변하세요.",
    S.IN_REVIEW: "심사 중입니다.",
    S.SELECTED: "선정되었습니다. 협약 안내를 기다리세요.",
    S.RESERVE: "예비 선정되었습니다.",
    S.REJECTED: "미선정되었습니다.",
    S.AGREEMENT_SIGNED: "협약이 체결되었습니다. 사업을 시작하세요.",
    S.IN_PROGRESS: "사업 수행 중입니다. 실적을 입력하세요.",
    S.INTERIM_EVALUATION: "중간평가 중입니다.",
    S.COMPLETED: "사업이 종료되었습니다. 정산 서류를 제출하세요.",
    S.SETTLED: "정산이 완료되었습니다.",
    S.WITHDRAWN: "신청을 철회했습니다.",
    S.INELIGIBLE: "부적격으로 처리되었습니다.",
}
