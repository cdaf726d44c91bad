"""사회투자기금 현황: totals, by intermediary and product, arrears and deposits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from funds.models import Deposit
from funds.selectors import fund_status
from reports.workbooks.common import Column, Progress, SheetWriter
from seoul_se.core.excel import Book
from seoul_se.core.money import to_unit


def fund_summary_sheet(wb: Book, as_of: dt.date, title: str) -> Any:
    """Fund totals in 원 and 백만원 (each figure rounded half up to 백만원 on its own)."""
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
    wb = Book(path, tmpdir=path.parent)
    report(10, "기금 현황 계산")
    status = fund_summary_sheet(wb, as_of, "요약")
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
    wb.close()
    return {"total_lent": status.total_lent, "outstanding": status.outstanding}
