"""The centre's own records at national scale: a year of consultations, course sessions with
attendance, and public purchases (issue 15).

Measures (1) the KPI recomputation of that year over indicators on every centre measure (cold,
then again): seconds, total queries and queries per measure kind — bounded by the number of
measure kinds, not of indicators or records; goal < 5 s; (2) the list pages (consulting cases,
education courses, procurement purchases, with their filtered and later-page variants): p50/p95
under gunicorn (the common settings), p95 as a ratio to the trivial view (``/ping``) measured in
the same run, the queries per page (equal on page 1 and a later page), and EXPLAIN ANALYZE of
each page's slowest query.

By default at a tenth of the size (``CENTRE_SCALE=small``); ``CENTRE_SCALE=full`` generates the
national figures: 50,000 consultations, 5,000 sessions with 200,000 attendance rows and 100,000
purchases. Generation is bulk and idempotent (reruns, or small then full, add only what is
missing); enterprises come from the enterprises benchmark's generator.
"""

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from benchmarks import bench_enterprises, bench_home
from benchmarks.common import count_queries, load, report, server, timed

FULL = os.environ.get("CENTRE_SCALE") == "full"
SIZES = (
    {"cases": 50_000, "courses": 500, "purchases": 100_000}
    if FULL
    else {"cases": 5_000, "courses": 50, "purchases": 10_000}
)
SESSIONS_PER_COURSE = 10  # 500 courses → 5,000 sessions
ENROLLED_PER_COURSE = 40  # × 10 sessions → 200,000 attendance rows
WAITING_PER_COURSE = 4
ENTERPRISES = 5_000
INSTITUTIONS = 200
# A year no other benchmark gives indicators to, so the recomputation is this benchmark's alone.
YEAR = 2025
INDICATOR_COPIES = 5  # each (measure, parameter, cumulative) declared this many times
NAME = "센터 벤치"
CENTRE_MEASURES = [
    "consulting_cases",
    "education_sessions_held",
    "education_courses_run",
    "education_participants",
    "procurement_purchases",
    "matching_contracts",
    "procurement_meeting_enterprises",
    "market_enterprises_placed",
    "market_stores_placed",
    "market_placements",
    "market_events_held",
    "market_event_participations",
    "market_event_sales",
]


def _day(n: int) -> dt.date:
    return dt.date(YEAR, 1, 1) + dt.timedelta(days=n % 365)


def _staff() -> Any:
    from seoul_se.accounts.models import User

    return User.objects.get_or_create(
        email="bench-centre-staff@seoul-se.kr",
        defaults={"name": "벤치 직원", "role": "centre_staff"},
    )[0]


def _cases(enterprises: list[int], staff: Any) -> None:
    from consulting.models import Case, Field, Session

    prefix = f"CB{YEAR}-"
    have = Case.objects.filter(number__startswith=prefix).count()
    statuses = Case.Status.values
    fields = Field.values
    channels = Case.Channel.values
    for start in range(have, SIZES["cases"], 10_000):
        batch = []
        for n in range(start, min(start + 10_000, SIZES["cases"])):
            status = statuses[n % len(statuses)]
            closed = status == Case.Status.CLOSED
            batch.append(
                Case(
                    number=f"{prefix}{n:06d}",
                    enterprise_id=enterprises[n % len(enterprises)],
                    kind=Case.Kind.DAILY if n % 3 else Case.Kind.CONSULTING,
                    field=fields[n % len(fields)],
                    channel=channels[n % len(channels)],
                    description="벤치 상담 요청",
                    requested_on=_day(n),
                    status=status,
                    assignee=staff if status != Case.Status.REQUESTED else None,
                    closed_on=_day(n) + dt.timedelta(days=7) if closed else None,
                    satisfaction=1 + n % 5 if closed else None,
                )
            )
        created = Case.objects.bulk_create(batch)
        # Consulting sessions on every other case (the list counts them per row).
        Session.objects.bulk_create(
            [
                Session(
                    case=case,
                    held_on=case.requested_on,
                    hours=Decimal("1.5"),
                    recorded_by=staff,
                )
                for case in created[::2]
            ],
            batch_size=5000,
        )


