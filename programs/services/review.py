"""Review and selection: reviewer assignments, conflict declarations, scores, the proposal and
the official's confirmation."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import selectors, workflow
from programs.models import (
    Application,
    Call,
    Review,
    ReviewerAssignment,
    Score,
)
from programs.services.applications import act_on_application
from programs.services.common import S, _move, _url, applicant_users
from seoul_se.access import OFFICIAL_ROLES, STAFF_ROLES, require_role
from seoul_se.accounts.models import Role, User
from seoul_se.core.workflow import TransitionDenied
from seoul_se.notifications.services import notify


@transaction.atomic
def assign_reviewers(
    call: Call, reviewers: Iterable[User], *, actor: User
) -> list[ReviewerAssignment]:
    """Assign reviewers to the call's applications (one batch). Each newly assigned reviewer
    gets one notice (inbox + e-mail); a reviewer already assigned gets none again."""
    require_role(actor, STAFF_ROLES)
    reviewers = list(reviewers)
    if any(reviewer.role != Role.REVIEWER for reviewer in reviewers):
        raise ValidationError(
            _("심사위원 역할의 사용자만 배정할 수 있습니다."), code="not_reviewer"
        )
    assignments, new = [], []
    for reviewer in reviewers:
        assignment, created = ReviewerAssignment.objects.get_or_create(
            call=call, reviewer=reviewer, defaults={"assigned_by": actor}
        )
        assignments.append(assignment)
        if created:
            new.append(reviewer)
    if new:
        deadline = (
            f" 심사 마감일은 {call.review_deadline:%Y-%m-%d}입니다." if call.review_deadline else ""
        )
        notify(
            new,
            f"심사 배정: {call.title}",
            f"'{call.title}' 공모의 신청서 심사에 배정되었습니다. "
            f"접수 마감({timezone.localtime(call.closes_at):%Y-%m-%d %H:%M}) 후 심사할 수 "
            f"있습니다.{deadline}",
            reverse("programs:review_list"),
        )
    return assignments


def assign_reviewer(call: Call, reviewer: User, *, actor: User) -> ReviewerAssignment:
    return assign_reviewers(call, [reviewer], actor=actor)[0]


@transaction.atomic
def send_to_review(
    call: Call,
    application_ids: Iterable[int],
    *,
    actor: User,
    comment: str = "",
    acknowledged: bool = False,
) -> int:
    """Send the chosen screened applications of the call to review together (the warnings of
    ``selectors.review_warnings`` need ``acknowledged``). Returns how many moved."""
    chosen = list(
        Application.objects.filter(
            call=call, pk__in=list(application_ids), status=S.SCREENING
        ).order_by("pk")
    )
    if not chosen:
        raise ValidationError(
            _("심사로 보낼 적격 검토 중인 신청서를 선택해 주십시오."), code="nothing_chosen"
        )
    for application in chosen:
        act_on_application(
            application, "review", actor=actor, comment=comment, acknowledged=acknowledged
        )
    return len(chosen)


def _reviewable(application: Application, reviewer: User) -> None:
    if not ReviewerAssignment.objects.filter(
        call_id=application.call_id, reviewer=reviewer
    ).exists():
        raise TransitionDenied(_("배정되지 않은 공모의 신청서입니다."), code="not_assigned")
    if timezone.now() < application.call.closes_at:
        raise ValidationError(_("공모 마감 후에 심사할 수 있습니다."), code="call_not_closed")
    if application.status != S.IN_REVIEW:
        raise ValidationError(_("심사 중인 신청서만 심사할 수 있습니다."), code="not_in_review")


@transaction.atomic
def declare_conflict(
    application: Application, *, actor: User, has_conflict: bool, reason: str = ""
) -> Review:
    _reviewable(application, actor)
    review, _created = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=actor
    )
    if review.declared_at is not None and review.has_conflict:
        raise ValidationError(
            _("이해충돌을 신고한 신청서는 심사할 수 없습니다."), code="conflict_declared"
        )
    if has_conflict and not reason.strip():
        raise ValidationError(
            _("이해충돌 사유를 입력해 주십시오."), code="conflict_reason_required"
        )
    review.has_conflict = has_conflict
    review.conflict_reason = reason
    review.declared_at = timezone.now()
    if has_conflict:
        review.total = None
        review.submitted_at = None
        review.scores.all().delete()
    review.save()
    return review


@transaction.atomic
def score_application(
    application: Application, values: dict[int, Decimal], comment: str = "", *, actor: User
) -> Review:
    """Record a reviewer's scores; total = Σ score × weight (two decimals, exact Decimal)."""
    _reviewable(application, actor)
    review = (
        Review.objects.select_for_update().filter(application=application, reviewer=actor).first()
    )
    if review is None or review.declared_at is None:
        raise ValidationError(
            _("먼저 이해충돌 여부를 신고해 주십시오."), code="conflict_not_declared"
        )
    if review.has_conflict:
        raise ValidationError(
            _("이해충돌을 신고한 신청서는 심사할 수 없습니다."), code="conflict_declared"
        )
    criteria = list(application.call.criteria.all())
    if not criteria:
        raise ValidationError(_("이 공모에는 심사 기준이 없습니다."), code="no_criteria")
    total = Decimal("0")
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            raise ValidationError(
                _("'%(criterion)s' 점수를 입력해 주십시오.") % {"criterion": criterion.name},
                code="score_missing",
            )
        if not criterion.min_score <= value <= criterion.max_score:
            raise ValidationError(
                _("'%(criterion)s' 점수는 %(min)s~%(max)s 사이여야 합니다.")
                % {
                    "criterion": criterion.name,
                    "min": criterion.min_score,
                    "max": criterion.max_score,
                },
                code="score_out_of_range",
            )
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": value}
        )
        total += value * criterion.weight
    review.total = total.quantize(Decimal("0.01"))
    review.comment = comment
    review.submitted_at = timezone.now()
    review.save()
    return review


