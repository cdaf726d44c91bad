"""What the open-data feed publishes: the datasets, their fields, and how a recipient is named.

This is the one place that decides what is public. Each dataset lists its fields; a row holds
those keys and nothing else. The source selectors never select a representative, phone, e-mail
or address, and a recipient that is a sole proprietorship (개인사업자: an enterprise without a
법인등록번호) is a person in law, so its name and numbers are withheld ("개인사업자" only).

Identifiers (docs/opendata.md): organisations by 사업자등록번호 as ``KR-BRN-<10 digits>``,
자치구 by their administrative code as ``KR-ADM-<code>``, the funder (서울특별시, institution code
6110000) as ``KR-GOV-6110000``; records by the portal's prefix ``360G-seoulse-``. None of these
prefixes is registered with org-id.guide or 360Giving yet; they are stable and documented.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from funds import selectors as funds
from programs import selectors as programs
from reports import selectors as reports

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECORD_PREFIX = "360G-seoulse"
ORGANISATION_PREFIX = "KR-BRN"
DISTRICT_PREFIX = "KR-ADM"
FUNDER_ID = "KR-GOV-6110000"
FIRST_YEAR = 2013  # the fund's first loans; earlier years hold no records

Row = dict[str, Any]


@dataclass(frozen=True)
class Field:
    key: str
    title: StrOrPromise  # the CSV header and the data dictionary's name
    description: StrOrPromise


@dataclass(frozen=True)
class Filters:
    """The page's optional narrowing: one program (지원사업 datasets only) and one 자치구."""

    program_id: int | None = None
    district_code: str | None = None

    def keeps(self, row: Row) -> bool:
        if self.program_id is not None and row.get("program_id", self.program_id) != (
            self.program_id
        ):
            return False
        return self.district_code is None or row.get("district_code") == self.district_code


@dataclass(frozen=True)
class Dataset:
    name: str
    title: StrOrPromise
    description: StrOrPromise
    fields: tuple[Field, ...]
    source: Callable[[int], Iterable[Row]]

    def rows(self, year: int, filters: Filters = Filters()) -> list[Row]:
        """The year's public rows: exactly the dataset's fields, in order."""
        keys = [f.key for f in self.fields]
        return [
            {key: row.get(key) for key in keys} for row in self.source(year) if filters.keeps(row)
        ]


YEAR = Field("year", _("연도"), _("회계연도(사업 연도 또는 약정 연도)"))
RECIPIENT = (
    Field("recipient_type", _("수혜자 유형"), _("법인, 개인사업자 또는 자치구")),
    Field("recipient_name", _("수혜자명"), _("법인·자치구의 이름 (개인사업자는 공개하지 않음)")),
    Field(
        "recipient_business_number",
        _("사업자등록번호"),
        _("법인의 사업자등록번호 10자리 (개인사업자·자치구는 비움)"),
    ),
    Field("recipient_id", _("수혜자 식별자"), _("KR-BRN-사업자등록번호 또는 KR-ADM-행정구역코드")),
    Field("district_code", _("자치구 코드"), _("수혜자 소재 자치구의 행정구역 코드")),
    Field("district_name", _("자치구"), _("수혜자 소재 자치구")),
)
PROGRAM = (
    Field("program_id", _("사업 번호"), _("포털의 지원사업 번호")),
    Field("program_name", _("사업명"), _("지원사업의 이름")),
)


def recipient(row: Row, prefix: str = "") -> Row:
    """The public naming of an agreement's or loan's recipient (see the module's docstring)."""
    name = row.get(f"{prefix}enterprise__name")
    if name is None:  # a 자치구 applied (district programs): public body, money re-granted
        code = row.get(f"{prefix}district__code")
        return {
            "recipient_type": str(_("자치구")),
            "recipient_name": row.get(f"{prefix}district__name"),
            "recipient_business_number": "",
            "recipient_id": f"{DISTRICT_PREFIX}-{code}",
            "district_code": code,
            "district_name": row.get(f"{prefix}district__name"),
        }
    located = {
        "district_code": row.get(f"{prefix}enterprise__district__code"),
        "district_name": row.get(f"{prefix}enterprise__district__name"),
    }
    if not row.get(f"{prefix}enterprise__corporate_number"):
        return {
            "recipient_type": str(_("개인사업자")),
            "recipient_name": "",
            "recipient_business_number": "",
            "recipient_id": "",
            **located,
        }
    number = row[f"{prefix}enterprise__business_number"]
    return {
        "recipient_type": str(_("법인")),
        "recipient_name": name,
        "recipient_business_number": number,
        "recipient_id": f"{ORGANISATION_PREFIX}-{number}",
        **located,
    }


