"""The year's grants in the 360Giving Data Standard (a grant package, schema 1.4).

Grants are the program agreements (with their payments as disbursement transactions) and the
city fund's allocations to intermediaries. Money that a recipient passes on is marked as
re-granted: allocations to intermediaries (who lend it on) and agreements with a 자치구 as
applicant carry ``regrantType`` FRG020 (transfer to intermediary). Loans are not grants; they are
published in the ``loans`` dataset. Recipients and identifiers follow ``opendata.datasets``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

from opendata.datasets import (
    AGREEMENTS,
    ALLOCATIONS,
    FUNDER_ID,
    RECORD_PREFIX,
    Row,
    is_provisional,
)
from programs import selectors as programs

VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CURRENCY = "KRW"
TRANSFER_TO_INTERMEDIARY = "FRG020"  # regrantType code list
FUNDER = {"id": FUNDER_ID, "name": "서울특별시", "department": "사회적경제담당관"}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _recipient(row: Row) -> dict[str, Any]:
    if not row["recipient_id"]:  # 개인사업자: a person; one id per grant, never linkable
        return {
            "recipientIndividual": {
                "id": f"{row['agreement_id']}-IND",
                "name": "Individual Recipient",
            }
        }
    return {"recipientOrganization": [{"id": row["recipient_id"], "name": row["recipient_name"]}]}


def _payments(year: int) -> dict[str, list[dict[str, Any]]]:
    by_agreement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in programs.open_disbursements(year, of_program_year=True):
        by_agreement[f"{RECORD_PREFIX}-AGR-{row['agreement_id']}"].append(
            {
                "id": f"{RECORD_PREFIX}-DSB-{row['pk']}",
                "transactionDate": row["paid_on"].isoformat(),
                "currency": CURRENCY,
                "value": row["amount"],
            }
        )
    return by_agreement


def _agreement_grant(row: Row, payments: list[dict[str, Any]], modified: str) -> dict[str, Any]:
    location = {"name": row["district_name"], "countryCode": "KR"} if row["district_name"] else None
    grant: dict[str, Any] = {
        "id": row["agreement_id"],
        "title": f"{row['program_name']} 협약",
        "description": f"{row['program_name']} ({row['program_type']}) — 서울특별시 사회적경제 지원사업",
        "currency": CURRENCY,
        "amountAwarded": row["award_amount"],
        "amountDisbursed": row["paid_amount"],
        "awardDate": _day(row["signed_on"]),
        "plannedDates": [{"startDate": _day(row["starts_on"]), "endDate": _day(row["ends_on"])}],
        **_recipient(row),
        "fundingOrganization": [FUNDER],
        "grantProgramme": [
            {"code": f"{RECORD_PREFIX}-PRG-{row['program_id']}", "title": row["program_name"]}
        ],
        "fromOpenCall": "Yes",
        "disbursementTransaction": payments,
        "dateModified": modified,
    }
    if location:
        grant["beneficiaryLocation"] = [location]
    if row["regranted"]:
        grant["regrantType"] = TRANSFER_TO_INTERMEDIARY
    return grant


def _allocation_grant(row: Row, year: int, modified: str) -> dict[str, Any]:
    return {
        "id": row["allocation_id"],
        "title": f"{year}년 사회투자기금 수행기관 배정 ({row['track']})",
        "description": "서울시 사회투자기금을 수행기관에 배정한 금액. 수행기관이 사회적경제기업에 융자합니다.",
        "currency": CURRENCY,
        "amountAwarded": row["city_allocation"],
        "awardDate": _day(row["selected_on"]) or f"{year}-01-01",
        "recipientOrganization": [{"id": row["intermediary_id"], "name": row["intermediary_name"]}],
        "fundingOrganization": [FUNDER],
        "regrantType": TRANSFER_TO_INTERMEDIARY,
        "dateModified": modified,
    }


def package(year: int, *, data_source: str) -> dict[str, Any]:
    """The 360Giving package of ``year`` (may hold no grants; the schema then refuses it, so
    callers check ``grants`` first)."""
    now = timezone.now().replace(microsecond=0).isoformat()
    payments = _payments(year)
    grants = [
        _agreement_grant(row, payments.get(row["agreement_id"], []), now)
        for row in AGREEMENTS.rows(year)
    ]
    grants += [_allocation_grant(row, year, now) for row in ALLOCATIONS.rows(year)]
    for grant in grants:
        grant["dataSource"] = data_source
    provisional = is_provisional(year)
    return {
        "grants": grants,
        "version": VERSION,
        "title": f"서울특별시 사회적경제 지원사업·사회투자기금 {year}년",
        "description": (
            f"{year}년 결산 마감 전 잠정 자료입니다."
            if provisional
            else f"{year}년 결산이 마감된 확정 자료입니다."
        ),
        "identifier": f"{RECORD_PREFIX}-{year}{'-provisional' if provisional else ''}",
        "issued": now,
        "modified": now,
        "publisher": {"identifier": FUNDER_ID, "name": "서울특별시"},
        "license": LICENSE,
    }
