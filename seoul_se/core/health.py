"""Health probes used by /healthz and the container health checks."""

from django.conf import settings
from django.db import connection

from seoul_se.celery import app as celery_app


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, exc.__class__.__name__
    return True, connection.vendor


def broker_ok() -> tuple[bool, str]:
    transport = settings.CELERY_BROKER_URL.split(":", 1)[0]
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, exc.__class__.__name__
    return True, transport
