"""State changes of the programs app, one module per subdomain. Every function is atomic, takes
the acting user as ``actor=`` and raises ValidationError or PermissionDenied with a stable code
and a Korean message; nothing is half-saved.

Import from here (``from programs import services``): the modules are the layout, this is the API.
"""

from programs.services.agreements import (
    decide_interim,
    paid_total,
    record_disbursement,
    sign_agreement,
)
from programs.services.applications import (
    act_on_application,
    add_attachment,
    add_partner,
    confirm_partner,
    create_application,
    remove_attachment,
    save_answers,
    submit_application,
    update_application,
    withdraw_application,
)
from programs.services.calls import (
    add_call_document,
    add_criterion,
    add_question,
    remove_call_document,
    save_call,
    save_program,
    save_rule,
)
from programs.services.checklist import MissingItem, missing_items
from programs.services.drafts import save_budget, save_draft_text
from programs.services.history import (
    PastGrant,
    PastPayment,
    record_past_grant,
    record_past_grants,
    record_past_payment,
)
from programs.services.ranking import set_ranking_method
from programs.services.results import confirm_result, record_result
from programs.services.review import (
    assign_reviewer,
    assign_reviewers,
    confirm_selection,
    declare_conflict,
    propose_selection,
    score_application,
    send_to_review,
)
from programs.services.spending import record_grant_expenditure
from programs.services.supplements import (
    answer_supplement,
    request_supplement,
    send_supplement_reminders,
)
from programs.services.together_living import (
    COMPLEX_RECORDS,
    add_complex_record,
    create_complex,
    match_enterprise,
    record_workshop,
    unmatch_enterprise,
)

__all__ = [
    "COMPLEX_RECORDS",
    "MissingItem",
    "PastGrant",
    "PastPayment",
    "act_on_application",
    "add_attachment",
    "add_call_document",
    "add_complex_record",
    "add_criterion",
    "add_partner",
    "add_question",
    "answer_supplement",
    "assign_reviewer",
    "assign_reviewers",
    "confirm_partner",
    "confirm_result",
    "confirm_selection",
    "create_application",
    "create_complex",
    "decide_interim",
    "declare_conflict",
    "match_enterprise",
    "missing_items",
    "paid_total",
    "propose_selection",
    "record_disbursement",
    "record_grant_expenditure",
    "record_past_grant",
    "record_past_grants",
    "record_past_payment",
    "record_result",
    "record_workshop",
    "remove_attachment",
    "remove_call_document",
    "request_supplement",
    "save_answers",
    "save_budget",
    "save_call",
    "save_draft_text",
    "save_program",
    "save_rule",
    "score_application",
    "send_supplement_reminders",
    "send_to_review",
    "set_ranking_method",
    "sign_agreement",
    "submit_application",
    "unmatch_enterprise",
    "update_application",
    "withdraw_application",
]
