"""The whole support-program journey in Chromium: apply with an attachment and submit, review,
confirm the selection, sign and disburse, and the applicant sees the timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from programs.models import Application, Call
from tests.e2e.conftest import confirm_step
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.programs.factories import CallFactory, CriterionFactory, RuleFactory

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def switch(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_apply_review_select_disburse_timeline(page, login, make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call = CallFactory(title="혁신형 브라우저 공모", required_documents="사업계획서")
    RuleFactory(program=call.program)
    CriterionFactory(call=call, name="사회문제 해결 가능성", max_score=100)
    firm = EnterpriseFactory(name="브라우저사회적기업")
    applicant = MembershipFactory(enterprise=firm, user__role="enterprise_member").user
    staff, official, reviewer = (
        make_user("centre_staff"),
        make_user("official"),
        make_user("reviewer"),
    )
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)

    # 1. the enterprise applies with an attachment and submits
    login(applicant)
    page.goto(f"/programs/calls/{call.pk}/")
    page.get_by_role("link", name="신청서 작성").click()
    page.get_by_label("사업명").fill("어르신 돌봄 혁신")
    page.get_by_label("신청 금액(원)").fill("80000000")
    page.get_by_label("사업기간(개월)").fill("12")
    page.get_by_role("button", name="임시 저장").click()
    # the application is written in steps: the documents on 첨부, the submission on 확인·제출
    page.get_by_test_id("step-attachments").click()
    page.get_by_label("사업계획서 파일").set_input_files(str(plan))
    page.get_by_role("button", name="첨부", exact=True).click()
    assert "서류를 첨부했습니다" in page.get_by_role("status").inner_text()
    page.get_by_test_id("step-check").click()
    page.get_by_test_id("submit").click()
    page.get_by_test_id("confirm-modal").get_by_role("button", name="제출").click()
    assert page.get_by_test_id("receipt-number").inner_text() == "2020-혁신-0001"
    application = Application.objects.get()

    # 2. staff screen and send to review; the call closes
    switch(page, login, staff)
    page.goto(f"/programs/applications/{application.pk}/")
    page.get_by_label("변경할 상태").select_option(label="적격 검토")
    confirm_step(page, page.get_by_role("button", name="상태 변경"))
    # The receipt is still open: the send-to-review page warns and asks a second confirmation.
    page.get_by_role("link", name="심사로 보내기").click()
    assert "아직 마감되지 않았습니다" in page.get_by_test_id("review-warnings").inner_text()
    page.get_by_label("그래도 심사로 보냅니다").check()
    with page.expect_navigation():
        page.get_by_role("button", name="심사로 보내기").click()
    page.goto(f"/programs/calls/{call.pk}/")
    page.get_by_label("심사위원").select_option(value=str(reviewer.pk))
    page.get_by_role("button", name="배정").click()
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    # 3. the reviewer declares no conflict and scores
    switch(page, login, reviewer)
    page.goto("/programs/reviews/")
    page.get_by_role("link", name="어르신 돌봄 혁신").click()
    page.get_by_label("이해충돌 없음").check()
    page.get_by_role("button", name="신고").click()
    page.get_by_label("사회문제 해결 가능성").fill("88")
    page.get_by_test_id("submit-scores").click()
    with page.expect_navigation():
        page.get_by_role("dialog").get_by_role("button", name="점수 제출").click()
    assert "88.00" in page.locator("table").inner_text()

    # 4. staff propose, the official confirms
    switch(page, login, staff)
    page.goto(f"/programs/calls/{call.pk}/ranking/")
    page.locator(f"#status_{application.pk}").select_option("selected")
    page.locator(f"#amount_{application.pk}").fill("70000000")
    with page.expect_navigation():
        page.get_by_role("button", name="선정안 저장").click()
    assert page.get_by_test_id("proposed-total").inner_text() == "70,000,000원"
    switch(page, login, official)
    page.goto(f"/programs/calls/{call.pk}/ranking/")
    confirm_step(page, page.get_by_role("button", name="선정 확정"))
    assert "선정 결과를 확정" in page.get_by_role("status").inner_text()

    # 5. staff sign the agreement and record a disbursement
    switch(page, login, staff)
    page.goto(f"/programs/applications/{application.pk}/")
    page.get_by_role("link", name="협약 체결").click()
    confirm_step(page, page.get_by_role("button", name="협약 체결"))
    page.get_by_label("교부액(원)").fill("30000000")
    confirm_step(page, page.get_by_role("button", name="교부 기록"))
    assert page.get_by_test_id("remaining").inner_text() == "40,000,000원"

    # 6. the enterprise sees the timeline
    switch(page, login, applicant)
    page.goto(f"/programs/applications/{application.pk}/")
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("접수", "적격 검토", "심사 중", "선정", "협약 체결", "사업 수행"):
        assert step in timeline
    assert page.get_by_test_id("status").inner_text() == "사업 수행"
