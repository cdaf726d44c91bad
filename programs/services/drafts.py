"""A member's draft saved step by step: text autosaved while typing and the budget lines."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Application, BudgetLine, Call
from programs.services.applications import store_answers
from programs.services.common import _lock, _require_applicant, _require_draft
from seoul_se.accounts.models import User

MAX_BUDGET_LINES = 30
TITLE_MAX = Application._meta.get_field("title").max_length


def _require_open_call(call: Call) -> None:
    if call.status != Call.Status.PUBLISHED or timezone.now() >= call.closes_at:
        raise ValidationError(_("접수 중인 공모가 아닙니다."), code="call_not_open")


@transaction.atomic
def save_draft_text(
    application: Application,
    *,
    actor: User,
    title: str | None = None,
    summary: str | None = None,
    answers: dict[int, str] | None = None,
) -> Application:
    """Keep the text typed so far (the fields given; None = not on the page). Only the
    applicant's own draft, only while the call is open. Idempotent: the same text again
    changes nothing and writes nothing. A blank title keeps the saved one (a draft always
    has a name)."""
    application = _lock(application)
    _require_applicant(actor, application)
    _require_draft(application)
    _require_open_call(application.call)
    changed = []
    if title is not None and title.strip() and title.strip() != application.title:
        if len(title.strip()) > (TITLE_MAX or 0):
            raise ValidationError(
                _("사업명은 %(max)s자 이하로 입력해 주십시오.") % {"max": TITLE_MAX},
                code="too_long",
            )
        application.title = title.strip()
        changed.append("title")
    if summary is not None and summary != application.summary:
        application.summary = summary
        changed.append("summary")
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
    if answers:
        stored = {a.question_id: a.value for a in application.answers.all()}
        store_answers(
            application,
            {pk: value for pk, value in answers.items() if stored.get(pk) != value.strip()},
        )
    return application


@transaction.atomic
def save_budget(
    application: Application, lines: list[tuple[str, int]], *, actor: User
) -> list[BudgetLine]:
    """Replace the draft's budget with ``lines`` (item, whole won), in order. Each line needs an
    item and an amount above 0 won; the total is compared with the requested amount by the
    check list, so a half-written budget can still be saved."""
    application = _lock(application)
    _require_applicant(actor, application)
    _require_draft(application)
    if len(lines) > MAX_BUDGET_LINES:
        raise ValidationError(
            _("예산 항목은 %(max)s개까지 입력할 수 있습니다.") % {"max": MAX_BUDGET_LINES},
            code="too_many_lines",
        )
    for item, amount in lines:
        if not item.strip():
            raise ValidationError(_("비목을 입력해 주십시오."), code="item_required")
        if amount <= 0:
            raise ValidationError(
                _("'%(item)s'의 금액은 0원보다 커야 합니다.") % {"item": item},
                code="amount_not_positive",
            )
    current = [(line.item, line.amount) for line in application.budget_lines.all()]
    wanted = [(item.strip(), amount) for item, amount in lines]
    if current == wanted:
        return list(application.budget_lines.all())
    application.budget_lines.all().delete()
    # One by one (not bulk_create) so the audit trail records each line.
    return [
        BudgetLine.objects.create(application=application, item=item, amount=amount, sort_order=n)
        for n, (item, amount) in enumerate(wanted)
    ]
