from celery import shared_task

PURGE_TASK = "audit.purge_access_logs"


@shared_task(name=PURGE_TASK)
def purge_access_logs() -> int:
    """Nightly (beat): delete access-log rows past the retention period."""
    from seoul_se.audit.services import purge_expired_access_logs

    return purge_expired_access_logs()
