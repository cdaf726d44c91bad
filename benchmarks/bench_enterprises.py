"""Enterprise registry with 50,000 enterprises and their certification history.

Measures the staff list page and the API list (plain, filtered, searched by a partial Korean
name): p50/p95 under gunicorn and queries per request at two page sizes (must be equal);
EXPLAIN of the partial-name search (must use the pg_trgm index); a 10,000-row Excel import
(validated and saved, then rolled back): time and peak Python memory.
"""

import datetime as dt
import random
from urllib.parse import quote

from benchmarks.common import (
    count_queries,
    load,
    report,
    server,
    session_cookie,
    timed,
)

TOTAL = 50_000
KINDS = ["협동조합", "사회적협동조합", "(주)", "마을기업", "랩", ""]
SEARCH = "햇살두레"  # a broad partial name: about 0.25 % of rows (~125)
SEARCH_NAMED = "플래닛"  # a partial name of one seed enterprise (트리플래닛)


def generate() -> None:
    from enterprises.demo import NAME_STEMS as STEMS
    from enterprises.demo import NAMED, synthetic_number
    from enterprises.models import Certification, Enterprise
    from seoul_se.reference.models import District, LegalType

    types = list(LegalType.objects.all())
    districts = list(District.objects.all())
    by_code = {t.code: t for t in types}
    by_name = {d.name: d for d in districts}
    for index, (name, type_code, district, *_rest) in enumerate(NAMED):
        Enterprise.objects.get_or_create(
            business_number=synthetic_number(710, "81", index),
            defaults={
                "name": name,
                "legal_type": by_code[type_code],
                "district": by_name[district],
                "representative": "벤치 실명",
            },
        )
    have = Enterprise.objects.filter(is_generated=True, representative="벤치").count()
    if have >= TOTAL:
        return
    rng = random.Random(50_000)
    batch = []
    for serial in range(have, TOTAL):
        batch.append(
            Enterprise(
                name=f"{rng.choice(STEMS)}{rng.choice(STEMS)}{rng.choice(KINDS)} {serial}",
                legal_type=rng.choice(types),
                business_number=synthetic_number(700 + serial // 10_000, "82", serial % 10_000),
                representative="벤치",
                district=rng.choice(districts),
                verification=Enterprise.Verification.VERIFIED,
                is_generated=True,
            )
        )
    created = Enterprise.objects.bulk_create(batch, batch_size=5000, ignore_conflicts=True)
    ids = list(
        Enterprise.objects.filter(representative="벤치", certifications__isnull=True).values_list(
            "pk", flat=True
        )
    )
    kinds = list(Certification.Kind.values)
    certs = []
    for pk in ids:  # 1–3 dated records per enterprise
        start = dt.date(2012 + rng.randrange(8), 1 + rng.randrange(12), 1)
        for step in range(1 + rng.randrange(3)):
            begin = start.replace(year=start.year + 2 * step)
            certs.append(
                Certification(
                    enterprise_id=pk,
                    kind=rng.choice(kinds),
                    valid_from=begin,
                    valid_to=begin.replace(year=begin.year + 2) if rng.random() < 0.5 else None,
                )
            )
    Certification.objects.bulk_create(certs, batch_size=5000)
    print(f"generated {len(created):,} enterprises, {len(certs):,} certifications", flush=True)


def analyze() -> None:
    """The steady state autovacuum keeps: fresh statistics and the trigram index's pending
    list (filled by the bulk insert, slow to scan) merged into the index."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE enterprises_enterprise")
        cursor.execute("VACUUM ANALYZE enterprises_certification")


def explain_search(text: str) -> str:
    from enterprises.models import Enterprise

    return Enterprise.objects.filter(name__icontains=text).explain(analyze=True)


def queries_at(client, path: str) -> int:
    client.get(path)  # steady state: the reference choices cache is warm
    n, response = count_queries(lambda: client.get(path))
    assert response.status_code == 200, (path, response.status_code)
    return n


def measure_import(actor) -> dict:  # type: ignore[no-untyped-def]
    """The 10,000-row roster through the import framework (benchmarks/bench_sheets.py)."""
    from benchmarks.bench_sheets import import_end_to_end, roster_files

    return import_end_to_end(roster_files()["xlsx"], actor)


def main() -> None:
    from django.test import Client

    from seoul_se.accounts.models import User

    with timed() as gen:
        generate()
    user, _ = User.objects.get_or_create(
        email="bench-staff@seoul-se.kr", defaults={"name": "벤치 직원", "role": "centre_staff"}
    )
    client = Client()
    client.force_login(user)
    q = quote(SEARCH)
    pages = {
        "list": "/enterprises/?page_size={n}",
        "list_filtered": "/enterprises/?legal_type=cooperative&district=11440&status=certified_se&page_size={n}",
        "list_search": f"/enterprises/?q={q}&page_size={{n}}",
        "list_search_named": f"/enterprises/?q={quote(SEARCH_NAMED)}&page_size={{n}}",
        "api_list": "/api/v1/enterprises?page_size={n}",
        "api_filtered": "/api/v1/enterprises?legal_type=cooperative&status=certified_se&page_size={n}",
        "api_search": f"/api/v1/enterprises?q={q}&page_size={{n}}",
    }
    analyze()
    queries = {
        name: (queries_at(client, path.format(n=20)), queries_at(client, path.format(n=100)))
        for name, path in pages.items()
    }
    cookie = session_cookie(user)
    with server() as port:
        # Baseline under the same load: the machine is shared, so quote ratios too.
        trivial = load(port, "/ping", requests=300, concurrency=4)
        report("enterprises.baseline_trivial_view", **trivial)
        for name, path in pages.items():
            figures = load(port, path.format(n=50), cookie=cookie, requests=200, concurrency=4)
            small, large = queries[name]
            report(
                f"enterprises.{name}",
                enterprises=TOTAL,
                page_size=50,
                queries_page20=small,
                queries_page100=large,
                **figures,
                p95_ratio_to_trivial=round(figures["p95_ms"] / max(trivial["p95_ms"], 0.1), 1),
                serial_p50_ms=load(
                    port, path.format(n=50), cookie=cookie, requests=30, concurrency=1
                )["p50_ms"],
            )
    for label, text in (("broad", SEARCH), ("named", SEARCH_NAMED)):
        plan = explain_search(text)
        report(
            f"enterprises.search_explain_{label}",
            search=text,
            uses_trigram_index="enterprise_name_upper_trgm" in plan,
            plan=plan.replace("\n", " | ")[:700],
        )
    report("enterprises.generate", seconds=gen["seconds"])
    report("enterprises.import_10000_rows", **measure_import(user))
