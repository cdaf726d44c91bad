"""Who reaches what, pages and API: denials first."""

import pytest

from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NO_REGISTRY_ROLES = ["reviewer", "intermediary_staff"]
STAFF = ["official", "centre_staff", "administrator"]


@pytest.mark.parametrize("role", NO_REGISTRY_ROLES)
def test_reviewers_and_intermediaries_have_no_registry(make_user, client, api_for, role):
    enterprise = EnterpriseFactory()
    client.force_login(make_user(role))
    for url in ("/enterprises/", f"/enterprises/{enterprise.pk}/", "/enterprises/export.xlsx"):
        assert client.get(url).status_code == 403, url
    api = api_for(make_user(role))
    assert api.get("/api/v1/enterprises").status_code == 403
    assert api.get(f"/api/v1/enterprises/{enterprise.pk}").status_code == 403


def test_anonymous_goes_to_login(client, api_for):
    response = client.get("/enterprises/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert api_for(None).get("/api/v1/enterprises").status_code == 401


def test_member_of_a_gets_404_for_b_on_pages_and_api(member, client, api_for):
    own = MembershipFactory(user=member).enterprise
    other = EnterpriseFactory()
    client.force_login(member)
    for url in (
        f"/enterprises/{other.pk}/",
        f"/enterprises/{other.pk}/edit/",
        f"/enterprises/{other.pk}/figures/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/enterprises/{other.pk}/edit/", {"name": "탈취"}).status_code == 404
    api = api_for(member)
    assert api.get(f"/api/v1/enterprises/{other.pk}").status_code == 404
    assert (
        api.patch(f"/api/v1/enterprises/{other.pk}", {"address": "x"}, format="json").status_code
        == 404
    )
    other.refresh_from_db()
    assert other.address == ""
    # and the list shows only their own
    ids = [row["id"] for row in api.get("/api/v1/enterprises").json()["results"]]
    assert ids == [own.pk]
    assert client.get(f"/enterprises/{own.pk}/").status_code == 200


def test_pending_membership_gives_no_access(member, client):
    enterprise = MembershipFactory(user=member, status="requested").enterprise
    client.force_login(member)
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/enterprises/new/",
        "/enterprises/queue/",
        "/enterprises/import/",
        "/enterprises/import/template.xlsx",
        "/enterprises/export.xlsx",
    ],
)
def test_member_cannot_open_staff_pages(member, client, url):
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_member_cannot_verify_or_decide(member, client):
    enterprise = MembershipFactory(user=member).enterprise
    client.force_login(member)
    response = client.post(f"/enterprises/{enterprise.pk}/verify/", {"decision": "approve"})
    assert response.status_code == 403


def test_auditor_reads_everything_and_writes_nothing(auditor, client, api_for):
    enterprise = EnterpriseFactory()
    client.force_login(auditor)
    assert client.get("/enterprises/").status_code == 200
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 200
    assert client.get("/enterprises/export.xlsx").status_code == 200
    assert client.get("/enterprises/new/").status_code == 403
    assert client.post(f"/enterprises/{enterprise.pk}/edit/", {}).status_code == 403
    api = api_for(auditor)
    assert api.get("/api/v1/enterprises").status_code == 200
    assert (
        api.patch(
            f"/api/v1/enterprises/{enterprise.pk}", {"address": "x"}, format="json"
        ).status_code
        == 403
    )
    assert api.post("/api/v1/enterprises", {}, format="json").status_code == 403


def test_auditor_cannot_open_onboarding(auditor, client):
    client.force_login(auditor)
    assert client.get("/enterprises/start/").status_code == 403


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_and_edit_all(make_user, client, api_for, role):
    enterprise = EnterpriseFactory()
    user = make_user(role)
    client.force_login(user)
    for url in (
        "/enterprises/",
        f"/enterprises/{enterprise.pk}/",
        f"/enterprises/{enterprise.pk}/edit/",
        "/enterprises/new/",
        "/enterprises/queue/",
        "/imports/enterprises.roster/",
    ):
        assert client.get(url).status_code == 200, url
    response = api_for(user).patch(
        f"/api/v1/enterprises/{enterprise.pk}", {"address": "서울 중구"}, format="json"
    )
    assert response.status_code == 200


def test_visible_enterprises_by_role(make_user):
    from enterprises.access import visible_enterprises

    EnterpriseFactory.create_batch(2)
    assert visible_enterprises(make_user("official")).count() == 2
    assert visible_enterprises(make_user("auditor")).count() == 2
    assert visible_enterprises(make_user("reviewer")).count() == 0
    assert visible_enterprises(make_user("enterprise_member")).count() == 0