@transaction.atomic
def propose_selection(
    call: Call, proposals: Iterable[tuple[int, str, int | None]], *, actor: User
) -> None:
    """Staff proposal: (application id, selected/reserve/rejected, amount). Selected awards may be
    lower than requested and must fit the call budget together."""
    require_role(actor, STAFF_ROLES)
    call = Call.objects.select_for_update().get(pk=call.pk)
    apps = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(
            call=call, status__in=workflow.IN_SELECTION
        )
    }
    total = 0
    for app_id, status, amount in proposals:
        application = apps.get(app_id)
        if application is None:
            raise ValidationError(
                _("심사 중이 아닌 신청서가 선정안에 포함되어 있습니다."), code="not_in_selection"
            )
        if status not in (S.SELECTED, S.RESERVE, S.REJECTED, ""):
            raise ValidationError(
                _("선정안 상태가 올바르지 않습니다."), code="invalid_proposal_status"
            )
        if status == S.SELECTED:
            amount = application.requested_amount if amount is None else amount
            if amount <= 0 or amount > application.requested_amount:
                raise ValidationError(
                    _("%(receipt)s: 선정 금액은 1원 이상, 신청 금액 이하여야 합니다.")
                    % {"receipt": application.receipt_number},
                    code="award_out_of_range",
                )
            total += amount
        else:
            amount = None
        application.proposed_status = status
        application.proposed_amount = amount
        application.save(update_fields=["proposed_status", "proposed_amount", "updated_at"])
    if total > call.budget_envelope:
        raise ValidationError(
            _("선정 금액 합계 %(total)s원이 공모 예산 %(budget)s원을 초과합니다.")
            % {"total": f"{total:,}", "budget": f"{call.budget_envelope:,}"},
            code="over_budget",
        )


@transaction.atomic
def confirm_selection(call: Call, *, actor: User, comment: str = "") -> int:
    """An official confirms the proposal: applications move to selected/reserve/rejected and the
    applicants are notified. Returns how many were decided."""
    require_role(actor, OFFICIAL_ROLES)
    call = Call.objects.select_for_update().get(pk=call.pk)
    pending = list(
        Application.objects.select_for_update()
        .filter(call=call, status__in=workflow.IN_SELECTION)
        .exclude(proposed_status="")
    )
    if not pending:
        raise ValidationError(_("확정할 선정안이 없습니다."), code="no_proposal")
    committed = selectors.committed_amount(call)
    new = sum(a.proposed_amount or 0 for a in pending if a.proposed_status == S.SELECTED)
    if committed + new > call.budget_envelope:
        raise ValidationError(_("선정 금액 합계가 공모 예산을 초과합니다."), code="over_budget")
    for application in pending:
        status = application.proposed_status
        if status == application.status:
            continue
        if status == S.SELECTED:
            application.awarded_amount = application.proposed_amount
            application.save(update_fields=["awarded_amount"])
        _move(application, workflow.SELECTION_ACTIONS[status], actor, comment or "선정 결과 확정")
        notify(
            applicant_users(application),
            f"선정 결과: {S(status).label}",
            f"{call.title} '{application.title}' 심사 결과는 '{S(status).label}'입니다.",
            _url(application),
        )
    return len(pending)
