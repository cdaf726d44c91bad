"""Staff create a loan, approve, contract, disburse, post a repayment and reverse it; the
enterprise then reads its own statement."""

from decimal import Decimal

import pytest

from tests.e2e.conftest import confirm_step
from tests.factories import EnterpriseFactory, MembershipFactory
from tests.funds.factories import IntermediaryFactory, ProductFactory

pytestmark = pytest.mark.e2e


def test_staff_loan_journey_and_enterprise_statement(page, login, staff, member):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=member, enterprise=enterprise)
    intermediary = IntermediaryFactory(name="여정 수행기관")
    product = ProductFactory(
        name="여정 상품", cap=200_000_000, rate=Decimal("0.03"), term_months=60, grace_months=12
    )

    login(staff)
    page.goto("/funds/loans/new/")
    page.get_by_label("차주 사업자등록번호").fill(enterprise.business_number)
    page.get_by_label("수행기관").select_option(label=intermediary.name)
    page.get_by_label("융자 상품").select_option(label=product.name)
    page.get_by_label("신청액(원)").fill("12000000")
    page.get_by_label("금리(연, 예: 0.02)").fill("0.02")
    page.locator("#id_term_months").fill("12")
    page.get_by_label("거치 기간(개월)").fill("0")
    page.get_by_label("신청일").fill("2024-01-02")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert page.get_by_test_id("loan-status").inner_text() == "신청"

    page.get_by_label("일자").fill("2024-01-03")
    confirm_step(page, page.get_by_role("button", name="승인"))
    assert page.get_by_test_id("loan-status").inner_text() == "승인"
    page.get_by_label("일자").fill("2024-01-04")
    confirm_step(page, page.get_by_role("button", name="약정 체결"))
    assert page.get_by_test_id("loan-status").inner_text() == "약정"

    page.get_by_label("지급액(원)").fill("12000000")
    page.get_by_label("지급일").fill("2024-01-05")
    confirm_step(page, page.get_by_role("button", name="지급 기록"))
    assert page.get_by_test_id("loan-status").inner_text() == "지급 완료"
    assert page.get_by_test_id("schedule").locator("tbody tr").count() == 12

    page.get_by_label("구분").select_option("repayment")
    page.get_by_label("거래일").fill("2024-02-05")
    page.get_by_label("금액(원)").fill("1000000")
    with page.expect_navigation():
        page.get_by_role("button", name="상환 기록").click()
    assert "거래를 기록했습니다" in page.content()
    assert page.get_by_test_id("loan-status").inner_text() == "상환 중"

    with page.expect_navigation():
        page.get_by_test_id("statement").get_by_role("link", name="상환").click()
    page.get_by_label("사유").fill("입금자 착오")
    confirm_step(page, page.get_by_role("button", name="거래 취소"))
    assert "거래를 취소했습니다" in page.content()
    assert page.get_by_test_id("reversal-state").inner_text() == "취소됨"
    with page.expect_navigation():
        page.get_by_role("link", name="← 융자").click()
    assert page.get_by_test_id("outstanding").inner_text() == "12,000,000원"
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_url("**/accounts/login/")

    login(member)
    page.goto("/funds/loans/")
    with page.expect_navigation():
        page.get_by_test_id("loan-table").get_by_role("link").first.click()
    statement = page.get_by_test_id("statement").inner_text()
    assert "융자금 지급" in statement and "취소" in statement and "입금자 착오" in statement
    assert page.get_by_role("button", name="상환 기록").count() == 0
