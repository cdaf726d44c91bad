"""Second factor in Chromium: set-up at the first login, then the code at every login."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import login_in_browser, set_up_second_factor
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e


def test_official_sets_up_the_authenticator_then_needs_a_code(page, official):
    page.goto("/accounts/login/?next=/audit/")
    page.get_by_label("이메일").fill(official.email)
    page.get_by_label("비밀번호").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    # no page before the second factor is set up
    assert "/accounts/second-factor/setup/" in page.url
    assert page.get_by_test_id("totp-qr").locator("svg").is_visible()
    codes = set_up_second_factor(page)
    assert len(codes) == 10
    assert page.url.endswith("/audit/")
    assert TOTPDevice.objects.get(user=official).confirmed

    with page.expect_navigation():
        page.get_by_role("button", name="로그아웃").click()
    page.goto("/accounts/login/")
    page.get_by_label("이메일").fill(official.email)
    page.get_by_label("비밀번호").fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    assert "/accounts/second-factor/" in page.url
    page.goto("/audit/")  # still refused: back to the code form
    assert "/accounts/second-factor/" in page.url
    page.get_by_label("인증 코드").fill(codes[0])  # a recovery code instead of the phone
    with page.expect_navigation():
        page.get_by_role("button", name="확인").click()
    assert page.url.endswith("/audit/")


def test_login_fixture_passes_the_code_form(page, staff):
    login_in_browser(page, staff, TEST_PASSWORD)
    assert page.get_by_test_id("home-title").inner_text() == "지원센터 직원 홈"
