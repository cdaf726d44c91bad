"""Reviewer calibration of a 2,000-application call with 6,000 reviews (30 reviewers).

Measures the pure computation (``programs.calibration.calibrate``, every method: the three
rankings, reviewer statistics, leave-one-reviewer-out stability and disagreement) and the
ranking page's read (``programs.ranking.ranking_panel``) and page, with their query counts and
the page's CPU time as a multiple of the calibration's.
The call, its applications and reviews are generated once and reused.
"""

import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from benchmarks.common import count_queries, report, timed

APPLICATIONS = 2_000
REVIEWERS = 30
REVIEWS_PER_APPLICATION = 3
SEED = 2026
TITLE = "벤치 보정 공모"


def _call() -> Any:
    from django.utils import timezone

    from programs.models import Call, Program

    program, _ = Program.objects.get_or_create(
        year=2025,
        program_type="innovation",
        defaults={"name": "2025 innovation", "budget_amount": 5_000_000_000},
    )
    opens = dt.datetime(2025, 3, 1, tzinfo=timezone.get_current_timezone())
    call, _ = Call.objects.get_or_create(
        title=TITLE,
        defaults={
            "program": program,
            "opens_at": opens,
            "closes_at": opens + dt.timedelta(days=28),
            "status": Call.Status.CLOSED,
            "budget_envelope": 6_000_000_000,
        },
    )
    return call


def _data(call: Any) -> None:
    """2,000 applications in review; each scored by 3 of 30 reviewers (the panel's biases run
    from −15 to +14 points), quality + bias + Gaussian noise (σ 3), ``random.Random(SEED)``."""
    from benchmarks.bench_programs import _enterprises
    from programs.models import Application, Review
    from seoul_se.accounts.models import User

    if Review.objects.filter(application__call=call).count() >= APPLICATIONS * 3:
        return
    Application.objects.filter(call=call).delete()
    enterprises = _enterprises()[:APPLICATIONS]
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                enterprise_id=enterprise,
                title=f"보정 벤치 사업 {n}",
                requested_amount=20_000_000 + (n % 40) * 1_000_000,
                duration_months=12,
                status="in_review",
                receipt_number=f"2025-혁신-{n + 1:04d}",
                submitted_at=call.opens_at + dt.timedelta(minutes=n),
            )
            for n, enterprise in enumerate(enterprises)
        ],
        batch_size=5_000,
    )
    reviewers = [
        User.objects.get_or_create(
            email=f"bench-calibration{n}@seoul-se.kr",
            defaults={"name": f"보정 심사{n:02d}", "role": "reviewer"},
        )[0]
        for n in range(REVIEWERS)
    ]
    rng = random.Random(SEED)
    reviews = []
    for application in Application.objects.filter(call=call).order_by("pk"):
        quality = rng.uniform(40, 90)
        for index in rng.sample(range(REVIEWERS), REVIEWS_PER_APPLICATION):
            score = quality + (index - 15) + rng.gauss(0, 3)
            reviews.append(
                Review(
                    application=application,
                    reviewer=reviewers[index],
                    declared_at=call.closes_at,
                    submitted_at=call.closes_at,
                    total=Decimal(min(max(score, 0), 100)).quantize(Decimal("0.01")),
                )
            )
    Review.objects.bulk_create(reviews, batch_size=5_000)


def _median_seconds(func: Any, runs: int = 3) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of this process (the machine is shared: the
    CPU time is what the work costs, the wall time what a user waited)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return round(statistics.median(wall), 3), round(statistics.median(cpu), 3)


def main() -> None:
    from django.db import connection
    from django.test import Client

    from programs import calibration
    from programs.models import RankingMethod
    from programs.ranking import counted_reviews, ranking_panel
    from seoul_se.accounts.models import User
    from tests.accounts.factories import mark_session_verified

    with timed() as generation:
        call = _call()
        _data(call)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE programs_review")
    triples = [
        calibration.Review(a, r, t)
        for a, r, t in counted_reviews(call).values_list("application_id", "reviewer_id", "total")
    ]
    applications = sorted({t.application for t in triples})
    pure = {}
    for method in calibration.Method:
        wall, cpu = _median_seconds(
            lambda m=method: calibration.calibrate(
                triples, m, applications=applications, selection_size=150
            )
        )
        pure[f"{method}_wall_s"] = wall
        pure[f"{method}_cpu_s"] = cpu
    report(
        "calibration.pure",
        applications=len(applications),
        reviews=len(triples),
        reviewers=REVIEWERS,
        **pure,
    )

    official, _ = User.objects.get_or_create(
        email="bench-official@seoul-se.kr", defaults={"name": "벤치 공무원", "role": "official"}
    )
    client = Client()
    client.force_login(official)
    mark_session_verified(client, official)  # officials pass a second factor
    url = f"/programs/calls/{call.pk}/ranking/"
    for method in (RankingMethod.RAW, RankingMethod.ROBUST):
        type(call).objects.filter(pk=call.pk).update(ranking_method=method)
        call.refresh_from_db()
        queries, panel = count_queries(lambda: ranking_panel(call))
        selector = _median_seconds(lambda: ranking_panel(call))
        page_queries, response = count_queries(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        page = _median_seconds(lambda: client.get(url))
        report(
            f"calibration.ranking_page_{method}",
            applications=len(panel.applications),
            selector_queries=queries,
            selector_wall_s=selector[0],
            selector_cpu_s=selector[1],
            page_queries=page_queries,
            page_wall_s=page[0],
            page_cpu_s=page[1],
            page_kb=len(response.content) // 1024,
            # What the page costs beside the calibration it shows (CPU, the same method).
            page_per_calibration=round(page[1] / pure[f"{method}_cpu_s"], 1),
            hinges_on=len(panel.report.hinges_on),
            selection_size=panel.report.selection_size,
            generation_seconds=generation["seconds"],
        )
    type(call).objects.filter(pk=call.pk).update(ranking_method=RankingMethod.RAW)
