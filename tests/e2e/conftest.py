"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are
# ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
# The browser's own words (a date field's 연도. 월. 일., the file picker's 파일 선택) in Korean, as
# a Korean user's browser shows them: Chromium takes its UI language from LANGUAGE (headless
# ignores --lang) and needs Debian's chromium-l10n for it; without that package, English.
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "ko"}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=CHROMIUM_ENV
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    """The demo data of ``make run`` (every app's demo loader), for the crawl and the screens."""
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


@pytest.fixture
def login(page):
    """``login(user)`` fills the real login form; users made by factories use TEST_PASSWORD.
    Roles that need a second factor get an authenticator and pass the real code form."""
    from tests.factories import TEST_PASSWORD

    def do_login(user, password: str | None = None, on=None):
        return login_in_browser(on or page, user, password or TEST_PASSWORD)

    return do_login


def login_in_browser(page, user, password: str):
    """Password form, then (for second-factor users) the code from django-otp's own TOTP."""
    from seoul_se.accounts.selectors import second_factor_required
    from tests.accounts.factories import totp_code, totp_device

    device = totp_device(user) if second_factor_required(user) else None
    page.goto("/accounts/login/")
    page.get_by_label("이메일").fill(user.email)
    page.get_by_label("비밀번호").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    if device is not None and "/accounts/second-factor/" in page.url:
        page.get_by_label("인증 코드").fill(totp_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="확인").click()
    return page


def set_up_second_factor(page):
    """On the set-up page: read the secret as a person would type it into an authenticator app,
    confirm with the app's code, and go on past the recovery codes. Returns the codes."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    code = TOTP(b32decode(secret)).token()
    page.get_by_label("인증 코드").fill(f"{code:06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="등록").click()
    codes = page.get_by_test_id("recovery-codes").inner_text().split()
    with page.expect_navigation():
        page.get_by_role("link", name="계속").click()
    return codes


def confirm_step(page, button):
    """An irreversible step (docs/ui.md, "Confirmations"): its button opens the confirmation
    modal; confirm there and wait for the page the step leads to."""
    button.click()
    with page.expect_navigation():
        page.get_by_role("dialog").locator("[data-confirm-ok]").click()
