"""``make bench BENCH=sheets``: readers and writers of the import framework and the portal.

Reading: the same 10,000-row roster as .xlsx read by openpyxl (read-only, the former reader)
and by python-calamine through ``read_table`` (all hostile-file checks included), plus .xls
and CP949 .csv. The roster import end to end (dry run + commit, rolled back) with its queries.
Writing: each portal workbook's shape (registry export 50,000 rows, settlement ledger 100,000
lines, performance report, fund status) by openpyxl write-only (the portal's writer) and by
xlsxwriter in constant-memory mode; every figure also as a ratio to the fastest in this run.
"""

import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import count_queries, peak_memory, report, timed

ROWS = 10_000
# (rows, columns) of each workbook the portal writes, at the sizes of issue 14.
WORKBOOKS = {
    "registry_export": (50_000, 15),
    "settlement_ledger": (100_000, 10),
    "performance_report": (600, 12),
    "fund_status": (3_000, 12),
}


def roster_files() -> dict[str, bytes]:
    from enterprises.demo import synthetic_number
    from tests.enterprises.factories import roster_csv, roster_row, roster_xls, roster_xlsx

    # Numbers from a prefix range the generated registry does not use (800–800+).
    rows = [
        roster_row(n, business_number=synthetic_number(800 + n // 10_000, "82", n % 10_000))
        for n in range(ROWS)
    ]
    return {"xlsx": roster_xlsx(rows), "xls": roster_xls(rows), "csv": roster_csv(rows, "cp949")}


def openpyxl_rows(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    count = sum(1 for _ in sheet.iter_rows(values_only=True))
    workbook.close()
    return count - 1


def calamine_rows(data: bytes, name: str) -> int:
    from seoul_se.core.imports.readers import read_table

    table = read_table(io.BytesIO(data), name, max_bytes=10 * 1024 * 1024, expected=("기업명",))
    return len(table.rows)


def measure(func: Callable[[], Any]) -> dict[str, Any]:
    func()  # warm: imports, caches
    best: dict[str, Any] = {}
    for _ in range(3):
        with timed() as took:
            func()
        if not best or took["seconds"] < best["seconds"]:
            best = dict(took)
    with peak_memory() as memory:
        func()
    return {**best, **memory}


def reading(files: dict[str, bytes]) -> None:
    results = {
        "openpyxl_xlsx": measure(lambda: openpyxl_rows(files["xlsx"])),
        "calamine_xlsx": measure(lambda: calamine_rows(files["xlsx"], "a.xlsx")),
        "calamine_xls": measure(lambda: calamine_rows(files["xls"], "a.xls")),
        "csv_cp949": measure(lambda: calamine_rows(files["csv"], "a.csv")),
    }
    fastest = min(r["seconds"] for r in results.values())
    for name, figures in results.items():
        ratio = round(figures["seconds"] / max(fastest, 0.001), 2)
        report(f"sheets.read_{name}", rows=ROWS, ratio_to_fastest=ratio, **figures)


def import_end_to_end(data: bytes, actor: Any) -> dict[str, Any]:
    """Dry run + commit of the 10,000-row roster (rolled back), with query counts."""
    from django.db import transaction

    from seoul_se.core.imports import services

    figures: dict[str, Any] = {}
    with transaction.atomic():
        with timed() as dry:
            n_dry, (plan, record) = count_queries(
                lambda: services.dry_run(
                    "enterprises.roster", io.BytesIO(data), "roster.xlsx", actor=actor
                )
            )
        assert plan.ok, plan.errors[:3]
        record.rows = 0  # in this request, not as a job
        with timed() as commit:
            n_commit, record = count_queries(lambda: services.commit_import(record, actor=actor))
        assert record.created == ROWS, record.state
        transaction.set_rollback(True)  # keep the bench database unchanged
    figures.update(
        rows=ROWS,
        file_kb=len(data) // 1024,
        dry_run_seconds=dry["seconds"],
        commit_seconds=commit["seconds"],
        seconds=round(dry["seconds"] + commit["seconds"], 3),
        dry_run_queries=n_dry,
        commit_queries=n_commit,
    )
    return figures


# --- writers --------------------------------------------------------------------------------


def sample_rows(rows: int, columns: int) -> Iterator[list[Any]]:
    day = dt.date(2024, 1, 1)
    for n in range(rows):
        row: list[Any] = [day + dt.timedelta(days=n % 365), f"항목 {n} 사회적경제 지원"]
        row += [n * 1_000 + c for c in range(columns - 4)]
        row += ["=위험" if n % 997 == 0 else "메모", f"서울특별시 마포구 {n}"]
        yield row


def write_openpyxl(rows: int, columns: int, path: Path) -> None:
    from openpyxl import Workbook

    from seoul_se.core.excel import header_cells, safe_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("자료")
    sheet.append(header_cells(sheet, [f"열{c}" for c in range(columns)]))
    for row in sample_rows(rows, columns):
        sheet.append(safe_row(row))
    workbook.save(str(path))


def write_xlsxwriter(rows: int, columns: int, path: Path) -> None:
    import xlsxwriter

    from seoul_se.core.excel import safe_row

    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "tmpdir": str(path.parent)},
    )
    sheet = workbook.add_worksheet("자료")
    bold = workbook.add_format({"bold": True, "bg_color": "#DDE7F0"})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, [f"열{c}" for c in range(columns)], bold)
    for number, row in enumerate(sample_rows(rows, columns), start=1):
        values = safe_row(row)
        sheet.write_datetime(number, 0, values[0], dates)
        sheet.write_row(number, 1, values[1:])
    workbook.close()


def writing() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, (rows, columns) in WORKBOOKS.items():
            results = {}
            for writer, func in (("openpyxl", write_openpyxl), ("xlsxwriter", write_xlsxwriter)):
                path = Path(folder) / f"{name}-{writer}.xlsx"
                with timed() as took, peak_memory() as memory:
                    func(rows, columns, path)
                results[writer] = {**took, **memory, "file_kb": path.stat().st_size // 1024}
            fastest = min(r["seconds"] for r in results.values())
            for writer, figures in results.items():
                report(
                    f"sheets.write_{name}_{writer}",
                    rows=rows,
                    columns=columns,
                    ratio_to_fastest=round(figures["seconds"] / max(fastest, 0.001), 2),
                    **figures,
                )


def main() -> None:
    from seoul_se.accounts.models import User

    files = roster_files()
    reading(files)
    user, _ = User.objects.get_or_create(
        email="bench-staff@seoul-se.kr", defaults={"name": "벤치 직원", "role": "centre_staff"}
    )
    report("sheets.roster_import_10000_rows", **import_end_to_end(files["xlsx"], user))
    writing()
