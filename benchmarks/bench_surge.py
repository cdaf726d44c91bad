"""Deadline surge: the last minutes before a call closes.

500 enterprise members (SURGE_MEMBERS; e.g. 100 for a quick run) each save an application, attach
a 5 MB plan and submit, through the real pages of gunicorn on loopback (the same 2 workers × 2
threads as every benchmark), from SURGE_CONCURRENCY client threads, within SURGE_WINDOW_SECONDS
(300): no journey starts after the window, every request times out after 60 s, so the run stops by
itself. Members log in first through the login page (a separate, earlier phase: logging in is
not part of the deadline rush, and PBKDF2 would otherwise dominate the figures).

The clients speak plain HTTP on loopback but say ``X-Forwarded-Proto: https`` as the production
TLS proxy does, so the production settings (Secure cookies, CSRF origin check) stay on.

Checked afterwards, against the database: every journey ended with a receipt number or a clear
error message; submissions in the database = successful responses (none lost, none duplicated);
each submitted application has exactly its one 5 MB attachment on disk; receipt numbers are
gap-free ``{year}-혁신-0001…``. Figures: p50/p95/max of save, upload and submit, throughput, errors,
and the queries of one save, upload and submit (in process).

Enterprises and members are generated once and reused; each run opens a new call. Uploaded files
go to a temporary private folder under var/ that is removed at the end (2.5 GB per full run).
"""

import datetime as dt
import os
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from benchmarks.common import ROOT, count_queries, report, server

MEMBERS = int(os.environ.get("SURGE_MEMBERS", "500"))
WINDOW_SECONDS = float(os.environ.get("SURGE_WINDOW_SECONDS", "300"))
CONCURRENCY = int(os.environ.get("SURGE_CONCURRENCY", "16"))
FILE_BYTES = 5 * 1024 * 1024
PASSWORD = "Seoul-bench-2026!"
PREFIX = "마감폭주 기업 "
RECEIPT = re.compile(r'data-testid="receipt-number">([^<]*)<')
ERROR = re.compile(r'<li class="message error[^"]*">([^<]*)</li>')
# A PDF header and incompressible bytes: the content check accepts it, nothing shrinks it.
PLAN = b"%PDF-1.7\n" + os.urandom(FILE_BYTES - 9)


