"""Personal fields masked per role, the same way on the page, in the API and in the export."""

import io

import pytest
from openpyxl import load_workbook

from seoul_se.audit.masking import mask_address, mask_email, mask_name, mask_phone
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

FULL = {
    "representative": "홍길동",
    "phone": "010-1234-5678",
    "email": "hong@example.kr",
    "address": "서울특별시 마포구 월드컵북로 400",
}
MASKED = {
    "representative": "홍*동",
    "phone": "010-****-5678",
    "email": "ho**@example.kr",
    "address": "서울특별시 마포구 ***",
}


@pytest.mark.parametrize(
    "function, value, expected",
    [
        (mask_name, "홍길동", "홍*동"),
        (mask_name, "남궁민수", "남**수"),
        (mask_name, "홍길", "홍*"),
        (mask_name, "김", "*"),
        (mask_phone, "010-1234-5678", "010-****-5678"),
        (mask_phone, "02-123-4567", "02-***-4567"),
        (mask_phone, "02 3456 7890", "02 **** 7890"),
        (mask_phone, "01012345678", "010****5678"),
        (mask_email, "hong@example.kr", "ho**@example.kr"),
        (mask_email, "ab@example.kr", "a*@example.kr"),
        (mask_address, "서울특별시 마포구 월드컵북로 400", "서울특별시 마포구 ***"),
        (mask_address, "마포구", "마포구"),
    ],
)
def test_mask_functions(function, value, expected):
    assert function(value) == expected


def _enterprise():
    return EnterpriseFactory(**FULL)


def _page(client, enterprise):
    body = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    return {key: value in body for key, value in FULL.items()}


def _api_list(api):
    row = api.get("/api/v1/enterprises").json()["results"][0]
    return {key: row[key] for key in FULL}


def _api_detail(api, enterprise):
    row = api.get(f"/api/v1/enterprises/{enterprise.pk}").json()
    return {key: row[key] for key in FULL}


def _export(client):
    response = client.get("/enterprises/export.xlsx?purpose=audit")
    header, row = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    values = dict(zip(header, row, strict=False))
    return {
        "representative": values["대표자"],
        "phone": values["전화번호"],
        "email": values["이메일"],
        "address": values["주소"],
    }


@pytest.mark.parametrize("role", ["official", "centre_staff", "administrator"])
def test_staff_see_personal_data_in_full(client_for, api_for, make_user, role):
    user = make_user(role)
    enterprise = _enterprise()
    client = client_for(user)
    assert all(_page(client, enterprise).values())
    assert _api_list(api_for(user)) == FULL
    assert _api_detail(api_for(user), enterprise) == FULL
    assert _export(client) == FULL


def test_auditors_see_it_masked_on_page_api_and_export(client_for, api_for, auditor):
    enterprise = _enterprise()
    client = client_for(auditor)
    body = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert all(value not in body for value in FULL.values())
    assert all(value in body for value in MASKED.values())
    assert _api_list(api_for(auditor)) == MASKED
    assert _api_detail(api_for(auditor), enterprise) == MASKED
    assert _export(client) == MASKED


def test_a_member_sees_its_own_enterprise_in_full(client_for, api_for, member):
    enterprise = _enterprise()
    MembershipFactory(user=member, enterprise=enterprise)
    assert all(_page(client_for(member), enterprise).values())
    assert _api_list(api_for(member)) == FULL
    assert _api_detail(api_for(member), enterprise) == FULL


def test_the_policy_masks_a_record_the_member_does_not_own(member):
    from enterprises.access import personal_data, personal_data_policy

    own = MembershipFactory(user=member).enterprise
    other = _enterprise()
    policy = personal_data_policy(member)
    assert personal_data(policy, other) == MASKED
    assert personal_data(policy, own)["representative"] == own.representative
