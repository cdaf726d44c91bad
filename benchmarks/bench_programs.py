"""Support programs at scale: 200,000 applications over 10 years and 500 calls.

Measures the staff application list (filtered by call and state), the call dashboard and the
enterprise's "my applications" (p50/p95 and queries per page), and the SQL ranking of a
2,000-application call. Data is generated once (bulk_create in large batches) and reused.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from benchmarks.common import count_queries, load, report, server, session_cookie, timed

YEARS = range(2016, 2026)
CALLS_PER_YEAR = 50
TOTAL_APPLICATIONS = 200_000
BIG_CALL_SIZE = 2_000
ENTERPRISES = 3_000
BATCH = 5_000
STATES = [
    "submitted",
    "screening",
    "in_review",
    "selected",
    "reserve",
    "rejected",
    "agreement_signed",
    "in_progress",
    "completed",
    "settled",
    "withdrawn",
    "ineligible",
    "draft",
]
TYPES = ["innovation", "excellent", "together_living", "business_development", "district_special"]


def _enterprises() -> list[int]:
    from enterprises.models import Enterprise
    from enterprises.validators import business_number_check_digit
    from seoul_se.reference.models import District, LegalType

    existing = list(
        Enterprise.objects.filter(name__startswith="벤치기업 ")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(existing) >= ENTERPRISES:
        return existing[:ENTERPRISES]
    legal = LegalType.objects.get(code="certified_se")
    district = District.objects.get(name="마포구")
    rows = []
    for n in range(ENTERPRISES):
        first_nine = f"{990 + n // 1000:03d}82{n % 1000:04d}"
        rows.append(
            Enterprise(
                name=f"벤치기업 {n:04d}",
                legal_type=legal,
                business_number=first_nine + str(business_number_check_digit(first_nine)),
                representative=f"벤치 대표 {n:04d}",
                district=district,
                is_generated=True,
                verification=Enterprise.Verification.VERIFIED,
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return list(
        Enterprise.objects.filter(name__startswith="벤치기업 ")
        .order_by("pk")
        .values_list("pk", flat=True)
    )[:ENTERPRISES]


def _calls() -> list[Any]:
    from django.utils import timezone

    from programs.models import Call, Program

    calls = []
    for year in YEARS:
        for index in range(CALLS_PER_YEAR):
            ptype = TYPES[index % len(TYPES)]
            program, _ = Program.objects.get_or_create(
                year=year,
                program_type=ptype,
                defaults={"name": f"{year} {ptype}", "budget_amount": 5_000_000_000},
            )
            opens = dt.datetime(year, 1 + index % 11, 1, tzinfo=timezone.get_current_timezone())
            call, _ = Call.objects.get_or_create(
                title=f"벤치 공모 {year}-{index:02d}",
                defaults={
                    "program": program,
                    "opens_at": opens,
                    "closes_at": opens + dt.timedelta(days=28),
                    "status": Call.Status.CLOSED,
                    "budget_envelope": 2_000_000_000,
                    "ranking_method": "trimmed",
                },
            )
            calls.append(call)
    return calls


def _applications(calls: list[Any], enterprises: list[int]) -> None:
    from programs.models import Application

    if (
        Application.objects.filter(call__title__startswith="벤치 공모 ").count()
        >= TOTAL_APPLICATIONS
    ):
        return
    Application.objects.filter(call__title__startswith="벤치 공모 ").delete()
    rest = TOTAL_APPLICATIONS - BIG_CALL_SIZE
    per_call = rest // (len(calls) - 1)
    sizes = [BIG_CALL_SIZE] + [per_call] * (len(calls) - 1)
    sizes[-1] += rest - per_call * (len(calls) - 1)
    batch: list[Application] = []
    for index, (call, size) in enumerate(zip(calls, sizes, strict=True)):
        abbreviation = call.program.receipt_abbreviation
        for n in range(size):
            state = STATES[(n * 7 + index) % len(STATES)]
            batch.append(
                Application(
                    call=call,
                    enterprise_id=enterprises[(index * 37 + n) % len(enterprises)],
                    title=f"벤치 사업 {index}-{n}",
                    requested_amount=10_000_000 + (n % 50) * 1_000_000,
                    duration_months=12,
                    status=state,
                    receipt_number=""
                    if state == "draft"
                    else f"{call.program.year}-{abbreviation}-{n + 1:04d}",
                    submitted_at=None
                    if state == "draft"
                    else call.opens_at + dt.timedelta(days=n % 27),
                    awarded_amount=10_000_000
                    if state
                    in ("selected", "agreement_signed", "in_progress", "completed", "settled")
                    else None,
                )
            )
            if len(batch) >= BATCH:
                Application.objects.bulk_create(batch)
                batch = []
    if batch:
        Application.objects.bulk_create(batch)


def _reviews(call: Any) -> list[Any]:
    from programs.models import Application, Review, ReviewerAssignment
    from seoul_se.accounts.models import User

    reviewers = []
    for n in range(3):
        user, _ = User.objects.get_or_create(
            email=f"bench-reviewer{n}@seoul-se.kr",
            defaults={"name": f"벤치 심사{n}", "role": "reviewer"},
        )
        ReviewerAssignment.objects.get_or_create(call=call, reviewer=user)
        reviewers.append(user)
    if Review.objects.filter(application__call=call).exists():
        return reviewers
    ids = list(
        Application.objects.filter(call=call)
        .exclude(status__in=["draft", "withdrawn", "ineligible"])
        .values_list("pk", flat=True)
    )
    Review.objects.bulk_create(
        [
            Review(
                application_id=pk,
                reviewer=reviewer,
                declared_at=call.closes_at,
                submitted_at=call.closes_at,
                total=Decimal(50 + (pk * (r + 3)) % 50),
            )
            for pk in ids
            for r, reviewer in enumerate(reviewers)
        ],
        batch_size=BATCH,
    )
    return reviewers


def main() -> None:
    from django.db import connection
    from django.test import Client

    from enterprises.models import EnterpriseMembership
    from programs import selectors
    from programs.models import Application
    from seoul_se.accounts.models import User

    with timed() as generation:
        enterprises = _enterprises()
        calls = _calls()
        _applications(calls, enterprises)
        big_call = calls[0]
        _reviews(big_call)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE programs_application")
            cursor.execute("ANALYZE programs_review")
    total = Application.objects.count()

    staff, _ = User.objects.get_or_create(
        email="bench-staff@seoul-se.kr", defaults={"name": "벤치 직원", "role": "centre_staff"}
    )
    member, _ = User.objects.get_or_create(
        email="bench-member@seoul-se.kr",
        defaults={"name": "벤치 기업", "role": "enterprise_member"},
    )
    EnterpriseMembership.objects.get_or_create(
        user=member, enterprise_id=enterprises[0], defaults={"status": "approved"}
    )
    own = Application.objects.filter(enterprise_id=enterprises[0]).count()

    ranking_runs = []
    for _ in range(5):
        with timed() as t:
            ranked = list(selectors.ranking(big_call))
        ranking_runs.append(t["seconds"])

    middle_call = calls[len(calls) // 2]
    pages = {
        "programs.staff_list_call_state": f"/programs/applications/?call={middle_call.pk}&status=in_review",
        "programs.staff_list_big_call_page5": f"/programs/applications/?call={big_call.pk}&page=5",
        "programs.call_dashboard": f"/programs/calls/{big_call.pk}/",
        "programs.my_applications": "/programs/my/",
    }
    users = {
        "programs.staff_list_call_state": staff,
        "programs.staff_list_big_call_page5": staff,
        "programs.call_dashboard": staff,
        "programs.my_applications": member,
    }
    queries = {}
    for name, path in pages.items():
        client = Client()
        client.force_login(users[name])
        queries[name], response = count_queries(lambda p=path, c=client: c.get(p))
        assert response.status_code == 200, (name, response.status_code)
    # Single requests in-process (no HTTP, sequential): steadier than the loaded figures on a
    # shared machine.
    import statistics
    import time

    in_process = {}
    for name, path in {**pages, "programs.baseline_home": "/"}.items():
        client = Client()
        client.force_login(users.get(name, staff))
        client.get(path)
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            client.get(path)
            samples.append(time.perf_counter() - started)
        in_process[name] = round(statistics.median(samples) * 1000, 1)
    report("programs.in_process_median_ms", **in_process)
    # constant queries: page 1 and a later page of the big call cost the same
    client = Client()
    client.force_login(staff)
    page1, _ = count_queries(
        lambda: client.get(f"/programs/applications/?call={big_call.pk}&page=1")
    )

    with server() as port:
        # The home page under the same load and moment: the machine is shared, so figures are
        # also given as a ratio to it.
        baseline = load(port, "/", cookie=session_cookie(staff), requests=200, concurrency=4)
        report("programs.baseline_home", **baseline)
        for name, path in pages.items():
            figures = load(
                port, path, cookie=session_cookie(users[name]), requests=200, concurrency=4
            )
            report(
                name,
                queries=queries[name],
                applications=total,
                **figures,
                p95_ratio_to_home=round(figures["p95_ms"] / max(baseline["p95_ms"], 0.1), 2),
            )
    report(
        "programs.data",
        applications=total,
        calls=len(calls),
        generation_seconds=generation["seconds"],
        own_applications_of_bench_member=own,
        staff_list_queries_page1=page1,
        staff_list_queries_page5=queries["programs.staff_list_big_call_page5"],
    )
    report(
        "programs.ranking_2000_call",
        applications=len(ranked),
        reviews=3 * len(ranked),
        best_seconds=min(ranking_runs),
        worst_seconds=max(ranking_runs),
    )
