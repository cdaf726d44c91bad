from decimal import Decimal

import pytest
from openpyxl import load_workbook

from impact_bonds.models import Measurement
from tests.impact_bonds.factories import make_bond

pytestmark = pytest.mark.django_db


def test_enterprise_member_and_reviewer_cannot_open_sib(client, official, member, reviewer):
    bond, _metric = make_bond(official)
    for user in (member, reviewer):
        client.force_login(user)
        assert client.get("/impact-bonds/").status_code == 403
        assert client.get(f"/impact-bonds/{bond.pk}/").status_code == 403
        assert client.get(f"/api/v1/impact-bonds/{bond.pk}").status_code == 404


def test_auditor_reads_but_cannot_enter_a_measurement(client, official, auditor):
    bond, metric = make_bond(official)
    client.force_login(auditor)
    assert client.get(f"/impact-bonds/{bond.pk}/").status_code == 200
    response = client.post(
        f"/impact-bonds/{bond.pk}/measurements/",
        {"metric": metric.pk, "year": 2018, "value": "50"},
    )
    assert response.status_code == 403
    api = client.post(
        f"/api/v1/impact-bonds/{bond.pk}/measurements",
        {"metric": metric.pk, "year": 2018, "value": "50"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not Measurement.objects.exists()


def test_official_enters_measurement_through_api_and_gets_payout(client, official):
    bond, metric = make_bond(official, project_cost=1_000_000_000)
    client.force_login(official)
    response = client.post(
        f"/api/v1/impact-bonds/{bond.pk}/measurements",
        {"metric": metric.pk, "year": 2019, "value": "52.7"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["payout"]["amount"] == 1_300_000_000
    outside = client.post(
        f"/api/v1/impact-bonds/{bond.pk}/measurements",
        {"metric": metric.pk, "year": 2021, "value": "52.7"},
        content_type="application/json",
    )
    assert outside.status_code == 400
    assert "year" in outside.json()["error"]["fields"]


def test_overlapping_rule_through_api_is_refused(client, official):
    bond, _metric = make_bond(official)
    client.force_login(official)
    response = client.put(
        f"/api/v1/impact-bonds/{bond.pk}/payout-rule",
        [
            {"lower": "0", "upper": "50", "payout_percent": "0"},
            {"lower": "40", "upper": None, "payout_percent": "130"},
        ],
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "겹칩니다" in response.json()["error"]["message"]
    assert client.get(f"/api/v1/impact-bonds/{bond.pk}/payout-rule").json()[-1]["lower"] == "42.00"


def test_excel_exports(client, official):
    _bond, metric = make_bond(official)
    from impact_bonds import services

    services.record_measurement(metric, actor=official, year=2019, value=Decimal("52.7"))
    client.force_login(official)
    for url, expected in (
        ("/impact-bonds/bonds.xlsx", "테스트 SIB"),
        ("/impact-bonds/measurements.xlsx", "52.7 %"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        import io

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert expected in values


def test_rule_form_refuses_overlapping_bands_and_keeps_the_rule(client, official, staff):
    bond, _metric = make_bond(official)
    client.force_login(staff)
    assert client.post(f"/impact-bonds/{bond.pk}/rule/", {"bands": "0, , 0"}).status_code == 403
    client.force_login(official)
    response = client.post(f"/impact-bonds/{bond.pk}/rule/", {"bands": "0, 50, 0\n40, , 130"})
    assert response.status_code == 200
    assert "1번째 구간과 2번째 구간이 겹칩니다" in response.content.decode()
    assert list(bond.payout_bands.values_list("lower", flat=True)) == [0, 10, 26, 42]
    response = client.post(f"/impact-bonds/{bond.pk}/rule/", {"bands": "0, 30, 0\n30, , 120"})
    assert response.status_code == 302
    assert list(bond.payout_bands.values_list("payout_percent", flat=True)) == [0, 120]
