import datetime as dt

import pytest

from enterprises.models import Certification, ChangeRequest, Enterprise, EnterpriseMembership
from tests.enterprises.factories import CertificationFactory
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprises"


def payload(**overrides):
    data = {
        "name": "API 협동조합",
        "legal_type": "cooperative",
        "business_number": "220-81-62517",
        "representative": "박대표",
        "district": "11440",
        "sectors": ["care"],
    }
    data.update(overrides)
    return data


def test_staff_create_verified(api_for, staff):
    response = api_for(staff).post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["business_number"] == "2208162517"
    assert body["business_number_display"] == "220-81-62517"
    assert body["verification"] == "verified"


def test_member_create_is_a_registration(api_for, member):
    response = api_for(member).post(URL, payload(), format="json")
    assert response.status_code == 201
    assert Enterprise.objects.get().verification == "pending"
    assert EnterpriseMembership.objects.get(user=member).status == "requested"


@pytest.mark.parametrize(
    "override, field",
    [
        ({"business_number": "220-81-62518"}, "business_number"),
        ({"district": "99999"}, "district"),
        ({"legal_type": "corporation"}, "legal_type"),
    ],
)
def test_create_invalid_in_one_error_shape(api_for, staff, override, field):
    response = api_for(staff).post(URL, payload(**override), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Enterprise.objects.exists()


def test_duplicate_number_error(api_for, staff):
    EnterpriseFactory(business_number="2208162517")
    response = api_for(staff).post(URL, payload(), format="json")
    assert response.status_code == 400
    assert "이미 등록된" in str(response.json()["error"])


def test_member_identity_patch_opens_change_request(api_for, member):
    enterprise = MembershipFactory(user=member).enterprise
    response = api_for(member).patch(
        f"{URL}/{enterprise.pk}", {"name": "바뀐 이름", "phone": "02-123-4567"}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["phone"] == "02-123-4567"
    assert body["name"] == enterprise.name
    assert body["change_requests"][0]["field"] == "name"
    assert ChangeRequest.objects.get().new == "바뀐 이름"


def test_filters_are_the_pages(api_for, staff):
    a = EnterpriseFactory(name="트리플래닛")
    EnterpriseFactory(name="도우누리")
    CertificationFactory(
        enterprise=a, kind=Certification.Kind.PRE_SE, valid_from=dt.date(2016, 7, 1)
    )
    api = api_for(staff)
    names = lambda q: [r["name"] for r in api.get(URL + q).json()["results"]]  # noqa: E731
    assert names("?q=플래") == ["트리플래닛"]
    assert names("?status=pre_se&status_on=2017-01-01") == ["트리플래닛"]
    assert names("?status=pre_se&status_on=2015-01-01") == []
    assert names("?certified_year=2016") == ["트리플래닛"]
    assert names("?ordering=-name") == ["트리플래닛", "도우누리"]
    assert api.get(URL + "?district=11440").json()["count"] == 2


def test_list_query_count_does_not_grow(api_for, staff, django_assert_max_num_queries):
    api = api_for(staff)
    EnterpriseFactory.create_batch(5)
    with django_assert_max_num_queries(10) as small:
        api.get(URL + "?page_size=5")
    EnterpriseFactory.create_batch(40)
    with django_assert_max_num_queries(10) as large:
        api.get(URL + "?page_size=45")
    assert len(large.captured_queries) == len(small.captured_queries)