def _agreements(year: int) -> Iterable[Row]:
    for row in programs.open_agreements(year):
        yield {
            "year": year,
            "agreement_id": f"{RECORD_PREFIX}-AGR-{row['pk']}",
            "program_id": row["program_id"],
            "program_name": row["program__name"],
            "program_type": str(programs.PROGRAM_TYPE_LABELS[row["program__program_type"]]),
            **recipient(row),
            "award_amount": row["award_amount"],
            "national_amount": row["national_amount"],
            "city_amount": row["city_amount"],
            "district_amount": row["district_amount"],
            "paid_amount": row["paid_amount"],
            "signed_on": row["signed_on"],
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
            "terminated_on": row["terminated_on"],
            "regranted": row["enterprise__name"] is None,
        }


def _disbursements(year: int) -> Iterable[Row]:
    for row in programs.open_disbursements(year):
        yield {
            "year": year,
            "disbursement_id": f"{RECORD_PREFIX}-DSB-{row['pk']}",
            "agreement_id": f"{RECORD_PREFIX}-AGR-{row['agreement_id']}",
            "program_id": row["agreement__program_id"],
            "program_name": row["agreement__program__name"],
            **recipient(row, "agreement__"),
            "paid_on": row["paid_on"],
            "amount": row["amount"],
            "national_amount": row["national_amount"],
            "city_amount": row["city_amount"],
            "district_amount": row["district_amount"],
        }


def _loans(year: int) -> Iterable[Row]:
    for row in funds.open_loans(year):
        yield {
            "year": year,
            "loan_id": f"{RECORD_PREFIX}-LOAN-{row['pk']}",
            "contracted_on": row["contracted_on"],
            "product_name": row["product__name"],
            "category": str(funds.LOAN_CATEGORY_LABELS[row["product__category"]]),
            "intermediary_id": f"{RECORD_PREFIX}-ORG-INT-{row['intermediary_id']}",
            "intermediary_name": row["intermediary__name"],
            **recipient(row),
            "approved_amount": row["approved_amount"],
            "disbursed_amount": row["disbursed_amount"],
            "term_months": row["term_months"],
        }


def _allocations(year: int) -> Iterable[Row]:
    for row in funds.open_allocations(year):
        yield {
            "year": year,
            "allocation_id": f"{RECORD_PREFIX}-ALC-{row['pk']}",
            "intermediary_id": f"{RECORD_PREFIX}-ORG-INT-{row['intermediary_id']}",
            "intermediary_name": row["intermediary__name"],
            "track": str(funds.TRACK_LABELS[row["track"]]),
            "city_allocation": row["city_allocation"],
            "selected_on": row["selected_on"],
        }


