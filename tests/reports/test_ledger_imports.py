"""The ``reports.budget`` and ``reports.expenditures`` import kinds through the framework: the
settlement computes from what they save."""

import datetime as dt
from dataclasses import replace

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import budget_services, selectors, services
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


def commit_queries(kind, header, rows, actor):
    """The queries of committing ``rows`` (checked first) through the framework."""
    plan, record = dry_run(kind, sheet_file(header, rows), "q.xlsx", actor=actor)
    assert plan.ok, plan.errors
    with CaptureQueriesContext(connection) as queries:
        record = commit_import(record, actor=actor)
    assert record.state == "committed"
    return len(queries)


def budget_rows(chapter, count, amount="1,000,000"):
    return [
        [2024, "세출", chapter, f"항{n // 5}", f"목{n}", amount, "", "", ""] for n in range(count)
    ]


def test_the_budget_commit_takes_as_many_queries_for_50_lines_as_for_10(staff):
    commit_queries("reports.budget", BUDGET_HEADER, budget_rows("준비", 1), staff)
    ten = commit_queries("reports.budget", BUDGET_HEADER, budget_rows("열", 10), staff)
    fifty = commit_queries("reports.budget", BUDGET_HEADER, budget_rows("쉰", 50), staff)
    assert ten == fifty
    changed = budget_rows("열", 10, "2,000,000")
    ten = commit_queries("reports.budget", BUDGET_HEADER, changed, staff)
    changed = budget_rows("쉰", 50, "2,000,000")
    fifty = commit_queries("reports.budget", BUDGET_HEADER, changed, staff)
    assert ten == fifty
    assert BudgetLine.objects.filter(name__startswith="목", budgeted_amount=2_000_000).count() == 60


def expenditure_rows(prefix, count):
    return [
        ["2024.3.2", "급여", "직원", "1,000원", f"{prefix}-{n}", "급여대장", ""]
        for n in range(count)
    ]


def test_the_expenditure_commit_takes_as_many_queries_for_50_as_for_10(ledger, staff):
    commit_queries("reports.expenditures", EXPENDITURE_HEADER, expenditure_rows("W", 1), staff)
    ten = commit_queries(
        "reports.expenditures", EXPENDITURE_HEADER, expenditure_rows("A", 10), staff
    )
    fifty = commit_queries(
        "reports.expenditures", EXPENDITURE_HEADER, expenditure_rows("B", 50), staff
    )
    assert ten == fifty
    assert Expenditure.objects.filter(line__name="급여").count() == 1 + 1 + 10 + 50


def test_bulk_writes_leave_the_audit_trail_of_one_by_one(ledger, staff):
    rows = [
        *BUDGET_ROWS[:4],
        [2024, "세출", "사업비", "판로지원", "홍보비", "1,500만원", "", "", ""],
    ]
    load("reports.budget", BUDGET_HEADER, rows, staff)
    line = BudgetLine.objects.get(name="홍보비")
    created, changed = LogEntry.objects.get_for_object(line).order_by("pk")
    assert (created.action, changed.action, changed.actor) == (0, 1, staff)
    assert changed.changes == {"budgeted_amount": ["10000000", "15000000"]}
    assert LogEntry.objects.get_for_object(line.budget).get().action == LogEntry.Action.CREATE
    for expenditure in Expenditure.objects.all():
        entry = LogEntry.objects.get_for_object(expenditure).get()
        assert (entry.action, entry.actor, entry.object_repr) == (0, staff, str(expenditure))


def entries_of(obj):
    entry = LogEntry.objects.get_for_object(obj).order_by("pk").last()
    varying = {"id", "name", "parent", "recorded_at", "evidence_reference"}
    return entry.action, {k: v for k, v in entry.changes.items() if k not in varying}


def test_bulk_and_one_by_one_audit_entries_are_alike(ledger, staff):
    line = BudgetLine.objects.get(name="행사비")
    alone = services.record_expenditure(
        actor=staff,
        line_id=line.pk,
        date=dt.date(2024, 6, 1),
        amount=5,
        payee="A",
        evidence_type="card",
        evidence_reference="X-1",
    )
    entry = services.ExpenditureEntry(line.pk, dt.date(2024, 6, 1), 5, "A", "card", "X-2")
    (together,) = services.record_expenditures([entry], actor=staff)
    assert entries_of(together) == entries_of(alone)
    new = budget_services.LineEntry(2024, None, "revenue", ("잡수입", "하나"), {"budgeted": 7})
    one, _outcome = budget_services.save_budget_line(
        actor=staff,
        fiscal_year=new.fiscal_year,
        program=None,
        kind=new.kind,
        path=new.path,
        amounts=new.amounts,
    )
    ((many, _outcome),) = budget_services.save_budget_lines(
        [replace(new, path=("잡수입", "둘"))], actor=staff
    )
    assert entries_of(many) == entries_of(one)


def test_the_bulk_services_refuse_what_the_one_by_one_services_refuse(ledger, staff):
    line = BudgetLine.objects.get(name="행사비")  # 30,000,000 budgeted, 12,345,000 spent
    entry = services.ExpenditureEntry(line.pk, dt.date(2024, 6, 1), 10_000_000, "A", "card", "X")
    with pytest.raises(ValidationError) as refused:
        services.record_expenditures([entry, entry], actor=staff)  # together over what is left
    assert refused.value.error_dict["amount"][0].code == "over_line_budget"
    with pytest.raises(ValidationError) as refused:
        services.record_expenditures([replace(entry, date=dt.date(2023, 1, 1))], actor=staff)
    assert refused.value.error_dict["date"][0].code == "outside_fiscal_year"
    smaller = budget_services.LineEntry(
        2024, None, "expenditure", ("사업비", "판로지원", "행사비"), {"budgeted": 1_000}
    )
    with pytest.raises(ValidationError) as refused:
        budget_services.save_budget_lines([smaller], actor=staff)
    assert refused.value.code == "below_executed"
    too_deep = replace(smaller, path=("인건비", "인건비", "급여", "수당"))
    with pytest.raises(ValidationError) as refused:
        budget_services.save_budget_lines([too_deep], actor=staff)
    assert refused.value.code == "bad_line"
    under_a_leaf = replace(smaller, kind="revenue", path=("이자수입", "이자수입", "예금"))
    with pytest.raises(ValidationError) as refused:
        budget_services.save_budget_lines([under_a_leaf], actor=staff)
    assert refused.value.code == "parent_is_leaf"
    parent = replace(smaller, path=("사업비", "판로지원"), amounts={"budgeted": 5})
    with pytest.raises(ValidationError) as refused:
        budget_services.save_budget_lines([parent], actor=staff)
    assert refused.value.code == "not_leaf_line"
    assert Expenditure.objects.count() == 4
    assert BudgetLine.objects.get(name="행사비").budgeted_amount == 30_000_000
