"""Finding 6: a second factor (TOTP + recovery codes), enforced for the roles that handle public
money and everyone's records, optional for enterprise members and reviewers."""

import re
import time

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.accounts.factories import totp_code, totp_device
from tests.factories import TEST_PASSWORD

ENFORCED = ["official", "centre_staff", "auditor", "intermediary_staff", "administrator"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _password_login(client, user):
    response = client.post("/accounts/login/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("role", ENFORCED)
def test_enforced_role_without_a_device_is_sent_to_set_one_up(client, make_user, role):
    user = make_user(role)
    _password_login(client, user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/setup/")
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["error"]["code"] == "otp_required"


def test_setting_up_the_authenticator_shows_qr_and_recovery_codes_once(client, staff):
    _password_login(client, staff)
    page = client.get("/accounts/second-factor/setup/?next=/enterprises/")
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    wrong = client.post("/accounts/second-factor/setup/", {"code": "000000", "next": "/"})
    assert "인증 코드가 올바르지 않습니다" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles guessing: a second after the first miss
    response = client.post(
        "/accounts/second-factor/setup/", {"code": totp_code(device), "next": "/enterprises/"}
    )
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page)
    assert len(codes) == 10
    assert client.get("/accounts/second-factor/recovery-codes/").status_code == 302  # once only
    assert client.get("/").status_code == 200


def test_enforced_role_with_a_device_must_enter_the_code(client, official):
    device = totp_device(official)
    _password_login(client, official)
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/?next=%2Faudit%2F"
    wrong = client.post("/accounts/second-factor/", {"code": "123456", "next": "/audit/"})
    assert wrong.status_code == 200
    assert "인증 코드가 올바르지 않습니다" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles guessing: a second after the first miss
    right = client.post("/accounts/second-factor/", {"code": totp_code(device), "next": "/audit/"})
    assert right.status_code == 302 and right["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_a_recovery_code_works_once(client, auditor):
    totp_device(auditor)
    from seoul_se.accounts import services

    code = services.regenerate_recovery_codes(actor=auditor)[0]
    _password_login(client, auditor)
    assert client.post("/accounts/second-factor/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    client.logout()
    _password_login(client, auditor)
    again = client.post("/accounts/second-factor/", {"code": code})
    assert again.status_code == 200
    assert client.get("/").status_code == 302


def test_admin_pages_need_the_second_factor_too(client, administrator):
    totp_device(administrator)
    _password_login(client, administrator)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/accounts/second-factor/")


def test_token_endpoint_requires_the_code_for_enforced_roles(staff):
    device = totp_device(staff)
    api = APIClient()
    body = {"username": staff.email, "password": TEST_PASSWORD}
    missing = api.post("/api/v1/auth/token", body, format="json")
    assert missing.status_code == 403
    assert missing.json()["error"]["code"] == "otp_required"
    assert "token" not in missing.json()
    wrong = api.post("/api/v1/auth/token", {**body, "otp": "000000"}, format="json")
    assert wrong.status_code == 403
    time.sleep(1.1)  # django-otp throttles guessing: a second after the first miss
    right = api.post("/api/v1/auth/token", {**body, "otp": totp_code(device)}, format="json")
    assert right.status_code == 201
    assert "token" in right.json()


def test_token_endpoint_sends_enforced_roles_without_a_device_to_set_one_up(official):
    response = APIClient().post(
        "/api/v1/auth/token", {"username": official.email, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "otp_setup_required"


def test_members_and_reviewers_are_not_asked_unless_they_opt_in(client, member):
    _password_login(client, member)
    assert client.get("/").status_code == 200
    account = client.get("/accounts/").content.decode()
    assert "2단계 인증 설정" in account
    client.get("/accounts/second-factor/setup/")
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    client.post("/accounts/second-factor/setup/", {"code": totp_code(device)})
    client.logout()
    _password_login(client, member)
    assert client.get("/")["Location"].startswith("/accounts/second-factor/")


def test_owner_regenerates_recovery_codes_and_old_ones_stop_working(client_for, reviewer):
    from seoul_se.accounts import services

    totp_device(reviewer)
    old = services.regenerate_recovery_codes(actor=reviewer)
    client = client_for(reviewer)
    response = client.post("/accounts/second-factor/recovery-codes/new/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    tokens = set(StaticDevice.objects.get(user=reviewer).token_set.values_list("token", flat=True))
    assert tokens == set(new)


def test_administrator_resets_a_users_second_factor_and_it_is_audited(
    client_for, administrator, staff
):
    device = totp_device(staff)
    response = client_for(administrator).post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [staff.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    entry = LogEntry.objects.get_for_object(device).get(action=LogEntry.Action.DELETE)
    assert entry.actor == administrator


def test_nobody_else_may_reset_a_second_factor(staff, official):
    from django.core.exceptions import PermissionDenied

    from seoul_se.accounts import services

    totp_device(staff)
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(user=staff, actor=official)
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_demo_users_of_enforced_roles_have_the_published_secret(db):
    import io

    from seoul_se.accounts import demo
    from seoul_se.accounts.models import User

    demo.load(io.StringIO())
    official = User.objects.get(email="official@seoul-se.kr")
    device = TOTPDevice.objects.get(user=official)
    code = f"{TOTP(b'12345678901234567890').token():06d}"
    assert device.verify_token(code)
    assert not TOTPDevice.objects.filter(user__email="member@seoul-se.kr").exists()
