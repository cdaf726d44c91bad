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
