"""Each role logs in through the real login form in Chromium and lands on its home page."""

import pytest

pytestmark = pytest.mark.e2e

ROLES = {
    "official": "서울시 공무원 홈",
    "centre_staff": "지원센터 직원 홈",
    "enterprise_member": "기업 담당자 홈",
    "reviewer": "심사위원 홈",
    "auditor": "감사인 홈",
    "administrator": "시스템 관리자 홈",
}


def test_each_role_lands_on_its_home(page, login, make_user):
    for role, title in ROLES.items():
        user = make_user(role)
        login(user)
        assert page.get_by_test_id("home-title").inner_text() == title
        page.get_by_role("button", name="로그아웃").click()
        page.wait_for_url("**/accounts/login/")


def test_wrong_password_shows_an_error(page, login, staff):
    login(staff, password="not-the-password")
    assert (
        page.get_by_role("alert").first.inner_text() == "이메일 또는 비밀번호가 올바르지 않습니다."
    )


def test_enterprise_member_gets_403_on_a_staff_page(page, login, member):
    login(member)
    response = page.goto("/audit/")
    assert response.status == 403
    assert "권한" in page.get_by_test_id("forbidden").inner_text()


def test_switching_to_english(page, login, official):
    login(official)
    with page.expect_navigation():
        page.get_by_label("언어").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").is_visible()
