"""The ``reports.budget`` and ``reports.expenditures`` import kinds through the framework: the
settlement computes from what they save."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from reports import budget_services, selectors
from reports.imports import BudgetLines, Expenditures
from reports.models import Budget, BudgetLine, Expenditure
from seoul_se.core.imports import commit_import, dry_run
from tests.reports.sheets import sheet_file

BUDGET_HEADER = ["회계연도", "구분", "관", "항", "목", "예산액", "국비", "시비", "산출근거"]
BUDGET_ROWS = [
    [2024, "세입", "민간위탁금", "민간위탁금", "민간위탁금", "1.2억", "", "", ""],
    [2024, "세입", "이자수입", "이자수입", "", "500,000원", "", "", ""],
    [2024, "세출", "인건비", "인건비", "급여", "80,000,000", "", "80,000,000", "4명"],
    [2024, "세출", "사업비", "판로지원", "행사비", "3천만원", "", "", ""],
    [2024, "세출", "사업비", "판로지원", "홍보비", 10_000_000, "", "", ""],
]
# 보탬e / e나라도움 export titles (aliases), with the budget line as one 예산과목 column.
EXPENDITURE_HEADER = [
    "집행일자",
    "예산과목",
    "거래처명",
    "집행금액",
    "증빙번호",
    "증빙구분",
    "적요",
]
SERIAL_2024_03_02 = (dt.date(2024, 3, 2) - dt.date(1899, 12, 30)).days
EXPENDITURE_ROWS = [
    [
        "2024.3.2",
        "인건비/인건비/급여",
        "직원 4명",
        "20,000,000원",
        "PAY-03",
        "급여대장",
        "3월 급여",
    ],
    ["", "", "", "", "", "", ""],  # an empty row in the middle is skipped
    [SERIAL_2024_03_02, "행사비", "(주)행사", "12,345,000", "TI-001", "전자세금계산서", ""],
    ["2024-04-10", "홍보비", "(주)행사", "1,000,000", "TI-001", "세금계산서", "같은 증빙 나눔"],
    ["2024/05/01", "사업비 > 판로지원 > 홍보비", "인쇄소", "2,500,000원", "CARD-7", "카드", ""],
]


def load(kind, header, rows, actor, fmt="xlsx"):
    plan, record = dry_run(kind, sheet_file(header, rows, fmt), f"sheet.{fmt}", actor=actor)
    if plan.ok:
        record = commit_import(record, actor=actor)
    return plan, record


@pytest.fixture
def ledger(staff):
    load("reports.budget", BUDGET_HEADER, BUDGET_ROWS, staff)
    load("reports.expenditures", EXPENDITURE_HEADER, EXPENDITURE_ROWS, staff)
    return Budget.objects.get(fiscal_year=2024, owner_key="centre")


def test_imported_budget_and_expenditures_give_the_sheets_settlement_totals(ledger):
    summary = selectors.settlement_summary(ledger)
    assert summary.revenue_budget == 120_000_000 + 500_000
    assert summary.expenditure_budget == 80_000_000 + 30_000_000 + 10_000_000
    assert summary.expenditure_executed == 20_000_000 + 12_345_000 + 1_000_000 + 2_500_000
    leaf = BudgetLine.objects.get(name="급여")
    assert (leaf.level, leaf.parent.name, leaf.city_amount, leaf.detail) == (
        3,
        "인건비",
        80_000_000,
        "4명",
    )
    assert BudgetLine.objects.get(name="이자수입", level=2).parent.level == 1
    spent = {
        (e.date, e.evidence_reference, e.line.name, e.evidence_type)
        for e in Expenditure.objects.all()
    }
    assert spent == {
        (dt.date(2024, 3, 2), "PAY-03", "급여", "payroll"),
        (dt.date(2024, 3, 2), "TI-001", "행사비", "tax_invoice"),
        (dt.date(2024, 4, 10), "TI-001", "홍보비", "tax_invoice"),
        (dt.date(2024, 5, 1), "CARD-7", "홍보비", "card"),
    }


def test_the_same_files_twice_change_nothing(ledger, staff):
    budget, _record = load("reports.budget", BUDGET_HEADER, BUDGET_ROWS, staff)
    assert budget.totals == {"create": 0, "change": 0, "unchanged": 5}
    spent, _record = load("reports.expenditures", EXPENDITURE_HEADER, EXPENDITURE_ROWS, staff)
    assert spent.totals == {"create": 0, "change": 0, "unchanged": 4}
    assert Expenditure.objects.count() == 4 and BudgetLine.objects.count() == 12


def test_a_changed_amount_changes_the_line(ledger, staff):
    rows = [
        *BUDGET_ROWS[:4],
        [2024, "세출", "사업비", "판로지원", "홍보비", "1,500만원", "", "", ""],
    ]
    plan, _record = load("reports.budget", BUDGET_HEADER, rows, staff)
    assert plan.totals == {"create": 0, "change": 1, "unchanged": 4}
    assert BudgetLine.objects.get(name="홍보비").budgeted_amount == 15_000_000


def test_bad_rows_are_named_and_nothing_is_saved(ledger, staff):
    rows = [
        ["2024.6.1", "행사비", "A", "1,000", "X-1", "", ""],
        ["2024.6.1", "행사비", "A", "1,000", "X-1", "", ""],  # the same key twice
        ["2024.6.2", "없는과목", "A", "1,000", "X-2", "", ""],
        ["2024.6.3", "행사비", "A", "30,000,000", "X-3", "", ""],  # over what is left
        ["2024.6.4", "행사비", "A", "1.5원", "X-4", "", ""],
        ["2024.13.4", "행사비", "A", "1,000", "X-5", "", ""],
        ["2024.6.5", "행사비", "", "1,000", "X-6", "", ""],
    ]
    plan, record = load("reports.expenditures", EXPENDITURE_HEADER, rows, staff)
    assert [(e.row, e.column, e.code) for e in plan.errors] == [
        (3, "증빙번호", "duplicate_in_file"),
        (4, "예산과목", "unknown_line"),
        (5, "집행금액", "over_line_budget"),
        (6, "집행금액", "fractional_won"),
        (7, "집행일자", "bad_date"),
        (8, "거래처명", "required"),
    ]
    assert record.state == "refused" and Expenditure.objects.count() == 4


def test_budget_rows_that_clash_are_refused(staff):
    rows = [
        [2024, "세출", "사업비", "판로지원", "", "1,000", "", "", ""],
        [2024, "세출", "사업비", "판로지원", "행사비", "1,000", "", "", ""],  # below a leaf
        [2024, "세출", "사업비", "", "목만", "1,000", "", "", ""],  # 항 skipped
        [2024, "세출", "운영비", "", "", "1,000", "", "", ""],
        [2024, "세출", "운영비", "", "", "2,000", "", "", ""],  # the same line twice
    ]
    plan, _record = load("reports.budget", BUDGET_HEADER, rows, staff)
    assert [(e.row, e.code) for e in plan.errors] == [
        (3, "leaf_and_parent"),
        (4, "bad_line"),
        (6, "duplicate_in_file"),
    ]
    assert not BudgetLine.objects.exists()


def test_a_program_budget_needs_the_program(staff):
    header = ["회계연도", "사업유형", "관", "예산액"]
    plan, _record = load("reports.budget", header, [[2024, "혁신형", "사업비", "1,000"]], staff)
    assert [(e.row, e.column, e.code) for e in plan.errors] == [(2, "사업유형", "unknown_program")]


def test_one_bad_row_among_ten_thousand_saves_nothing(ledger, staff):
    rows = [
        [f"2024.{1 + n % 12}.{1 + n % 28}", "행사비", "거래처", "1,000원", f"E-{n}", "카드", ""]
        for n in range(10_000)
    ]
    rows[6_000][3] = "1,0000"
    plan, record = load("reports.expenditures", EXPENDITURE_HEADER, rows, staff)
    assert [(e.row, e.code) for e in plan.errors] == [(6_002, "bad_amount")]
    assert record.state == "refused" and Expenditure.objects.count() == 4

    budget_rows = [
        [2024, "세출", "대량", f"항{n // 100}", f"목{n}", "1,000", "", "", ""]
        for n in range(10_000)
    ]
    budget_rows[7_000][0] = "이천이십사"
    plan, record = load("reports.budget", BUDGET_HEADER, budget_rows, staff)
    assert [(e.row, e.code) for e in plan.errors] == [(7_002, "bad_year")]
    assert not BudgetLine.objects.filter(name="대량").exists()


@pytest.mark.parametrize("fmt", ["csv", "xls"])
def test_cp949_csv_and_xls_read_as_xlsx(ledger, staff, fmt):
    upload = sheet_file(EXPENDITURE_HEADER, EXPENDITURE_ROWS, fmt)
    plan, _record = dry_run("reports.expenditures", upload, f"a.{fmt}", actor=staff)
    reference, _record = dry_run(
        "reports.expenditures",
        sheet_file(EXPENDITURE_HEADER, EXPENDITURE_ROWS),
        "a.xlsx",
        actor=staff,
    )
    assert plan.ok and [r.values for r in plan.rows] == [r.values for r in reference.rows]


def test_only_budget_editors_save_lines(member, staff):
    with pytest.raises(PermissionDenied):
        budget_services.save_budget_line(
            actor=member,
            fiscal_year=2024,
            program=None,
            kind="expenditure",
            path=["사업비"],
            amounts={"budgeted": 1},
        )
    assert not BudgetLines().allowed(member) and not Expenditures().allowed(member)
    assert BudgetLines().allowed(staff) and Expenditures().allowed(staff)


def test_a_file_without_a_column_keeps_its_recorded_values(ledger, staff):
    header = ["회계연도", "관", "항", "목", "예산액"]
    row = [2024, "인건비", "인건비", "급여", "90,000,000"]
    plan, _record = load("reports.budget", header, [row], staff)
    assert plan.totals == {"create": 0, "change": 1, "unchanged": 0}
    leaf = BudgetLine.objects.get(name="급여")
    assert (leaf.budgeted_amount, leaf.city_amount, leaf.detail) == (90_000_000, 80_000_000, "4명")
