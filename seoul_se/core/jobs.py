"""Start background jobs and report their progress (used by every app's long tasks).

``start_job`` is idempotent per (kind, params) while a job is active, so a double click or two
tabs asking for the same workbook get one job.
"""

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from seoul_se.core.models import BackgroundJob


def start_job(kind: str, params: dict[str, Any], user: Any, task: Any) -> BackgroundJob:
    """Create (or reuse the active) job and enqueue ``task.delay(job_id)`` after commit."""
    params_hash = BackgroundJob.hash_params(params)
    active = BackgroundJob.objects.filter(
        kind=kind, params_hash=params_hash, status__in=BackgroundJob.ACTIVE
    ).first()
    if active:
        return active
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                kind=kind,
                params=params,
                params_hash=params_hash,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Another request created the same active job between our check and insert.
        return BackgroundJob.objects.get(
            kind=kind, params_hash=params_hash, status__in=BackgroundJob.ACTIVE
        )
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def run_job(job_id: int, work: Callable[[BackgroundJob, Callable[[int, str], None]], dict]) -> None:
    """Run ``work(job, report)`` for a job inside a Celery task, recording state and progress.

    ``report(percent, message)`` updates progress. The result dict is stored on success; an
    exception marks the job failed with its message and is re-raised for Celery.
    """
    job = BackgroundJob.objects.get(pk=job_id)
    if job.status == BackgroundJob.Status.SUCCEEDED:
        return  # a redelivered message for a finished job does nothing
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1
    )

    def report(percent: int, message: str = "") -> None:
        BackgroundJob.objects.filter(pk=job_id).update(
            progress=max(0, min(100, percent)), message=message
        )

    try:
        result = work(job, report)
    except Exception as exc:
        BackgroundJob.objects.filter(pk=job_id).update(
            status=BackgroundJob.Status.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.SUCCEEDED,
        progress=100,
        result=result or {},
        finished_at=timezone.now(),
    )
