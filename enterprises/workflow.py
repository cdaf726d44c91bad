"""The registry's three workflows, each one table: who may move what, from which state, to which.

- Verification: a member registers an enterprise 확인 대기 (staff register it 확인 완료);
  staff confirm or reject it (with a reason); its registrant (or staff) resubmits a rejection.
- Membership: a member asks to join (승인 대기); staff approve or reject it (with a reason) and
  may later remove an approved member; a rejected member asks again.
- Change request: a member's request to change a legal-identity field; staff approve it (the
  change applies) or reject it (with a reason); decided requests are final.

Every move is one :class:`~enterprises.models.StatusTransition` row.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from enterprises.models import ChangeRequest, Enterprise, EnterpriseMembership, StatusTransition
from seoul_se.access import STAFF_ROLES, has_role
from seoul_se.accounts.models import Role, User
from seoul_se.core.workflow import Action, StateMachine, TransitionDenied

V = Enterprise.Verification
M = EnterpriseMembership.Status
C = ChangeRequest.Status

MEMBER_ROLES = frozenset({Role.ENTERPRISE_MEMBER})
REASON_REQUIRED = _("반려 사유를 입력하세요.")


def _registrant_or_staff(enterprise: Any, user: User) -> None:
    if user.pk != enterprise.registered_by_id and not has_role(user, STAFF_ROLES):
        raise TransitionDenied(_("등록 신청자만 다시 신청할 수 있습니다."), code="not_registrant")


def _own_membership(membership: Any, user: User) -> None:
    if membership.user_id != user.pk:
        raise TransitionDenied(_("본인의 가입 신청만 다시 할 수 있습니다."), code="not_member")


def _approve(sources: frozenset[str], target: str, done: Any, confirm: Any = "") -> Action:
    return Action(
        "approve", sources, target, STAFF_ROLES, _("승인"), primary=True, done=done, confirm=confirm
    )


def _reject(sources: frozenset[str], target: str, done: Any, name: str = "reject") -> Action:
    return Action(
        name, sources, target, STAFF_ROLES, _("반려"), needs_comment=REASON_REQUIRED, done=done
    )


VERIFICATION_MACHINE = StateMachine(
    V,
    [
        _approve(
            frozenset({V.PENDING}),
            V.VERIFIED,
            _("기업 확인 결과를 저장했습니다."),
            _("승인하면 확인된 기업으로 등록되고 되돌릴 수 없습니다. 승인할까요?"),
        ),
        _reject(frozenset({V.PENDING}), V.REJECTED, _("기업 확인 결과를 저장했습니다.")),
        Action(
            "resubmit",
            frozenset({V.REJECTED}),  # the enterprise corrects its data and asks again
            V.PENDING,
            STAFF_ROLES | MEMBER_ROLES,
            _("다시 신청"),
            done=_("다시 신청했습니다."),
            guard=_registrant_or_staff,
        ),
    ],
    field="verification",
    initial={V.PENDING, V.VERIFIED},  # a member's registration waits; staff's is verified
    record=StatusTransition,
)

MEMBERSHIP_MACHINE = StateMachine(
    M,
    [
        _approve(frozenset({M.REQUESTED}), M.APPROVED, _("가입 신청을 처리했습니다.")),
        _reject(frozenset({M.REQUESTED}), M.REJECTED, _("가입 신청을 처리했습니다.")),
        Action(
            "remove",
            frozenset({M.APPROVED}),
            M.REJECTED,
            STAFF_ROLES,
            _("구성원 제외"),
            needs_comment=_("제외 사유를 입력하세요."),
            done=_("구성원에서 제외했습니다."),
        ),
        Action(
            "request",
            frozenset({M.REJECTED}),  # asking again
            M.REQUESTED,
            MEMBER_ROLES,
            _("가입 재신청"),
            guard=_own_membership,
        ),
    ],
    initial={M.REQUESTED},
    record=StatusTransition,
)

CHANGE_REQUEST_MACHINE = StateMachine(
    C,
    [
        _approve(
            frozenset({C.REQUESTED}),
            C.APPROVED,
            _("변경 요청을 처리했습니다."),
            _("승인하면 요청한 값이 기업 정보에 바로 반영되고 되돌릴 수 없습니다. 승인할까요?"),
        ),
        _reject(frozenset({C.REQUESTED}), C.REJECTED, _("변경 요청을 처리했습니다.")),
    ],
    initial={C.REQUESTED},
    record=StatusTransition,
)

# Decisions that staff take with a reason and record on the decided record.
DECISIONS = frozenset({"approve", "reject", "remove"})
