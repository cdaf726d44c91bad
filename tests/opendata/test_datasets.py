"""What the open-data feed publishes: exactly the listed fields, no personal data, recipients
named by the rule of opendata.datasets, and the provisional mark until the year is locked."""

import datetime as dt
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from enterprises.models import Enterprise
from funds.models import IntermediarySelection
from opendata import datasets
from programs import services
from reports.models import Budget, SettlementStatus
from tests.funds.factories import IntermediaryFactory, make_loan
from tests.reports.factories import make_budget

YEAR = 2020
# Fields that would identify or reach a person; none may appear in any dataset.
PERSONAL_FIELDS = {"representative", "phone", "email", "address", "contact", "name_of_person"}


@pytest.fixture
def corporation(enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(
        corporate_number="1101111234567",
        phone="02-123-4567",
        email="ceo@example.kr",
        address="서울특별시 마포구 월드컵로 1",
    )
    enterprise.refresh_from_db()
    return enterprise


def everything(year: int) -> str:
    rows = {name: d.rows(year) for name, d in datasets.DATASETS.items()}
    return json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False)


def test_a_corporation_is_named_with_its_business_number(corporation, agreement, staff):
    services.record_disbursement(
        agreement, actor=staff, amount=42_000_000, paid_on=agreement.signed_on
    )
    (row,) = datasets.AGREEMENTS.rows(YEAR)
    assert row["recipient_type"] == "법인"
    assert row["recipient_name"] == corporation.name
    assert row["recipient_business_number"] == corporation.business_number
    assert row["recipient_id"] == f"KR-BRN-{corporation.business_number}"
    assert row["district_name"] == "마포구"
    assert row["award_amount"] == 70_000_000
    assert row["paid_amount"] == 42_000_000
    assert row["regranted"] is False
    assert list(row) == [f.key for f in datasets.AGREEMENTS.fields]


def test_a_sole_proprietor_is_not_named(enterprise, agreement):
    assert enterprise.corporate_number == ""
    (row,) = datasets.AGREEMENTS.rows(YEAR)
    assert row["recipient_type"] == "개인사업자"
    assert row["recipient_name"] == ""
    assert row["recipient_business_number"] == ""
    assert enterprise.name not in everything(YEAR)
    assert enterprise.business_number not in everything(YEAR)


def test_no_personal_field_or_value_is_published(corporation, agreement, staff):
    loan = make_loan(staff, enterprise=corporation, disburse_on=dt.date(YEAR, 3, 2))
    published = everything(YEAR)
    for value in ("홍길동", "02-123-4567", "ceo@example.kr", "월드컵로", staff.email, staff.name):
        assert value not in published
    for dataset in datasets.DATASETS.values():
        assert not {f.key for f in dataset.fields} & PERSONAL_FIELDS
    (loan_row,) = datasets.LOANS.rows(YEAR)
    assert loan_row["loan_id"] == f"360G-seoulse-LOAN-{loan.pk}"
    assert loan_row["recipient_id"] == f"KR-BRN-{corporation.business_number}"
    assert loan_row["disbursed_amount"] == loan.approved_amount


def test_filters_narrow_by_program_and_district(corporation, agreement):
    assert datasets.AGREEMENTS.rows(YEAR, datasets.Filters(district_code="11440"))
    assert not datasets.AGREEMENTS.rows(YEAR, datasets.Filters(district_code="11110"))
    assert not datasets.AGREEMENTS.rows(YEAR, datasets.Filters(program_id=agreement.program_id + 1))
    summary = datasets.summary(YEAR)
    assert [(r.label, r.count, r.amount) for r in summary["district"]] == [
        ("마포구", 1, 70_000_000)
    ]


def test_allocations_to_intermediaries_are_published(db):
    intermediary = IntermediaryFactory()
    IntermediarySelection.objects.create(
        intermediary=intermediary, year=YEAR, track="general", city_allocation=3_000_000_000
    )
    (row,) = datasets.ALLOCATIONS.rows(YEAR)
    assert row["intermediary_name"] == intermediary.name
    assert row["city_allocation"] == 3_000_000_000


def test_a_year_is_provisional_until_every_budget_is_locked(db):
    assert datasets.is_provisional(YEAR)  # no budget at all
    first, second = make_budget(YEAR), make_budget(YEAR, owner_key="program:1", title="사업")
    Budget.objects.filter(pk=first.pk).update(status=SettlementStatus.LOCKED)
    assert datasets.is_provisional(YEAR)
    Budget.objects.filter(pk=second.pk).update(status=SettlementStatus.LOCKED)
    assert not datasets.is_provisional(YEAR)
