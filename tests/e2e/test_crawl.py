"""Every page each demo role reaches by links from its home, in Korean and in English: no error
status, no internal code, no Hangul on English pages; and, in Chromium at 390 px, no axe
(WCAG 2.1 A/AA) violation and no page wider than the phone. ``SCREENSHOTS=1`` also writes
docs/screens/home-<role>-{1366,390}.png."""

import os
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.e2e.conftest import login_in_browser
from tests.e2e.crawling import (
    OVERFLOW,
    PER_PATTERN,
    SKIP,
    DataText,
    Findings,
    PageText,
    axe_problems,
    internal_codes,
    language_problems,
    pattern,
)

pytestmark = pytest.mark.e2e
# While fixing pages: CRAWL_VERBOSE=1 prints each page as it is checked, CRAWL_ROLES=a,b crawls
# only those roles, CRAWL_BROWSER=0 skips Chromium (axe and width) for a quick text-only pass.
VERBOSE = os.environ.get("CRAWL_VERBOSE") == "1"
BROWSER = os.environ.get("CRAWL_BROWSER") != "0"

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Demo logins (seoul_se/accounts/demo.py, districts/demo.py), named as in the screenshots.
ROLES = {
    "official": "official@seoul-se.kr",
    "centre_staff": "staff@seoul-se.kr",
    "enterprise_member": "member@seoul-se.kr",
    "reviewer": "reviewer@seoul-se.kr",
    "auditor": "auditor@seoul-se.kr",
    "intermediary_staff": "intermediary@seoul-se.kr",
    "administrator": "admin@seoul-se.kr",
    "district_centre": "district@seoul-se.kr",
}


class Crawl:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.codes = internal_codes()
        self.data = DataText.from_database()
        self.findings = Findings(verbose=VERBOSE)
        self.opened: set[tuple[str, str]] = set()  # (language, pattern) checked in Chromium
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def fetch(self, client, path: str, language: str) -> tuple[bool, list[str]]:
        """GET in-process with the role's session: is it an HTML page, and its links (or
        redirect)."""
        response = client.get(path)
        if response.status_code >= 400:
            self.findings.add(f"HTTP {response.status_code}", path)
            return False, []
        if 300 <= response.status_code < 400:
            return False, [response.headers["Location"]]
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            return False, []  # a download
        parsed = PageText()
        parsed.feed(response.content.decode())
        for problem in language_problems(parsed.texts, language, self.codes, self.data):
            self.findings.add(f"[{language}] {problem}", path)
        return True, parsed.links

    def open(self, page, path: str, language: str) -> None:
        """A page in Chromium at 390 px: no axe violation, not wider than the phone."""
        page.goto(path)
        if (excess := page.evaluate(OVERFLOW)) > 1:
            self.findings.add(f"[{language}] page {excess}px wider than 390px", path)
        for problem in axe_problems(page):
            self.findings.add(f"[{language}] {problem}", path)

    def pages(self, client, language: str):
        """Breadth-first over same-origin GET links from the home page, PER_PATTERN a pattern."""
        queue, seen, per_pattern = deque(["/"]), {"/"}, {}
        while queue:
            path = queue.popleft()
            is_page, links = self.fetch(client, path, language)
            if is_page:
                yield path
            for link in links:
                parts = urlsplit(urljoin(self.origin + path, link))
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if parts.scheme not in ("http", "https") or (
                    parts.netloc and f"{parts.scheme}://{parts.netloc}" != self.origin
                ):
                    continue  # javascript:, mailto:, another site
                if target in seen:
                    continue
                key = pattern(target)
                if SKIP.search(target) or per_pattern.get(key, 0) >= PER_PATTERN:
                    continue
                per_pattern[key] = per_pattern.get(key, 0) + 1
                seen.add(target)
                queue.append(target)

    def role(self, page, client, role: str) -> None:
        """Every page through the test client; the patterns no earlier role opened, in Chromium."""
        for language in ("ko", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            page.context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.origin}]
            )
            count = 0
            for path in self.pages(client, language):
                count += 1
                # One page per path pattern: ?page=2 or ?sort=name render the same template.
                key = (language, pattern(path).split("?")[0])
                if BROWSER and key not in self.opened:
                    self.opened.add(key)
                    self.open(page, path, language)
                if VERBOSE:
                    print(f"{time.monotonic() - self.started:6.1f}s {role}/{language} {path}")
            self.counts[f"{role}/{language}"] = count


def screenshots(page, role: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto("/")
        page.screenshot(path=str(SCREENS / f"home-{role}-{size['width']}.png"), full_page=True)


def test_every_linked_page_in_both_languages(browser, live_server, demo_data):
    from seoul_se.accounts.models import User
    from seoul_se.core.demo import DEMO_PASSWORD

    crawl = Crawl(live_server.url)
    only = set(filter(None, os.environ.get("CRAWL_ROLES", "").split(",")))
    for role, email in ROLES.items():
        if only and role not in only:
            continue
        context = browser.new_context(
            base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul", bypass_csp=True
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        login_in_browser(page, User.objects.get(email=email), DEMO_PASSWORD)
        if os.environ.get("SCREENSHOTS") == "1":
            screenshots(page, role)
        page.set_viewport_size(PHONE)
        client = Client(raise_request_exception=False)
        for cookie in context.cookies():
            client.cookies[cookie["name"]] = cookie["value"]
        crawl.role(page, client, role)
        context.close()
    print(
        f"\ncrawl: pages per role/language {crawl.counts}, {len(crawl.opened)} patterns opened in"
        f" Chromium with axe, {crawl.data.count} stored values exempt,"
        f" {time.monotonic() - crawl.started:.0f}s"
    )
    assert not crawl.findings.problems, (
        f"{len(crawl.findings.problems)} problems:\n{crawl.findings.report()}"
    )
