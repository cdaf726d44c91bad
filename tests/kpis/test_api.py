"""KPI API: indicators, values and manual entries; permissions and validation errors."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis import services
from kpis.models import Indicator, IndicatorValue, ManualEntry
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory, evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    ind = IndicatorFactory(
        name="자치구공공구매영업지원단 운영지원", unit="개 구", target=Decimal(5)
    )
    services.apply_manual_value(ind, Decimal(2))
    return ind


def test_auditor_reads_indicators_and_values(api_for, auditor, indicator):
    api = api_for(auditor)
    body = api.get("/api/v1/kpi-indicators?year=2018").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["value"]["display"] == "40%" and row["value"]["arrow"] == "↘"
    assert row["value"]["achievement_rate"] == "0.400000"
    values = api.get("/api/v1/kpi-values?year=2018").json()
    assert values["results"][0]["achievement_percent"] == 40
    assert api.get(f"/api/v1/kpi-values/{indicator.pk}").status_code == 200
    assert api.get("/api/v1/kpi-measures").status_code == 200


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer"])
def test_outsiders_are_denied(api_for, make_user, role, indicator):
    api = api_for(make_user(role))
    assert api.get("/api/v1/kpi-indicators").status_code == 403
    assert api.get("/api/v1/kpi-values").status_code == 403


def test_anonymous_is_unauthenticated(api_for):
    assert api_for(None).get("/api/v1/kpi-indicators").status_code == 401


def test_staff_create_and_auditor_cannot(api_for, staff, auditor):
    area = BusinessAreaFactory(name="기획연구")
    data = {
        "area": area.pk,
        "year": 2019,
        "name": "정책개발 연구",
        "unit": "건",
        "target": "5",
        "source": "manual",
    }
    assert api_for(auditor).post("/api/v1/kpi-indicators", data, format="json").status_code == 403
    response = api_for(staff).post("/api/v1/kpi-indicators", data, format="json")
    assert response.status_code == 201, response.json()
    assert Indicator.objects.get().created_by == staff


def test_api_errors_have_the_shared_shape(api_for, staff):
    area = BusinessAreaFactory(name="기획연구")
    data = {
        "area": area.pk,
        "year": 2019,
        "name": "x",
        "unit": "건",
        "target": "abc",
        "source": "manual",
    }
    response = api_for(staff).post("/api/v1/kpi-indicators", data, format="json")
    assert response.status_code == 400
    assert "target" in response.json()["error"]["fields"]
    mismatch = {**data, "target": "1", "source": "computed", "measure_key": "amount_lent"}
    response = api_for(staff).post("/api/v1/kpi-indicators", mismatch, format="json")
    assert response.status_code == 400 and "unit" in response.json()["error"]["fields"]
    assert not Indicator.objects.exists()


def test_staff_update_marks_stale(api_for, staff, indicator):
    response = api_for(staff).patch(
        f"/api/v1/kpi-indicators/{indicator.pk}", {"target": "4"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["value"]["stale"] is True


# --- manual entries -----------------------------------------------------------------------

ENTRIES = "/api/v1/kpi-entries"


def submit(api, indicator, **overrides):
    data = {
        "indicator": indicator.pk,
        "value": "208",
        "unit": indicator.unit,
        "evidence": evidence(),
        "note": "2018 사업보고서",
    }
    data.update(overrides)
    return api.post(ENTRIES, data, format="multipart")


@pytest.fixture
def counselling():
    return IndicatorFactory(name="일상상담", unit="건", target=Decimal(200))


def test_staff_submits_and_another_official_approves(
    api_for, client_for, staff, official, auditor, counselling
):
    response = submit(api_for(staff), counselling)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["entered_by"] == staff.pk
    assert body["value"] == "208.0000" and body["value_display"] == "208건"
    assert body["evidence_url"].endswith(f"/kpis/entries/{body['id']}/evidence")
    assert not IndicatorValue.objects.filter(indicator=counselling).exists()

    approved = api_for(official).post(f"{ENTRIES}/{body['id']}/approve", {"comment": "확인"})
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == official.pk
    assert [t["to_status"] for t in approved.json()["transitions"]] == ["submitted", "approved"]

    value = api_for(auditor).get(f"/api/v1/kpi-indicators/{counselling.pk}").json()["value"]
    assert value["actual"] == "208.0000" and value["display"] == "104%"
    # The evidence link is the access-checked page, which the auditor may open.
    assert client_for(auditor).get(body["evidence_url"]).status_code == 200


def test_list_filters_and_detail(api_for, staff, auditor, counselling):
    other = IndicatorFactory(year=2019, unit="회")
    first = services.submit_entry(
        counselling, actor=staff, value="1", unit="건", evidence=evidence()
    )
    services.submit_entry(other, actor=staff, value="2", unit="회", evidence=evidence())
    services.act_on_entry(first, "withdraw", actor=staff)
    api = api_for(auditor)
    assert api.get(ENTRIES).json()["count"] == 2
    assert [r["id"] for r in api.get(f"{ENTRIES}?year=2018").json()["results"]] == [first.pk]
    assert api.get(f"{ENTRIES}?indicator={other.pk}").json()["count"] == 1
    assert api.get(f"{ENTRIES}?status=withdrawn").json()["results"][0]["id"] == first.pk
    assert api.get(f"{ENTRIES}?status=submitted&year=2018").json()["count"] == 0
    detail = api.get(f"{ENTRIES}/{first.pk}").json()
    assert detail["status_display"] == "철회" and detail["approved_by_name"] is None


def test_list_query_count_is_constant(api_for, official, make_user):
    api = api_for(official)

    def entries_query_count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(ENTRIES).status_code == 200
        return len(queries)

    author = make_user("centre_staff")
    services.submit_entry(
        IndicatorFactory(), actor=author, value="1", unit="건", evidence=evidence()
    )
    once = entries_query_count()
    for n in range(6):
        author = make_user("centre_staff")
        entry = services.submit_entry(
            IndicatorFactory(), actor=author, value=str(n), unit="건", evidence=evidence()
        )
        services.act_on_entry(
            entry, "approve" if n % 2 == 0 else "reject", actor=official, comment="사유"
        )
    assert entries_query_count() == once


def test_self_approval_is_refused(api_for, official, counselling):
    api = api_for(official)
    entry_id = submit(api, counselling).json()["id"]
    response = api.post(f"{ENTRIES}/{entry_id}/approve")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("본인이 입력한 실적은 승인하거나")
    assert ManualEntry.objects.get().status == "submitted"


def test_reject_needs_a_comment(api_for, staff, official, counselling):
    entry_id = submit(api_for(staff), counselling).json()["id"]
    api = api_for(official)
    response = api.post(f"{ENTRIES}/{entry_id}/reject", {"comment": " "})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"comment": ["반려 사유를 입력해 주세요."]}
    assert ManualEntry.objects.get().status == "submitted"
    rejected = api.post(f"{ENTRIES}/{entry_id}/reject", {"comment": "증빙 부족"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    again = api.post(f"{ENTRIES}/{entry_id}/approve")
    assert again.status_code == 400 and "변경할 수 없습니다" in again.json()["error"]["message"]
    assert not IndicatorValue.objects.filter(indicator=counselling).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"unit": "회"}, "unit", "단위 불일치", id="wrong-unit"),
        pytest.param({"value": "-5"}, "value", "0 이상", id="negative"),
        pytest.param({"value": "많이"}, "value", "숫자여야", id="not-a-number"),
        pytest.param({"value": "1.23456"}, "value", "소수점 아래 4자리", id="too-precise"),
        pytest.param({"value": "1" * 21}, "value", "정수 부분 20자리", id="too-large"),
        pytest.param(
            {"evidence": ContentFile(b"MZ\x90\x00program", name="setup.pdf")},
            "evidence",
            "허용되지 않는 파일 형식",
            id="exe-renamed-pdf",
        ),
        pytest.param(
            {"evidence": ContentFile(b"%PDF-1.4 x", name="report.exe")},
            "evidence",
            "확장자",
            id="pdf-named-exe",
        ),
    ],
)
def test_bad_entries_save_nothing(api_for, staff, counselling, overrides, field, message):
    response = submit(api_for(staff), counselling, **overrides)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and message in " ".join(error["fields"][field])
    assert not ManualEntry.objects.exists()


def test_entry_without_evidence(api_for, staff, counselling):
    api = api_for(staff)
    data = {"indicator": counselling.pk, "value": "1", "unit": "건"}
    response = api.post(ENTRIES, data, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["evidence"] == ["증빙 자료를 첨부해 주세요."]
    assert not ManualEntry.objects.exists()


def test_only_the_author_withdraws(api_for, staff, make_user, official, counselling):
    entry_id = submit(api_for(staff), counselling).json()["id"]
    for other in (make_user("centre_staff"), official):
        assert api_for(other).post(f"{ENTRIES}/{entry_id}/withdraw").status_code == 403
    response = api_for(staff).post(f"{ENTRIES}/{entry_id}/withdraw", {"comment": "오기"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert response.json()["transitions"][-1]["comment"] == "오기"


def test_auditor_is_read_only(api_for, staff, auditor, counselling):
    entry = services.submit_entry(
        counselling, actor=staff, value="1", unit="건", evidence=evidence()
    )
    api = api_for(auditor)
    assert api.get(f"{ENTRIES}/{entry.pk}").status_code == 200
    assert submit(api, counselling).status_code == 403
    for verb in ("approve", "reject", "withdraw"):
        response = api.post(f"{ENTRIES}/{entry.pk}/{verb}", {"comment": "x"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert ManualEntry.objects.get().status == "submitted"


def test_centre_staff_cannot_decide(api_for, staff, make_user, counselling):
    entry = services.submit_entry(
        counselling, actor=staff, value="1", unit="건", evidence=evidence()
    )
    colleague = make_user("centre_staff")
    for verb in ("approve", "reject"):
        response = api_for(colleague).post(f"{ENTRIES}/{entry.pk}/{verb}", {"comment": "x"})
        assert response.status_code == 403
    assert ManualEntry.objects.get().status == "submitted"


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer", "intermediary_staff"])
def test_outsiders_cannot_see_or_submit_entries(api_for, make_user, staff, role, counselling):
    entry = services.submit_entry(
        counselling, actor=staff, value="1", unit="건", evidence=evidence()
    )
    api = api_for(make_user(role))
    assert api.get(ENTRIES).status_code == 403
    assert api.get(f"{ENTRIES}/{entry.pk}").status_code == 403
    assert submit(api, counselling).status_code == 403
    assert api.post(f"{ENTRIES}/{entry.pk}/approve").status_code == 403
    assert ManualEntry.objects.count() == 1
