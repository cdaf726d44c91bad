"""Denials first: who may not see or change what, for pages and API alike."""

import pytest

ROLES = ["official", "centre_staff", "enterprise_member", "reviewer", "auditor", "administrator"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lands_on_its_home(client_for, make_user, role):
    response = client_for(make_user(role)).get("/")
    assert response.status_code == 200
    assert response.context["role_label"] in response.content.decode()


@pytest.mark.parametrize(
    "role,status",
    [
        ("enterprise_member", 403),
        ("reviewer", 403),
        ("centre_staff", 403),
        ("official", 200),
        ("auditor", 200),
        ("administrator", 200),
    ],
)
def test_audit_trail_page_access(client_for, make_user, role, status):
    assert client_for(make_user(role)).get("/audit/").status_code == status


def test_api_requires_authentication(api_for, db):
    response = api_for().get("/api/v1/audit-entries")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_member_gets_json_403_on_staff_api(api_for, member):
    response = api_for(member).get("/api/v1/audit-entries")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403


def test_unknown_api_object_is_json_404(api_for, official):
    response = api_for(official).get("/api/v1/audit-entries/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_auditor_never_writes_through_pages_or_api(client_for, api_for, auditor):
    assert client_for(auditor).post("/accounts/signup/", {}).status_code in (302, 403)
    response = api_for(auditor).patch("/api/v1/me", {"name": "바뀐이름"}, format="json")
    assert response.status_code == 403
    auditor.refresh_from_db()
    assert auditor.name != "바뀐이름"


def test_admin_site_is_for_administrators_only(client_for, official, administrator):
    assert client_for(official).get("/admin/").status_code == 302
    assert client_for(administrator).get("/admin/").status_code == 200
