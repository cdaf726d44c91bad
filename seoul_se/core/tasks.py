from celery import shared_task

from seoul_se.core import jobs
from seoul_se.core.models import WorkerHeartbeat


@shared_task(name="core.ping")
def ping() -> str:
    return "pong"


@shared_task(name="core.heartbeat")
def heartbeat(note: str) -> int:
    return WorkerHeartbeat.objects.create(note=note).pk


@shared_task(name="core.sweep_stale_jobs")
def sweep_stale_jobs() -> dict[str, int]:
    """Every minute (beat): fail dead background jobs, re-send lost ones, remove their files."""
    return jobs.sweep_stale_jobs()


def _import_page(job) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return reverse("imports:record", args=[job.params["record"]])


@jobs.job_task("core.import_commit", allowed=lambda user: user.is_authenticated, page=_import_page)
def import_commit(job, report) -> dict:  # type: ignore[no-untyped-def]
    """Commit a large checked import (all or nothing; the service checks the kind's roles)."""
    from seoul_se.core.imports import services

    try:
        record = services.run_commit(job.params["record"], actor=job.created_by, progress=report)
    except Exception:
        services.fail_commit(job.params["record"])
        raise
    return {"record": record.pk, "state": record.state, "created": record.created}
