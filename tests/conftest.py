"""Test-wide fixtures: PostgreSQL guard, users per role, a real Celery worker, and Chromium.

Tests that use the ``celery_worker`` fixture must also use ``transactional_db``: the worker is a
separate process and only sees committed rows.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("CI", "").lower() == "true" and "postgresql" not in engine:
        pytest.exit("CI=true: the suite runs on PostgreSQL only (set DATABASE_URL).", returncode=4)


@pytest.fixture
def make_user(db):
    """``make_user("official")`` → a saved user with that role."""

    def make(role: str, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def official(make_user):
    return make_user("official")


@pytest.fixture
def staff(make_user):
    return make_user("centre_staff")


@pytest.fixture
def member(make_user):
    return make_user("enterprise_member")


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer")


@pytest.fixture
def auditor(make_user):
    return make_user("auditor")


@pytest.fixture
def administrator(make_user):
    return make_user("administrator", is_superuser=True)


@pytest.fixture(autouse=True)
def _korean_first():
    """Every test starts in Korean, the portal's default: a request in English (the test client
    keeps the language of its last response active in the thread) must not leak into the next
    test of the same worker."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """``client.force_login(user)`` skips the whole login ceremony, second factor included: for
    users who need one, the session is marked verified the way django-otp does it (a confirmed
    authenticator is created for them). Tests of the second factor itself log in through the
    real forms (tests/accounts/test_second_factor.py)."""
    from django.test import Client

    from seoul_se.accounts.selectors import second_factor_required
    from tests.accounts.factories import mark_session_verified

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if second_factor_required(user):
            mark_session_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → the Django test client logged in as ``user`` (second factor passed
    for the roles that need one)."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    """``api_for(user)`` → a DRF APIClient authenticated as ``user`` (or anonymous for None), like
    a token holder (the token endpoint checked the second factor when it issued the token)."""
    from rest_framework.test import APIClient

    def make(user=None):
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return api

    return make


# --- a real Celery worker on the configured broker ------------------------------------------


def worker_env(queue: str) -> dict[str, str]:
    """The environment of a worker subprocess: the test database, the broker, ``queue``."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_QUEUE=queue,
        SECRET_KEY=settings.SECRET_KEY,
        DJANGO_SETTINGS_MODULE="seoul_se.settings.test",
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """Start ``celery worker`` as a subprocess on a private queue, against the test database."""
    from seoul_se.celery import app

    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = worker_env(queue)
    log = open(ROOT / "var" / f"worker-{queue}.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "seoul_se",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start; see var/worker-{queue}.log")
        yield proc
    finally:
        app.conf.task_default_queue = previous_queue
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll ``predicate`` until it returns a truthy value (used with the real worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
