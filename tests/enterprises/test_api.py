import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import (
    Certification,
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    YearlyFigures,
)
from tests.enterprises.factories import CertificationFactory, YearlyFiguresFactory
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


# --- certifications -----------------------------------------------------------------------

CERTIFICATIONS = "/api/v1/enterprises/certifications"


def certification(enterprise, **overrides):
    data = {
        "enterprise": enterprise.pk,
        "kind": "pre_se",
        "valid_from": "2020-07-01",
        "valid_to": "2023-06-30",
        "issuer": "서울특별시",
    }
    data.update(overrides)
    return data


def test_member_reads_only_own_certifications(api_for, member):
    own = CertificationFactory(enterprise=MembershipFactory(user=member).enterprise)
    other = CertificationFactory()
    api = api_for(member)
    body = api.get(CERTIFICATIONS).json()
    assert [r["id"] for r in body["results"]] == [own.pk]
    assert api.get(f"{CERTIFICATIONS}?enterprise={other.enterprise_id}").json()["count"] == 0
    assert api.get(f"{CERTIFICATIONS}/{other.pk}").status_code == 404
    assert api.get(f"{CERTIFICATIONS}/{own.pk}").json()["kind_display"] == "인증 사회적기업"


@pytest.mark.parametrize("role", ["centre_staff", "official", "auditor"])
def test_staff_and_auditor_read_every_certification_by_enterprise(api_for, make_user, role):
    wanted = CertificationFactory()
    CertificationFactory()
    api = api_for(make_user(role))
    assert api.get(CERTIFICATIONS).json()["count"] == 2
    body = api.get(f"{CERTIFICATIONS}?enterprise={wanted.enterprise_id}").json()
    assert [r["id"] for r in body["results"]] == [wanted.pk]
    assert body["results"][0]["enterprise_name"] == wanted.enterprise.name


