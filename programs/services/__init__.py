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
    answer_supplement,
    confirm_partner,
    create_application,
    remove_attachment,
    request_supplement,
    save_answers,
    send_supplement_reminders,
    submit_application,
    update_application,
    withdraw_application,
)
from programs.services.calls import add_criterion, add_question, save_call, save_program, save_rule
from programs.services.results import confirm_result, record_result
from programs.services.review import (
    assign_reviewer,
    confirm_selection,
    declare_conflict,
    propose_selection,
    score_application,
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
    "act_on_application",
    "add_attachment",
    "add_complex_record",
    "add_criterion",
    "add_partner",
    "add_question",
    "answer_supplement",
    "assign_reviewer",
    "confirm_partner",
    "confirm_result",
    "confirm_selection",
    "create_application",
    "create_complex",
    "decide_interim",
    "declare_conflict",
    "match_enterprise",
    "paid_total",
    "propose_selection",
    "record_disbursement",
    "record_result",
    "record_workshop",
    "remove_attachment",
    "request_supplement",
    "save_answers",
    "save_call",
    "save_program",
    "save_rule",
    "score_application",
    "send_supplement_reminders",
    "sign_agreement",
    "submit_application",
    "unmatch_enterprise",
    "update_application",
    "withdraw_application",
]
