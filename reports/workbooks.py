"""Excel workbooks (openpyxl, write-only mode so large ledgers stream in constant memory).

Every sheet has a title row, a unit row, one bold header row (frozen and repeated when printed),
column widths, A4 landscape print setup and ``#,##0`` number formats. Totals are written as
values computed here from the rows written, so a total always equals the sum of its lines.
Text from the database is neutralised against formula injection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from reports import selectors
from reports.models import Budget, LineKind
from seoul_se.core.excel import safe_cell
from seoul_se.core.money import to_unit

NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = '0"%"'
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 3  # row 1: title, row 2: unit, row 3: headers; data starts at row 4

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    # text | money | number | date | percent | id (a record number: plain, no separators)
    kind: str = "text"
    summed: bool | None = None  # in the total row; default: money columns

    @property
    def in_total(self) -> bool:
        return self.kind == "money" if self.summed is None else self.summed


class SheetWriter:
    """One write-only sheet. Number columns get a styled cell built once and reused for every
    row (a write-only sheet serialises each row as it is appended); text and date values are
    passed as plain values (dates get openpyxl's date format), which keeps 100,000-row ledgers
    close to plain openpyxl speed."""

    def __init__(
        self, workbook: Workbook, title: str, heading: str, unit: str, columns: Sequence[Column]
    ) -> None:
        ws: WriteOnlyWorksheet = workbook.create_sheet(title)
        self.ws = ws
        self.columns = columns
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.append([self._cell(heading, font=_TITLE)])
        ws.append([self._cell(f"(단위: {unit})")] if unit else [])
        ws.append(
            [
                self._cell(c.header, font=_BOLD, fill=_HEADER_FILL, border=True, center=True)
                for c in columns
            ]
        )
        self._cells = [
            self._data_cell(c) if c.kind in ("money", "number", "percent") else None
            for c in columns
        ]
        self._total_cells = [self._data_cell(c, total=True) for c in columns]
        self._summed = [i for i, c in enumerate(columns) if c.in_total]
        self.sums: list[Any] = [0] * len(columns)

    def _cell(
        self,
        value: Any,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: bool = False,
        center: bool = False,
    ) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=safe_cell(value))
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if border:
            cell.border = _BORDER
        if center:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return cell

    def _data_cell(self, column: Column, total: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        if column.kind in ("money", "number"):
            cell.number_format = NUMBER_FORMAT
        elif column.kind == "percent":
            cell.number_format = PERCENT_FORMAT
        elif column.kind == "date":
            cell.number_format = DATE_FORMAT
        if total:
            cell.font = _BOLD
            cell.fill = _TOTAL_FILL
            cell.border = _BORDER
        return cell

    def row(self, values: Sequence[Any], emphasis: bool = False) -> None:
        """A data row (added to the running totals) or, with ``emphasis``, a bold result row."""
        templates = self._total_cells if emphasis else self._cells
        out: list[Any] = []
        for cell, value in zip(templates, values, strict=True):
            if cell is None:
                # An empty text is a blank cell, which openpyxl skips instead of writing.
                out.append(safe_cell(value) if value != "" else None)
            else:
                cell.value = safe_cell(value)
                out.append(cell)
        self.ws.append(out)
        if not emphasis:
            for i in self._summed:
                self.sums[i] += values[i] or 0

    def total_row(self, label: str = "합계") -> None:
        """The total row: each summed column is the sum of the data rows written above."""
        values: list[Any] = [None] * len(self.columns)
        values[0] = label
        for i in self._summed:
            values[i] = self.sums[i]
        self.row(values, emphasis=True)

    def note(self, text: str) -> None:
        self.ws.append([])
        self.ws.append([self._cell(text)])


# --- settlement report -----------------------------------------------------------------------

LINE_COLUMNS = [Column("관", 18), Column("항", 22), Column("목", 26)]


def _path3(row: selectors.LineRow) -> list[str]:
    return [*row.path, "", ""][:3]


def _revenue_sheet(wb: Workbook, budget: Budget) -> int:
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
        sheet.row([*_path3(r), r.budgeted + r.change, r.executed, r.revenue_difference])
    sheet.total_row()
    return int(sheet.sums[4])


def _expenditure_sheet(wb: Workbook, budget: Budget) -> int:
    sheet = SheetWriter(
        wb,
        "세출",
        f"{budget.fiscal_year}년 {budget.title} 세출 내역",
        "원",
        [
            *LINE_COLUMNS,
            Column("예산액(배정액)", 18, "money"),
            Column("예산변경", 14, "money"),
            Column("집행액", 18, "money"),
            Column("차액(예산-집행)", 18, "money"),
        ],
    )
    for r in selectors.leaf_rows(selectors.line_rows(budget, LineKind.EXPENDITURE)):
        sheet.row(
            [*_path3(r), r.budgeted, r.change, r.executed, r.budgeted + r.change - r.executed]
        )
    disbursed = selectors.program_disbursements(budget)
    if disbursed:
        sheet.row(["지원사업 교부", "", "", 0, 0, disbursed, -disbursed])
    sheet.total_row()
    return int(sheet.sums[5])


def _summary_sheet(wb: Workbook, summary: selectors.SettlementSummary) -> None:
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


def closing_sheet(wb: Workbook, owner_key: str, up_to_year: int | None, title: str) -> None:
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
        current = k["final_budget"] + k["carried_in"] + k["budget_change"]
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
                current - k["executed"] - k["carried_out"],
                change.difference if change else None,
                change.percent if change else None,
                "결산 공표자료" if row.published else "집행 기록 집계",
            ]
        )
        previous = k["final_budget"]


def _ledger_sheet(wb: Workbook, budget: Budget, report: Progress, total_rows: int) -> int:
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


def _findings_sheet(wb: Workbook, budget: Budget) -> None:
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
    wb = Workbook(write_only=True)
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
    wb.save(str(path))
    return {
        "revenue_executed": revenue,
        "expenditure_executed": expenditure,
        "ledger_total": ledger_total,
        "amount_to_return": summary.amount_to_return,
    }


# --- annual performance report -------------------------------------------------------------

_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet title (at most 31 characters, no []:*?/\\)."""
    base = name.translate(_SHEET_TITLE_FORBIDDEN).strip()[:28] or "분야"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:25]}({n})", n + 1
    used.add(title)
    return title


