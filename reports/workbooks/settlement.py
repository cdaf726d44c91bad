"""정산 보고서: 요약, 세입, 세출, 결산, 지출원장, 감사지적 (one budget's settlement)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports import rules, selectors
from reports.models import Budget, LineKind
from reports.workbooks.common import Column, Progress, SheetWriter
from seoul_se.core.excel import Book
from seoul_se.core.money import to_unit

LINE_COLUMNS = [Column("관", 18), Column("항", 22), Column("목", 26)]


def path3(row: selectors.LineRow) -> list[str]:
    return [*row.path, "", ""][:3]


def _revenue_sheet(wb: Book, budget: Budget) -> int:
    sheet = SheetWriter(
        wb,
        "세입",
        f"{budget.fiscal_year}년 {budget.title} 세입 내역",
        "원",
        [
            *LINE_COLUMNS,
            Column("예산액", 18, "money"),
            Column("집행액", 18, "money"),
            Column("차액(집행액-예산액)", 18, "money"),
        ],
    )
    for r in selectors.leaf_rows(selectors.line_rows(budget, LineKind.REVENUE)):
        sheet.row([*path3(r), r.revised, r.executed, r.revenue_difference])
    sheet.total_row()
    return int(sheet.sums[4])


def _expenditure_sheet(wb: Book, budget: Budget) -> int:
    sheet = SheetWriter(
        wb,
        "세출",
        f"{budget.fiscal_year}년 {budget.title} 세출 내역",
        "원",
        [
            *LINE_COLUMNS,
            Column("예산액(배정액)", 18, "money"),
            Column("예산변경", 14, "money"),
            Column("전년이월", 14, "money"),
            Column("예산현액", 18, "money"),
            Column("집행액", 18, "money"),
            Column("차년이월", 14, "money"),
            Column("집행잔액(예산현액-집행액-차년이월)", 22, "money"),
        ],
    )
    # 예산현액 and 집행잔액 come from LineRow, as on the budget page and in the 결산 sheet.
    for r in selectors.leaf_rows(selectors.line_rows(budget, LineKind.EXPENDITURE)):
        sheet.row(
            [
                *path3(r),
                r.budgeted,
                r.change,
                r.carried_in,
                r.current,
                r.executed,
                r.carried_out,
                r.remaining,
            ]
        )
    disbursed = selectors.program_disbursements(budget)
    if disbursed:
        left = rules.remaining(current=0, executed=disbursed, carried_out=0)
        sheet.row(["지원사업 교부", "", "", 0, 0, 0, 0, disbursed, 0, left])
    sheet.total_row()
    return int(sheet.sums[7])


def _summary_sheet(wb: Book, summary: selectors.SettlementSummary) -> None:
    budget = summary.budget
    sheet = SheetWriter(
        wb,
        "요약",
        f"{budget.fiscal_year}년 {budget.title} 정산 요약",
        "원",
        [Column("항목", 30), Column("금액", 20, "money"), Column("산식·비고", 60)],
    )
    rows = [
        ("세입 예산액", summary.revenue_budget, ""),
        (
            "세입 집행액 (A)",
            summary.revenue_executed,
            f"이자수입 {summary.interest_income:,}원 포함",
        ),
        ("세출 예산액(배정액)", summary.expenditure_budget, ""),
        ("세출 집행액 (B)", summary.expenditure_executed, ""),
        ("집행 잔액 (A-B)", summary.balance, "세입 집행액 - 세출 집행액"),
        ("불인정금액 (C)", summary.disallowed, "감사 지적사항 합계"),
        ("민간위탁금 사용액", summary.grant_used, "시요청사업비·반납금 제외 세출 집행액"),
    ]
    for label, amount, note in rows:
        sheet.row([label, amount, note])
    sheet.row(
        ["최종 반납할 금액 (A-B+C)", summary.amount_to_return, "이자 발생액 포함"], emphasis=True
    )
    sheet.note(f"정산 상태: {budget.get_status_display()}")


def closing_sheet(wb: Book, owner_key: str, up_to_year: int | None, title: str) -> None:
    """The 결산 table in 천원 (seed 003): each amount is rounded half up to 천원 on its own, and
    예산현액/집행잔액 are derived from the rounded figures so every row adds up as printed."""
    sheet = SheetWriter(
        wb,
        "결산",
        title,
        "천원",
        [
            Column("연도", 8),
            Column("최종예산", 14, "money"),
            Column("(국비)", 12, "money"),
            Column("전년이월", 12, "money"),
            Column("예산변경", 12, "money"),
            Column("예산현액", 14, "money"),
            Column("집행액", 14, "money"),
            Column("(국비 집행)", 12, "money"),
            Column("차년이월", 12, "money"),
            Column("집행잔액", 14, "money"),
            Column("최종예산 증감", 14, "money"),
            Column("증감률(%)", 10, "percent"),
            Column("출처", 16),
        ],
    )
    previous: int | None = None
    for row in selectors.closing_table(owner_key, up_to_year):
        k = {
            name: int(to_unit(getattr(row, name), "천원") or 0)
            for name in (
                "final_budget",
                "carried_in",
                "budget_change",
                "executed",
                "carried_out",
                "national_budget",
                "national_executed",
            )
        }
        current = rules.current_budget(
            budgeted=k["final_budget"], change=k["budget_change"], carried_in=k["carried_in"]
        )
        change = selectors.Change(previous, k["final_budget"]) if previous is not None else None
        sheet.row(
            [
                str(row.fiscal_year),
                k["final_budget"],
                k["national_budget"],
                k["carried_in"],
                k["budget_change"],
                current,
                k["executed"],
                k["national_executed"],
                k["carried_out"],
                rules.remaining(
                    current=current, executed=k["executed"], carried_out=k["carried_out"]
                ),
                change.difference if change else None,
                change.percent if change else None,
                "결산 공표자료" if row.published else "집행 기록 집계",
            ]
        )
        previous = k["final_budget"]


def _ledger_sheet(wb: Book, budget: Budget, report: Progress, total_rows: int) -> int:
    sheet = SheetWriter(
        wb,
        "지출원장",
        f"{budget.fiscal_year}년 {budget.title} 지출 원장",
        "원",
        [
            Column("번호", 9, "id"),
            Column("일자", 12, "date"),
            *LINE_COLUMNS,
            Column("지급처", 24),
            Column("적요", 36),
            Column("금액", 16, "money"),
            Column("증빙 종류", 16),
            Column("증빙 번호·참조", 24),
            Column("증빙 파일", 24),
        ],
    )
    step = max(1, total_rows // 20)
    for index, e in enumerate(selectors.iter_ledger(budget), start=1):
        sheet.row(e.as_row())
        if index % step == 0:
            report(30 + 60 * index // max(total_rows, 1), f"지출원장 {index:,}/{total_rows:,}건")
    sheet.total_row()
    return int(sheet.sums[7])


def _findings_sheet(wb: Book, budget: Budget) -> None:
    sheet = SheetWriter(
        wb,
        "감사지적",
        f"{budget.fiscal_year}년 {budget.title} 감사 지적사항",
        "원",
        [
            Column("기록일", 12, "date"),
            Column("관련 과목", 26),
            Column("관련 지출 번호", 14, "id"),
            Column("사유", 60),
            Column("불인정금액", 16, "money"),
            Column("감사인", 16),
        ],
    )
    for f in selectors.findings(budget):
        sheet.row(
            [
                f.created_at.date(),
                f.line.name if f.line else "",
                f.expenditure_id,
                f.reason,
                f.disallowed_amount,
                f.auditor.name or f.auditor.email,
            ]
        )
    sheet.total_row()


def settlement_workbook(budget: Budget, path: Path, report: Progress) -> dict[str, Any]:
    """정산 보고서: 요약, 세입, 세출, 결산, 지출원장, 감사지적."""
    wb = Book(path, tmpdir=path.parent)
    report(5, "정산 요약 계산")
    summary = selectors.settlement_summary(budget)
    _summary_sheet(wb, summary)
    report(10, "세입·세출 내역")
    revenue = _revenue_sheet(wb, budget)
    expenditure = _expenditure_sheet(wb, budget)
    closing_sheet(
        wb,
        budget.owner_key,
        budget.fiscal_year,
        f"{budget.title} 결산 현황 ({budget.fiscal_year}년까지)",
    )
    report(30, "지출원장")
    rows = selectors.expenditure_ledger(budget).count()
    ledger_total = _ledger_sheet(wb, budget, report, rows)
    _findings_sheet(wb, budget)
    report(95, "파일 저장")
    wb.close()
    return {
        "revenue_executed": revenue,
        "expenditure_executed": expenditure,
        "ledger_total": ledger_total,
        "amount_to_return": summary.amount_to_return,
    }
