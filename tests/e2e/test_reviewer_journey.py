"""The reviewer's journey in Chromium: staff assign a reviewer, the reviewer finds the notice in
the inbox, reads the application beside the score sheet, downloads its attachment and scores
(the score submission asks for confirmation first). Screens of the reviewer page at 1366 and
390 px for docs/programs.md."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs import services
from programs.models import Call, Review
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.factories import CallFactory, CriterionFactory, RuleFactory

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def switch(page, login, user):
    page.context.clear_cookies()
    login(user)


def application_in_review(staff):
    """A closed call with two criteria and one application in review with its business plan."""
    call = CallFactory(title="2026 혁신형 사회문제 해결 공모")
    RuleFactory(program=call.program)
    CriterionFactory(call=call, name="사회문제 해결 가능성", weight="0.6", max_score=100)
    CriterionFactory(call=call, name="사업 수행 역량", weight="0.4", max_score=100)
    firm = EnterpriseFactory(name="함께돌봄사회적협동조합")
    member = MembershipFactory(enterprise=firm, user__role="enterprise_member").user
    application = services.create_application(
        call,
        firm,
        actor=member,
        title="어르신 돌봄 로봇 공유 사업",
        summary="독거 어르신 120가구에 돌봄 로봇을 공유하고 주 2회 방문 상담을 합니다.",
        requested_amount=80_000_000,
        duration_months=12,
        persons=3,
    )
    services.add_attachment(
        application,
        SimpleUploadedFile("사업계획서.pdf", PDF, content_type="application/pdf"),
        "사업계획서",
        actor=member,
    )
    services.submit_application(application.pk, actor=member)
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1),
        review_deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    services.act_on_application(application, "screen", actor=staff)
    services.act_on_application(application, "review", actor=staff)
    return call, application


def test_assign_notice_read_download_and_score(page, login, make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    staff, reviewer = make_user("centre_staff"), make_user("reviewer", name="김심사")
    call, application = application_in_review(staff)

    # 1. staff assign the reviewer on the call page
    login(staff)
    page.goto(f"/programs/calls/{call.pk}/")
    page.get_by_label("심사위원").select_option(value=str(reviewer.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="배정").click()
    assert "심사위원을 배정했습니다" in page.get_by_role("status").inner_text()

    # 2. the reviewer finds the notice in the inbox and follows it to the review list
    switch(page, login, reviewer)
    assert page.get_by_test_id("unread-badge").inner_text().startswith("1")
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_role("button", name=f"● 심사 배정: {call.title}")
    with page.expect_navigation():
        notice.click()
    assert page.url.endswith("/programs/reviews/")
    assert "D-5" in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="어르신 돌봄 로봇 공유 사업").click()

    # 3. the application beside the score sheet; the attachment downloads with its content
    body = page.get_by_test_id("review-application").inner_text()
    assert "독거 어르신 120가구" in body and "80,000,000원" in body
    with page.expect_download() as download:
        page.get_by_test_id("review-attachments").get_by_role("link", name="사업계획서").click()
    assert download.value.suggested_filename == "사업계획서.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    # 4. conflict declaration, then scores (confirmed in the modal)
    page.get_by_label("이해충돌 없음").check()
    with page.expect_navigation():
        page.get_by_role("button", name="신고").click()
    page.get_by_label("사회문제 해결 가능성").fill("90")
    page.get_by_label("사업 수행 역량").fill("80")
    screens(page)
    page.get_by_test_id("submit-scores").click()
    dialog = page.get_by_role("dialog")
    assert "순위 계산에 반영" in dialog.inner_text()
    with page.expect_navigation():
        dialog.get_by_role("button", name="점수 제출").click()
    assert "심사 점수를 제출했습니다" in page.get_by_role("status").inner_text()
    assert "86.00" in page.locator("table").inner_text()
    assert Review.objects.get(application=application, reviewer=reviewer).total == 86


def screens(page):
    """The reviewer page with the score sheet filled in: two columns at 1366 px, stacked at 390."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        sheet = page.locator(".score-sheet").bounding_box()
        application = page.get_by_test_id("review-application").bounding_box()
        if width == 1366:
            assert sheet["x"] > application["x"] + application["width"]
        else:
            assert sheet["y"] >= application["y"] + application["height"]
            assert sheet["x"] + sheet["width"] <= width
        page.screenshot(path=str(SCREENS / f"reviewer-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