def _education(enterprises: list[int], staff: Any) -> None:
    from education.models import Attendance, Course, CourseSession, Enrolment

    title = f"{NAME} 과정"
    have = Course.objects.filter(title__startswith=title).count()
    kinds = Course.Kind.values
    for start in range(have, SIZES["courses"], 50):
        numbers = range(start, min(start + 50, SIZES["courses"]))
        courses = Course.objects.bulk_create(
            [
                Course(
                    kind=kinds[n % len(kinds)],
                    title=f"{title} {n:04d}",
                    starts_on=_day(n),
                    ends_on=_day(n) + dt.timedelta(days=SESSIONS_PER_COURSE * 7),
                    capacity=ENROLLED_PER_COURSE,
                    audience="citizens" if n % 4 == 3 else "members",
                )
                for n in numbers
            ]
        )
        sessions = CourseSession.objects.bulk_create(
            [
                CourseSession(
                    course=course,
                    date=course.starts_on + dt.timedelta(days=7 * k),
                    starts_at=dt.time(14),
                    ends_at=dt.time(17),
                    topic=f"{k + 1}회차",
                )
                for course in courses
                for k in range(SESSIONS_PER_COURSE)
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    course=course,
                    enterprise_id=enterprises[(course.pk * 7 + k) % len(enterprises)],
                    name=f"수강생{k:02d}",
                    email=f"c{course.pk}-{k}@bench.seoul-se.kr",
                    status="enrolled" if k < ENROLLED_PER_COURSE else "waiting",
                )
                for course in courses
                for k in range(ENROLLED_PER_COURSE + WAITING_PER_COURSE)
            ],
            batch_size=5000,
        )
        by_course: dict[int, list[Any]] = {}
        for session in sessions:
            by_course.setdefault(session.course_id, []).append(session)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    enrolment=e, session=s, present=(e.pk + s.pk) % 10 != 0, recorded_by=staff
                )
                for e in enrolments
                if e.status == "enrolled"
                for s in by_course[e.course_id]
            ],
            batch_size=10_000,
        )


def _purchases(enterprises: list[int]) -> None:
    from procurement.models import Institution, InstitutionKind, Purchase

    kinds = InstitutionKind.values
    Institution.objects.bulk_create(
        [
            Institution(name=f"{NAME} 기관 {n:03d}", kind=kinds[n % len(kinds)])
            for n in range(INSTITUTIONS)
        ],
        ignore_conflicts=True,
    )
    institutions = list(
        Institution.objects.filter(name__startswith=NAME).values_list("pk", flat=True)
    )
    item = f"{NAME} 품목"
    have = Purchase.objects.filter(item__startswith=item).count()
    Purchase.objects.bulk_create(
        [
            Purchase(
                institution_id=institutions[n % len(institutions)],
                enterprise_id=enterprises[(n * 13) % len(enterprises)],
                purchased_on=_day(n),
                amount=100_000 + (n % 997) * 10_000,
                item=f"{item} {n % 50}",
            )
            for n in range(have, SIZES["purchases"])
        ],
        batch_size=10_000,
    )


def _indicators() -> None:
    """Every centre measure, unparameterised and with each of its choices, yearly and
    cumulative, ``INDICATOR_COPIES`` times (what several areas declaring the same figure do)."""
    from kpis import measures
    from kpis.models import BusinessArea, Indicator

    area = BusinessArea.objects.get_or_create(name=f"{NAME} 분야", defaults={"order": 300})[0]
    rows = []
    for key in CENTRE_MEASURES:
        measure = measures.REGISTRY[key]
        options: list[dict[str, Any]] = [{}]
        for param in measure.params:
            options += [{param.name: choice} for choice in param.choices]
        unit = "억원" if measure.unit_kind == measures.MONEY else "건"
        for params in options:
            for cumulative in (False, True):
                for copy in range(INDICATOR_COPIES):
                    rows.append(
                        Indicator(
                            area=area,
                            year=YEAR,
                            name=f"{NAME} {key} {params} {'누계' if cumulative else '연간'} {copy}",
                            unit=unit,
                            target=Decimal(100),
                            source="computed",
                            measure_key=key,
                            measure_params=params,
                            cumulative=cumulative,
                            order=len(rows),
                        )
                    )
    if Indicator.objects.filter(year=YEAR, name__startswith=NAME).count() != len(rows):
        Indicator.objects.filter(year=YEAR, name__startswith=NAME).delete()
        Indicator.objects.bulk_create(rows)


