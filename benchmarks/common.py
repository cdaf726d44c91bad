"""Shared benchmark tools: Django on the bench database, a gunicorn server with fixed settings,
an HTTP load generator (p50/p95, requests per second) and query counting.

Every benchmark prints its figures and appends them to ``benchmarks/results/latest.jsonl``.
"""

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SECRET = "bench-secret-key-not-for-production-0123456789abcdefghijklmnop"
# The same server settings for every page, so figures compare as ratios.
GUNICORN_ARGS = ["--workers", "2", "--threads", "2", "--worker-class", "gthread"]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seoul_se.settings.production")
    os.environ.setdefault("SECRET_KEY", SECRET)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("AXES_ENABLED", "false")
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL (make bench does).")
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def _create_database(url: str) -> None:
    """Create the bench database on a fresh server (the first ``make bench``)."""
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    server.close()


def report(name: str, **figures: Any) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    line = {"benchmark": name, "at": time.strftime("%Y-%m-%d %H:%M:%S"), **figures}
    print(json.dumps(line, ensure_ascii=False, default=str))
    with open(RESULTS / "latest.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")


@contextlib.contextmanager
def timed() -> Iterator[dict[str, float]]:
    """``with timed() as t: ...`` then ``t["seconds"]``."""
    result: dict[str, float] = {}
    start = time.perf_counter()
    yield result
    result["seconds"] = round(time.perf_counter() - start, 3)


@contextlib.contextmanager
def peak_memory() -> Iterator[dict[str, float]]:
    """Peak Python heap allocation (tracemalloc) in MB inside the block."""
    result: dict[str, float] = {}
    tracemalloc.start()
    try:
        yield result
    finally:
        result["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()


def count_queries(func: Callable[[], Any]) -> tuple[int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        value = func()
    return len(ctx.captured_queries), value


def session_cookie(user: Any) -> str:
    """A logged-in session for ``user`` (as the login view would create)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server() -> Iterator[int]:
    """gunicorn on 127.0.0.1 with GUNICORN_ARGS, against the bench database; yields the port."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "seoul_se.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            *GUNICORN_ARGS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def load(
    port: int, path: str, cookie: str = "", requests: int = 300, concurrency: int = 4
) -> dict[str, float]:
    """GET ``path`` ``requests`` times from ``concurrency`` threads; bounded in count, loopback only."""
    headers = {"Host": "127.0.0.1", "Accept": "text/html,application/json"}
    if cookie:
        headers["Cookie"] = cookie

    def one(_: int) -> tuple[float, int]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return time.perf_counter() - start, response.status

    for i in range(min(10, requests)):  # warm-up
        one(i)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    statuses = {r[1] for r in results}
    if statuses - {200}:
        raise RuntimeError(f"GET {path} answered {sorted(statuses)}; a benchmark must measure 200s")
    return {
        "requests": requests,
        "concurrency": concurrency,
        "rps": round(requests / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "statuses": sorted(statuses),
    }
