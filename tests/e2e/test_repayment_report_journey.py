"""An intermediary's staff upload their month's repayment report, read the preview, commit it,
and the loan's statement shows the posting; the city's 월별 상환 보고 현황 shows it arrived."""

import datetime as dt

import pytest

from benchmarks.loan_workbook import write_report
from tests.funds.factories import IntermediaryFactory, make_loan

pytestmark = pytest.mark.e2e


def test_intermediary_uploads_a_monthly_report(page, login, staff, make_user, tmp_path):
    lender = IntermediaryFactory(name="가온 사회적금융")
    person = make_user("intermediary_staff")
    lender.staff.add(person)
    loan = make_loan(staff, intermediary=lender)
    report = tmp_path / "2024-02-상환보고.xlsx"
    write_report(str(report), [[loan.number, None, dt.date(2024, 2, 2), 100_000, "GAON-0001"]])

    login(person)
    page.goto("/funds/repayment-reports/?month=2024-02")
    assert "미도착" in page.get_by_role("table").first.inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="상환 보고 올리기").click()
    page.get_by_label("파일").set_input_files(str(report))
    with page.expect_navigation():
        page.get_by_role("button", name="올려서 검사하기").click()
    preview = page.get_by_test_id("import-preview").inner_text()
    assert f"GAON-0001: {loan.number} 2024-02-02 100,000원" in preview
    assert "생성" in preview
    with page.expect_navigation():
        page.get_by_test_id("import-commit").click()

    page.goto(f"/funds/loans/{loan.pk}/")
    statement = page.get_by_test_id("statement").inner_text()
    assert "상환" in statement and "100,000" in statement
    assert page.get_by_test_id("loan-status").inner_text() == "상환 중"

    page.goto("/funds/repayment-reports/?month=2024-02")
    uploads = page.get_by_role("table").nth(1).inner_text()
    assert "2024-02-상환보고.xlsx" in uploads
    status = page.get_by_role("table").first.inner_text()
    assert "도착 (1)" in status and "100,000원" in status
