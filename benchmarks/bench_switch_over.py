"""The switch-over imports at the framework's ``max_rows`` (issue 14): 20,000 rows each of
``programs.past_grants``, ``reports.budget`` and ``reports.expenditures``, checked
(``dry_run``) and committed (``run_commit``: re-read, re-planned and written in the one
transaction), all rolled back so the bench database stays as it was.

``make bench BENCH=switch_over``; ``SWITCH_OVER_ROWS=2000`` for a smaller run. Past grants:
10,000 enterprises × 2 years, one payment each (20,000 agreements, applications, status rows
and payments, with their audit entries). Budget: 20,000 leaves (20 관 × 50 항 × 20 목) of one
year's centre budget. Expenditures: 20,000 rows on those leaves (the budget is written first,
inside the same rolled-back transaction). Prints wall and CPU seconds (the machine is shared:
CPU seconds are the steadier figure), queries and the process's peak RSS.
"""

import os
from pathlib import Path
from typing import Any

from benchmarks import bench_loan_import as loan_bench
from benchmarks.common import RESULTS, report

ROWS = int(os.environ.get("SWITCH_OVER_ROWS", "20000"))
YEAR = 2030  # a budget year no demo data uses
GRANT_YEARS = (2018, 2019)


def _sheet(name: str, header: list[str], rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    path = RESULTS / f"switch_over_{name}_{ROWS}.xlsx"
    if not path.exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for values in [header, *rows]:
            sheet.append(values)
        book.save(path)
    return path


def _actor() -> Any:
    from seoul_se.accounts.models import Role, User

    actor, _ = User.objects.get_or_create(
        email="bench-switch-over@seoul-se.kr",
        defaults={"name": "벤치 이관 공무원", "role": Role.OFFICIAL},
    )
    return actor


def _past_grants() -> Path:
    from enterprises.models import Enterprise
    from funds.demo import generated_enterprises

    count = ROWS // len(GRANT_YEARS)
    ids = generated_enterprises(count, prefix=600, name="벤치 이관 기업")
    numbers = list(Enterprise.objects.filter(pk__in=ids).values_list("business_number", flat=True))
    kinds = ("혁신형", "우수기업", "마을기업", "일자리창출", "사업개발비")
    rows = [
        [year, f"{kind} 사업", kind, number, "", f"{year}.3.2", "5천만원", f"{year}.4.1", "3천만원"]
        for year in GRANT_YEARS
        for n, number in enumerate(numbers)
        for kind in [kinds[n % len(kinds)]]
    ]
    header = ["연도", "사업명", "사업유형", "사업자등록번호", "기업명", "협약일", "협약금액"]
    return _sheet("past_grants", [*header, "지급일", "지급금액"], rows)


def _leaves() -> list[tuple[str, str, str]]:
    return [(f"관{n // 1000}", f"항{n // 20}", f"목{n}") for n in range(ROWS)]


def _budget() -> Path:
    header = ["회계연도", "구분", "관", "항", "목", "예산액", "국비", "시비", "산출근거"]
    rows = [[YEAR, "세출", *path, "1,000,000", "", "1,000,000", "벤치"] for path in _leaves()]
    return _sheet("budget", header, rows)


def _expenditures() -> Path:
    header = ["집행일자", "예산과목", "거래처명", "집행금액", "증빙번호", "증빙구분", "적요"]
    rows = [
        [
            f"{YEAR}.{1 + n % 12}.{1 + n % 28}",
            "/".join(path),
            "거래처",
            "1,000원",
            f"E-{n}",
            "카드",
            "",
        ]
        for n, path in enumerate(_leaves())
    ]
    return _sheet("expenditures", header, rows)


def main() -> None:
    from django.db import transaction

    from reports import budget_services

    actor = _actor()
    for kind, path in (
        ("programs.past_grants", _past_grants()),
        ("reports.budget", _budget()),
    ):
        figures = loan_bench._import(kind, path, actor, trace=False)
        report(f"switch_over {kind}", **figures)
    # The expenditures need their budget: written by the bulk service, then the sheet is
    # checked and committed on top, all rolled back at the end.
    path = _expenditures()
    try:
        with transaction.atomic():
            budget_services.save_budget_lines(
                [
                    budget_services.LineEntry(YEAR, None, "expenditure", leaf, {"budgeted": 10**6})
                    for leaf in _leaves()
                ],
                actor=actor,
            )
            figures = loan_bench._import("reports.expenditures", path, actor, trace=False)
            report("switch_over reports.expenditures", **figures)
            raise loan_bench.Rollback
    except loan_bench.Rollback:
        pass
