"""A district's application in Chromium: a district centre's user applies to the 통합지원사업
call and submits, staff screen and send to review, a reviewer scores, an official confirms the
selection, staff sign the agreement and record the first payment (with its 구비 share); another
district's user cannot open it."""

import datetime as dt

import pytest
from django.utils import timezone

from programs.models import Application, Call
from tests.districts.factories import centre_user, district_call
from tests.e2e.conftest import confirm_step
from tests.programs.factories import CriterionFactory

pytestmark = pytest.mark.e2e


def switch(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_district_applies_is_selected_and_paid(page, login, make_user):
    call = district_call()
    CriterionFactory(call=call, name="생태계 조성 계획", max_score=100)
    applicant = centre_user("성북구")
    other = centre_user("마포구")
    staff, official, reviewer = (
        make_user("centre_staff"),
        make_user("official"),
        make_user("reviewer"),
    )

    # 1. the 성북구 centre applies for the 생태계사업단 stage and submits
    login(applicant)
    page.goto(f"/programs/calls/{call.pk}/")
    page.get_by_role("link", name="신청서 작성").click()
    assert page.get_by_label("신청 자치구").input_value()  # 성북구, the only choice
    page.get_by_label("지원 단계").select_option(label="통합지원사업 · 생태계사업단")
    page.get_by_label("사업명").fill("성북 사회적경제 생태계 조성")
    page.get_by_label("신청 금액(원)").fill("250000000")
    page.get_by_label("사업기간(개월)").fill("12")
    page.get_by_role("button", name="임시 저장").click()
    assert "지원 한도 200,000,000원을 초과" in page.locator("main").inner_text()  # the year cap
    page.get_by_label("신청 금액(원)").fill("180000000")
    page.get_by_role("button", name="임시 저장").click()
    # the application is written in steps: the submission is on 확인·제출, after a confirmation
    page.goto(f"/programs/applications/{Application.objects.get().pk}/steps/check/")
    page.get_by_test_id("submit").click()
    page.get_by_test_id("confirm-modal").get_by_role("button", name="제출").click()
    assert page.get_by_test_id("receipt-number").inner_text() == "2020-통합지원-0001"
    application = Application.objects.get()
    assert application.district.name == "성북구"

    # another district's staff cannot open it
    switch(page, login, other)
    response = page.goto(f"/programs/applications/{application.pk}/")
    assert response.status == 404

    # 2. staff screen and send to review, assign a reviewer; the call closes
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

    # 3. the reviewer scores
    switch(page, login, reviewer)
    page.goto("/programs/reviews/")
    page.get_by_role("link", name="성북 사회적경제 생태계 조성").click()
    page.get_by_label("이해충돌 없음").check()
    page.get_by_role("button", name="신고").click()
    page.get_by_label("생태계 조성 계획").fill("90")
    page.get_by_test_id("submit-scores").click()
    with page.expect_navigation():
        page.get_by_role("dialog").get_by_role("button", name="점수 제출").click()

    # 4. staff propose, the official confirms
    switch(page, login, staff)
    page.goto(f"/programs/calls/{call.pk}/ranking/")
    page.locator(f"#status_{application.pk}").select_option("selected")
    page.locator(f"#amount_{application.pk}").fill("150000000")
    with page.expect_navigation():
        page.get_by_role("button", name="선정안 저장").click()
    switch(page, login, official)
    page.goto(f"/programs/calls/{call.pk}/ranking/")
    confirm_step(page, page.get_by_role("button", name="선정 확정"))
    assert "선정 결과를 확정" in page.get_by_role("status").inner_text()

    # 5. staff sign the agreement and record the first payment (30% 구비)
    switch(page, login, staff)
    page.goto(f"/programs/applications/{application.pk}/")
    page.get_by_role("link", name="협약 체결").click()
    confirm_step(page, page.get_by_role("button", name="협약 체결"))
    assert page.get_by_test_id("district-amount").inner_text() == "45,000,000원"
    page.get_by_label("교부액(원)").fill("50000000")
    confirm_step(page, page.get_by_role("button", name="교부 기록"))
    assert page.get_by_test_id("remaining").inner_text() == "100,000,000원"
    assert "15,000,000" in page.get_by_test_id("disbursements").inner_text()  # its 구비

    # 6. the district sees its project running
    switch(page, login, applicant)
    page.goto(f"/programs/applications/{application.pk}/")
    assert page.get_by_test_id("status").inner_text() == "사업 수행"
