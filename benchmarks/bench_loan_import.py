"""Import of loans with their history from one workbook, and a monthly repayment report
(issue 14; docs/funds.md "Imports").

``make bench BENCH=loan_import``: 20,000 loans with 50 repayments each (1,000,000 transaction
rows, sheets 대출 and 거래) checked (``dry_run``) and committed (``run_commit``: the file is read
and planned again inside the one transaction, then written) — all or nothing, rolled back at the
end so the bench database stays as it was. Then a report of 5,000 rows (one instalment for each
of 5,000 loans) is checked and committed the same way. ``LOAN_IMPORT_SCALE=2000`` for a smaller
run (transactions stay 50 per loan). Prints wall and CPU time (the machine is shared: CPU
seconds of this process are the steadier figure), the process's peak RSS (``ru_maxrss``), the
Python heap peak (tracemalloc, a second pass: tracing slows Python down) and query counts
(COPY statements are not counted by Django).

The kind declares its own reader limits (``LoanHistory.max_cells`` 6,000,000 cells per sheet,
``max_unpacked`` 400 MB; the zip ratio and member checks stay), so the bench reads its file
through the same guards as an upload.
"""

import os
import resource
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS, report

SCALE = int(os.environ.get("LOAN_IMPORT_SCALE", "20000"))
PER_LOAN = 50
REPORT_ROWS = min(5_000, SCALE)  # one row per loan
INTERMEDIARIES = 10


class Rollback(Exception):
    pass


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _world() -> tuple[Any, list[Any], list[str]]:
    from funds import services
    from funds.demo import generated_enterprises
    from funds.models import Intermediary, LoanProduct
    from seoul_se.accounts.models import Role, User

    fund = services.main_fund()
    names = [f"벤치 수행기관 {n}" for n in range(INTERMEDIARIES)]
    for name in names:
        Intermediary.objects.get_or_create(name=name, defaults={"fund": fund})
    LoanProduct.objects.update_or_create(
        code="bench-import",
        defaults={
            "fund": fund,
            "name": "벤치 가져오기 융자",
            "category": "enterprise",
            "cap": 300_000_000,
            "rate": "0.03",
            "term_months": 60,
            "grace_months": 12,
            "repayment_method": "equal_instalment",
            "frequency": "monthly",
        },
    )
    from enterprises.models import Enterprise

    ids = generated_enterprises(1_000, prefix=800, name="벤치 가져오기 기업")
    borrowers = list(
        Enterprise.objects.filter(pk__in=ids).values_list("business_number", flat=True)
    )
    actor, _ = User.objects.get_or_create(
        email="bench-import@seoul-se.kr", defaults={"name": "벤치 공무원", "role": Role.OFFICIAL}
    )
    return actor, names, borrowers


def _specs(names: list[str], borrowers: list[str], prefix: str) -> list[Any]:
    import datetime as dt

    from benchmarks.loan_workbook import LoanSpec

    start = dt.date(2019, 1, 2)
    return [
        LoanSpec(
            number=f"{prefix}-{n:06d}",
            intermediary=names[n % len(names)],
            registration_number=borrowers[n % len(borrowers)],
            product="bench-import",
            amount=10_000_000 + (n % 100) * 1_000_000,
            start=start + dt.timedelta(days=n % 365),
            paid=PER_LOAN,
        )
        for n in range(SCALE)
    ]


def _workbook(specs: list[Any]) -> Path:
    from benchmarks.loan_workbook import write_loan_workbook

    path = RESULTS / f"loan_import_{SCALE}.xlsx"
    if not path.exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_loan_workbook(str(path), specs)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def _import(kind: str, path: Path, actor: Any, *, trace: bool) -> dict[str, Any]:
    """dry_run + run_commit of ``path`` in a transaction rolled back afterwards."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from seoul_se.core.imports.services import dry_run, run_commit

    figures: dict[str, Any] = {}
    if trace:
        tracemalloc.start()
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                started, cpu = time.perf_counter(), time.process_time()
                with path.open("rb") as upload:
                    plan, record = dry_run(kind, upload, path.name, actor=actor)
                figures["check_s"] = round(time.perf_counter() - started, 1)
                figures["check_cpu_s"] = round(time.process_time() - cpu, 1)
                assert plan.ok, plan.errors[:5]
                del plan  # the commit re-plans from the stored file, as a later request would
                figures["check_queries"] = len(queries.captured_queries)
                started, cpu = time.perf_counter(), time.process_time()
                record = run_commit(record.pk, actor=actor)
                figures["commit_s"] = round(time.perf_counter() - started, 1)
                figures["commit_cpu_s"] = round(time.process_time() - cpu, 1)
                assert record.state == "committed", record.report.get("errors", [])[:5]
            figures["queries"] = len(queries.captured_queries)
            figures["rows"] = record.rows
            raise Rollback
    except Rollback:
        pass
    finally:
        if trace:
            figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
            tracemalloc.stop()
    figures["maxrss_mb"] = _maxrss_mb()
    return figures


def _report_file(specs: list[Any], path: Path) -> None:
    from benchmarks.loan_workbook import write_report

    rows = []
    for spec in specs[:REPORT_ROWS]:
        nxt = spec.instalments()[spec.paid]
        rows.append([spec.number, None, nxt.due_date, nxt.total, f"BENCH-{spec.number}"])
    write_report(str(path), rows)


def main() -> None:
    from django.db import transaction

    from funds.models import Loan
    from funds.services.history import import_loan_history

    actor, names, borrowers = _world()
    specs = _specs(names, borrowers, "BENCH")
    path = _workbook(specs)
    baseline = _maxrss_mb()
    loans = _import("funds.loans", path, actor, trace=False)
    report(
        "loan_import",
        loans=SCALE,
        transactions=SCALE * PER_LOAN,
        file_mb=round(path.stat().st_size / 1e6, 1),
        maxrss_before_mb=baseline,
        **loans,
    )
    if os.environ.get("LOAN_IMPORT_TRACE", "1") != "0":
        traced = _import("funds.loans", path, actor, trace=True)
        report("loan_import_traced", loans=SCALE, **traced)
    # The monthly report needs the loans: they are written (without the framework) and the
    # report is checked and committed on top, all rolled back at the end.
    # A report is one intermediary's: its loans are all lent by the first one.
    specs = _specs(names[:1], borrowers, "BREP")[:REPORT_ROWS]
    report_path = RESULTS / f"repayment_report_{REPORT_ROWS}.xlsx"
    _report_file(specs, report_path)
    try:
        with transaction.atomic():
            _write_loans(specs, actor, import_loan_history)
            assert Loan.objects.filter(number__startswith="BREP-").count() == REPORT_ROWS
            figures = _import("funds.repayment_report", report_path, actor, trace=False)
            report("repayment_report_import", report_rows=REPORT_ROWS, **figures)
            raise Rollback
    except Rollback:
        pass


def _write_loans(specs: list[Any], actor: Any, write: Any) -> None:
    import io

    from benchmarks.loan_workbook import write_loan_workbook
    from seoul_se.core.imports.services import dry_run

    out = io.BytesIO()
    write_loan_workbook(out, specs)
    out.seek(0)
    plan, _ = dry_run("funds.loans", out, "report-loans.xlsx", actor=actor)
    assert plan.ok, plan.errors[:5]
    write([row.values["draft"] for row in plan.rows], actor=actor)
