"""An official enters the SIB outcome measured by the evaluator and reads the payout and why;
a year outside the contract is refused on the page."""

import pytest

from tests.impact_bonds.factories import make_bond

pytestmark = pytest.mark.e2e


def test_official_enters_measurement_and_sees_payout_explained(page, login, official):
    _bond, _metric = make_bond(official, project_cost=1_110_000_000, name="아동복지시설 아동교육")

    login(official)
    page.goto("/impact-bonds/")
    with page.expect_navigation():
        page.get_by_role("link", name="아동복지시설 아동교육").click()
    assert "아직 보상 기준 지표의 측정값이 없습니다" in page.get_by_test_id("payout").inner_text()

    page.get_by_label("측정 연도").fill("2020")
    page.get_by_label("측정값").fill("52.7")
    with page.expect_navigation():
        page.get_by_role("button", name="측정값 저장").click()
    assert "사업 기간(2016–2019년) 안이어야 합니다" in page.content()
    assert "아직 보상 기준 지표의 측정값이 없습니다" in page.get_by_test_id("payout").inner_text()

    page.get_by_label("측정 연도").fill("2019")
    page.get_by_label("측정값").fill("52.7")
    page.get_by_label("근거·비고").fill("평가기관 최종 평가")
    with page.expect_navigation():
        page.get_by_role("button", name="측정값 저장").click()
    assert "성과 측정값을 저장했습니다" in page.content()
    assert page.get_by_test_id("payout-amount").inner_text() == "1,443,000,000원"
    assert (
        page.get_by_test_id("payout-explanation").inner_text()
        == "성공률 52.7 %가 최고 구간 기준 42 %를 넘어 사업비의 130 % 지급"
    )
