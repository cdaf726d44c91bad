"""The public pages and files: no login, CSV for Excel, JSON, 360Giving validated against the
standard's own schema (a copy of ../shared/standards/360giving in tests/opendata/standard/,
resolved locally), clear refusals."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from enterprises.models import Enterprise
from funds.models import IntermediarySelection
from programs import services
from tests.funds.factories import IntermediaryFactory

YEAR = 2020
STANDARD = Path(__file__).resolve().parent / "standard"
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/"
    "360-giving-schema.json"
)


def package_validator() -> Draft202012Validator:
    """The package schema names the grant schema by its published address: point it at the
    local copy (no network here). The standard writes its ``$schema`` as http://…/draft/2020-12
    (no https), which ``referencing`` does not recognise, so the dialect is given."""
    grant = json.loads((STANDARD / "360-giving-schema.json").read_text())
    package = json.loads((STANDARD / "360-giving-package-schema.json").read_text())
    registry = Registry().with_resources(
        [
            (GRANT_SCHEMA_URL, Resource(contents=grant, specification=DRAFT202012)),
            (grant["$id"], Resource(contents=grant, specification=DRAFT202012)),
        ]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


@pytest.fixture
def published(enterprise, agreement, staff):
    Enterprise.objects.filter(pk=enterprise.pk).update(corporate_number="1101111234567")
    services.record_disbursement(
        agreement, actor=staff, amount=42_000_000, paid_on=agreement.signed_on
    )
    IntermediarySelection.objects.create(
        intermediary=IntermediaryFactory(),
        year=YEAR,
        track="general",
        city_allocation=3_000_000_000,
    )
    return agreement


def test_the_overview_needs_no_login(client, published):
    response = client.get(reverse("opendata:index"), {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "사회문제 해결 혁신형 사업" in page
    assert "잠정" in page  # 2020 has no locked settlement
    assert client.get(reverse("opendata:dictionary")).status_code == 200


def test_the_overview_opens_on_the_newest_year_with_data(client, published, db):
    response = client.get(reverse("opendata:index"))
    assert response.context["year"] == YEAR
    assert response.context["summary"]["program"]


def test_with_nothing_published_the_overview_opens_on_this_year(client, db):
    from django.utils import timezone

    response = client.get(reverse("opendata:index"))
    assert response.context["year"] == timezone.localdate().year


def test_csv_opens_in_excel_and_says_provisional(client, published):
    url = reverse("opendata:download", args=[YEAR, "agreements", "csv"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff연도,협약 식별자,")
    header, row = body.lstrip("\ufeff").splitlines()
    assert header.endswith(",자료 상태")
    assert row.endswith(",잠정")
    assert "70000000" in row


def test_json_rows_carry_the_listed_keys(client, published):
    paid_year = published.signed_on.year  # payments are published by the year they were made
    url = reverse("opendata:download", args=[paid_year, "disbursements", "json"])
    payload = client.get(url, {"district": "11440"}).json()
    assert payload["provisional"] is True
    (row,) = payload["rows"]
    assert set(row) == set(payload["fields"])
    assert row["amount"] == 42_000_000
    assert client.get(url, {"district": "11110"}).json()["rows"] == []


def test_360giving_package_is_valid_against_the_standard(client, published):
    response = client.get(reverse("opendata:giving", args=[YEAR]))
    assert response.status_code == 200
    package = response.json()
    errors = sorted(package_validator().iter_errors(package), key=str)
    assert errors == []
    grants = {g["id"]: g for g in package["grants"]}
    agreement = grants[f"360G-seoulse-AGR-{published.pk}"]
    assert agreement["currency"] == "KRW"
    assert agreement["amountAwarded"] == 70_000_000
    assert agreement["disbursementTransaction"][0]["value"] == 42_000_000
    assert agreement["recipientOrganization"][0]["id"].startswith("KR-BRN-")
    (allocation,) = [g for g in grants.values() if "-ALC-" in g["id"]]
    assert allocation["regrantType"] == "FRG020"  # lent on by the intermediary


def test_a_sole_proprietor_is_an_anonymous_individual_in_360giving(client, agreement):
    package = client.get(reverse("opendata:giving", args=[YEAR])).json()
    assert package_validator().is_valid(package)
    (grant,) = package["grants"]
    assert grant["recipientIndividual"]["name"] == "Individual Recipient"
    assert "recipientOrganization" not in grant


def test_refusals_are_clear(client, db):
    assert (
        client.get(reverse("opendata:download", args=[1999, "agreements", "csv"])).status_code
        == 404
    )
    assert client.get("/open-data/2020/secrets.csv").status_code == 404
    empty = client.get(reverse("opendata:giving", args=[YEAR]))
    assert empty.status_code == 404
    assert "공개할 협약이나 배정이 없습니다" in empty.content.decode()
