import pytest
from django.conf import settings
from django.test import Client

from seoul_se.accounts.models import User
from tests.accounts.factories import totp_code, totp_device
from tests.factories import TEST_PASSWORD


@pytest.fixture
def user(make_user):
    return make_user("centre_staff", email="staff1@example.kr")


def _login(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_login_by_email_lands_on_home(client, user):
    device = totp_device(user)
    response = _login(client, "STAFF1@example.kr", TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    # centre staff pass the second factor before any page
    assert client.get("/")["Location"] == "/accounts/second-factor/?next=%2F"
    client.post("/accounts/second-factor/", {"code": totp_code(device)})
    home = client.get("/")
    assert "지원센터 직원 홈" in home.content.decode()


def test_wrong_password_shows_error_and_writes_nothing(client, user):
    before = User.objects.get(pk=user.pk).last_login
    response = _login(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "이메일 또는 비밀번호가 올바르지 않습니다." in response.content.decode()
    assert User.objects.get(pk=user.pk).last_login == before


def test_repeated_failures_lock_the_account(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.email, "wrong-password")
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "로그인이 일시적으로 제한되었습니다" in response.content.decode()


def test_forged_csrf_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "보안 토큰" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_expiry_is_configured():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_expired_session_sends_user_back_to_login(client, user):
    client.force_login(user)
    client.session.flush()
    client.cookies["sessionid"] = "expired-or-unknown"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_signup_enforces_strong_passwords(client, db):
    weak = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.kr",
            "name": "새사람",
            "password1": "password",
            "password2": "password",
        },
    )
    assert weak.status_code == 200
    assert not User.objects.filter(email="new@example.kr").exists()
    strong = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.kr",
            "name": "새사람",
            "password1": "Social-econ-77!",
            "password2": "Social-econ-77!",
        },
    )
    assert strong.status_code == 302
    created = User.objects.get(email="new@example.kr")
    assert created.role == "enterprise_member" and not created.is_staff


def test_password_reset_sends_mail(client, user, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_unknown_language_code_is_a_clear_error(client, db):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert "지원하지 않는 언어" in response.content.decode()


def test_korean_is_the_default_whatever_the_browser_says(client, user):
    client.force_login(user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "로그아웃" in page.content.decode()


def test_english_can_be_selected(client, user):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(user)
    assert "Log out" in client.get("/").content.decode()
