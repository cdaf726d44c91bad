"""An official links a new person to an intermediary; the invitation e-mail's link sets their
password; they then see only that intermediary's loans and record a repayment on one."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import set_up_second_factor
from tests.funds.factories import IntermediaryFactory, make_loan

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "Intermediary-2026!"


def test_official_invites_intermediary_staff_who_sees_only_its_loans(
    page, login, official, staff, live_server, settings
):
    settings.PORTAL_URL = live_server.url
    lender = IntermediaryFactory(name="가온 사회적금융")
    ours = make_loan(staff, intermediary=lender)
    theirs = make_loan(staff, intermediary=IntermediaryFactory(name="다른 수행기관"))

    login(official)
    page.goto("/funds/intermediaries/")
    row = page.get_by_test_id("intermediary-staff").locator("tr", has_text="가온 사회적금융")
    row.get_by_label("이메일").fill("lender.staff@example.kr")
    row.get_by_label("이름(처음 등록하는 사람만)").fill("가온 담당자")
    with page.expect_navigation():
        row.get_by_role("button", name="등록").click()
    assert "가온 담당자님을 가온 사회적금융 직원으로 등록했습니다" in page.content()
    assert "lender.staff@example.kr" in row.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="로그아웃").click()

    (invitation,) = [m for m in mail.outbox if "lender.staff@example.kr" in m.to]
    link = re.search(rf"{re.escape(live_server.url)}\S+", invitation.body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="확인").click()
    assert "새 비밀번호가 설정되었습니다" in page.content()

    page.goto("/accounts/login/")
    page.get_by_label("이메일").fill("lender.staff@example.kr")
    page.get_by_label("비밀번호").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    set_up_second_factor(page)  # intermediary staff need a second factor from the first login
    page.goto("/funds/loans/")
    loans = page.get_by_test_id("loan-table").inner_text()
    assert ours.number in loans and theirs.number not in loans
    assert page.goto(f"/funds/loans/{theirs.pk}/").status == 404

    page.goto(f"/funds/loans/{ours.pk}/")
    page.get_by_label("구분").select_option("repayment")
    page.get_by_label("거래일").fill("2024-02-02")
    page.get_by_label("금액(원)").fill("100000")
    with page.expect_navigation():
        page.get_by_role("button", name="상환 기록").click()
    assert "거래를 기록했습니다" in page.content()
    assert page.get_by_test_id("loan-status").inner_text() == "상환 중"
