"""``make bench BENCH=sheets``: readers and writers of the import framework and the portal.

Reading: the same 10,000-row roster as .xlsx read by openpyxl (read-only, the former reader)
and by python-calamine through ``read_table`` (all hostile-file checks included), plus .xls
and CP949 .csv. The roster import end to end (dry run + commit, rolled back) with its queries.
Writing: each workbook the portal writes, by its own builder (settlement of 100,000 lines,
performance report, fund status, registry export of 50,000), with xlsxwriter in constant-memory
mode (``seoul_se.core.excel.Book``, the portal's writer) and with openpyxl write-only (the former
writer, put in ``Book``'s place); wall and CPU seconds and peak memory, each as a ratio to the
fastest writer of the same workbook in this run.
"""

import contextlib
import io
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.common import count_queries, peak_memory, report, timed

ROWS = 10_000
WRITE_REPEATS = 1  # each portal workbook by each writer (the settlement alone is ~100,000 rows)


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


def calamine_alone(data: bytes) -> int:
    """python-calamine without our checks or row handling: the floor of ``read_table``."""
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python())


def measure(func: Callable[[], Any]) -> dict[str, Any]:
    func()  # warm: imports, caches
    best: dict[str, Any] = {}
    for _ in range(3):
        cpu = time.process_time()
        with timed() as took:
            func()
        if not best or took["seconds"] < best["seconds"]:
            best = {**took, "cpu_seconds": round(time.process_time() - cpu, 3)}
    with peak_memory() as memory:
        func()
    return {**best, **memory}


def reading(files: dict[str, bytes]) -> None:
    results = {
        "openpyxl_xlsx": measure(lambda: openpyxl_rows(files["xlsx"])),
        "calamine_alone_xlsx": measure(lambda: calamine_alone(files["xlsx"])),
        "calamine_xlsx": measure(lambda: calamine_rows(files["xlsx"], "a.xlsx")),
        "calamine_xls": measure(lambda: calamine_rows(files["xls"], "a.xls")),
        "csv_cp949": measure(lambda: calamine_rows(files["csv"], "a.csv")),
    }
    fastest = min(r["seconds"] for r in results.values())
    for name, figures in results.items():
        ratio = round(figures["seconds"] / max(fastest, 0.001), 2)
        report(f"sheets.read_{name}", rows=ROWS, ratio_to_fastest=ratio, **figures)


def import_end_to_end(data: bytes, actor: Any) -> dict[str, Any]:
    """Dry run + commit of the 10,000-row roster (rolled back), with query counts. CPU seconds
    are this process's (Python); the rest of the wall time is the database's and waiting for a
    core on a shared machine."""
    from django.db import transaction

    from seoul_se.core.imports import services

    figures: dict[str, Any] = {}
    with transaction.atomic():
        cpu = time.process_time()
        with timed() as dry:
            n_dry, (plan, record) = count_queries(
                lambda: services.dry_run(
                    "enterprises.roster", io.BytesIO(data), "roster.xlsx", actor=actor
                )
            )
        dry_cpu = time.process_time() - cpu
        assert plan.ok, plan.errors[:3]
        record.rows = 0  # in this request, not as a job
        cpu = time.process_time()
        with timed() as commit:
            n_commit, record = count_queries(lambda: services.commit_import(record, actor=actor))
        commit_cpu = time.process_time() - cpu
        assert record.created == ROWS, record.state
        transaction.set_rollback(True)  # keep the bench database unchanged
    figures.update(
        rows=ROWS,
        file_kb=len(data) // 1024,
        dry_run_seconds=dry["seconds"],
        commit_seconds=commit["seconds"],
        seconds=round(dry["seconds"] + commit["seconds"], 3),
        dry_run_cpu_seconds=round(dry_cpu, 3),
        commit_cpu_seconds=round(commit_cpu, 3),
        cpu_seconds=round(dry_cpu + commit_cpu, 3),
        dry_run_queries=n_dry,
        commit_queries=n_commit,
        load_average=round(os.getloadavg()[0], 1),
    )
    return figures


# --- writers --------------------------------------------------------------------------------