def generate() -> dict[str, int]:
    from django.db import connection

    from consulting.models import Case, Session
    from education.models import Attendance, CourseSession, Enrolment
    from enterprises.models import Enterprise
    from procurement.models import Purchase

    bench_enterprises.TOTAL = ENTERPRISES
    bench_enterprises.generate()
    enterprises = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:ENTERPRISES])
    staff = _staff()
    _cases(enterprises, staff)
    _education(enterprises, staff)
    _purchases(enterprises)
    _indicators()
    with connection.cursor() as cursor:  # the statistics autovacuum would have after the load
        for table in (
            "consulting_case",
            "consulting_session",
            "education_course",
            "education_coursesession",
            "education_enrolment",
            "education_attendance",
            "procurement_purchase",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {
        "cases": Case.objects.filter(requested_on__year=YEAR).count(),
        "consulting_sessions": Session.objects.filter(held_on__year=YEAR).count(),
        # Courses start all year round, so the last weeks' sessions fall in the next year.
        "course_sessions": CourseSession.objects.filter(course__title__startswith=NAME).count(),
        "course_sessions_in_year": CourseSession.objects.filter(date__year=YEAR).count(),
        "enrolments": Enrolment.objects.filter(course__starts_on__year=YEAR).count(),
        "attendance_rows": Attendance.objects.filter(
            session__course__title__startswith=NAME
        ).count(),
        "attendance_rows_in_year": Attendance.objects.filter(session__date__year=YEAR).count(),
        "purchases": Purchase.objects.filter(purchased_on__year=YEAR).count(),
    }


def recompute() -> None:
    from kpis import services
    from kpis.models import Indicator, IndicatorValue

    indicators = Indicator.objects.filter(year=YEAR)
    kinds = len(set(indicators.exclude(measure_key="").values_list("measure_key", flat=True)))
    groups = len(set(indicators.values_list("measure_key", "cumulative")))
    # Cold: no stored values for the year, so every indicator is evaluated and written.
    IndicatorValue.objects.filter(indicator__year=YEAR).delete()
    with timed() as first:
        queries, run = count_queries(lambda: services.recompute_year(YEAR))
    with timed() as again:
        queries_again, rerun = count_queries(lambda: services.recompute_year(YEAR))
    report(
        "centre.kpi_recompute_year",
        scale="full" if FULL else "small",
        year=YEAR,
        indicators=run.indicator_count,
        measure_kinds=kinds,
        measure_groups=groups,
        queries=queries,
        queries_per_measure_kind=round(queries / kinds, 2),
        seconds=first["seconds"],
        changed=run.changed_count,
        rerun_seconds=again["seconds"],
        rerun_queries=queries_again,
        rerun_changed=rerun.changed_count,
        goal_seconds=5,
    )


def _pages() -> dict[str, tuple[str, str]]:
    """name → (page 1, a later page) of the same list."""
    from enterprises.models import Enterprise

    busiest = Enterprise.objects.order_by("pk").values_list("pk", flat=True)[0]
    later = max(2, SIZES["purchases"] // 50 // 2)
    return {
        "consulting_list": ("/consulting/", f"/consulting/?page={SIZES['cases'] // 50 // 2}"),
        "consulting_filtered": (
            f"/consulting/?status=closed&kind=daily&year={YEAR}",
            f"/consulting/?status=closed&kind=daily&year={YEAR}&page=5",
        ),
        "consulting_open": ("/consulting/?status=open", "/consulting/?status=open&page=20"),
        "consulting_enterprise": (
            f"/consulting/?enterprise={busiest}",
            f"/consulting/?enterprise={busiest}&page=2",
        ),
        # The staff course list shows the latest 300 courses, unpaged; the public list 100.
        "education_list": ("/education/", "/education/"),
        "education_public": ("/education/public/", "/education/public/"),
        "procurement_purchases": (
            "/procurement/purchases/",
            f"/procurement/purchases/?page={later}",
        ),
    }


def _queries(client: Any, path: str) -> tuple[int, list[dict[str, str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # steady state: per-process caches are warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries), ctx.captured_queries


def _explain(captured: list[dict[str, str]]) -> str:
    """EXPLAIN ANALYZE of the page's slowest query: its plan's top line and scans."""
    from django.db import connection

    slowest = max(captured, key=lambda q: float(q["time"]))["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {slowest}")
        plan = [row[0] for row in cursor.fetchall()]
    scans = [line.strip() for line in plan if "Scan" in line or "Execution Time" in line]
    return " | ".join([plan[0].strip(), *scans])[:700]


def pages() -> None:
    from django.test import Client

    from tests.accounts.factories import mark_session_verified

    staff = _staff()
    client = Client()
    client.force_login(staff)
    mark_session_verified(client, staff)
    paths = _pages()
    counted = {}
    for name, (first, later) in paths.items():
        n_first, captured = _queries(client, first)
        n_later, _ = _queries(client, later)
        counted[name] = (n_first, n_later, _explain(captured))
    cookie = bench_home.verified_cookie(staff)
    with server() as port:
        trivial = load(port, "/ping", requests=300, concurrency=4)
        report("centre.baseline_trivial_view", **trivial)
        for name, (first, later) in paths.items():
            figures = load(port, first, cookie=cookie, requests=200, concurrency=4)
            n_first, n_later, plan = counted[name]
            report(
                f"centre.{name}",
                scale="full" if FULL else "small",
                path=first,
                queries_page1=n_first,
                queries_later_page=n_later,
                later_page=later,
                p50_ms=figures["p50_ms"],
                p95_ms=figures["p95_ms"],
                p95_ratio_to_trivial=round(figures["p95_ms"] / max(trivial["p95_ms"], 0.1), 1),
                rps=figures["rps"],
                later_page_p95_ms=load(port, later, cookie=cookie, requests=60, concurrency=4)[
                    "p95_ms"
                ],
                slowest_query_plan=plan,
            )


def main() -> None:
    with timed() as generation:
        counts = generate()
    report("centre.generate", scale="full" if FULL else "small", **counts, **generation)
    recompute()
    pages()
