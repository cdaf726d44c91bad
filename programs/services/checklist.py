"""What an application still lacks before it may be submitted. The check step (확인·제출) lists
these items with a link to the step that fixes each; ``submit_application`` refuses the same
list, so the page and the server never disagree."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from programs import rules, steps
from programs.models import Application


@dataclass(frozen=True)
class MissingItem:
    code: str  # the stable code submit_application's ValidationError carries
    message: str
    step: str  # a slug of programs.steps: where the member fixes it


def _label(text: str) -> str:
    """Document names compared the way a person reads them: spacing does not matter."""
    return " ".join(text.split())


def missing_items(application: Application) -> list[MissingItem]:
    """Everything that stops the draft's submission, in step order (calls' deadlines are
    checked by the submission itself)."""
    call = application.call
    partners = list(application.partners.all())
    check = rules.check_request(
        call,
        application.enterprise.legal_type_id if application.enterprise else None,
        rule=application.rule,
        amount=application.requested_amount,
        months=application.duration_months,
        persons=application.persons,
        consortium=bool(partners),
    )
    items = [MissingItem("outside_rules", error, steps.BASIC) for error in check.errors]
    if not application.title.strip():
        items.append(MissingItem("title_missing", _("사업명을 입력해 주십시오."), steps.BASIC))
    if any(partner.confirmed_at is None for partner in partners):
        items.append(
            MissingItem(
                "partners_unconfirmed",
                _("모든 컨소시엄 참여기업이 참여를 확인해야 제출할 수 있습니다."),
                steps.BASIC,
            )
        )
    answered = {a.question_id for a in application.answers.all() if a.value or a.attachment_id}
    for question in call.questions.filter(required=True):
        if question.pk not in answered:
            items.append(
                MissingItem(
                    "answers_missing",
                    _("필수 질문에 답해 주십시오: %(questions)s") % {"questions": question.text},
                    steps.PLAN,
                )
            )
    lines = [line.amount for line in application.budget_lines.all()]
    if lines and sum(lines) != application.requested_amount:
        items.append(
            MissingItem(
                "budget_mismatch",
                _("예산 합계 %(total)s원이 신청 금액 %(amount)s원과 다릅니다.")
                % {"total": f"{sum(lines):,}", "amount": f"{application.requested_amount:,}"},
                steps.BUDGET,
            )
        )
    attached = {_label(a.label) for a in application.attachments.all() if a.supplement_id is None}
    for document in call.document_list:
        if _label(document) not in attached:
            items.append(
                MissingItem(
                    "documents_missing",
                    _("제출 서류를 첨부해 주십시오: %(document)s") % {"document": document},
                    steps.ATTACHMENTS,
                )
            )
    return items
