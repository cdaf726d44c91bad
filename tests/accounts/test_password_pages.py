from tests.factories import TEST_PASSWORD


def test_password_change_round_trip(client_for, staff):
    client = client_for(staff)
    page = client.get("/accounts/password/change/")
    assert "비밀번호 변경" in page.content.decode()
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Another-pass-2027!",
            "new_password2": "Another-pass-2027!",
        },
    )
    assert response.status_code == 302
    assert "비밀번호가 변경되었습니다." in client.get(response["Location"]).content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Another-pass-2027!")


def test_password_reset_pages_speak_korean(client, db):
    assert "비밀번호 재설정" in client.get("/accounts/password/reset/").content.decode()
    done = client.get("/accounts/password/reset/done/").content.decode()
    assert "메일함을 확인하세요" in done
    invalid = client.get("/accounts/reset/xx/bad-token/").content.decode()
    assert "링크가 만료되었거나 잘못되었습니다" in invalid