def test_staff_add_certification(api_for, staff):
    enterprise = EnterpriseFactory()
    response = api_for(staff).post(CERTIFICATIONS, certification(enterprise), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["document_url"] is None
    saved = Certification.objects.get(enterprise=enterprise)
    assert (saved.kind, saved.valid_to, saved.created_by) == ("pre_se", dt.date(2023, 6, 30), staff)


def test_certification_document_upload_is_served_privately(api_for, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enterprise = EnterpriseFactory()
    document = SimpleUploadedFile("지정서.pdf", b"%PDF-1.4 designation")
    response = api_for(staff).post(
        CERTIFICATIONS, certification(enterprise, document=document), format="multipart"
    )
    assert response.status_code == 201, response.json()
    saved = Certification.objects.get(enterprise=enterprise)
    assert saved.document.name.endswith(".pdf")
    assert response.json()["document_url"].endswith(
        f"/enterprises/certifications/{saved.pk}/document/"
    )


def test_renamed_executable_is_refused_as_document(api_for, staff):
    enterprise = EnterpriseFactory()
    document = SimpleUploadedFile("인증서.pdf", b"MZ\x90\x00 this is a program")
    response = api_for(staff).post(
        CERTIFICATIONS, certification(enterprise, document=document), format="multipart"
    )
    assert response.status_code == 400
    assert "허용되지 않는 파일 형식" in response.json()["error"]["fields"]["document"][0]
    assert not Certification.objects.exists()


@pytest.mark.parametrize(
    "override, field, message",
    [
        ({"valid_to": "2019-12-31"}, "valid_to", "종료일은 시작일 이후"),
        ({"kind": "unknown"}, "kind", ""),
        ({"valid_from": ""}, "valid_from", ""),
        ({"enterprise": 999_999}, "enterprise", "기업을 찾을 수 없습니다"),
    ],
)
def test_invalid_certification_saves_nothing(api_for, staff, override, field, message):
    enterprise = EnterpriseFactory()
    data = {**certification(enterprise), **override}
    response = api_for(staff).post(CERTIFICATIONS, data, format="json")
    assert response.status_code == 400
    assert message in response.json()["error"]["fields"][field][0]
    assert not Certification.objects.exists()


@pytest.mark.parametrize("role", ["enterprise_member", "auditor"])
def test_only_staff_add_certifications(api_for, make_user, role):
    user = make_user(role)
    enterprise = MembershipFactory(user=user).enterprise
    response = api_for(user).post(CERTIFICATIONS, certification(enterprise), format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Certification.objects.exists()


# --- yearly figures -----------------------------------------------------------------------

FIGURES = "/api/v1/enterprises/yearly-figures"


def figures(enterprise, **overrides):
    data = {
        "enterprise": enterprise.pk,
        "year": 2020,
        "revenue": 904_640_000_000,
        "employees": 12,
        "vulnerable_employees": 5,
        "public_procurement_sales": 120_000_000,
        "social_value_notes": "지역 돌봄 일자리",
    }
    data.update(overrides)
    return data


def test_member_enters_own_figures_in_whole_won(api_for, member):
    enterprise = MembershipFactory(user=member).enterprise
    response = api_for(member).post(FIGURES, figures(enterprise), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["revenue"] == 904_640_000_000 and body["is_confirmed"] is False
    saved = YearlyFigures.objects.get(enterprise=enterprise, year=2020)
    assert (saved.revenue, saved.entered_by) == (904_640_000_000, member)


def test_member_reads_only_own_figures(api_for, member):
    own = YearlyFiguresFactory(enterprise=MembershipFactory(user=member).enterprise)
    other = YearlyFiguresFactory()
    api = api_for(member)
    assert [r["id"] for r in api.get(FIGURES).json()["results"]] == [own.pk]
    assert api.get(f"{FIGURES}?enterprise={other.enterprise_id}").json()["count"] == 0
    assert api.get(f"{FIGURES}/{other.pk}").status_code == 404


def test_member_cannot_write_another_enterprises_figures(api_for, member):
    MembershipFactory(user=member)
    other = YearlyFiguresFactory()
    api = api_for(member)
    response = api.post(FIGURES, figures(other.enterprise, year=2021), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["enterprise"] == ["기업을 찾을 수 없습니다."]
    assert api.patch(f"{FIGURES}/{other.pk}", {"revenue": 1}, format="json").status_code == 404
    other.refresh_from_db()
    assert other.revenue == 100_000_000
    assert YearlyFigures.objects.count() == 1


@pytest.mark.parametrize(
    "override, field, message",
    [
        ({"revenue": 1000.5}, "revenue", "원 단위 정수"),
        ({"revenue": None}, "revenue", ""),
        ({"vulnerable_employees": 13}, "vulnerable_employees", "취약계층"),
        ({"public_procurement_sales": 904_640_000_001}, "public_procurement_sales", "공공구매"),
        ({"year": 2019}, "non_field_errors", "이미 있습니다"),
    ],
)
def test_invalid_figures_save_nothing(api_for, member, override, field, message):
    existing = YearlyFiguresFactory(enterprise=MembershipFactory(user=member).enterprise)
    response = api_for(member).post(
        FIGURES, figures(existing.enterprise, **override), format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in (
        error["message"] if field == "non_field_errors" else error["fields"][field][0]
    )
    assert YearlyFigures.objects.count() == 1


def test_member_corrects_figures_until_staff_confirm(api_for, member, staff):
    item = YearlyFiguresFactory(enterprise=MembershipFactory(user=member).enterprise)
    url = f"{FIGURES}/{item.pk}"
    response = api_for(member).patch(url, {"revenue": 150_000_000, "year": 2000}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["revenue"], response.json()["year"]) == (150_000_000, 2019)

    confirmed = api_for(staff).post(f"{url}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["is_confirmed"] is True

    refused = api_for(member).patch(url, {"revenue": 1}, format="json")
    assert refused.status_code == 400
    assert "센터가 확인한 실적" in refused.json()["error"]["message"]
    assert api_for(staff).patch(url, {"revenue": 160_000_000}, format="json").status_code == 200
    item.refresh_from_db()
    assert (item.revenue, item.confirmed_by) == (160_000_000, staff)


def test_member_cannot_confirm_own_figures(api_for, member):
    item = YearlyFiguresFactory(enterprise=MembershipFactory(user=member).enterprise)
    assert api_for(member).post(f"{FIGURES}/{item.pk}/confirm").status_code == 403
    item.refresh_from_db()
    assert not item.is_confirmed


def test_auditor_reads_figures_and_writes_nothing(api_for, auditor):
    item = YearlyFiguresFactory()
    api = api_for(auditor)
    assert api.get(f"{FIGURES}?enterprise={item.enterprise_id}").json()["count"] == 1
    assert api.post(FIGURES, figures(item.enterprise, year=2021), format="json").status_code == 403
    assert api.patch(f"{FIGURES}/{item.pk}", {"revenue": 1}, format="json").status_code == 403
    assert api.post(f"{FIGURES}/{item.pk}/confirm").status_code == 403
    item.refresh_from_db()
    assert (item.revenue, item.is_confirmed) == (100_000_000, False)
    assert YearlyFigures.objects.count() == 1


# --- both sub-resources -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "intermediary_staff"])
@pytest.mark.parametrize("url", [CERTIFICATIONS, FIGURES])
def test_no_registry_access_for_reviewers_and_intermediaries(api_for, make_user, role, url):
    item = YearlyFiguresFactory()
    api = api_for(make_user(role))
    assert api.get(url).status_code == 403
    assert api.post(url, figures(item.enterprise, year=2021), format="json").status_code == 403


@pytest.mark.parametrize(
    "url, factory", [(CERTIFICATIONS, CertificationFactory), (FIGURES, YearlyFiguresFactory)]
)
def test_record_lists_query_count_does_not_grow(
    api_for, staff, django_assert_max_num_queries, url, factory
):
    api = api_for(staff)
    factory.create_batch(3)
    with django_assert_max_num_queries(3) as small:
        assert api.get(url).json()["count"] == 3
    factory.create_batch(30)
    with django_assert_max_num_queries(3) as large:
        assert api.get(url).json()["count"] == 33
    assert len(large.captured_queries) == len(small.captured_queries)


def test_actions_come_from_the_machines(api_for, staff, member):
    pending = EnterpriseFactory(verification=Enterprise.Verification.PENDING)
    names = lambda body: [a["name"] for a in body["actions"]]  # noqa: E731
    body = api_for(staff).get(f"{URL}/{pending.pk}").json()
    assert names(body) == ["approve", "reject"]
    assert body["actions"][0]["label"] == "승인"
    verified = MembershipFactory(user=member).enterprise
    assert names(api_for(staff).get(f"{URL}/{verified.pk}").json()) == []
    response = api_for(member).patch(f"{URL}/{verified.pk}", {"name": "새 이름"}, format="json")
    assert names(response.json()["change_requests"][0]) == []  # members do not decide
    assert names(api_for(member).get(f"{URL}/{verified.pk}").json()) == []
