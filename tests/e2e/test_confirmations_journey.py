"""An irreversible step asks first: staff reverse a posting after the modal (cancelling first
changes nothing), and the same step with JavaScript off through the confirmation page. Also
the loan page's screens (next instalment, payoff quote) and the modal's."""

import datetime as dt
from pathlib import Path

import pytest

from funds import services
from funds.models import LoanTransaction
from tests.e2e.conftest import login_in_browser
from tests.factories import TEST_PASSWORD
from tests.funds.factories import make_loan

pytestmark = pytest.mark.e2e
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
MESSAGE = "이 거래를 취소하면 취소 거래가 원장에 추가되고 이후 거래가 다시 배분됩니다."


@pytest.fixture
def repayment(staff):
    loan = make_loan(staff, amount=12_000_000, rate="0.02", term=12)
    first = loan.instalments.get(number=1)
    return services.post_transaction(
        loan, actor=staff, kind="repayment", value_date=first.due_date, amount=first.total
    )


def reversed_(txn) -> bool:
    return LoanTransaction.objects.filter(reversal_of=txn).exists()


def test_reverse_after_the_modal(page, login, staff, repayment):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(staff)
    page.goto(f"/funds/transactions/{repayment.pk}/")
    page.get_by_label("사유").fill("입금자 착오")
    step = page.get_by_role("button", name="거래 취소")

    step.click()
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible() and dialog.get_attribute("aria-modal") == "true"
    assert MESSAGE in dialog.inner_text()
    ok = dialog.locator("[data-confirm-ok]")
    cancel = dialog.get_by_role("button", name="취소", exact=True)
    assert ok.inner_text() == "거래 취소"
    assert ok.evaluate("el => el === document.activeElement")
    page.keyboard.press("Tab")  # focus stays inside: confirm → cancel → confirm
    assert cancel.evaluate("el => el === document.activeElement")
    page.keyboard.press("Tab")
    assert ok.evaluate("el => el === document.activeElement")
    page.keyboard.press("Shift+Tab")
    assert cancel.evaluate("el => el === document.activeElement")
    page.screenshot(path=str(SCREENS / "confirm-modal-1366.png"))

    page.keyboard.press("Escape")  # Esc cancels; focus returns to the step's button
    assert not dialog.is_visible()
    assert step.evaluate("el => el === document.activeElement")
    step.click()
    cancel.click()  # so does 취소
    assert not dialog.is_visible() and page.url.endswith(f"/funds/transactions/{repayment.pk}/")
    assert not reversed_(repayment)

    step.click()
    with page.expect_navigation():
        ok.click()
    assert "거래를 취소했습니다" in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("reversal-state").inner_text() == "취소됨"
    assert LoanTransaction.objects.get(reversal_of=repayment).reason == "입금자 착오"


def test_reverse_without_javascript(browser, live_server, staff, repayment):
    context = browser.new_context(
        base_url=live_server.url, locale="ko-KR", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = login_in_browser(context.new_page(), staff, TEST_PASSWORD)
    page.goto(f"/funds/transactions/{repayment.pk}/")
    page.get_by_label("사유").fill("중복 입력")

    with page.expect_navigation():
        page.get_by_role("button", name="거래 취소").click()
    assert page.url.endswith("/confirm")
    assert MESSAGE in page.get_by_test_id("confirm-message").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("confirm-cancel").click()  # 취소: back, nothing changed
    assert page.url.endswith(f"/funds/transactions/{repayment.pk}/")
    assert not reversed_(repayment)

    page.get_by_label("사유").fill("중복 입력")
    with page.expect_navigation():
        page.get_by_role("button", name="거래 취소").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-submit").click()
    assert "거래를 취소했습니다" in page.get_by_role("status").inner_text()
    assert LoanTransaction.objects.get(reversal_of=repayment).reason == "중복 입력"
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_loan_page_screens(page, login, staff, repayment, width):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    login(staff)
    loan = repayment.loan
    day = loan.instalments.get(number=3).due_date - dt.timedelta(days=10)
    page.goto(f"/funds/loans/{loan.pk}/?payoff-on={day:%Y-%m-%d}")
    assert page.get_by_test_id("next-instalment").is_visible()
    quote = services.payoff_quote(loan, day)
    assert f"{quote:,}원" in page.get_by_test_id("payoff-quote").inner_text()
    page.screenshot(path=str(SCREENS / f"loan-{width}.png"), full_page=True)
