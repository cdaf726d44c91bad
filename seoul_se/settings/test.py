"""Tests (pytest, pyproject.toml; the Celery worker the tests start uses it too).

The development setup (local secret and hosts, plain HTTP, uncollected static files) with DEBUG
off as in production. The database and broker come from DATABASE_URL / CELERY_BROKER_URL
(PostgreSQL and Redis in CI).
"""

from .development import *  # noqa: F403

DEBUG = False
# Django's test runner swaps in the in-memory outbox too; this also covers the worker process.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
