"""Finding 13: sign-up never tells whether an address is registered."""

import re

from seoul_se.accounts.models import User
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "Social-econ-77!"


def _sign_up(client, email):
    return client.post(
        "/accounts/signup/",
        {"email": email, "name": "새사람", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_signup_answers_the_same_for_new_and_existing_addresses(client, member, mailoutbox):
    existing = _sign_up(client, member.email.upper())
    new = _sign_up(client, "fresh@example.kr")
    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"]
    page = client.get(existing["Location"]).content.decode()
    assert "메일함을 확인" in page
    assert "이미 가입된" not in page
    # the owner is told by e-mail instead; their account is untouched
    assert [m.to for m in mailoutbox] == [[member.email], ["fresh@example.kr"]]
    assert "이미 가입되어 있습니다" in mailoutbox[0].body
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD) and member.name != "새사람"


def test_new_account_is_active_only_after_the_emailed_link(client, db, mailoutbox):
    _sign_up(client, "fresh@example.kr")
    user = User.objects.get(email="fresh@example.kr")
    assert not user.is_active
    login = client.post(
        "/accounts/login/", {"username": "fresh@example.kr", "password": NEW_PASSWORD}
    )
    assert login.status_code == 200  # the same "wrong e-mail or password" as anyone
    link = re.search(r"https?://\S+(/accounts/activate/\S+)", mailoutbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/enterprises/start/"
    user.refresh_from_db()
    assert user.is_active and client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.get(link).status_code == 400  # used once


def test_someone_else_cannot_take_over_an_unconfirmed_address(client, db, mailoutbox):
    _sign_up(client, "fresh@example.kr")
    client.post(
        "/accounts/signup/",
        {
            "email": "fresh@example.kr",
            "name": "진짜주인",
            "password1": "Owner-pass-2026!",
            "password2": "Owner-pass-2026!",
        },
    )
    first_link = re.search(r"(/accounts/activate/\S+)", mailoutbox[0].body).group(1)
    assert client.get(first_link).status_code == 400  # the earlier claim's link is dead
    user = User.objects.get(email="fresh@example.kr")
    assert user.name == "진짜주인" and user.check_password("Owner-pass-2026!")


def test_api_schema_and_docs_need_a_signed_in_user(client, member):
    for url in ["/api/schema/", "/api/schema/swagger/", "/api/schema/redoc/"]:
        assert client.get(url).status_code in (401, 403), url
    client.force_login(member)
    for url in ["/api/schema/", "/api/schema/swagger/", "/api/schema/redoc/"]:
        assert client.get(url).status_code == 200, url
