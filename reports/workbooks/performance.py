"""연간 성과 보고서: KPI results by business area, the year's programs and the fund."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db.models import Sum

from kpis.selectors import performance_table
from programs.models import Program
from programs.selectors import disbursements_in_year
from reports.workbooks.common import Column, Progress, SheetWriter
from reports.workbooks.fund_status import fund_summary_sheet
from seoul_se.core.excel import Book, writable_text

_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet title (at most 31 characters, no []:*?/\\ or control characters)."""
    base = writable_text(name).translate(_SHEET_TITLE_FORBIDDEN).strip()[:28] or "분야"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:25]}({n})", n + 1
    used.add(title)
    return title


def _quantity(value: Any) -> Any:
    """Targets/actuals: whole numbers as int, others as Decimal (written as a number)."""
    if value is None:
        return None
    return int(value) if value == int(value) else value


def performance_workbook(year: int, path: Path, report: Progress) -> dict[str, Any]:
    """연간 성과 보고서: 요약, one sheet per business area (목표/실적/달성률), 지원사업 실적,
    기금 현황. 달성률 is the KPI app's shown percent (its rounding rule)."""
    wb = Book(path, tmpdir=path.parent)
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
    fund_summary_sheet(wb, dt.date(year, 12, 31), "기금 현황")
    report(95, "파일 저장")
    wb.close()
    return {"areas": len(areas), "indicators": summary.sums[1]}


def _program_results_sheet(wb: Book, year: int) -> None:
    """지원사업 실적: each program of the year with its budget and what was disbursed."""
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
