"""Support programs' models, one module per subdomain; Django finds them here.

- ``calls``: programs, rule rows (tracks), calls and their extra questions
- ``applications``: applications, transitions, attachments, answers, consortium partners, 보완요청
- ``review``: criteria, reviewer assignments, reviews and scores
- ``agreements``: agreements, instalments, phases, disbursements
- ``results``: results (실적)
- ``spending``: the recipients' grant spending with its evidence (보조금 집행 내역)
- ``together_living``: 같이살림 complexes and their records

Rules are rows (:class:`ProgramRule`) evaluated only by ``programs/rules.py``; the application
state machine lives in ``programs/workflow.py``; state changes go through ``programs/services``.
"""

from auditlog.registry import auditlog

from programs.models.agreements import Agreement, Disbursement, Instalment, Phase
from programs.models.applications import (
    Answer,
    Application,
    ApplicationTransition,
    Attachment,
    BudgetLine,
    ConsortiumPartner,
    SupplementRequest,
    attachment_path,
)
from programs.models.calls import (
    RECEIPT_ABBREVIATIONS,
    Call,
    CallDocument,
    CallQuestion,
    Program,
    ProgramRule,
    ProgramType,
    RankingMethod,
    call_document_path,
    share_validators,
)
from programs.models.results import Result
from programs.models.review import (
    RankingMethodChange,
    Review,
    ReviewCriterion,
    ReviewerAssignment,
    Score,
)
from programs.models.spending import EvidenceKind, GrantExpenditure, spending_evidence_path
from programs.models.together_living import (
    ApartmentComplex,
    ComplexYear,
    LivingProblem,
    ResidentSurvey,
    SelfHelpGroup,
    Workshop,
)

__all__ = [
    "RECEIPT_ABBREVIATIONS",
    "Agreement",
    "Answer",
    "ApartmentComplex",
    "Application",
    "ApplicationTransition",
    "Attachment",
    "BudgetLine",
    "Call",
    "CallDocument",
    "CallQuestion",
    "ComplexYear",
    "ConsortiumPartner",
    "Disbursement",
    "EvidenceKind",
    "GrantExpenditure",
    "Instalment",
    "LivingProblem",
    "Phase",
    "Program",
    "ProgramRule",
    "ProgramType",
    "RankingMethod",
    "RankingMethodChange",
    "ResidentSurvey",
    "Result",
    "Review",
    "ReviewCriterion",
    "ReviewerAssignment",
    "Score",
    "SelfHelpGroup",
    "SupplementRequest",
    "Workshop",
    # The initial migration refers to programs.models.attachment_path.
    "attachment_path",
    "call_document_path",
    "share_validators",
    "spending_evidence_path",
]

for _model in (
    Program,
    Call,
    CallDocument,
    CallQuestion,
    Application,
    ApplicationTransition,
    Attachment,
    BudgetLine,
    Answer,
    ConsortiumPartner,
    SupplementRequest,
    ReviewCriterion,
    ReviewerAssignment,
    Review,
    Score,
    Agreement,
    Instalment,
    Phase,
    Disbursement,
    GrantExpenditure,
    Result,
    ApartmentComplex,
    Workshop,
    LivingProblem,
    SelfHelpGroup,
    ResidentSurvey,
):
    auditlog.register(_model)
auditlog.register(ProgramRule, m2m_fields={"eligible_legal_types"})
auditlog.register(ComplexYear, m2m_fields={"matched_enterprises"})
