import pytest

from tests.districts.factories import centre_user, district_call
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_centre_list_shows_contacts(client, make_user):
    client.force_login(make_user("reviewer"))
    body = client.get("/districts/").content.decode()
    assert "관악사회적경제통합지원센터" in body and "02-6713-7500" in body


def test_apply_page_needs_a_centre_link(client):
    call = district_call()
    member = MembershipFactory(enterprise=EnterpriseFactory(), user__role="enterprise_member").user
    client.force_login(member)
    response = client.get(f"/districts/calls/{call.pk}/apply/")
    assert response.status_code == 302
    client.force_login(centre_user("성북구"))
    body = client.get(f"/districts/calls/{call.pk}/apply/").content.decode()
    assert "성북구" in body and "마포구" not in body


def test_apply_page_refuses_enterprise_calls(client):
    from tests.programs.factories import CallFactory

    client.force_login(centre_user("성북구"))
    assert client.get(f"/districts/calls/{CallFactory().pk}/apply/").status_code == 404


def test_centre_heads_in_full_are_logged_masked_are_not(client, make_user):
    from districts.models import DistrictCentre
    from seoul_se.audit.models import AccessLog

    centre = DistrictCentre.objects.order_by("pk").first()
    DistrictCentre.objects.filter(pk=centre.pk).update(head="홍길동")
    client.force_login(make_user("reviewer"))
    masked = client.get("/districts/").content.decode()
    assert "홍*동" in masked and "홍길동" not in masked
    assert not AccessLog.objects.exists()
    official = make_user("official")
    client.force_login(official)
    assert "홍길동" in client.get("/districts/").content.decode()
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.target) == (official, "list", "districts.districtcentre")
    assert centre.pk in log.record_ids