AMOUNT = _("원 단위 정수")
AGREEMENTS = Dataset(
    "agreements",
    _("지원사업 협약"),
    _("지원사업 협약(보조금 교부 결정) 한 건이 한 행입니다."),
    (
        YEAR,
        Field("agreement_id", _("협약 식별자"), _("360G-seoulse-AGR-번호")),
        *PROGRAM,
        Field("program_type", _("사업 유형"), _("지원사업의 유형")),
        *RECIPIENT,
        Field("award_amount", _("협약 금액(원)"), AMOUNT),
        Field("national_amount", _("국비(원)"), AMOUNT),
        Field("city_amount", _("시비(원)"), AMOUNT),
        Field("district_amount", _("구비(원)"), AMOUNT),
        Field("paid_amount", _("교부액 누계(원)"), _("지금까지 교부한 금액, 원 단위 정수")),
        Field("signed_on", _("협약일"), _("YYYY-MM-DD")),
        Field("starts_on", _("사업 시작일"), _("YYYY-MM-DD")),
        Field("ends_on", _("사업 종료일"), _("YYYY-MM-DD")),
        Field("terminated_on", _("중도 종료일"), _("YYYY-MM-DD, 중도 종료한 경우만")),
        Field("regranted", _("재교부 여부"), _("자치구가 받아 다시 교부하는 돈이면 true")),
    ),
    _agreements,
)
DISBURSEMENTS = Dataset(
    "disbursements",
    _("보조금 교부"),
    _("그해에 교부한 보조금 한 건이 한 행입니다."),
    (
        YEAR,
        Field("disbursement_id", _("교부 식별자"), _("360G-seoulse-DSB-번호")),
        Field("agreement_id", _("협약 식별자"), _("360G-seoulse-AGR-번호")),
        *PROGRAM,
        *RECIPIENT,
        Field("paid_on", _("교부일"), _("YYYY-MM-DD")),
        Field("amount", _("교부액(원)"), AMOUNT),
        Field("national_amount", _("국비(원)"), AMOUNT),
        Field("city_amount", _("시비(원)"), AMOUNT),
        Field("district_amount", _("구비(원)"), AMOUNT),
    ),
    _disbursements,
)
LOANS = Dataset(
    "loans",
    _("사회투자기금 융자"),
    _("그해에 약정한 융자 한 건이 한 행입니다. 융자는 수행기관을 거쳐 나갑니다."),
    (
        YEAR,
        Field("loan_id", _("융자 식별자"), _("360G-seoulse-LOAN-번호")),
        Field("contracted_on", _("약정일"), _("YYYY-MM-DD")),
        Field("product_name", _("융자 상품"), _("융자 상품의 이름")),
        Field("category", _("융자 대상"), _("융자 상품의 대상 구분")),
        Field("intermediary_id", _("수행기관 식별자"), _("360G-seoulse-ORG-INT-번호")),
        Field("intermediary_name", _("수행기관"), _("기금을 받아 융자하는 기관")),
        *RECIPIENT,
        Field("approved_amount", _("승인액(원)"), AMOUNT),
        Field("disbursed_amount", _("지급액 누계(원)"), AMOUNT),
        Field("term_months", _("기간(개월)"), _("정수")),
    ),
    _loans,
)
ALLOCATIONS = Dataset(
    "allocations",
    _("수행기관 기금 배정"),
    _("시 기금을 수행기관에 배정한 한 건이 한 행입니다. 수행기관이 다시 융자합니다(재교부)."),
    (
        YEAR,
        Field("allocation_id", _("배정 식별자"), _("360G-seoulse-ALC-번호")),
        Field("intermediary_id", _("수행기관 식별자"), _("360G-seoulse-ORG-INT-번호")),
        Field("intermediary_name", _("수행기관"), _("기금을 받아 융자하는 기관")),
        Field("track", _("분야"), _("배정 분야")),
        Field("city_allocation", _("시 기금 배정액(원)"), AMOUNT),
        Field("selected_on", _("선정일"), _("YYYY-MM-DD")),
    ),
    _allocations,
)
DATASETS = {d.name: d for d in (AGREEMENTS, DISBURSEMENTS, LOANS, ALLOCATIONS)}


@dataclass(frozen=True)
class SummaryRow:
    label: str
    count: int
    amount: int
    paid: int


def summary(year: int, filters: Filters = Filters()) -> dict[str, list[SummaryRow]]:
    """Grants by program and by 자치구, loans by 자치구: count, awarded and paid (whole won)."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for row in AGREEMENTS.rows(year, filters):
        for group, label in (("program", row["program_name"]), ("district", row["district_name"])):
            totals = groups[group][label or "-"]
            totals[0] += 1
            totals[1] += row["award_amount"]
            totals[2] += row["paid_amount"]
    for row in LOANS.rows(year, filters):
        totals = groups["loans"][row["district_name"] or "-"]
        totals[0] += 1
        totals[1] += row["approved_amount"] or 0
        totals[2] += row["disbursed_amount"]
    return {
        group: [SummaryRow(label, *values) for label, values in sorted(labels.items())]
        for group, labels in groups.items()
    }


def has_grants(year: int) -> bool:
    """Whether the year's 360Giving package has anything in it (the standard needs one grant)."""
    return programs.open_agreements(year).exists() or funds.open_allocations(year).exists()


def is_provisional(year: int) -> bool:
    """A year is final once every budget's settlement of that year is locked (마감)."""
    return not reports.year_is_settled(year)


def years(today: dt.date) -> list[int]:
    return list(range(today.year, FIRST_YEAR - 1, -1))


def latest_year_with_data(today: dt.date) -> int:
    """The page opens on the newest year that has anything to publish (the current year is
    often still empty); this year when none has."""
    for year in years(today):
        if has_grants(year) or funds.open_loans(year).exists():
            return year
    return today.year
