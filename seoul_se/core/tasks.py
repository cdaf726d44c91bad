from celery import shared_task

from seoul_se.core.models import WorkerHeartbeat


@shared_task(name="core.ping")
def ping() -> str:
    return "pong"


@shared_task(name="core.heartbeat")
def heartbeat(note: str) -> int:
    return WorkerHeartbeat.objects.create(note=note).pk
