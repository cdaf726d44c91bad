"""Ad-hoc timing of the three kinds on 10,000 rows (helper 7); run in a rolled-back transaction."""
import datetime as dt
import time

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from seoul_se.accounts.models import User  # noqa: E402
from seoul_se.core.imports import dry_run  # noqa: E402
from seoul_se.core.imports.services import run_commit  # noqa: E402
from tests.factories import EnterpriseFactory, UserFactory  # noqa: E402
from tests.reports.sheets import sheet_file  # noqa: E402


class Rollback(Exception):
    pass


def timed(label, kind, header, rows, actor):
    start = time.perf_counter()
    plan, record = dry_run(kind, sheet_file(header, rows), "m.xlsx", actor=actor)
    checked = time.perf_counter() - start
    assert plan.ok, plan.errors[:3]
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        record = run_commit(record.pk, actor=actor)
    open("/tmp/h7/measure.txt", "a").write(f"{label}: {len(rows)} rows, dry run {checked:.1f} s, commit {time.perf_counter() - start:.1f} s, {len(queries)} queries, {record.state}\n")


def test_measure(db):
    official = UserFactory(role="official")
    staff = UserFactory(role="centre_staff")
    firms = EnterpriseFactory.create_batch(20)
    rows = [
        [2019, "혁신형 사업", "혁신형", f.business_number, "", "2019.3.2", "5천만원",
         dt.date(2019, 4, 1) + dt.timedelta(days=d), "1,000"]
        for f in firms for d in range(100)
    ]
    timed("programs.past_grants", "programs.past_grants",
          ["연도", "사업명", "사업유형", "사업자등록번호", "기업명", "협약일", "협약금액", "지급일", "지급금액"], rows, official)
    budget = [[2024, "세출", "사업비", f"항{n // 100}", f"목{n}", "1,000,000", "", "", ""] for n in range(2_000)]
    timed("reports.budget", "reports.budget",
          ["회계연도", "구분", "관", "항", "목", "예산액", "국비", "시비", "산출근거"], budget, staff)
    spend = [[f"2024.{1 + n % 12}.{1 + n % 28}", f"사업비/항{n // 100}/목{n}", "거래처", "1,000원", f"E-{n}", "카드", ""] for n in range(2_000)]
    timed("reports.expenditures", "reports.expenditures",
          ["집행일자", "예산과목", "거래처명", "집행금액", "증빙번호", "증빙구분", "적요"], spend, staff)
