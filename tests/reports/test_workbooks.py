"""Workbooks read back with openpyxl: sheets, headers, totals, formats, print setup, safety."""

import openpyxl
import pytest

from reports import workbooks
from tests.reports.factories import add_expenditure, make_budget, make_lines

pytestmark = pytest.mark.django_db


def build(budget, tmp_path):
    path = tmp_path / "out.xlsx"
    progress = []
    summary = workbooks.settlement_workbook(budget, path, lambda p, m: progress.append(p))
    assert progress == sorted(progress)
    return openpyxl.load_workbook(path), summary


def rows(ws, start=4):
    return [r for r in ws.iter_rows(min_row=start, values_only=True)]


def test_settlement_workbook_reproduces_2018_totals(seeded, tmp_path):
    wb, summary = build(seeded, tmp_path)
    assert wb.sheetnames == ["요약", "세입", "세출", "결산", "지출원장", "감사지적"]
    assert summary["amount_to_return"] == 172_092_957

    revenue = wb["세입"]
    assert [c.value for c in revenue[3]] == [
        "관",
        "항",
        "목",
        "예산액",
        "집행액",
        "차액(집행액-예산액)",
    ]
    assert revenue["A2"].value == "(단위: 원)"
    body = rows(revenue)
    *lines, total = body
    assert len(lines) == 9
    assert total[0] == "합계"
    assert total[3] == sum(r[3] for r in lines) == 5_012_934_847
    assert total[4] == sum(r[4] for r in lines) == 5_010_282_975

    expenditure = wb["세출"]
    *lines, total = rows(expenditure)
    assert len(lines) == 10
    assert total[3] == sum(r[3] for r in lines) == 4_986_310_678
    assert total[7] == sum(r[7] for r in lines) == 4_838_190_018
    assert (
        "반납금",
        "반납금",
        "반납금",
        25_240_718,
        0,
        0,
        25_240_718,
        25_000_000,
        0,
        240_718,
    ) in lines

    summary_rows = {r[0]: r[1] for r in rows(wb["요약"]) if r[0]}
    assert summary_rows["최종 반납할 금액 (A-B+C)"] == 172_092_957
    assert summary_rows["민간위탁금 사용액"] == 4_774_791_018

    closing = wb["결산"]
    assert closing["A2"].value == "(단위: 천원)"
    by_year = {r[0]: r for r in rows(closing)}
    assert by_year["2017"][1:10] == (5_250_227, 0, 0, 0, 5_250_227, 4_975_361, 0, 0, 274_866)
    assert by_year["2018"][9] == 14_357
    assert by_year["2018"][10:12] == (-313_199, -6)

    *entries, ledger_total = rows(wb["지출원장"])
    assert len(entries) == 10
    assert ledger_total[7] == sum(e[7] for e in entries) == 4_838_190_018
    assert all(e[9] for e in entries)  # every expenditure carries its evidence reference


def test_formats_frozen_headers_and_print_setup(seeded, tmp_path):
    wb, _ = build(seeded, tmp_path)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A4"
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"  # A4
        assert ws.print_title_rows == "$3:$3"
        assert ws.column_dimensions["A"].width > 0
        assert all(c.font.bold for c in ws[3])
    assert wb["세입"]["E4"].number_format == "#,##0"
    assert wb["세출"]["F13"].number_format == "#,##0"
    assert wb["결산"]["B4"].number_format == "#,##0"
    assert wb["지출원장"]["H4"].number_format == "#,##0"


def test_text_is_neutralised_against_formula_injection(tmp_path):
    budget = make_budget(2025, title="=cmd|' /C calc'!A0")
    _, line = make_lines(budget)
    add_expenditure(line, 1000, payee='=HYPERLINK("http://evil","x")', description="+1+2")
    add_expenditure(line, 500, payee="@SUM(A1)", description="-3")
    wb, _ = build(budget, tmp_path)
    ledger = wb["지출원장"]
    assert ledger["F4"].value == '\'=HYPERLINK("http://evil","x")'
    assert ledger["F4"].data_type == "s"
    assert ledger["G4"].value == "'+1+2"
    assert ledger["F5"].value == "'@SUM(A1)"
    assert ledger["G5"].value == "'-3"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_empty_budget_has_zero_totals(tmp_path):
    budget = make_budget(2026)
    wb, summary = build(budget, tmp_path)
    assert summary["amount_to_return"] == 0
    assert rows(wb["세입"]) == [("합계", None, None, 0, 0, 0)]


def test_expenditure_sheet_remaining_counts_carry_in_and_carry_out(tmp_path):
    """예산현액 = 예산액 + 예산변경 + 전년이월; 집행잔액 = 예산현액 − 집행액 − 차년이월, the
    same figures as the 결산 sheet and the budget page (``LineRow.current/remaining``)."""
    from reports import services
    from reports.models import LineKind

    budget = make_budget(2025)
    line = services.ensure_line(
        budget,
        LineKind.EXPENDITURE,
        ["사업비", "교육", "강사료"],
        budgeted_amount=1_000_000,
        carried_in=200_000,
        carried_out=50_000,
    )
    add_expenditure(line, 600_000)
    wb, _ = build(budget, tmp_path)
    sheet = wb["세출"]
    assert [c.value for c in sheet[3]] == [
        "관",
        "항",
        "목",
        "예산액(배정액)",
        "예산변경",
        "전년이월",
        "예산현액",
        "집행액",
        "차년이월",
        "집행잔액(예산현액-집행액-차년이월)",
    ]
    row, total = rows(sheet)
    assert row == (
        "사업비",
        "교육",
        "강사료",
        1_000_000,
        0,
        200_000,
        1_200_000,
        600_000,
        50_000,
        550_000,
    )
    assert total[3:] == row[3:]
    by_year = {r[0]: r for r in rows(wb["결산"])}
    assert by_year["2025"][5] == 1_200 and by_year["2025"][9] == 550  # 천원: the same figures