class OpenpyxlBook:
    """The former writer, openpyxl write-only, behind ``seoul_se.core.excel.Book``'s interface
    (styled cells built once per column and style and reused, as the former sheet helpers did),
    so the portal's own builders run unchanged on either writer."""

    def __init__(self, path: Path | None = None, *, tmpdir: Path | None = None) -> None:
        from openpyxl import Workbook

        self.path = path
        self.workbook = Workbook(write_only=True)

    def sheet(self, title: str, widths: Sequence[float] = ()) -> "OpenpyxlSheet":
        from openpyxl.utils import get_column_letter

        from seoul_se.core.excel import writable_text

        sheet = self.workbook.create_sheet(writable_text(title))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        return OpenpyxlSheet(sheet)

    def close(self) -> None:
        self.workbook.save(str(self.path))

    def getvalue(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


class OpenpyxlSheet:
    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.cells: dict[tuple[int, Any], Any] = {}

    def _cell(self, column: int, style: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        if (column, style) not in self.cells:
            cell = WriteOnlyCell(self.sheet)
            cell.font = Font(bold=style.bold, size=style.size)
            if style.fill:
                cell.fill = PatternFill("solid", fgColor=style.fill.lstrip("#"))
            if style.border:
                side = Side(style="thin", color="999999")
                cell.border = Border(top=side, bottom=side, left=side, right=side)
            if style.center:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if style.number_format:
                cell.number_format = style.number_format
            self.cells[column, style] = cell
        return self.cells[column, style]

    def append(self, values: Sequence[Any], styles: Sequence[Any] = ()) -> None:
        from seoul_se.core.excel import safe_cell

        out: list[Any] = []
        for column, value in enumerate(values):
            style = styles[column] if styles else None
            value = None if value == "" else safe_cell(value)
            if style is None:
                out.append(value)
            else:
                cell = self._cell(column, style)
                cell.value = value
                out.append(cell)
        self.sheet.append(out)

    def header(self, titles: Sequence[str], style: Any = None) -> None:
        from seoul_se.core.excel import HEADER

        self.append(titles, [style or HEADER] * len(titles))

    def print_setup(self, header_row: int) -> None:
        from seoul_se.core.excel import A4

        self.sheet.freeze_panes = f"A{header_row + 1}"
        self.sheet.print_title_rows = f"{header_row}:{header_row}"
        self.sheet.page_setup.orientation = "landscape"
        self.sheet.page_setup.paperSize = A4
        self.sheet.page_setup.fitToWidth = 1
        self.sheet.page_setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True


# The modules whose builders write with ``Book``: swapped for ``OpenpyxlBook`` in the openpyxl run.
BUILDER_MODULES = (
    "reports.workbooks.settlement",
    "reports.workbooks.fund_status",
    "reports.workbooks.performance",
    "enterprises.exporting",
)


@contextlib.contextmanager
def writer(name: str) -> Iterator[None]:
    if name == "xlsxwriter":
        yield
        return
    with contextlib.ExitStack() as stack:
        for module in BUILDER_MODULES:
            stack.enter_context(mock.patch(f"{module}.Book", OpenpyxlBook))
        yield


def portal_workbooks() -> dict[str, Callable[[Path], Any]]:
    """Each workbook the portal writes, by its own builder, on the bench data: the settlement
    of the 100,000-line bench budget, the performance report of 10,000 indicators, the fund
    status (the loans the bench database holds: 20,000 after ``BENCH=funds``), and the registry
    export of the 50,000 generated enterprises as a staff member downloads it."""
    from benchmarks.bench_enterprises import generate
    from benchmarks.bench_funds import AS_OF
    from benchmarks.bench_reports import KPI_YEAR, _indicators, _ledger_budget
    from enterprises import exporting
    from enterprises.access import personal_data_policy, visible_enterprises
    from enterprises.selectors import for_list
    from reports import workbooks
    from seoul_se.accounts.models import User

    budget = _ledger_budget()
    _indicators()
    generate()
    staff, _ = User.objects.get_or_create(
        email="bench-staff@seoul-se.kr", defaults={"name": "벤치 직원", "role": "centre_staff"}
    )

    def noop(percent: int, message: str) -> None:
        pass

    def registry(path: Path) -> None:
        rows = for_list(visible_enterprises(staff).order_by("name", "pk"))
        book = exporting.export_workbook(
            rows.iterator(chunk_size=2000), policy=personal_data_policy(staff)
        )
        path.write_bytes(book.getvalue())

    return {
        "settlement_100k": lambda path: workbooks.settlement_workbook(budget, path, noop),
        "performance_report": lambda path: workbooks.performance_workbook(KPI_YEAR, path, noop),
        "fund_status": lambda path: workbooks.fund_workbook(AS_OF, path, noop),
        "registry_export_50k": registry,
    }


def writing() -> None:
    """Each portal workbook by each writer, alternating: wall and CPU seconds (best of
    ``WRITE_REPEATS``), then peak Python memory in a separate run (tracemalloc slows what it
    watches); ratios to the fastest writer of the same workbook in this run."""
    from funds.models import Loan

    with tempfile.TemporaryDirectory() as tmp:
        for name, build in portal_workbooks().items():
            path = Path(tmp) / f"{name}.xlsx"
            results: dict[str, dict[str, Any]] = {}
            for _ in range(WRITE_REPEATS):
                for engine in ("openpyxl", "xlsxwriter"):
                    with writer(engine):
                        cpu = time.process_time()
                        with timed() as took:
                            build(path)
                        cpu = round(time.process_time() - cpu, 3)
                    best = results.setdefault(engine, {"seconds": took["seconds"], "cpu": cpu})
                    best["seconds"] = min(best["seconds"], took["seconds"])
                    best["cpu"] = min(best["cpu"], cpu)
            for engine in results:
                with writer(engine), peak_memory() as memory:
                    build(path)
                results[engine].update(memory, file_kb=path.stat().st_size // 1024)
            fastest = min(r["seconds"] for r in results.values())
            fastest_cpu = min(r["cpu"] for r in results.values())
            for engine, figures in results.items():
                report(
                    f"sheets.write_{name}_{engine}",
                    ratio_to_fastest=round(figures["seconds"] / max(fastest, 0.001), 2),
                    cpu_ratio_to_fastest=round(figures["cpu"] / max(fastest_cpu, 0.001), 2),
                    loans=Loan.objects.count() if name == "fund_status" else None,
                    load_average=round(os.getloadavg()[0], 1),
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
    if os.environ.get("BENCH_SHEETS_WRITERS", "1") != "0":  # 0: the reading and import parts only
        writing()
