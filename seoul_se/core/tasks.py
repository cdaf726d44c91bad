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
