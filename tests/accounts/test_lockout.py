"""Finding 1: one login identity for the web, the lock-out and the API token; lock-out keys that
work behind the TLS proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
VICTIM = "victim@example.kr"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # DRF throttles count in the cache
    yield
    cache.clear()


@pytest.fixture
def victim(make_user):
    return make_user("enterprise_member", email=VICTIM)


def _web_login(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def _token(client, email, password, **extra):
    return client.post(
        "/api/v1/auth/token",
        {"username": email, "password": password},
        content_type="application/json",
        **extra,
    )


def _lock_out(client, email=VICTIM, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _web_login(client, email, "wrong-password", **extra)


def test_upper_case_spelling_is_locked_out_too(client, victim):
    _lock_out(client)
    response = _web_login(client, "VICTIM@example.kr", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_in_mixed_spellings_add_up(client, victim):
    for spelling in ["victim@example.kr", "Victim@example.kr", " VICTIM@EXAMPLE.KR "] * 2:
        _web_login(client, spelling, "wrong-password")
    assert _web_login(client, VICTIM, TEST_PASSWORD).status_code == 429


def test_token_endpoint_shares_the_web_lockout(client, victim):
    _lock_out(client)
    response = _token(client, "VICTIM@example.kr", TEST_PASSWORD)
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "locked_out"
    assert "로그인이 일시적으로 제한되었습니다" in error["message"]
    assert "token" not in response.json()


def test_token_failures_lock_the_web_login(client, victim):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_token(client, VICTIM, "wrong-password").status_code for _ in range(limit)]
    assert statuses == [400] * (limit - 1) + [429]  # the failure that reaches the limit locks
    assert _web_login(client, VICTIM, TEST_PASSWORD).status_code == 429


def test_token_endpoint_is_throttled_per_address(client, db):
    statuses = [
        _token(client, f"guess{n}@example.kr", "wrong-password").status_code for n in range(15)
    ]
    assert statuses[0] == 400
    assert 429 in statuses
    assert statuses[-1] == 429


def test_attacker_locks_out_only_their_own_address(client, victim, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 8
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(20):  # attempts while locked out are not counted towards the e-mail's cap
        _web_login(client, VICTIM, "wrong-password", **attacker)
    assert _web_login(client, VICTIM, TEST_PASSWORD, **attacker).status_code == 429
    real_user = _web_login(client, VICTIM, TEST_PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert real_user.status_code == 302


def test_failures_from_many_addresses_lock_the_email_everywhere(client, victim, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 8
    for address in ["203.0.113.1", "203.0.113.2"]:
        _lock_out(client, REMOTE_ADDR=address)
    response = _web_login(client, VICTIM, TEST_PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429


def test_behind_the_proxy_the_client_address_comes_from_x_forwarded_for():
    """With TRUSTED_PROXY_COUNT=1 the lock-out and the throttles key on the client the proxy
    saw (the right-most X-Forwarded-For entry), not the proxy's address nor a forged entry."""
    script = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from axes.helpers import get_client_ip_address\n"
        "from rest_framework.throttling import AnonRateThrottle\n"
        "from rest_framework.request import Request\n"
        "for xff in ['203.0.113.9', '6.6.6.6, 203.0.113.9']:\n"
        "    r = RequestFactory().post('/accounts/login/', REMOTE_ADDR='10.0.0.2',"
        " HTTP_X_FORWARDED_FOR=xff)\n"
        "    print(get_client_ip_address(r), AnonRateThrottle().get_ident(Request(r)))\n"
    )
    env = dict(
        os.environ,
        TRUSTED_PROXY_COUNT="1",
        DJANGO_SETTINGS_MODULE="seoul_se.settings.development",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["203.0.113.9"] * 4
