"""The checks as Celery work: after every spending-evidence upload (only the new records, a job
per upload) and nightly (every rule over everything)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.core.exceptions import ValidationError
from django.urls import reverse

from funds import selectors as funds
from integrity import access, services
from integrity.rules import (
    evidence_reuse,
    linked_applicants,
    overlapping_funding,
    related_party,
    reviewer_conflict,
    split_payments,
)
from programs import selectors as programs
from seoul_se.core.jobs import job_task, start_job

logger = logging.getLogger(__name__)
JOB_KIND = "integrity.check_spending"
FULL_RULES = (
    evidence_reuse,
    related_party,
    split_payments,
    overlapping_funding,
    linked_applicants,
    reviewer_conflict,
)


def check_spending(grant_ids: list[int], loan_use_ids: list[int]) -> dict[str, int]:
    """The rules new evidence can trip, on the new records only (indexed lookups)."""
    rows = list(programs.spending(grant_ids)) if grant_ids else []
    loan_rows = list(funds.fund_use_evidence().filter(pk__in=loan_use_ids)) if loan_use_ids else []
    findings = list(evidence_reuse.for_spending(rows, loan_rows))
    findings += related_party.for_spending(rows)
    findings += split_payments.for_spending(rows)
    return services.record_findings(findings)


def check_everything() -> dict[str, int]:
    totals = {"new": 0, "seen": 0}
    for rule in FULL_RULES:
        counts = services.record_findings(rule.full())
        totals = {k: totals[k] + counts[k] for k in totals}
    return totals


@job_task(JOB_KIND, allowed=access.may_run, page=lambda job: reverse("integrity:list"))
def check_spending_job(job: Any, report: Any) -> dict[str, int]:
    return check_spending(job.params.get("grant", []), job.params.get("loan", []))


@shared_task(name="integrity.nightly_check")
def nightly_check() -> dict[str, int]:
    return check_everything()


def _start(actor: Any, grant: list[int], loan: list[int]) -> None:
    """Runs after the upload's commit; a broker that is down must not undo or fail the upload —
    the nightly run finds the same patterns."""
    try:
        start_job(JOB_KIND, {"grant": grant, "loan": loan}, actor=actor)
    except ValidationError:
        logger.warning("integrity check not queued (broker unavailable): %s %s", grant, loan)


def _on_grant_spending(sender: Any, expenditure_ids: list[int], actor: Any, **kwargs: Any) -> None:
    _start(actor, expenditure_ids, [])


def _on_fund_use(sender: Any, use_ids: list[int], actor: Any, **kwargs: Any) -> None:
    _start(actor, [], use_ids)


def connect_signals() -> None:
    from funds.signals import loan_fund_use_recorded
    from programs.signals import grant_expenditure_recorded

    grant_expenditure_recorded.connect(_on_grant_spending, dispatch_uid="integrity-grant")
    loan_fund_use_recorded.connect(_on_fund_use, dispatch_uid="integrity-fund-use")
