"""Each role's home page (its work queue, "할 일") on a large database.

Reuses the enterprise, programs and funds generators. By default at a reduced size (a tenth);
``HOME_SCALE=full`` generates the national scale (50,000 enterprises, 200,000 applications,
20,000 loans). Per role: p50/p95 under gunicorn (the common settings), the ratio of p95 to the
trivial view (``/ping``) measured in the same run, and the page's queries (constant whatever the
data size: tests/core/test_work_items.py proves it with 1 and 20 records). The generated data is
``VACUUM ANALYZE``d before measuring, as autovacuum keeps a production database. Figures:
docs/ui.md, "Home page benchmark".
"""

import os
import random
from typing import Any

from benchmarks import bench_enterprises, bench_funds, bench_programs
from benchmarks.common import count_queries, load, report, server, session_cookie, timed

FULL = os.environ.get("HOME_SCALE") == "full"
SIZES = (
    {"enterprises": 50_000, "applications": 200_000, "loans": 20_000}
    if FULL
    else {"enterprises": 5_000, "applications": 20_000, "loans": 2_000}
)
ROLES = [
    "enterprise_member",
    "centre_staff",
    "official",
    "reviewer",
    "auditor",
    "intermediary_staff",
]


def generate() -> None:
    from funds.models import Loan

    bench_enterprises.TOTAL = SIZES["enterprises"]
    bench_enterprises.generate()
    bench_programs.TOTAL_APPLICATIONS = SIZES["applications"]
    bench_programs.BIG_CALL_SIZE = min(bench_programs.BIG_CALL_SIZE, SIZES["applications"] // 10)
    enterprises = bench_programs._enterprises()
    calls = bench_programs._calls()
    bench_programs._applications(calls, enterprises)
    bench_programs._reviews(calls[0])
    if not Loan.objects.filter(number__startswith="BENCH-").exists():
        bench_funds.LOANS = SIZES["loans"]
        starts = bench_funds._start_dates(random.Random(20_000))
        bench_funds._generate(bench_funds._schedules(starts), starts)
    _vacuum()


def _vacuum() -> None:
    """Statistics and the visibility map as a production server keeps them (its autovacuum is
    on; this machine's PostgreSQL runs with ``autovacuum = off``): without them the planner
    misjudges the bulk-loaded tables and cannot count from an index alone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _users() -> dict[str, Any]:
    from enterprises.models import EnterpriseMembership
    from funds.models import Intermediary, Loan
    from programs.models import Application
    from seoul_se.accounts.models import User

    users = {
        role: User.objects.get_or_create(
            email=f"bench-home-{role}@seoul-se.kr", defaults={"name": "벤치", "role": role}
        )[0]
        for role in ROLES
    }
    # The member of the enterprise with the most applications; the staff of a loan intermediary.
    busiest = Application.objects.values("enterprise_id").order_by("enterprise_id").first()
    EnterpriseMembership.objects.get_or_create(
        user=users["enterprise_member"],
        enterprise_id=busiest["enterprise_id"],
        defaults={"status": "approved"},
    )
    intermediary = Intermediary.objects.filter(
        pk__in=Loan.objects.filter(number__startswith="BENCH-").values("intermediary_id")
    ).first()
    intermediary.staff.add(users["intermediary_staff"])
    return users


def verified_cookie(user: Any) -> str:
    """A logged-in session, with the second factor passed for the roles that need one (what
    ``django_otp.login`` records after a correct code)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from seoul_se.accounts.selectors import second_factor_required
    from tests.accounts.factories import totp_device

    cookie = session_cookie(user)
    if second_factor_required(user):
        store = SessionStore(session_key=cookie.split("=", 1)[1])
        store[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        store.save()
    return cookie


def _queries(user: Any) -> int:
    from django.test import Client

    from tests.accounts.factories import mark_session_verified

    client = Client()
    client.force_login(user)
    mark_session_verified(client, user)
    client.get("/")  # steady state: the per-minute caches (KPI staleness) are warm
    n, response = count_queries(lambda: client.get("/"))
    assert response.status_code == 200, response.status_code
    assert "work-queue" in response.content.decode()
    return n


def main() -> None:
    with timed() as generation:
        generate()
    users = _users()
    queries = {role: _queries(user) for role, user in users.items()}
    report("home.generate", scale="full" if FULL else "reduced", **SIZES, **generation)
    with server() as port:
        trivial = load(port, "/ping", requests=300, concurrency=4)
        report("home.baseline_trivial_view", **trivial)
        for role, user in users.items():
            figures = load(port, "/", cookie=verified_cookie(user), requests=200, concurrency=4)
            report(
                f"home.{role}",
                queries=queries[role],
                p50_ms=figures["p50_ms"],
                p95_ms=figures["p95_ms"],
                p95_ratio_to_trivial=round(figures["p95_ms"] / max(trivial["p95_ms"], 0.1), 1),
                rps=figures["rps"],
            )
