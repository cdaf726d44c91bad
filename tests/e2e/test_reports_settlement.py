"""An auditor generates and downloads the 2018 settlement report and records a finding; the
official confirms the settlement and the year is locked."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from reports import demo, services
from reports.models import Budget, Finding, ReportDownload
from tests.e2e.conftest import confirm_step

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_auditor_and_official_close_2018(celery_worker, page, login, make_user, tmp_path):
    staff = make_user("centre_staff", email="staff@seoul-se.kr")
    auditor = make_user("auditor")
    official = make_user("official")
    demo.load(io.StringIO())
    budget = Budget.objects.get(fiscal_year=2018, owner_key="centre")

    page.set_default_timeout(60_000)  # the shared CI machine can be slow; the job runs for real
    login(auditor)
    page.goto("/reports/")
    page.get_by_role("button", name="2018년 정산 보고서 생성").click()
    page.get_by_test_id("job-download").wait_for(timeout=120_000)
    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    target = tmp_path / "report.xlsx"
    info.value.save_as(target)
    wb = openpyxl.load_workbook(target)
    summary = {r[0]: r[1] for r in wb["요약"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert summary["최종 반납할 금액 (A-B+C)"] == 172_092_957
    assert ReportDownload.objects.filter(user=auditor).count() == 1

    page.goto(f"/reports/budgets/{budget.pk}/findings")
    page.get_by_label("불인정금액(원)").fill("0")
    page.get_by_label("지적 사유").fill("세부 집행내역 검토 결과 불인정금액 없음")
    with page.expect_navigation():
        page.get_by_role("button", name="지적사항 저장").click()
    assert "불인정금액 없음" in page.get_by_test_id("finding-list").inner_text()
    confirm_step(page, page.get_by_role("button", name="감사 검토 완료"))
    assert page.get_by_test_id("settlement-status").inner_text() == "감사 검토 완료"
    assert Finding.objects.filter(budget=budget, auditor=auditor).count() == 1
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_url("**/accounts/login/")

    login(official)
    page.goto(f"/reports/budgets/{budget.pk}/")
    assert page.get_by_test_id("amount-to-return").inner_text() == "172,092,957원"
    confirm_step(page, page.get_by_role("button", name="정산 확정"))
    assert page.get_by_test_id("settlement-status").inner_text() == "마감"

    budget.refresh_from_db()
    assert budget.is_closed
    line = budget.lines.filter(kind="expenditure", children__isnull=True).first()
    with pytest.raises(ValidationError, match="확정되어"):
        services.record_expenditure(
            actor=staff,
            line_id=line.pk,
            date=dt.date(2018, 12, 1),
            amount=1,
            payee="x",
            evidence_type="receipt",
            evidence_reference="r",
        )
