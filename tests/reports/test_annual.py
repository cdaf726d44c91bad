"""The annual performance report and the fund status workbook, read back with openpyxl."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from kpis.models import IndicatorValue
from reports import workbooks
from tests.factories import EnterpriseFactory
from tests.kpis.factories import (
    BusinessAreaFactory,
    IndicatorFactory,
    agreement,
    disbursement,
    loan_disbursement,
    program,
)

pytestmark = pytest.mark.django_db


def body(ws):
    return list(ws.iter_rows(min_row=4, values_only=True))


def indicator(area, name, target, actual, percent):
    ind = IndicatorFactory(area=area, year=2018, name=name, target=Decimal(target))
    if actual is not None:
        IndicatorValue.objects.create(
            indicator=ind,
            period_value=Decimal(actual),
            actual=Decimal(actual),
            achievement_rate=Decimal(actual) / Decimal(target),
            achievement_percent=percent,
            computed_at=timezone.now(),
        )
    return ind


def test_performance_report(tmp_path):
    market = BusinessAreaFactory(name="공공시장 확대지원", order=1)
    academy = BusinessAreaFactory(name="아카데미/운영", order=2)
    indicator(market, "일상상담", 200, 208, 104)
    indicator(market, "=자치구 영업지원", 5, 2, 40)
    indicator(academy, "교육과정", 9, None, None)
    prog = program(2018, name="혁신형 사업", budget_amount=756_000_000)
    agr = agreement(prog, EnterpriseFactory(), signed_on=dt.date(2018, 3, 2), amount=50_000_000)
    disbursement(agr, paid_on=dt.date(2018, 4, 1), amount=30_000_000)
    disbursement(agr, paid_on=dt.date(2019, 1, 5), amount=20_000_000)  # other year

    path = tmp_path / "p.xlsx"
    result = workbooks.performance_workbook(2018, path, lambda p, m: None)
    assert result == {"areas": 2, "indicators": 3}
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "요약",
        "공공시장 확대지원",
        "아카데미 운영",
        "지원사업 실적",
        "기금 현황",
    ]
    summary = body(wb["요약"])
    assert summary[-1] == ("합계", 3, 1, 1, 1)
    market_rows = body(wb["공공시장 확대지원"])
    assert [c.value for c in wb["공공시장 확대지원"][3]] == [
        "지표",
        "단위",
        "목표",
        "실적",
        "달성률(%)",
        "추이",
    ]
    assert market_rows[0] == ("일상상담", "건", 200, 208, 104, "↗")
    assert market_rows[1][0] == "'=자치구 영업지원"
    assert wb["공공시장 확대지원"]["C4"].number_format == "#,##0"
    programs = body(wb["지원사업 실적"])
    assert programs[-1][0] == "합계"
    assert programs[-1][5] == sum(r[5] for r in programs[:-1]) == 30_000_000
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A4"
        assert ws.page_setup.orientation == "landscape"


def test_fund_workbook(tmp_path):
    loan_disbursement(EnterpriseFactory(), on=dt.date(2019, 3, 1), amount=100_000_000)
    loan_disbursement(EnterpriseFactory(), on=dt.date(2019, 5, 1), amount=50_000_000)
    loan_disbursement(EnterpriseFactory(), on=dt.date(2020, 5, 1), amount=7)  # after as_of
    path = tmp_path / "f.xlsx"
    result = workbooks.fund_workbook(dt.date(2019, 12, 31), path, lambda p, m: None)
    assert result["total_lent"] == 150_000_000
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["요약", "수행기관별", "상품별", "연체", "예치금"]
    summary = {r[0]: r[1:] for r in body(wb["요약"])}
    assert summary["누적 융자액"] == (150_000_000, 150)
    assert wb["요약"]["A2"].value == "(단위: 원, 백만원)"
    for name in ("수행기관별", "상품별"):
        *rows, total = body(wb[name])
        assert total[0] == "합계"
        for col in range(1, 7):
            assert total[col] == sum(r[col] for r in rows)
        assert total[2] == 150_000_000
    *buckets, total = body(wb["연체"])
    assert total[2] == sum(b[2] for b in buckets)
