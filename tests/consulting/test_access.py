import pytest

from consulting.models import Case
from tests.consulting.factories import CaseFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_and_other(member):
    own = CaseFactory(enterprise=MembershipFactory(user=member).enterprise)
    return own, CaseFactory()


def test_member_sees_only_own_enterprise_cases_on_pages(client_for, member, own_and_other):
    own, other = own_and_other
    client = client_for(member)
    listing = client.get("/consulting/").content.decode()
    assert own.number in listing and other.number not in listing
    assert client.get(f"/consulting/{own.pk}/").status_code == 200
    assert client.get(f"/consulting/{other.pk}/").status_code == 404
    assert client.post(f"/consulting/{other.pk}/cancel/").status_code == 404
    assert client.get("/consulting/export.xlsx").status_code == 403


def test_member_sees_only_own_enterprise_cases_in_api(api_for, member, own_and_other):
    own, other = own_and_other
    api = api_for(member)
    ids = [row["id"] for row in api.get("/api/v1/consulting/cases/").json()["results"]]
    assert ids == [own.pk]
    assert api.get(f"/api/v1/consulting/cases/{other.pk}/").status_code == 404
    answer = api.post(
        "/api/v1/consulting/cases/",
        {"enterprise": other.enterprise_id, "field": "tax", "description": "남의 기업"},
        format="json",
    )
    assert answer.status_code == 403
    assert Case.objects.count() == 2


def test_api_rating_out_of_range_is_400_and_nothing_saved(api_for, member, own_and_other):
    own, _other = own_and_other
    Case.objects.filter(pk=own.pk).update(status=Case.Status.CLOSED)
    answer = api_for(member).post(
        f"/api/v1/consulting/cases/{own.pk}/rate/", {"satisfaction": 7}, format="json"
    )
    assert answer.status_code == 400
    assert "satisfaction" in answer.json()["error"]["fields"]
    own.refresh_from_db()
    assert own.satisfaction is None


def test_auditor_reads_but_cannot_write(client_for, api_for, auditor, own_and_other):
    own, _other = own_and_other
    assert client_for(auditor).get(f"/consulting/{own.pk}/").status_code == 200
    client = client_for(auditor)
    assert "목적" in client.get("/consulting/export.xlsx").content.decode()
    export = client.get("/consulting/export.xlsx?purpose=audit")
    assert export.status_code == 200 and export.content.startswith(b"PK")
    api = api_for(auditor)
    assert len(api.get("/api/v1/consulting/cases/").json()["results"]) == 2
    answer = api.post(
        "/api/v1/consulting/cases/",
        {"enterprise": own.enterprise_id, "field": "tax", "description": "x"},
        format="json",
    )
    assert answer.status_code == 403


def test_reviewer_is_refused(client_for, api_for, reviewer, own_and_other):
    assert client_for(reviewer).get("/consulting/").status_code == 403
    assert api_for(reviewer).get("/api/v1/consulting/cases/").status_code == 403


def test_staff_my_cases(client_for, staff, own_and_other):
    own, other = own_and_other
    Case.objects.filter(pk=own.pk).update(assignee=staff, status=Case.Status.ASSIGNED)
    listing = client_for(staff).get("/consulting/?mine=1&status=open").content.decode()
    assert own.number in listing and other.number not in listing


def test_expert_contacts_are_masked_for_auditors_and_logged_for_staff(
    client_for, auditor, staff, make_user
):
    from seoul_se.audit.models import AccessLog
    from tests.consulting.factories import ExpertFactory

    expert = ExpertFactory(name="김전문", user=make_user("reviewer", email="expert@pool.kr"))
    masked = client_for(auditor).get("/consulting/experts/").content.decode()
    assert "김전문" not in masked and "expert@pool.kr" not in masked
    assert not AccessLog.objects.exists()
    full = client_for(staff).get("/consulting/experts/").content.decode()
    assert "김전문" in full and "expert@pool.kr" in full
    log = AccessLog.objects.get()
    assert log.actor == staff and log.record_ids == [expert.pk]
