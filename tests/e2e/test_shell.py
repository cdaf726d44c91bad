"""Each role logs in through the real login form in Chromium and lands on its home page."""

from pathlib import Path

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


SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def test_main_menu_opens_by_keyboard_and_marks_the_current_page(page, login, official):
    login(official)
    page.goto("/funds/loans/")
    group = page.locator('.gnb-group[data-group="funds"]')
    assert "is-current" in group.get_attribute("class")
    summary = page.locator('.gnb-group[data-group="programs"] summary')
    summary.focus()
    page.keyboard.press("Enter")
    first = page.locator('.gnb-group[data-group="programs"] .gnb-sub a').first
    assert first.is_visible()
    page.keyboard.press("Escape")
    assert not first.is_visible()
    assert page.locator('.gnb-sub a[aria-current="page"]').text_content() == "융자"


def test_main_menu_works_without_javascript(browser, live_server, official, client_for):
    session = client_for(official).cookies["sessionid"].value
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto("/")
    page.locator('.gnb-group[data-group="funds"] summary').click()
    with page.expect_navigation():
        page.get_by_test_id("main-menu").get_by_role("link", name="사회투자기금 현황").click()
    assert (
        page.locator('.gnb-group[data-group="funds"]').get_attribute("class").endswith("is-current")
    )
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_home_screens_have_one_line_menu_items(page, login, official, member, width):
    """Screenshots for docs/ui.md; menu labels never wrap (KRDS keeps Korean words whole)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for role, user in (("official", official), ("member", member)):
        login(user)
        for summary in page.locator(".gnb-group summary").all():
            box = summary.bounding_box()
            assert box is not None and box["height"] < 60, summary.inner_text()
        # The work queue ("할 일") leads the home page, above the task cards.
        queue = page.get_by_test_id("work-queue")
        assert queue.is_visible()
        assert queue.bounding_box()["y"] < page.locator("#tasks-heading").bounding_box()["y"]
        page.screenshot(path=str(SCREENS / f"home-{role}-{width}.png"), full_page=True)
        page.get_by_role("button", name="로그아웃").click()
        page.wait_for_url("**/accounts/login/")


def test_unknown_page_shows_the_portal_404(page, login, member):
    login(member)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "요청한 화면을 찾을 수 없습니다"
    with page.expect_navigation():
        page.get_by_test_id("error-home").click()
    assert page.get_by_test_id("home-title").inner_text() == "기업 담당자 홈"
