"""Pages: who may open, post, generate and download; auditors stay read-only."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import Budget, Expenditure, Finding, GeneratedReport, ReportDownload
from seoul_se.core.models import BackgroundJob
from tests.reports.factories import add_expenditure, make_budget, make_lines

pytestmark = pytest.mark.django_db


def spend_data(line, **overrides):
    data = {
        "line": line.pk,
        "date": "2018-05-01",
        "amount": 1,
        "payee": "x",
        "evidence_type": "receipt",
        "evidence_reference": "r",
    }
    return {**data, **overrides}


@pytest.fixture
def report(official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = GeneratedReport(
        kind="settlement",
        parameters={},
        params_hash="h",
        generated_by=official,
        filename="정산.xlsx",
        checksum="0" * 64,
    )
    r.file.save("reports/generated/test.xlsx", ContentFile(b"PK workbook"), save=False)
    r.save()
    return r


def test_pages_for_readers(client_for, auditor, seeded, django_assert_max_num_queries):
    client = client_for(auditor)
    assert client.get(reverse("reports:index")).status_code == 200
    response = client.get(reverse("reports:budget", args=[seeded.pk]))
    assert response.status_code == 200
    assert "172,092,957원" in response.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:ledger", args=[seeded.pk])).status_code == 200
    assert client.get(reverse("reports:findings", args=[seeded.pk])).status_code == 200


@pytest.mark.parametrize("role", ["enterprise_member", "reviewer", "intermediary_staff"])
def test_other_roles_get_403(client_for, make_user, seeded, role):
    client = client_for(make_user(role))
    for url in (
        reverse("reports:index"),
        reverse("reports:budget", args=[seeded.pk]),
        reverse("reports:ledger", args=[seeded.pk]),
    ):
        assert client.get(url).status_code == 403


def test_auditor_cannot_edit(client_for, auditor, seeded):
    client = client_for(auditor)
    line = seeded.lines.filter(kind="expenditure", children__isnull=True).first()
    data = spend_data(line)
    assert (
        client.post(reverse("reports:expenditure_new", args=[seeded.pk]), data).status_code == 403
    )
    assert client.get(reverse("reports:expenditure_new", args=[seeded.pk])).status_code == 403
    assert (
        client.post(
            reverse("reports:transition", args=[seeded.pk]), {"action": "confirm"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("reports:budget_change_new", args=[seeded.pk]), {}).status_code == 403
    )
    seeded.refresh_from_db()
    assert seeded.status == "submitted"


def test_auditor_records_finding_and_completes_review(client_for, auditor, seeded):
    client = client_for(auditor)
    url = reverse("reports:findings", args=[seeded.pk])
    e = Expenditure.objects.filter(line__budget=seeded).first()
    response = client.post(
        url, {"expenditure": e.pk, "disallowed_amount": 1_000, "reason": "증빙 누락"}
    )
    assert response.status_code == 302
    assert Finding.objects.get().disallowed_amount == 1_000
    bad = client.post(url, {"disallowed_amount": -1, "reason": "x"})
    assert bad.status_code == 400
    assert "음수" in bad.content.decode()
    client.post(url, {"action": "review", "comment": "검토 완료"})
    seeded.refresh_from_db()
    assert seeded.status == "reviewed"


def test_staff_records_expenditure_and_sees_errors(client_for, staff):
    budget = make_budget(2024)
    _, line = make_lines(budget, spend=1000)
    client = client_for(staff)
    url = reverse("reports:expenditure_new", args=[budget.pk])
    data = {
        "line": line.pk,
        "date": "2024-05-01",
        "amount": 2000,
        "payee": "지급처",
        "evidence_type": "receipt",
        "evidence_reference": "R-1",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "초과" in response.content.decode()
    data["amount"] = 500
    assert client.post(url, data).status_code == 302
    assert Expenditure.objects.get().amount == 500


def test_official_confirms_and_year_locks(client_for, official, staff, auditor, seeded):
    client_for(auditor).post(reverse("reports:findings", args=[seeded.pk]), {"action": "review"})
    client = client_for(official)
    client.post(
        reverse("reports:transition", args=[seeded.pk]), {"action": "confirm", "comment": "확정"}
    )
    seeded.refresh_from_db()
    assert seeded.status == "locked"
    line = seeded.lines.filter(kind="expenditure", children__isnull=True).first()
    client = client_for(staff)
    data = spend_data(line)
    response = client.post(reverse("reports:expenditure_new", args=[seeded.pk]), data)
    assert response.status_code == 400
    assert "확정되어" in response.content.decode()


def test_generate_is_open_to_auditors(
    client_for, auditor, seeded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(auditor).post(
            reverse("reports:generate"), {"kind": "settlement", "budget_id": seeded.pk}
        )
    assert response.status_code == 302
    job = BackgroundJob.objects.get(kind="reports.settlement")
    assert f"job={job.pk}" in response["Location"]


def test_download_is_recorded_in_audit_trail(client_for, auditor, report):
    response = client_for(auditor).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK workbook"
    download = ReportDownload.objects.get()
    assert download.user == auditor
    assert LogEntry.objects.get_for_object(download).filter(action=LogEntry.Action.CREATE).exists()


def test_member_cannot_download(client_for, member, report):
    assert client_for(member).get(reverse("reports:download", args=[report.pk])).status_code == 403
    assert not ReportDownload.objects.exists()


def test_evidence_file_served_only_to_readers(client_for, auditor, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    budget = make_budget(2024)
    _, line = make_lines(budget)
    e = add_expenditure(line, 10, date=dt.date(2024, 1, 2))
    e.evidence_file.save("receipt.pdf", ContentFile(b"%PDF"), save=True)
    assert client_for(member).get(reverse("reports:evidence", args=[e.pk])).status_code == 403
    response = client_for(auditor).get(reverse("reports:evidence", args=[e.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF"


def test_api_lists_budgets_with_settlement(api_for, auditor, member, seeded):
    response = api_for(auditor).get("/api/v1/report-budgets?fiscal_year=2018")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["settlement"]["amount_to_return"] == 172_092_957
    assert api_for(member).get("/api/v1/report-budgets").status_code == 403
    assert api_for(auditor).post("/api/v1/report-budgets", {}).status_code in (403, 405)


def test_budget_page_shows_change_vs_previous_year(client_for, official, seeded):
    b2021 = Budget.objects.get(fiscal_year=2021, owner_key="centre")
    html = client_for(official).get(reverse("reports:budget", args=[b2021.pk])).content.decode()
    assert "△2,327,441,000 (-27%)" in html
    assert "209,000,000원" in html
