"""Odd query parameters on the registry (issue 11, finding 9): a certification year no date can
hold is the filter form's error on the page and a 400 in the API, never a 500."""

import datetime as dt

import pytest

from tests.enterprises.factories import CertificationFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
ODD_YEARS = ["0", "-1", "99999", "99999999999999999999", "1.5", "1e3", "²"]


@pytest.fixture
def certified():
    enterprise = EnterpriseFactory(name="트리플래닛")
    CertificationFactory(enterprise=enterprise, valid_from=dt.date(2016, 5, 1))
    EnterpriseFactory(name="소녀방앗간")
    return enterprise


@pytest.mark.parametrize("year", ODD_YEARS)
def test_registry_page_shows_the_year_error(client_for, official, certified, year):
    response = client_for(official).get("/enterprises/", {"certified_year": year})
    assert response.status_code == 200
    assert response.context["filter"].errors["certified_year"]


@pytest.mark.parametrize("year", ["0", "99999"])
def test_registry_export_does_not_crash(client_for, official, certified, year):
    response = client_for(official).get("/enterprises/export.xlsx", {"certified_year": year})
    assert response.status_code == 200


@pytest.mark.parametrize("year", ODD_YEARS)
def test_registry_api_answers_400_naming_the_parameter(api_for, official, certified, year):
    response = api_for(official).get("/api/v1/enterprises", {"certified_year": year})
    assert response.status_code == 400
    assert "certified_year" in response.json()["error"]["fields"]


def test_a_valid_year_still_filters(client_for, api_for, official, certified):
    page = client_for(official).get("/enterprises/", {"certified_year": "2016"})
    assert [e.name for e in page.context["page"]] == ["트리플래닛"]
    api = api_for(official).get("/api/v1/enterprises", {"certified_year": "2016"}).json()
    assert [e["name"] for e in api["results"]] == ["트리플래닛"]


@pytest.mark.parametrize("size", ["²", "0", "99999999999999999999", "abc"])
def test_odd_page_size_falls_back_to_fifty(client_for, official, certified, size):
    response = client_for(official).get("/enterprises/", {"page_size": size})
    assert response.status_code == 200
    assert response.context["page"].paginator.per_page == 50