def _members(count: int) -> list[tuple[str, int]]:
    """``count`` verified enterprises, each with one approved member: [(email, enterprise id)]."""
    from django.contrib.auth.hashers import make_password

    from enterprises.models import Enterprise, EnterpriseMembership
    from enterprises.validators import business_number_check_digit
    from seoul_se.accounts.models import User
    from seoul_se.reference.models import District, LegalType

    legal = LegalType.objects.get(code="certified_se")
    district = District.objects.get(name="마포구")
    enterprises = []
    for n in range(count):
        first_nine = f"97783{n:04d}"
        enterprises.append(
            Enterprise(
                name=f"{PREFIX}{n:04d}",
                legal_type=legal,
                business_number=first_nine + str(business_number_check_digit(first_nine)),
                representative="벤치",
                district=district,
                is_generated=True,
                verification=Enterprise.Verification.VERIFIED,
            )
        )
    Enterprise.objects.bulk_create(enterprises, batch_size=1000, ignore_conflicts=True)
    password = make_password(PASSWORD)  # one hash for all: generation stays fast
    User.objects.bulk_create(
        [
            User(
                email=f"surge-member{n:04d}@seoul-se.kr",
                name=f"마감폭주 {n:04d}",
                role="enterprise_member",
                password=password,
            )
            for n in range(count)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ids = dict(Enterprise.objects.filter(name__startswith=PREFIX).values_list("name", "pk"))
    users = dict(User.objects.filter(email__startswith="surge-member").values_list("email", "pk"))
    pairs = [(f"surge-member{n:04d}@seoul-se.kr", ids[f"{PREFIX}{n:04d}"]) for n in range(count)]
    EnterpriseMembership.objects.bulk_create(
        [
            EnterpriseMembership(
                user_id=users[email],
                enterprise_id=enterprise,
                status=EnterpriseMembership.Status.APPROVED,
            )
            for email, enterprise in pairs
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return pairs


def _open_call() -> Any:
    """A new call of this year's 혁신형 program, open for the whole run; one document required."""
    from django.utils import timezone

    from programs.models import Call, Program, ProgramRule
    from seoul_se.reference.models import LegalType

    now = timezone.now()
    program, _ = Program.objects.get_or_create(
        year=timezone.localdate().year,
        program_type="innovation",
        defaults={"name": "사회문제 해결 혁신형 사업 (벤치)", "budget_amount": 5_000_000_000},
    )
    rule, created = ProgramRule.objects.get_or_create(
        program=program,
        code="surge",
        defaults={"name": "마감 폭주", "max_amount": 100_000_000, "max_duration_months": 24},
    )
    if created:
        rule.eligible_legal_types.set(LegalType.objects.filter(code="certified_se"))
    return Call.objects.create(
        program=program,
        title=f"마감 폭주 벤치 {timezone.localtime(now):%Y-%m-%d %H:%M:%S}",
        opens_at=now - dt.timedelta(days=20),
        # Open past the window and the slowest request: the figures measure load, not the deadline.
        closes_at=now + dt.timedelta(seconds=WINDOW_SECONDS + 1800),
        status=Call.Status.PUBLISHED,
        required_documents="사업계획서",
        budget_envelope=10_000_000_000,
    )


class Browser:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.http = requests.Session()
        # A connection per request: a member's session outlives gunicorn's 2-second keep-alive.
        self.http.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "Origin": f"https://127.0.0.1:{port}",
                "Connection": "close",
            }
        )

    def _plain(self, response: requests.Response) -> requests.Response:
        # The server believes it sits behind a TLS proxy, so its cookies are Secure; keep
        # sending them over loopback HTTP.
        for cookie in self.http.cookies:
            cookie.secure = False
        return response

    def get(self, path: str) -> requests.Response:
        return self._plain(self.http.get(self.base + path, allow_redirects=False, timeout=60))

    def post(self, path: str, data: dict[str, Any], **kwargs: Any) -> tuple[float, Any]:
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")}
        started = time.perf_counter()
        response = self.http.post(
            self.base + path, data=data, allow_redirects=False, timeout=60, **kwargs
        )
        return time.perf_counter() - started, self._plain(response)


def _login(port: int, email: str) -> tuple[Browser, float]:
    browser = Browser(port)
    browser.get("/accounts/login/")
    seconds, response = browser.post("/accounts/login/", {"username": email, "password": PASSWORD})
    if response.status_code != 302 or "/accounts/login" in response.headers.get("Location", ""):
        raise RuntimeError(f"login of {email} failed: {response.status_code}")
    return browser, seconds


def _journey(browser: Browser, call_pk: int, enterprise: int, n: int) -> dict[str, Any]:
    """Save, attach, submit, then read the application page like the member would."""
    result: dict[str, Any] = {"receipt": "", "error": ""}
    seconds, response = browser.post(
        f"/programs/calls/{call_pk}/apply/",
        {
            "enterprise": enterprise,
            "title": f"마감 직전 신청 {n:04d}",
            "summary": "지역 돌봄 공백을 메우는 사회서비스",
            "requested_amount": 50_000_000,
            "duration_months": 12,
            "persons": 3,
            "rule": "",
        },
    )
    result["save"] = seconds
    location = response.headers.get("Location", "")
    found = re.fullmatch(r"/programs/applications/(\d+)/", location)
    if response.status_code != 302 or not found:
        errors = re.findall(r'class="errorlist[^"]*"><li>([^<]*)<', response.text)
        result["error"] = "save: " + ("; ".join(errors) or f"HTTP {response.status_code}")
        return result
    pk = int(found.group(1))
    result["application"] = pk
    result["upload"], response = browser.post(
        f"/programs/applications/{pk}/attachments/",
        {"label": "사업계획서"},
        files={"file": ("사업계획서.pdf", PLAN, "application/pdf")},
    )
    result["submit"], response = browser.post(f"/programs/applications/{pk}/submit/", {})
    page = browser.get(location).text
    receipt = RECEIPT.search(page)
    result["receipt"] = receipt.group(1).strip() if receipt and receipt.group(1) != "-" else ""
    if not result["receipt"]:
        result["error"] = "; ".join(ERROR.findall(page)) or "no receipt number and no message"
    return result


def _figures(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    if not ordered:
        return {"count": 0}
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _verify(call: Any, results: list[dict[str, Any]], private: Path) -> dict[str, Any]:
    """The database must agree with what the members were told."""
    from programs.models import Application, Attachment

    call.refresh_from_db()
    told = [r["receipt"] for r in results if r["receipt"]]
    unexplained = [r for r in results if not r["receipt"] and not r["error"]]
    stored = list(
        Application.objects.filter(call=call)
        .exclude(receipt_number="")
        .order_by("receipt_number")
        .values_list("receipt_number", flat=True)
    )
    expected = [
        f"{call.program.year}-{call.program.receipt_abbreviation}-{i:04d}"
        for i in range(1, len(stored) + 1)
    ]
    attachments = Counter(
        Attachment.objects.filter(application__call=call, application__receipt_number__gt="")
        .values_list("application_id", flat=True)
        .iterator()
    )
    sizes = Counter(
        (private / name).stat().st_size
        for name in Attachment.objects.filter(application__call=call).values_list("file", flat=True)
    )
    checks = {
        "every_journey_answered": not unexplained,
        "submitted_in_db_equals_successful_responses": len(stored) == len(told),
        "no_duplicate_receipts": len(set(told)) == len(told) and len(set(stored)) == len(stored),
        "responses_match_db": sorted(told) == stored,
        "receipts_gapless": stored == expected and call.last_receipt_seq == len(stored),
        "one_attachment_per_submission": len(attachments) == len(stored)
        and set(attachments.values()) <= {1},
        "files_complete_on_disk": set(sizes) <= {FILE_BYTES},
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise RuntimeError(f"surge verification failed: {failed}")
    return {"submitted": len(stored), "first": stored[:1], "last": stored[-1:], **checks}


def _queries_of_one_journey(
    call: Any, email: str, enterprise: int, private: Path
) -> dict[str, int]:
    """Queries of one save, upload and submit, in process (a member outside the surge)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings

    from seoul_se.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=private,
        PRIVATE_MEDIA_ROOT=private,
    ):
        save, response = count_queries(
            lambda: client.post(
                f"/programs/calls/{call.pk}/apply/",
                {
                    "enterprise": enterprise,
                    "title": "질의 수 측정",
                    "requested_amount": 50_000_000,
                    "duration_months": 12,
                    "persons": 3,
                },
                secure=True,
            )
        )
        assert response.status_code == 302, response.status_code
        detail = response["Location"]
        upload, _ = count_queries(
            lambda: client.post(
                f"{detail}attachments/",
                {"label": "사업계획서", "file": SimpleUploadedFile("plan.pdf", PLAN)},
                secure=True,
            )
        )
        submit, _ = count_queries(lambda: client.post(f"{detail}submit/", secure=True))
    return {"save": save, "upload": upload, "submit": submit}


def main() -> None:
    members = _members(MEMBERS + 1)  # the last one measures queries, outside the surge
    surge, extra = members[:MEMBERS], members[MEMBERS]
    call = _open_call()
    private = Path(tempfile.mkdtemp(prefix="surge-private-", dir=ROOT / "var"))
    os.environ["PRIVATE_MEDIA_ROOT"] = str(private)
    # Receipt e-mails are composed but kept in memory: the benchmark sends no mail.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with server() as port:
            with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
                logins = list(pool.map(lambda m: _login(port, m[0]), surge))
            report("surge.login", members=len(logins), **_figures([s for _, s in logins]))

            started = time.perf_counter()
            deadline = started + WINDOW_SECONDS

            def member(index: int) -> dict[str, Any] | None:
                if time.perf_counter() > deadline:
                    return None  # the window closed before this member started
                return _journey(logins[index][0], call.pk, surge[index][1], index)

            with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
                outcomes = list(pool.map(member, range(len(surge))))
            wall = time.perf_counter() - started
        results = [r for r in outcomes if r is not None]
        verified = _verify(call, results, private)
        queries = _queries_of_one_journey(call, *extra, private)
    finally:
        shutil.rmtree(private, ignore_errors=True)

    for step in ("save", "upload", "submit"):
        report(f"surge.{step}", **_figures([r[step] for r in results if step in r]))
    errors = Counter(r["error"] for r in results if r["error"])
    report(
        "surge.summary",
        members=MEMBERS,
        concurrency=CONCURRENCY,
        window_seconds=WINDOW_SECONDS,
        journeys_started=len(results),
        not_started_in_window=len(outcomes) - len(results),
        wall_seconds=round(wall, 1),
        submissions_per_second=round(verified["submitted"] / wall, 2),
        requests_per_second=round(
            sum(1 + ("upload" in r) + ("submit" in r) + ("application" in r) for r in results)
            / wall,
            1,
        ),
        upload_mb_per_second=round(
            len([r for r in results if "upload" in r]) * FILE_BYTES / 1e6 / wall, 1
        ),
        errors=sum(errors.values()),
        error_messages=dict(errors),
        queries_of_one=queries,
        **verified,
    )
