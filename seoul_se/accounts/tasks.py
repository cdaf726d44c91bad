from celery import shared_task

PURGE_TASK = "accounts.purge_login_records"


@shared_task(name=PURGE_TASK)
def purge_login_records() -> dict[str, int]:
    """Nightly (beat): delete login records past retention and long-expired API tokens."""
    from seoul_se.accounts.services import purge_login_records

    return purge_login_records()
