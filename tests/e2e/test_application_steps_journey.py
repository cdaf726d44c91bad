"""The member's application in steps, in Chromium: text typed in a step survives closing the
tab (autosave, also on pagehide through sendBeacon), the check step lists what is missing, and a
보완요청 answered with a file reaches staff. ``SCREENSHOTS=1`` also writes
docs/screens/application-{steps,check}-{1366,390}.png."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from programs import services
from programs.models import Application
from tests.e2e.conftest import login_in_browser
from tests.factories import TEST_PASSWORD, EnterpriseFactory, MembershipFactory
from tests.programs.conftest import pdf
from tests.programs.factories import CallFactory, RuleFactory

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


@pytest.fixture
def open_call(db):
    call = CallFactory(title="혁신형 단계별 신청 공모", required_documents="사업계획서")
    RuleFactory(program=call.program)
    return call


@pytest.fixture
def applicant(db):
    firm = EnterpriseFactory(name="단계사회적기업")
    return MembershipFactory(enterprise=firm, user__role="enterprise_member").user


def _new_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def _no_syllable_wrapping(page):
    """Korean labels stay whole: the current step's name and the buttons are one line."""
    for locator in (page.locator(".step.active .step-tit"), page.locator(".step-actions button")):
        for item in locator.all():
            box = item.bounding_box()
            assert box is not None and box["height"] < 48, item.inner_text()


def test_text_typed_in_a_step_survives_closing_the_tab(browser, live_server, open_call, applicant):
    page = _new_page(browser, live_server)
    login_in_browser(page, applicant, TEST_PASSWORD)
    page.goto(f"/programs/calls/{open_call.pk}/")
    page.get_by_role("link", name="신청서 작성").click()
    assert page.get_by_test_id("step-indicator").get_by_text("기본 정보").is_visible()
    page.get_by_label("사업명").fill("어르신 돌봄 혁신")
    page.get_by_label("신청 금액(원)").fill("80000000")
    page.get_by_label("사업기간(개월)").fill("12")
    page.get_by_role("button", name="다음").click()
    page.wait_for_url("**/steps/plan/")

    # typing stops: saved a few seconds later, and the status says when
    page.get_by_label("사업 개요").fill("홀몸 어르신 120명에게 주 3회 도시락과 안부 확인.")
    status = page.locator("[data-autosave-status]")
    status.get_by_text("자동 저장됨").wait_for()
    # more text, and the tab is closed at once: the pagehide beacon keeps it
    page.get_by_label("사업 개요").press_sequentially(" 지역 돌봄망 연계.")
    page.close(run_before_unload=True)
    page.context.close()

    application = Application.objects.get()
    again = _new_page(browser, live_server)
    login_in_browser(again, applicant, TEST_PASSWORD)
    again.goto("/programs/my/")
    again.get_by_role("link", name="어르신 돌봄 혁신").click()
    again.get_by_test_id("step-plan").click()
    assert again.get_by_label("사업 개요").input_value() == (
        "홀몸 어르신 120명에게 주 3회 도시락과 안부 확인. 지역 돌봄망 연계."
    )
    application.refresh_from_db()
    assert application.summary.endswith("지역 돌봄망 연계.")

    # the check step names the missing document and links to the step that fixes it
    again.get_by_test_id("step-check").click()
    missing = again.get_by_test_id("missing-items")
    assert "사업계획서" in missing.inner_text()
    if os.environ.get("SCREENSHOTS") == "1":
        SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        again.set_viewport_size({"width": width, "height": 900})
        again.goto(f"/programs/applications/{application.pk}/steps/basic/")
        _no_syllable_wrapping(again)
        if os.environ.get("SCREENSHOTS") == "1":
            again.screenshot(path=str(SCREENS / f"application-steps-{width}.png"), full_page=True)
        again.goto(f"/programs/applications/{application.pk}/steps/check/")
        _no_syllable_wrapping(again)
        if os.environ.get("SCREENSHOTS") == "1":
            again.screenshot(path=str(SCREENS / f"application-check-{width}.png"), full_page=True)
    again.set_viewport_size({"width": 1366, "height": 900})
    missing.get_by_role("link").first.click()
    again.wait_for_url("**/steps/attachments/")
    again.get_by_label("사업계획서 파일").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    again.get_by_role("button", name="첨부", exact=True).click()
    assert "서류를 첨부했습니다" in again.get_by_role("status").inner_text()
    again.get_by_test_id("step-check").click()
    assert again.get_by_test_id("ready").is_visible()
    again.get_by_test_id("submit").click()
    again.get_by_test_id("confirm-modal").get_by_role("button", name="제출").click()
    assert again.get_by_test_id("receipt-number").inner_text() == "2020-혁신-0001"
    again.context.close()


def test_supplement_answered_with_a_file_reaches_staff(
    page, login, open_call, applicant, make_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    staff = make_user("centre_staff")
    draft = services.create_application(
        open_call,
        applicant.memberships.get().enterprise,
        actor=applicant,
        title="돌봄 혁신",
        requested_amount=80_000_000,
        duration_months=12,
    )
    services.add_attachment(draft, pdf(), "사업계획서", actor=applicant)
    submitted = services.submit_application(draft.pk, actor=applicant)
    services.request_supplement(
        submitted,
        "법인 통장 사본을 내 주십시오.",
        timezone.now() + dt.timedelta(days=2),
        actor=staff,
    )

    login(applicant)
    page.goto("/programs/my/")
    assert "보완요청 답변 필요" in page.get_by_role("main").inner_text()
    page.goto(f"/programs/applications/{draft.pk}/")
    page.get_by_label("보완 내용").fill("통장 사본을 첨부합니다.")
    page.get_by_label("보완 서류").set_input_files(
        files=[{"name": "통장사본.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="보완 제출").click()
    assert "보완 내용을 제출했습니다" in page.get_by_role("status").inner_text()

    page.context.clear_cookies()
    login(staff)
    page.goto(f"/programs/applications/{draft.pk}/")
    link = page.get_by_test_id("supplement-files").get_by_role("link", name="통장사본.pdf")
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF
