"""Integrity rules at scale (issue 16): the nightly run over every rule and the check after one
evidence upload.

``INTEGRITY_SCALE=full``: 1,000,000 grant spending rows on 20,000 agreements and 200,000
applications (the programs generator); by default a tenth. 0.1 % of the spending rows repeat
an approval number and 1 % name the payee's account (the related-party check's input); random
payees and amounts give some payments split under the threshold. Figures: seconds and peak Python memory (tracemalloc) of the
full run per rule, and p50/p95 and queries of the incremental check (20 runs).
"""

import datetime as dt
import os
import random
import statistics
import time

from benchmarks import bench_programs
from benchmarks.common import count_queries, peak_memory, report, timed

FULL = os.environ.get("INTEGRITY_SCALE") == "full"
SPENDING = 1_000_000 if FULL else 100_000
APPLICATIONS = 200_000 if FULL else 20_000
AGREEMENTS = 20_000 if FULL else 2_000
BATCH = 10_000


def _agreements() -> list[int]:
    from programs.models import Agreement, Application

    existing = list(
        Agreement.objects.filter(application__call__title__startswith="벤치 공모 ").values_list(
            "pk", flat=True
        )[:AGREEMENTS]
    )
    if len(existing) >= AGREEMENTS:
        return existing
    candidates = (
        Application.objects.filter(call__title__startswith="벤치 공모 ", agreement__isnull=True)
        .select_related("call__program")
        .order_by("pk")[: AGREEMENTS - len(existing)]
    )
    rows = []
    for application in candidates:
        starts = dt.date(application.call.program.year, 3, 1)
        rows.append(
            Agreement(
                application=application,
                program=application.call.program,
                enterprise_id=application.enterprise_id,
                award_amount=50_000_000,
                national_amount=0,
                city_amount=50_000_000,
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=300),
                signed_on=starts,
            )
        )
    Agreement.objects.bulk_create(rows, batch_size=BATCH)
    return list(
        Agreement.objects.filter(application__call__title__startswith="벤치 공모 ").values_list(
            "pk", flat=True
        )[:AGREEMENTS]
    )


def _spending(agreements: list[int]) -> None:
    from programs.models import GrantExpenditure

    if GrantExpenditure.objects.filter(payee__startswith="벤치 ").count() >= SPENDING and (
        GrantExpenditure.objects.exclude(payee_account="").exists()
    ):
        return
    GrantExpenditure.objects.filter(payee__startswith="벤치 ").delete()
    rng = random.Random(16)
    rows = []
    for n in range(SPENDING):
        agreement = agreements[n % len(agreements)]
        repeat = n % 1000 == 999  # reuses the approval number of row n - 1
        rows.append(
            GrantExpenditure(
                agreement_id=agreement,
                spent_on=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                payee=f"벤치 거래처 {rng.randrange(5000)}",
                amount=rng.randrange(10_000, 19_000_000),
                evidence_kind="tax_invoice",
                approval_number=f"{(n - 1 if repeat else n):024d}",
                evidence_sha256=f"{n:064x}",
                payee_account=f"{rng.randrange(10**11):011d}" if n % 100 == 0 else "",
            )
        )
        if len(rows) == BATCH:
            GrantExpenditure.objects.bulk_create(rows)
            rows = []
    GrantExpenditure.objects.bulk_create(rows)


def generate() -> list[int]:
    bench_programs.TOTAL_APPLICATIONS = APPLICATIONS
    bench_programs.BIG_CALL_SIZE = min(bench_programs.BIG_CALL_SIZE, APPLICATIONS // 10)
    enterprises = bench_programs._enterprises()
    calls = bench_programs._calls()
    bench_programs._applications(calls, enterprises)
    agreements = _agreements()
    _spending(agreements)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give in service
        cursor.execute("ANALYZE")
    return agreements


def main() -> None:
    from integrity import services, tasks
    from integrity.models import Flag
    from programs.models import GrantExpenditure

    with timed() as t:
        agreements = generate()
    print(f"generated in {t['seconds']} s", flush=True)
    Flag.objects.all().delete()
    per_rule = {}
    with timed() as total, peak_memory() as memory:
        for rule in tasks.FULL_RULES:
            with timed() as one:
                counts = services.record_findings(rule.full())
            per_rule[rule.RULE] = {"seconds": one["seconds"], "new_flags": counts["new"]}
    report(
        "integrity nightly run",
        spending_rows=GrantExpenditure.objects.count(),
        applications=APPLICATIONS,
        seconds=total["seconds"],
        peak_mb=memory["peak_mb"],
        rules=per_rule,
    )
    latencies = []
    queries = 0
    for n in range(20):
        row = GrantExpenditure.objects.create(
            agreement_id=agreements[n],
            spent_on=dt.date(2024, 6, 1),
            payee=f"벤치 거래처 {n}",
            amount=5_000_000,
            evidence_kind="tax_invoice",
            approval_number=f"{n * 7919:024d}",  # repeats a generated number: a finding
            evidence_sha256=f"f{n:063x}",
        )
        start = time.perf_counter()
        queries, _counts = count_queries(lambda row=row: tasks.check_spending([row.pk], []))
        latencies.append((time.perf_counter() - start) * 1000)
        row.delete()
    latencies.sort()
    report(
        "integrity check after one upload",
        runs=len(latencies),
        p50_ms=round(statistics.median(latencies), 1),
        p95_ms=round(latencies[int(len(latencies) * 0.95) - 1], 1),
        queries=queries,
    )
