"""What the programs services share: the row lock on an application, the workflow move, the
applicant's members to notify and the checks on who may change an application."""

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from districts import access as district_access
from enterprises import selectors as enterprise_selectors
from enterprises.access import enterprise_ids_for
from programs import selectors, workflow
from programs.models import (
    Application,
)
from seoul_se.access import STAFF_ROLES
from seoul_se.accounts.models import User
from seoul_se.core.workflow import TransitionDenied

S = Application.Status


# --- helpers ------------------------------------------------------------------------------


def _lock(application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    return Application.objects.select_for_update().select_related("call__program").get(pk=pk)


def _move(application: Application, action: str, actor: User, comment: str = "") -> None:
    """Take one action of ``workflow.MACHINE`` and record it (caller holds the row lock)."""
    now = timezone.now()
    fields: dict[str, Any] = {"updated_at": now}
    if workflow.MACHINE.action(action).target == S.SELECTED and application.selected_at is None:
        fields["selected_at"] = now
    workflow.MACHINE.apply(application, action, actor=actor, comment=comment, fields=fields)


def _url(application: Application) -> str:
    return reverse("programs:application_detail", args=[application.pk])


def _require_member(actor: User, enterprise_id: int) -> None:
    if actor.role in STAFF_ROLES:
        return
    if enterprise_id not in enterprise_ids_for(actor):
        raise TransitionDenied(_("이 기업의 신청서를 다룰 권한이 없습니다."), code="not_member")


def _require_applicant(actor: User, application: Application) -> None:
    """Staff, a member of the applying enterprise or staff of the applying district's centre."""
    if application.enterprise_id is not None:
        _require_member(actor, application.enterprise_id)
    elif actor.role not in STAFF_ROLES and application.district_id not in (
        district_access.district_ids_for(actor)
    ):
        raise TransitionDenied(_("이 자치구의 신청서를 다룰 권한이 없습니다."), code="not_member")


def applicant_users(application: Application) -> Any:
    """Who hears about the application: the enterprise's approved members or the district
    centre's staff."""
    if application.enterprise_id is not None:
        return enterprise_selectors.approved_members_of(application.enterprise_id)
    assert application.district_id is not None  # the check constraint: one of the two
    return district_access.staff_of(application.district_id)


def _require_draft(application: Application) -> None:
    if application.is_frozen:
        raise ValidationError(_("제출된 신청서는 수정할 수 없습니다."), code="frozen")


def acknowledged_review(application: Application, comment: str, acknowledged: bool) -> str:
    """Sending to review while ``selectors.review_warnings`` has reasons needs the staff's
    explicit acknowledgment; the transition's comment records what was acknowledged."""
    warnings = selectors.review_warnings(application.call)
    if not warnings:
        return comment
    if not acknowledged:
        raise ValidationError(
            _(
                "심사로 보내기 전에 확인이 필요합니다. %(reasons)s '그래도 심사로 보냅니다'를 선택해 주십시오."
            )
            % {"reasons": " ".join(w.message for w in warnings)},
            code="review_not_acknowledged",
        )
    # The record is read later by anyone, in Korean whatever the sender's language.
    with translation.override("ko"):
        reasons = " ".join(w.message for w in selectors.review_warnings(application.call))
    note = f"[경고 확인 후 심사로 보냄] {reasons}"
    return f"{comment}\n{note}" if comment else note
