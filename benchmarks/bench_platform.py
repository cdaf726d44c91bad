"""Baseline: the home page and a trivial view under the same gunicorn settings.

Later pages are quoted as a ratio to these figures.
"""

from benchmarks.common import count_queries, load, report, server, session_cookie


def main() -> None:
    from django.test import Client

    from seoul_se.accounts.models import User

    user, _ = User.objects.get_or_create(
        email="bench-official@seoul-se.kr", defaults={"name": "벤치", "role": "official"}
    )
    client = Client()
    client.force_login(user)
    home_queries, _ = count_queries(lambda: client.get("/"))
    cookie = session_cookie(user)
    with server() as port:
        trivial = load(port, "/ping", requests=1000, concurrency=4)
        home = load(port, "/", cookie=cookie, requests=500, concurrency=4)
    report("platform.trivial_view", **trivial)
    report(
        "platform.home_page",
        queries=home_queries,
        **home,
        p95_ratio_to_trivial=round(home["p95_ms"] / max(trivial["p95_ms"], 0.1), 2),
    )
