"""The Content-Security-Policy in Chromium: pages work and report no violation; the language
switch moves with arrow keys without leaving the page and switches on Enter."""

import pytest

pytestmark = pytest.mark.e2e

WATCH_VIOLATIONS = """() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
}"""


def violations(page):
    return page.evaluate("window.__cspViolations")


def test_language_switch_waits_for_enter_when_using_the_keyboard(page, login, member):
    page.add_init_script(f"({WATCH_VIOLATIONS})()")
    login(member)
    url = page.url
    select = page.get_by_label("언어")
    select.focus()
    select.press("ArrowDown")
    page.wait_for_timeout(500)  # a submit would have started navigating by now
    assert page.url == url
    assert select.input_value() == "en"
    assert page.locator("html").get_attribute("lang") == "ko"
    with page.expect_navigation():
        select.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_label("Language").select_option("ko")  # picked with the mouse: at once
    assert page.locator("html").get_attribute("lang") == "ko"
    assert violations(page) == []


def test_api_docs_render_under_their_policy(page, login, member):
    page.add_init_script(f"({WATCH_VIOLATIONS})()")
    login(member)
    page.goto("/api/schema/swagger/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 10
    assert violations(page) == []
    page.goto("/api/schema/redoc/")
    page.locator("#redoc-container, redoc").first.locator("h1").first.wait_for()
    # Redoc's bundle asks for its "powered by" logo on its CDN: refused, as intended (no CDN).
    assert all(v.startswith("img-src https://cdn.redoc.ly/") for v in violations(page))
