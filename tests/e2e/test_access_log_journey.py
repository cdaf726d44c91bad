"""An official exports the registry with a recorded purpose, then finds that export (and the
enterprise page they opened) in the personal-data access log."""

import pytest
from openpyxl import load_workbook

from seoul_se.audit.models import AccessLog
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.e2e


def test_official_exports_with_a_purpose_and_sees_it_in_the_access_log(login, official):
    enterprises = [EnterpriseFactory(name=f"접속기록기업{n}") for n in range(3)]
    page = login(official)

    # 1. open one enterprise (a page view of personal data)
    page.goto(f"/enterprises/{enterprises[0].pk}/")
    assert page.get_by_test_id("representative").inner_text() == "홍길동"

    # 2. export the registry: the purpose is asked first and required
    page.goto("/enterprises/?q=접속기록기업")
    page.get_by_test_id("export-link").click()
    page.wait_for_url("**/enterprises/export.xlsx?**")
    assert "3건을 내려받습니다" in page.get_by_test_id("export-count").inner_text()
    page.get_by_label("내려받는 목적").select_option(label="기타 (직접 입력)")
    page.get_by_role("button", name="목적 기록 후 내려받기").click()
    assert "기타 목적을 직접 입력하세요" in page.locator(".has-error").inner_text()
    assert not AccessLog.objects.filter(action="export").exists()
    page.get_by_label("내려받는 목적").select_option(label="기업 현황 점검·모니터링")
    page.get_by_label("목적 상세").fill("상반기 인증기업 현황 점검")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="목적 기록 후 내려받기").click()
    download = download_info.value
    assert download.suggested_filename == "사회적경제기업_명부.xlsx"
    with open(download.path(), "rb") as workbook:
        sheet = load_workbook(workbook).active
        names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == [
        "접속기록기업0",
        "접속기록기업1",
        "접속기록기업2",
    ]

    # 3. the access log (from the menu) shows the export with who, how many and why
    page.goto("/")
    menu = page.get_by_role("navigation", name="주 메뉴")
    menu.locator("summary", has_text="감사").click()
    menu.get_by_role("link", name="개인정보 접속기록", exact=True).click()
    page.wait_for_url("**/audit/access/")
    page.get_by_label("작업").select_option(label="엑셀 내려받기")
    page.get_by_role("button", name="조회").click()
    rows = page.get_by_test_id("access-log-table").locator("tbody tr")
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert official.name in text and "엑셀 내려받기" in text
    assert "기업 현황 점검·모니터링" in text and "상반기 인증기업 현황 점검" in text
    assert "127.0.0.1" in text and "3" in text

    # 4. and the page view, found by the record's number
    page.get_by_label("작업").select_option(label="상세 조회")
    page.get_by_label("자료 번호").fill(str(enterprises[0].pk))
    page.get_by_role("button", name="조회").click()
    assert page.get_by_test_id("access-log-table").locator("tbody tr").count() == 1
    assert "상세 조회" in page.get_by_test_id("access-log-table").inner_text()
