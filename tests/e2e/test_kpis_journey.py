"""Browser journey: staff enter a manual actual with evidence, an official approves it, and the
dashboard shows the new rate and chart."""

from decimal import Decimal

import pytest

from tests.e2e.conftest import confirm_step
from tests.factories import UserFactory
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_manual_actual_entered_approved_and_shown(page, login, tmp_path):
    staff = UserFactory(role="centre_staff", name="센터직원")
    official = UserFactory(role="official", name="담당공무원")
    indicator = IndicatorFactory(
        area=BusinessAreaFactory(name="공공시장 확대지원"),
        year=2018,
        name="일상상담",
        unit="건",
        target=Decimal(200),
    )
    evidence = tmp_path / "상담일지.pdf"
    evidence.write_bytes(b"%PDF-1.4 consultation log")

    login(staff)
    page.goto(f"/kpis/indicators/{indicator.pk}")
    page.get_by_role("link", name="실적 입력").click()
    page.get_by_label("실적값").fill("208")
    page.get_by_label("증빙 자료").set_input_files(str(evidence))
    page.get_by_role("button", name="제출").click()
    page.get_by_text("공무원 승인 후 반영됩니다").wait_for()
    page.get_by_role("button", name="로그아웃").click()

    login(official)
    page.goto("/kpis/entries/pending")
    page.get_by_role("link", name="일상상담").click()
    confirm_step(page, page.get_by_role("button", name="승인"))
    page.get_by_text("승인했습니다.").wait_for()

    page.goto("/kpis/?year=2018")
    row = page.get_by_test_id(f"row-{indicator.pk}")
    assert "208건" in row.inner_text()
    assert "104%" in page.get_by_test_id(f"rate-{indicator.pk}").inner_text()
    assert "↗" in page.get_by_test_id(f"rate-{indicator.pk}").inner_text()
    chart = page.get_by_test_id("chart-bars").locator("svg")
    assert chart.count() == 1
    assert (
        page.locator(f'[data-testid="chart-bars"] g[data-indicator="{indicator.pk}"]').count() == 1
    )
    assert page.locator('[data-testid="chart-distribution"] svg').count() == 1
