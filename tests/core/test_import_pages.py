"""The generic import pages: kinds by role, template downloads, the records list."""

import io

import pytest
from openpyxl import load_workbook

from seoul_se.core.imports import services
from tests.enterprises.factories import roster_row, roster_xlsx

pytestmark = pytest.mark.django_db


def test_each_role_sees_only_its_kinds(client, official, staff, member):
    client.force_login(official)
    body = client.get("/imports/").content.decode()
    assert "/imports/enterprises.roster/" in body and "/imports/kpis.plan/" in body
    client.force_login(staff)
    body = client.get("/imports/").content.decode()
    assert "/imports/enterprises.roster/" in body and "/imports/kpis.plan/" not in body
    assert client.get("/imports/kpis.plan/").status_code == 403
    assert client.get("/imports/kpis.plan/template.xlsx").status_code == 403
    assert client.get("/imports/no.such/").status_code == 404
    client.force_login(member)
    assert client.get("/imports/").status_code == 200
    assert client.get("/imports/enterprises.roster/").status_code == 403


def test_template_has_our_headers_and_a_guide_sheet(client, official):
    client.force_login(official)
    response = client.get("/imports/kpis.plan/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == [
        "사업 분야",
        "지표명 *",
        "연도 *",
        "목표",
        "실적",
    ]
    guide = [row for row in workbook["작성 안내"].iter_rows(values_only=True)]
    assert guide[0] == ("항목", "필수", "입력 방법")
    assert any(row[0] == "지표명" and row[1] == "O" for row in guide)


def test_records_are_listed_for_staff_and_auditors_not_for_others(
    client, staff, auditor, member, make_user
):
    _plan, record = services.dry_run(
        "enterprises.roster", io.BytesIO(roster_xlsx([roster_row(1)])), "명부.xlsx", actor=staff
    )
    for user in (staff, auditor, make_user("official")):
        client.force_login(user)
        assert "명부.xlsx" in client.get("/imports/records/").content.decode()
        page = client.get(f"/imports/records/{record.pk}/").content.decode()
        assert record.sha256 in page
    client.force_login(member)
    assert "명부.xlsx" not in client.get("/imports/records/").content.decode()
    assert client.get(f"/imports/records/{record.pk}/").status_code == 404
