"""Districts API and the centre list's Excel export (issue 15): scoping of stage applications,
the head's name masked for roles that do not run the programs, and the export's access log."""

import io

import pytest
from openpyxl import load_workbook

from districts.models import DistrictCentre
from seoul_se.audit.models import AccessLog
from tests.districts.factories import centre_user, district_call
from tests.districts.test_services import apply

pytestmark = pytest.mark.django_db

HEAD = "홍길동"


@pytest.fixture
def applications(staff):
    """성북구 and 마포구 each applied to the district call."""
    call = district_call()
    seongbuk, mapo = centre_user("성북구"), centre_user("마포구")
    apply(call, seongbuk, name="성북구")
    apply(call, mapo, name="마포구")
    return seongbuk, mapo


def _districts(client, user):
    client.force_login(user)
    response = client.get("/api/v1/district-stage-applications")
    assert response.status_code == 200
    return sorted(row["district"]["name"] for row in response.json()["results"])


def test_stage_applications_scoped_to_the_users_district(client, applications, staff):
    seongbuk, mapo = applications
    assert _districts(client, seongbuk) == ["성북구"]
    assert _districts(client, mapo) == ["마포구"]
    assert _districts(client, staff) == ["마포구", "성북구"]
    row = client.get("/api/v1/district-stage-applications").json()["results"][0]
    assert (row["stage_code"], row["year_index"], row["year"]) == ("ecosystem-team", 1, 2020)


def test_stage_application_of_another_district_is_404(client, applications):
    seongbuk, mapo = applications
    client.force_login(mapo)
    (own,) = client.get("/api/v1/district-stage-applications").json()["results"]
    client.force_login(seongbuk)
    assert client.get(f"/api/v1/district-stage-applications/{own['id']}").status_code == 404


@pytest.mark.parametrize("role", ["reviewer", "auditor", "intermediary_staff"])
def test_stage_applications_refused_to_other_roles(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/api/v1/district-stage-applications").status_code == 403


def test_programs_api_names_the_district_applicant(client, applications):
    seongbuk, _mapo = applications
    client.force_login(seongbuk)
    (row,) = client.get("/api/v1/programs/applications").json()["results"]
    assert row["enterprise"] is None and row["enterprise_name"] is None
    assert row["district"]["name"] == "성북구" and row["applicant_name"] == "성북구"


@pytest.fixture
def head():
    DistrictCentre.objects.filter(district__name="관악구").update(head=HEAD)


def _centre(client, user):
    client.force_login(user)
    rows = client.get("/api/v1/district-centres?page_size=100").json()["results"]
    return next(row for row in rows if row["district"]["name"] == "관악구")


def test_centre_api_masks_the_head_for_other_roles(client, make_user, head, staff):
    assert _centre(client, staff)["head"] == HEAD
    centre = _centre(client, make_user("reviewer"))
    assert centre["head"] == "홍*동" and centre["phone"] == "02-6713-7500"


def _sheet(response):
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    return {row[0]: row for row in rows[1:]}


def test_export_masked_for_other_roles_without_purpose(client, make_user, head):
    client.force_login(make_user("reviewer"))
    rows = _sheet(client.get("/districts/export.xlsx"))
    assert len(rows) == DistrictCentre.objects.count() == 24
    assert rows["관악구"][1:5] == ("관악사회적경제통합지원센터", "02-6713-7500", None, "홍*동")
    assert not AccessLog.objects.filter(action="export").exists()


def test_export_with_heads_asks_purpose_and_is_logged(client, head, staff):
    client.force_login(staff)
    asked = client.get("/districts/export.xlsx")
    assert asked.status_code == 200 and "내려받는 목적" in asked.content.decode()
    assert not AccessLog.objects.filter(action="export").exists()
    rows = _sheet(client.get("/districts/export.xlsx", {"purpose": "program"}))
    assert rows["관악구"][4] == HEAD
    log = AccessLog.objects.get(action="export")
    assert (log.actor, log.action, log.target) == (staff, "export", "districts.districtcentre")
    assert len(log.record_ids) == 24


def test_export_needs_login(client):
    assert client.get("/districts/export.xlsx").status_code == 302
