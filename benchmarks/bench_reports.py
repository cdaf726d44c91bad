"""Workbook generation at volume.

1. A settlement workbook with 100,000 expenditure lines: time and peak memory, side by side with
   plain openpyxl write-only writing the same rows (the ledger sheet's values, no styles) in the
   same run; also against writing the bare database values (ids and codes instead of names).
   Goal: ≤ 1.5× plain openpyxl, peak ≤ 300 MB.
2. The annual performance report for 10,000 indicators. Goal: ≤ 10 s.

Data is generated idempotently in the bench database (budget ``bench``, KPI year 2099).
"""

import datetime as dt
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from benchmarks.common import peak_memory, report, timed

ROWS = 100_000
INDICATORS = 10_000
KPI_YEAR = 2099


def _ledger_budget():  # type: ignore[no-untyped-def]
    from reports import services
    from reports.models import Expenditure, LineKind

    budget = services.ensure_budget(2099, "벤치마크 예산", owner_key="bench")
    lines = [
        services.ensure_line(
            budget,
            LineKind.EXPENDITURE,
            ["제안사업비", f"사업{i // 5}", f"세목{i}"],
            order=i,
            budgeted_amount=10**12,
        )
        for i in range(40)
    ]
    have = Expenditure.objects.filter(line__budget=budget).count()
    rng = random.Random(7)
    batch = []
    for n in range(have, ROWS):
        batch.append(
            Expenditure(
                line=rng.choice(lines),
                date=dt.date(2099, 1, 1) + dt.timedelta(days=n % 365),
                amount=rng.randint(10_000, 5_000_000),
                payee=f"지급처 {n % 997}",
                description=f"사업 운영 경비 집행 {n}",
                evidence_type="tax_invoice",
                evidence_reference=f"TI-2099-{n:06d}",
            )
        )
        if len(batch) == 5000:
            Expenditure.objects.bulk_create(batch)
            batch = []
    if batch:
        Expenditure.objects.bulk_create(batch)
    return budget


def _plain(budget, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Plain openpyxl write-only writing the same ledger rows (the same eleven values per row as
    the workbook's ledger sheet), without styles, totals or the other sheets."""
    from openpyxl import Workbook

    from reports.selectors import iter_ledger

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("지출원장")
    for e in iter_ledger(budget):
        ws.append([value if value != "" else None for value in e.as_row()])
    wb.save(str(path))


def _raw(budget, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The database values only (line id, evidence code): a lower bound, reported alongside."""
    from openpyxl import Workbook

    from reports.selectors import ledger_values

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("지출원장")
    for row in ledger_values(budget).iterator(chunk_size=5000):
        ws.append(list(row))
    wb.save(str(path))


def _indicators() -> None:
    from django.utils import timezone

    from kpis.models import BusinessArea, Indicator, IndicatorValue

    if Indicator.objects.filter(year=KPI_YEAR).count() >= INDICATORS:
        return
    areas = [
        BusinessArea.objects.get_or_create(name=f"벤치 분야 {i:02d}", defaults={"order": i})[0]
        for i in range(20)
    ]
    Indicator.objects.filter(year=KPI_YEAR).delete()
    created = Indicator.objects.bulk_create(
        Indicator(
            area=areas[i % 20],
            year=KPI_YEAR,
            name=f"벤치 지표 {i:05d}",
            unit="건",
            target=Decimal(100 + i % 50),
            order=i % 1000,
        )
        for i in range(INDICATORS)
    )
    now = timezone.now()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=ind,
            period_value=Decimal(90 + n % 30),
            actual=Decimal(90 + n % 30),
            achievement_rate=Decimal(90 + n % 30) / ind.target,
            achievement_percent=int(Decimal(90 + n % 30) * 100 / ind.target),
            computed_at=now,
        )
        for n, ind in enumerate(created)
    )


def main() -> None:
    from reports import workbooks

    budget = _ledger_budget()
    noop = lambda percent, message: None  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        ours, plain = Path(tmp) / "ours.xlsx", Path(tmp) / "plain.xlsx"
        with timed() as plain_time:
            _plain(budget, plain)
        with timed() as ours_time:
            workbooks.settlement_workbook(budget, ours, noop)
        with timed() as raw_time:
            _raw(budget, Path(tmp) / "raw.xlsx")
        # Memory is measured in separate runs: tracemalloc slows the code it watches.
        with peak_memory() as plain_mem:
            _plain(budget, plain)
        with peak_memory() as ours_mem:
            workbooks.settlement_workbook(budget, ours, noop)
        report(
            "reports.settlement_workbook_100k",
            rows=ROWS,
            seconds=ours_time["seconds"],
            plain_openpyxl_seconds=plain_time["seconds"],
            ratio=round(ours_time["seconds"] / plain_time["seconds"], 2),
            raw_values_seconds=raw_time["seconds"],
            ratio_to_raw_values=round(ours_time["seconds"] / raw_time["seconds"], 2),
            peak_mb=ours_mem["peak_mb"],
            plain_peak_mb=plain_mem["peak_mb"],
            file_mb=round(ours.stat().st_size / 1e6, 1),
            plain_file_mb=round(plain.stat().st_size / 1e6, 1),
        )
        _indicators()
        with timed() as perf:
            result = workbooks.performance_workbook(KPI_YEAR, Path(tmp) / "perf.xlsx", noop)
        report("reports.performance_report_10k", seconds=perf["seconds"], **result)
