"""Finding 7: API tokens expire, end at a password change and at logout, and can be revoked."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "Another-pass-2027!"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _obtain(email, password=TEST_PASSWORD):
    response = APIClient().post(
        "/api/v1/auth/token", {"username": email, "password": password}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    return response.json()["token"]


def _me(key):
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me")


def test_token_stops_working_after_a_password_change(client_for, member):
    key = _obtain(member.email)
    assert _me(key).status_code == 200
    client_for(member).post(
        "/accounts/password/change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    response = _me(key)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    new_key = _obtain(member.email, NEW_PASSWORD)
    assert new_key != key
    assert _me(new_key).status_code == 200


def test_token_stops_working_after_an_api_logout(member):
    key = _obtain(member.email)
    other = _obtain(member.email)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert _me(key).status_code == 401
    assert _me(other).status_code == 200  # logout ends the token it was sent with


def test_web_logout_ends_the_users_tokens(client_for, member):
    key = _obtain(member.email)
    client_for(member).post("/accounts/logout/")
    assert _me(key).status_code == 401


def test_token_expires_after_token_ttl(member, settings):
    from seoul_se.accounts.models import ApiToken

    settings.TOKEN_TTL = 2
    before = timezone.now()
    key = _obtain(member.email)
    token = ApiToken.objects.get(user=member)
    assert before + timedelta(hours=2) <= token.expires_at <= timezone.now() + timedelta(hours=2)
    assert _me(key).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(key).status_code == 401


def test_only_a_digest_of_the_key_is_stored(member):
    from seoul_se.accounts.models import ApiToken

    key = _obtain(member.email)
    token = ApiToken.objects.get(user=member)
    assert key not in {token.digest, token.prefix, token.auth_hash}
    assert token.prefix == key[:8]


def test_owner_lists_and_revokes_own_tokens_through_the_api(member, make_user):
    key = _obtain(member.email)
    spare = _obtain(member.email)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    listed = api.get("/api/v1/auth/tokens").json()["results"]
    assert {t["prefix"] for t in listed} == {key[:8], spare[:8]}
    assert all("token" not in t for t in listed)
    spare_id = next(t["id"] for t in listed if t["prefix"] == spare[:8])
    stranger = make_user("enterprise_member")
    stranger_api = APIClient(HTTP_AUTHORIZATION=f"Token {_obtain(stranger.email)}")
    assert stranger_api.delete(f"/api/v1/auth/tokens/{spare_id}").status_code == 404
    assert api.delete(f"/api/v1/auth/tokens/{spare_id}").status_code == 204
    assert _me(spare).status_code == 401
    assert _me(key).status_code == 200


def test_owner_revokes_a_token_from_the_account_page(client_for, member):
    from seoul_se.accounts.models import ApiToken

    key = _obtain(member.email)
    client = client_for(member)
    page = client.get("/accounts/").content.decode()
    assert key[:8] in page and key not in page
    token = ApiToken.objects.get(user=member)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert _me(key).status_code == 401


def test_administrator_revokes_tokens_in_admin_and_it_is_audited(client_for, administrator, member):
    from seoul_se.accounts.models import ApiToken

    key = _obtain(member.email)
    token = ApiToken.objects.get(user=member)
    response = client_for(administrator).post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert _me(key).status_code == 401
    entry = LogEntry.objects.get_for_model(ApiToken).get(action=LogEntry.Action.DELETE)
    assert entry.actor == administrator


def test_token_calls_name_the_actor_in_the_audit_trail(member):
    key = _obtain(member.email)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.patch("/api/v1/me", {"phone": "02-987-6543"}, format="json").status_code == 200
    entry = LogEntry.objects.get_for_object(member).latest("timestamp")
    assert entry.actor == member
