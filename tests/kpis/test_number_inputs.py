"""KPI actuals typed as text on the page and through the API: correct thousands groups are
read, "1,2,3" and "1e3" are refused instead of being read as 123 or 1000 (issue 11)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import ManualEntry
from tests.kpis.factories import IndicatorFactory, evidence

pytestmark = pytest.mark.django_db
ENTRIES = "/api/v1/kpi-entries"


@pytest.fixture
def indicator():
    return IndicatorFactory(name="공공구매 실적", unit="건", target=Decimal(2000))


@pytest.mark.parametrize("typed", ["1,2,3", "1e3", "12,34"])
def test_page_refuses_malformed_numbers(client_for, staff, indicator, typed):
    response = client_for(staff).post(
        reverse("kpis:entry_create", args=[indicator.pk]),
        {"value": typed, "unit": "건", "evidence": evidence()},
    )
    assert response.status_code == 200
    assert "숫자여야" in response.content.decode()
    assert not ManualEntry.objects.exists()


def test_page_reads_thousands_groups(client_for, staff, indicator):
    response = client_for(staff).post(
        reverse("kpis:entry_create", args=[indicator.pk]),
        {"value": "1,234", "unit": "건", "evidence": evidence()},
    )
    assert response.status_code == 302
    assert ManualEntry.objects.get().value == Decimal(1234)


@pytest.mark.parametrize("typed", ["1,2,3", "1e3"])
def test_api_refuses_malformed_numbers(api_for, staff, indicator, typed):
    data = {"indicator": indicator.pk, "value": typed, "unit": "건", "evidence": evidence()}
    response = api_for(staff).post(ENTRIES, data, format="multipart")
    assert response.status_code == 400
    assert "숫자여야" in " ".join(response.json()["error"]["fields"]["value"])
    assert not ManualEntry.objects.exists()


def test_api_reads_thousands_groups(api_for, staff, indicator):
    data = {"indicator": indicator.pk, "value": "1,234.5", "unit": "건", "evidence": evidence()}
    response = api_for(staff).post(ENTRIES, data, format="multipart")
    assert response.status_code == 201, response.json()
    assert ManualEntry.objects.get().value == Decimal("1234.5")
