import csv
import datetime as dt
import io
from collections.abc import Iterable

import factory
import xlwt
from factory.django import DjangoModelFactory
from openpyxl import Workbook

from enterprises.imports import COLUMNS
from enterprises.models import Certification, YearlyFigures
from seoul_se.core.imports import services
from seoul_se.core.imports.kinds import Plan
from seoul_se.core.models import ImportRecord
from tests.factories import EnterpriseFactory, valid_business_number


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = Certification.Kind.CERTIFIED_SE
    valid_from = dt.date(2018, 1, 1)
    issuer = "고용노동부"


class YearlyFiguresFactory(DjangoModelFactory):
    class Meta:
        model = YearlyFigures

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2019
    revenue = 100_000_000
    employees = 10
    vulnerable_employees = 4
    public_procurement_sales = 20_000_000


def roster_row(n: int, **overrides: object) -> list[object]:
    """One valid roster row (synthetic number from a range the factories do not use)."""
    number = valid_business_number(500_000 + n)
    values = {
        "name": f"명부기업{n}",
        "legal_type": "사회적협동조합",
        "business_number": f"{number[:3]}-{number[3:5]}-{number[5:]}",
        "corporate_number": "",
        "representative": "김대표",
        "district": "마포구",
        "address": "서울특별시 마포구",
        "founded_on": "2016-04-01",
        "phone": "02-000-0000",
        "email": "",
        "website": "",
        "sectors": "돌봄·사회서비스",
        "social_mission": "지역 돌봄",
    }
    values.update(overrides)
    return [values[column.key] for column in COLUMNS]


def roster_xlsx(rows: Iterable[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("기업명부")
    sheet.append([column.title for column in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def valid_roster_numbers(count: int, start: int = 0) -> list[str]:
    return [valid_business_number(500_000 + n) for n in range(start, start + count)]


def roster_csv(rows: Iterable[list[object]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.title for column in COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def roster_xls(rows: Iterable[list[object]]) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("기업명부")
    for index, title in enumerate(column.title for column in COLUMNS):
        sheet.write(0, index, title)
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            sheet.write(number, index, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_roster(data: bytes, actor: object, name: str = "명부.xlsx") -> tuple[Plan, ImportRecord]:
    """Dry-run a roster file and, when it is clean, commit it (the page's two steps)."""
    plan, record = services.dry_run("enterprises.roster", io.BytesIO(data), name, actor=actor)
    if plan.ok:
        record = services.commit_import(record, actor=actor)
    return plan, record
