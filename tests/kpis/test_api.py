"""KPI API: indicators and values, permissions and validation errors."""

from decimal import Decimal

import pytest

from kpis import services
from kpis.models import Indicator
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    ind = IndicatorFactory(
        name="자치구공공구매영업지원단 운영지원", unit="개 구", target=Decimal(5)
    )
    services.apply_manual_value(ind, Decimal(2))
    return ind


def test_auditor_reads_indicators_and_values(api_for, auditor, indicator):
    api = api_for(auditor)
    body = api.get("/api/v1/kpi-indicators?year=2018").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["value"]["display"] == "40%" and row["value"]["arrow"] == "↘"
    assert row["value"]["achievement_rate"] == "0.400000"
    values = api.get("/api/v1/kpi-values?year=2018").json()
    assert values["results"][0]["achievement_percent"] == 40
    assert api.get(f"/api/v1/kpi-values/{indicator.pk}").status_code == 200
    assert api.get("/api/v1/kpi-measures").status_code == 200


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer"])
def test_outsiders_are_denied(api_for, make_user, role, indicator):
    api = api_for(make_user(role))
    assert api.get("/api/v1/kpi-indicators").status_code == 403
    assert api.get("/api/v1/kpi-values").status_code == 403


def test_anonymous_is_unauthenticated(api_for):
    assert api_for(None).get("/api/v1/kpi-indicators").status_code == 401


def test_staff_create_and_auditor_cannot(api_for, staff, auditor):
    area = BusinessAreaFactory(name="기획연구")
    data = {
        "area": area.pk,
        "year": 2019,
        "name": "정책개발 연구",
        "unit": "건",
        "target": "5",
        "source": "manual",
    }
    assert api_for(auditor).post("/api/v1/kpi-indicators", data, format="json").status_code == 403
    response = api_for(staff).post("/api/v1/kpi-indicators", data, format="json")
    assert response.status_code == 201, response.json()
    assert Indicator.objects.get().created_by == staff


def test_api_errors_have_the_shared_shape(api_for, staff):
    area = BusinessAreaFactory(name="기획연구")
    data = {
        "area": area.pk,
        "year": 2019,
        "name": "x",
        "unit": "건",
        "target": "abc",
        "source": "manual",
    }
    response = api_for(staff).post("/api/v1/kpi-indicators", data, format="json")
    assert response.status_code == 400
    assert "target" in response.json()["error"]["fields"]
    mismatch = {**data, "target": "1", "source": "computed", "measure_key": "amount_lent"}
    response = api_for(staff).post("/api/v1/kpi-indicators", mismatch, format="json")
    assert response.status_code == 400 and "unit" in response.json()["error"]["fields"]
    assert not Indicator.objects.exists()


def test_staff_update_marks_stale(api_for, staff, indicator):
    response = api_for(staff).patch(
        f"/api/v1/kpi-indicators/{indicator.pk}", {"target": "4"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["value"]["stale"] is True