def _quantity(value: Any) -> Any:
    """Targets/actuals: whole numbers as int, others as Decimal (openpyxl writes its digits)."""
    if value is None:
        return None
    return int(value) if value == int(value) else value


def performance_workbook(year: int, path: Path, report: Progress) -> dict[str, Any]:
    """연간 성과 보고서: 요약, one sheet per business area (목표/실적/달성률), 지원사업 실적,
    기금 현황. 달성률 is the KPI app's shown percent (its rounding rule)."""
    from kpis.selectors import performance_table

    wb = Workbook(write_only=True)
    report(5, "성과 지표 읽는 중")
    areas = performance_table(year)
    summary = SheetWriter(
        wb,
        "요약",
        f"{year}년 연간 성과 보고서 요약",
        "개",
        [
            Column("사업 분야", 30),
            Column("지표 수", 10, "number", summed=True),
            Column("달성(100% 이상)", 14, "number", summed=True),
            Column("미달성", 10, "number", summed=True),
            Column("실적 없음", 10, "number", summed=True),
        ],
    )
    used = {"요약", "지원사업 실적", "기금 현황"}
    area_sheets: list[tuple[str, Any]] = []
    for block in areas:
        counts = [
            len(block.rows),
            sum(1 for r in block.rows if r.percent is not None and r.percent >= 100),
            sum(1 for r in block.rows if r.percent is not None and r.percent < 100),
            sum(1 for r in block.rows if r.percent is None),
        ]
        summary.row([block.area, *counts])
        area_sheets.append((_sheet_title(block.area, used), block))
    summary.total_row()
    for index, (title, block) in enumerate(area_sheets, start=1):
        sheet = SheetWriter(
            wb,
            title,
            f"{year}년 {block.area} 성과",
            "지표별 단위",
            [
                Column("지표", 40),
                Column("단위", 10),
                Column("목표", 14, "number"),
                Column("실적", 14, "number"),
                Column("달성률(%)", 12, "percent"),
                Column("추이", 6),
            ],
        )
        for r in block.rows:
            sheet.row(
                [r.name, r.unit, _quantity(r.target), _quantity(r.actual), r.percent, r.arrow]
            )
        report(5 + 70 * index // max(len(area_sheets), 1), f"{block.area} 작성")
    _program_results_sheet(wb, year)
    report(85, "기금 현황")
    _fund_summary_sheet(wb, dt.date(year, 12, 31), "기금 현황")
    report(95, "파일 저장")
    wb.save(str(path))
    return {"areas": len(areas), "indicators": summary.sums[1]}


def _program_results_sheet(wb: Workbook, year: int) -> None:
    """지원사업 실적: each program of the year with its budget and what was disbursed."""
    from django.db.models import Sum

    from programs.models import Program
    from programs.selectors import disbursements_in_year

    paid = dict(
        disbursements_in_year(year)
        .order_by()
        .values_list("agreement__program_id")
        .annotate(total=Sum("amount"))
        .values_list("agreement__program_id", "total")
    )
    sheet = SheetWriter(
        wb,
        "지원사업 실적",
        f"{year}년 지원사업 실적",
        "원",
        [
            Column("사업명", 36),
            Column("사업 유형", 18),
            Column("예산액", 18, "money"),
            Column("국비", 16, "money"),
            Column("시비", 16, "money"),
            Column("교부액", 18, "money"),
        ],
    )
    for program in Program.objects.filter(year=year).order_by("program_type", "name"):
        sheet.row(
            [
                program.name,
                program.get_program_type_display(),
                program.budget_amount,
                program.national_amount,
                program.city_amount,
                int(paid.get(program.pk) or 0),
            ]
        )
    sheet.total_row()


# --- fund status -----------------------------------------------------------------------------


def _fund_summary_sheet(wb: Workbook, as_of: dt.date, title: str) -> Any:
    """Fund totals in 원 and 백만원 (each figure rounded half up to 백만원 on its own)."""
    from funds.selectors import fund_status

    status = fund_status(as_of)
    sheet = SheetWriter(
        wb,
        title,
        f"사회투자기금 현황 ({as_of:%Y-%m-%d} 기준)",
        "원, 백만원",
        [
            Column("항목", 30),
            Column("금액(원)", 20, "money", summed=False),  # mixed figures: no total row
            Column("금액(백만원)", 16, "money", summed=False),
        ],
    )
    rows = [
        ("누적 융자액", status.total_lent),
        ("회수액(원금)", status.principal_recovered),
        ("대손 상각", status.written_off),
        ("채권잔액 (융자-회수-상각)", status.outstanding),
        ("연체 채권잔액", status.delinquent_outstanding),
        ("이자 수입", status.interest_received),
        ("예치금 합계", status.deposits_total),
    ]
    for label, amount in rows:
        sheet.row([label, amount, to_unit(amount, "백만원")])
    sheet.row(["융자 기업 수(개)", status.enterprise_count, None])
    sheet.row(["융자 건수(건)", status.loan_count, None])
    # PAR is shown as the funds app computes it (ratio to 4 decimals), as a percent text.
    sheet.row(["PAR30", None, f"{status.par30 * 100:.2f}%"])
    sheet.row(["PAR90", None, f"{status.par90 * 100:.2f}%"])
    return status


def fund_workbook(as_of: dt.date, path: Path, report: Progress) -> dict[str, Any]:
    """기금 현황: 요약, 수행기관별, 상품별, 연체, 예치금 — per-row amounts in 원 with totals."""
    from funds.models import Deposit

    wb = Workbook(write_only=True)
    report(10, "기금 현황 계산")
    status = _fund_summary_sheet(wb, as_of, "요약")
    for title, rows in (("수행기관별", status.by_intermediary), ("상품별", status.by_product)):
        sheet = SheetWriter(
            wb,
            title,
            f"{title} 융자 현황 ({as_of:%Y-%m-%d} 기준)",
            "원",
            [
                Column(title.removesuffix("별"), 30),
                Column("융자 건수", 10, "number", summed=True),
                Column("융자액", 18, "money"),
                Column("회수액", 18, "money"),
                Column("대손 상각", 16, "money"),
                Column("채권잔액", 18, "money"),
                Column("이자 수입", 16, "money"),
            ],
        )
        for r in rows:
            sheet.row(
                [
                    r.label,
                    r.loan_count,
                    r.lent,
                    r.recovered,
                    r.written_off,
                    r.outstanding,
                    r.interest_received,
                ]
            )
        sheet.total_row()
        report(50, f"{title} 작성")
    aging = SheetWriter(
        wb,
        "연체",
        f"연체 현황 ({as_of:%Y-%m-%d} 기준)",
        "원",
        [
            Column("연체 기간", 16),
            Column("건수", 10, "number", summed=True),
            Column("채권잔액", 18, "money"),
        ],
    )
    for bucket in status.aging:
        aging.row([bucket.label, bucket.loan_count, bucket.outstanding])
    aging.total_row()
    deposits = SheetWriter(
        wb,
        "예치금",
        f"예치금 현황 ({as_of:%Y-%m-%d} 기준)",
        "원",
        [Column("종류", 16), Column("예치금", 18, "money")],
    )
    labels = dict(Deposit.Kind.choices)
    for kind, amount in status.deposits_by_kind.items():
        deposits.row([str(labels.get(kind, kind)), amount])
    deposits.total_row()
    report(95, "파일 저장")
    wb.save(str(path))
    return {"total_lent": status.total_lent, "outstanding": status.outstanding}
