import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from enterprises.models import Certification, ChangeRequest, Enterprise, EnterpriseMembership
from seoul_se.core.excel import safe_cell
from seoul_se.core.support import Panel
from tests.enterprises.factories import CertificationFactory
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_list_search_filter_and_page(client, staff):
    EnterpriseFactory(name="트리플래닛")
    EnterpriseFactory(name="소녀방앗간")
    client.force_login(staff)
    body = client.get("/enterprises/?q=방앗").content.decode()
    assert "소녀방앗간" in body and "트리플래닛" not in body


def test_list_query_count_constant(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    EnterpriseFactory.create_batch(3)
    client.get("/enterprises/")  # fills the reference choices cache (see the next test)
    with django_assert_max_num_queries(30) as small:
        client.get("/enterprises/?page_size=20")
    for enterprise in EnterpriseFactory.create_batch(60):
        CertificationFactory(enterprise=enterprise)
    with django_assert_max_num_queries(30) as large:
        client.get("/enterprises/?page_size=100")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_list_filter_form_reads_reference_choices_from_the_cache(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    client.get("/enterprises/")
    with CaptureQueriesContext(connection) as second:
        body = client.get("/enterprises/").content.decode()
    assert "마포구" in body and "사회적협동조합" in body  # district and legal-type options
    assert not [q for q in second.captured_queries if "reference_" in q["sql"]]


def test_export_is_exactly_the_filtered_list_and_neutralised(client, staff):
    EnterpriseFactory(name='=HYPERLINK("http://evil")', representative="+cmd", address="@SUM(1)")
    EnterpriseFactory(name="-2+3")
    EnterpriseFactory(
        name="다른기업",
        district=__import__(
            "seoul_se.reference.models", fromlist=["District"]
        ).District.objects.get(name="강남구"),
    )
    client.force_login(staff)
    # The export asks for its purpose first (personal-data access log, docs/audit.md).
    response = client.get("/enterprises/export.xlsx?district=11440&purpose=monitoring")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = sorted(row[0] for row in rows[1:])
    assert names == ["'-2+3", '\'=HYPERLINK("http://evil")']
    evil = next(row for row in rows if row[0].startswith("'="))
    assert evil[4] == "'+cmd" and evil[6] == "'@SUM(1)"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("안전", "안전"),
        (5, 5),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_detail_shows_history_and_other_apps_panels(client, staff, monkeypatch):
    from django import forms

    class LoanForm(forms.Form):
        amount = forms.CharField(label="지원 이력 2억원")

    enterprise = EnterpriseFactory()
    CertificationFactory(
        enterprise=enterprise, kind=Certification.Kind.VILLAGE_NEW, valid_from=dt.date(2018, 5, 1)
    )
    seen = []

    def panels(e, u):
        seen.append((e.pk, u.pk))
        return [Panel("융자", "partials/form.html", {"form": LoanForm()})]

    monkeypatch.setattr("enterprises.views.enterprise_panels", panels)
    client.force_login(staff)
    body = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "마을기업 신규 지정" in body
    assert "지원 이력 2억원" in body and "융자" in body
    assert seen == [(enterprise.pk, staff.pk)]


def test_onboarding_register_and_join(client, member):
    existing = EnterpriseFactory()
    client.force_login(member)
    response = client.post(
        "/enterprises/start/",
        {
            "action": "register",
            "new-name": "새 기업",
            "new-legal_type": "",
            "new-business_number": "220-81-62517",
            "new-representative": "나",
            "new-district": "",
        },
    )
    assert response.status_code == 200  # legal type / district missing: form errors
    assert not Enterprise.objects.filter(name="새 기업").exists()
    response = client.post(
        "/enterprises/start/",
        {
            "action": "join",
            "join-business_number": existing.business_number_display,
        },
    )
    assert response.status_code == 302
    assert EnterpriseMembership.objects.get(user=member).status == "requested"
    response = client.post(
        "/enterprises/start/",
        {
            "action": "join",
            "join-business_number": "220-81-62518",
        },
    )
    assert "검증번호" in response.content.decode()


def test_member_edit_of_identity_shows_notice(client, member):
    enterprise = MembershipFactory(user=member).enterprise
    client.force_login(member)
    form = {
        "name": "새 이름",
        "legal_type": enterprise.legal_type.pk,
        "business_number": enterprise.business_number_display,
        "representative": "대표",
        "district": enterprise.district.pk,
        "social_mission": "미션",
    }
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", form, follow=True)
    assert "센터 승인 후 반영" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.social_mission == "미션" and enterprise.name != "새 이름"
    assert ChangeRequest.objects.get().new == "새 이름"


def test_queue_decisions(client, staff, member):
    enterprise = MembershipFactory(user=member).enterprise
    change = ChangeRequest.objects.create(
        enterprise=enterprise,
        field="name",
        old=enterprise.name,
        new="승인될 이름",
        requested_by=member,
    )
    client.force_login(staff)
    assert "승인될 이름" in client.get("/enterprises/queue/").content.decode()
    response = client.post(f"/enterprises/changes/{change.pk}/decide/", {"action": "reject"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "requested"  # no reason → refused with a message
    client.post(f"/enterprises/changes/{change.pk}/decide/", {"action": "approve"})
    enterprise.refresh_from_db()
    assert enterprise.name == "승인될 이름"


def test_staff_add_certification_and_figures(client, staff):
    enterprise = EnterpriseFactory()
    client.force_login(staff)
    response = client.post(
        f"/enterprises/{enterprise.pk}/certifications/new/",
        {
            "kind": "village_excellent",
            "valid_from": "2018-06-01",
            "valid_to": "2018-01-01",
        },
    )
    assert response.status_code == 200  # end before start
    response = client.post(
        f"/enterprises/{enterprise.pk}/certifications/new/",
        {
            "kind": "village_excellent",
            "valid_from": "2018-06-01",
            "issuer": "서울특별시",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/enterprises/{enterprise.pk}/figures/",
        {
            "year": 2019,
            "revenue": 1000,
            "employees": 2,
            "vulnerable_employees": 1,
            "public_procurement_sales": 0,
        },
    )
    assert response.status_code == 302
    assert enterprise.yearly_figures.get().revenue == 1000


def test_verify_from_the_queue(client, staff, member):
    enterprise = EnterpriseFactory(
        verification=Enterprise.Verification.PENDING, registered_by=member
    )
    EnterpriseMembership.objects.create(user=member, enterprise=enterprise)
    client.force_login(staff)
    response = client.post(
        f"/enterprises/{enterprise.pk}/verify/?next=queue", {"action": "approve"}
    )
    assert response["Location"] == "/enterprises/queue/"
    assert enterprise.memberships.get().status == "approved"


def test_certification_document_is_private(client, member, staff, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    certification = CertificationFactory()
    certification.document.save("인증서.pdf", ContentFile(b"%PDF-1.4"))
    url = f"/enterprises/certifications/{certification.pk}/document/"
    MembershipFactory(user=member)
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"
