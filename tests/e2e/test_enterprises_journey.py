"""An enterprise member signs up, registers an enterprise, staff verify it, the member edits it."""

import re

import pytest

from enterprises.models import ChangeRequest, Enterprise
from tests.e2e.conftest import confirm_step, login_in_browser
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

PASSWORD = "Seoul-journey-2026!"


def test_member_registers_staff_verify_member_edits(page, browser, live_server, staff, mailoutbox):
    # 1. sign up, confirm through the e-mailed link: lands on the onboarding page
    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("newmember@example.kr")
    page.locator("#id_name").fill("김새싹")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_url("**/accounts/signup/done/")
    assert "메일함을 확인" in page.content()
    page.goto(re.search(r"/accounts/activate/\S+", mailoutbox[-1].body).group(0))
    page.wait_for_url("**/enterprises/start/")

    # 2. register a new enterprise (a wrong check digit first: a clear error, nothing saved)
    page.locator("#id_new-name").fill("새싹돌봄 사회적협동조합")
    page.locator("#id_new-legal_type").select_option(label="사회적협동조합")
    page.locator("#id_new-business_number").fill("220-81-62518")
    page.locator("#id_new-representative").fill("김새싹")
    page.locator("#id_new-district").select_option(label="마포구")
    page.get_by_role("button", name="기업 등록 신청").click()
    assert "검증번호" in page.locator(".has-error").first.inner_text()
    assert not Enterprise.objects.exists()
    page.locator("#id_new-business_number").fill("220-81-62517")
    page.get_by_role("button", name="기업 등록 신청").click()
    page.wait_for_url("**/enterprises/start/")
    assert "등록을 신청했습니다" in page.get_by_role("status").first.inner_text()
    assert "승인 대기" in page.get_by_test_id("my-memberships").inner_text()

    # 3. staff verify it from the queue (their own browser session)
    staff_context = browser.new_context(base_url=live_server.url, locale="ko-KR")
    staff_page = staff_context.new_page()
    login_in_browser(staff_page, staff, TEST_PASSWORD)
    staff_page.goto("/enterprises/queue/")
    row = (
        staff_page.get_by_test_id("pending-enterprises")
        .get_by_role("row")
        .filter(has_text="새싹돌봄")
    )
    confirm_step(staff_page, row.get_by_role("button", name="승인"))
    staff_page.wait_for_url("**/enterprises/queue/")
    assert (
        "대기 중인 기업이 없습니다" in staff_page.get_by_test_id("pending-enterprises").inner_text()
    )
    staff_context.close()

    # 4. the member now opens and edits the profile; a name change waits for approval
    page.goto("/enterprises/start/")
    page.get_by_role("link", name="새싹돌봄 사회적협동조합").click()
    page.get_by_role("link", name="정보 수정").click()
    page.locator("#id_social_mission").fill("마포구 어르신 돌봄 공백 해소")
    page.locator("#id_name").fill("새싹돌봄 협동조합")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "마포구 어르신 돌봄 공백 해소" in page.get_by_test_id("social-mission").inner_text()
    assert "센터 승인 후 반영" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text().startswith("새싹돌봄 사회적협동조합")
    assert ChangeRequest.objects.get().new == "새싹돌봄 협동조합"


def test_member_cannot_open_another_enterprise(page, login, member):
    from tests.factories import EnterpriseFactory, MembershipFactory

    MembershipFactory(user=member)
    other = EnterpriseFactory(name="남의기업")
    login(member)
    response = page.goto(f"/enterprises/{other.pk}/")
    assert response.status == 404
