"""The demo portal's screens for docs/screens/ (issue #13); ``SCREENSHOTS=1`` writes the files.

On the demo data of ``make run`` (the member records four payments on 트리플래닛's agreement, three
of them split below the quotation limit, so the real worker raises a flag): each role's home,
the integrity flags (list and one flag), the open-data page and the agreement's spending
section, full page at 1366 and 390 px. Every run (CI too) opens them all at both widths: each
must answer 200 and no page may be wider than the window.

    SCREENSHOTS=1 DATABASE_URL=… pytest tests/e2e/test_screens.py
"""

import datetime as dt
import os

import pytest

from tests.conftest import wait_for
from tests.e2e.conftest import login_in_browser
from tests.e2e.crawling import OVERFLOW
from tests.e2e.test_crawl import DESKTOP, PHONE, ROLES, SCREENS

pytestmark = pytest.mark.e2e
WRITE = os.environ.get("SCREENSHOTS") == "1"
# The homes of home-member and home-official come from tests/e2e/test_shell.py.
HOMES = (
    "centre_staff",
    "reviewer",
    "auditor",
    "intermediary_staff",
    "administrator",
    "district_centre",
)
# (payee, day, amount, evidence): the last three, to one printer within 30 days and each below
# 20,000,000 won, add up to 23,500,000 won without a declared reason: the split-payment rule.
PAYMENTS = (
    ("오피스디포 마포점", dt.date(2020, 5, 20), 1_200_000, "tax_invoice"),
    ("한빛인쇄", dt.date(2020, 6, 3), 9_500_000, "card"),
    ("한빛인쇄", dt.date(2020, 6, 17), 9_800_000, "card"),
    ("한빛인쇄", dt.date(2020, 6, 29), 4_200_000, "card"),
)


def spending_with_a_flag():
    """The member's payments through the service; the worker's check flags the split."""
    from integrity.models import Flag, Rule
    from programs import services
    from programs.models import Agreement
    from seoul_se.accounts.models import User

    member = User.objects.get(email=ROLES["enterprise_member"])
    agreement = Agreement.objects.get(application__enterprise__name="트리플래닛")
    for n, (payee, day, amount, kind) in enumerate(PAYMENTS, start=1):
        services.record_grant_expenditure(
            agreement,
            actor=member,
            spent_on=day,
            payee=payee,
            amount=amount,
            evidence_kind=kind,
            approval_number=f"{day:%Y%m%d}{n:08d}",
        )
    flag = wait_for(lambda: Flag.objects.filter(rule=Rule.SPLIT_PAYMENTS).first())
    return agreement, flag


class Shooter:
    def __init__(self, browser, origin: str) -> None:
        self.browser, self.origin = browser, origin
        self.problems: list[str] = []

    def page(self, email: str | None):
        """A new browser page, logged in as the demo user ``email`` (anonymous if None)."""
        from seoul_se.accounts.models import User
        from seoul_se.core.demo import DEMO_PASSWORD

        context = self.browser.new_context(
            base_url=self.origin, locale="ko-KR", timezone_id="Asia/Seoul"
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        if email:
            login_in_browser(page, User.objects.get(email=email), DEMO_PASSWORD)
        return page

    def shoot(self, page, path: str, name: str) -> None:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            response = page.goto(path)
            if response is None or response.status != 200:
                self.problems.append(f"{path}: HTTP {response and response.status}")
            if (excess := page.evaluate(OVERFLOW)) > 1:
                self.problems.append(f"{path}: {excess}px wider than {size['width']}px")
            if WRITE:
                page.screenshot(path=str(SCREENS / f"{name}-{size['width']}.png"), full_page=True)


def test_screens(browser, live_server, demo_data, celery_worker):
    if WRITE:
        SCREENS.mkdir(parents=True, exist_ok=True)
    agreement, flag = spending_with_a_flag()
    shooter = Shooter(browser, live_server.url)
    for role in HOMES:
        page = shooter.page(ROLES[role])
        shooter.shoot(page, "/", f"home-{role}")
        if role == "centre_staff":
            shooter.shoot(page, "/integrity/", "integrity-list")
            shooter.shoot(page, f"/integrity/{flag.pk}/", "integrity-flag")
        page.context.close()
    page = shooter.page(ROLES["enterprise_member"])
    shooter.shoot(page, f"/programs/agreements/{agreement.pk}/", "agreement-spending")
    page.context.close()
    page = shooter.page(None)
    # Opens on the demo's latest year with agreements or loans (the current year has none yet).
    shooter.shoot(page, "/open-data/", "open-data")
    page.context.close()
    assert not shooter.problems, "\n".join(shooter.problems)
