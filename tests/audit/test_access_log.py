"""The personal-data access log (개인정보 접속기록): what is written, that it cannot be changed,
who reads it, the retention purge and the monthly review."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from seoul_se.audit import selectors, services
from seoul_se.audit.models import AccessLog, AccessReview, AppendOnlyError
from tests.enterprises.factories import CertificationFactory
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def entry(**kwargs) -> AccessLog:
    """A planted log row (``at`` in Asia/Seoul when naive)."""
    at = kwargs.pop("at", None)
    if at is not None and timezone.is_naive(at):
        at = at.replace(tzinfo=SEOUL)
    values = {"action": "view", "target": "enterprises.enterprise", "record_ids": [1]}
    values.update(kwargs)
    values.setdefault("count", len(values["record_ids"]))
    return AccessLog.objects.create(**({"at": at} if at else {}), **values)


# --- each kind of access is written, once, with who / from where / which records ----------


def test_enterprise_page_view_is_logged_with_actor_ip_and_record(client_for, staff):
    enterprise = EnterpriseFactory()
    response = client_for(staff).get(f"/enterprises/{enterprise.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.actor, log.actor_role, log.ip) == (staff, "centre_staff", "10.1.2.3")
    assert (log.action, log.target, log.record_ids, log.count) == (
        "view",
        "enterprises.enterprise",
        [enterprise.pk],
        1,
    )
    assert log.path == f"/enterprises/{enterprise.pk}/"


def test_client_address_follows_the_trusted_proxy_setting(client_for, staff, settings):
    enterprise = EnterpriseFactory()
    client = client_for(staff)
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    # Without a trusted proxy (the default) the header is ignored: anybody can send it.
    client.get(f"/enterprises/{enterprise.pk}/", **forged)
    # TRUSTED_PROXY_COUNT=1, as settings.py derives it for the login lock-out (DRF's
    # NUM_PROXIES behind AXES_CLIENT_IP_CALLABLE): the entry the proxy appended counts, the
    # left-hand (forged) one not.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client.get(f"/enterprises/{enterprise.pk}/", **forged)
    assert list(AccessLog.objects.order_by("pk").values_list("ip", flat=True)) == [
        "10.0.0.1",
        "203.0.113.9",
    ]


def test_export_asks_for_a_purpose_then_logs_every_row(client_for, official):
    enterprises = EnterpriseFactory.create_batch(3)
    client = client_for(official)
    form = client.get("/enterprises/export.xlsx?verification=verified")
    assert form.status_code == 200
    assert "내려받는 목적" in form.content.decode()
    assert 'name="verification" value="verified"' in form.content.decode()  # filters kept
    assert not AccessLog.objects.exists()

    refused = client.get("/enterprises/export.xlsx?purpose=other&purpose_detail=")
    assert refused.status_code == 400
    assert not AccessLog.objects.exists()

    response = client.get(
        "/enterprises/export.xlsx",
        {"verification": "verified", "purpose": "monitoring", "purpose_detail": "상반기 점검"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 4
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.ip, log.count) == (official, "export", "10.9.8.7", 3)
    assert sorted(log.record_ids) == sorted(e.pk for e in enterprises)
    assert (log.purpose, log.purpose_detail) == ("monitoring", "상반기 점검")


def test_export_costs_one_insert_whatever_the_row_count(client_for, official):
    from django.test.utils import CaptureQueriesContext

    EnterpriseFactory.create_batch(30)
    client = client_for(official)
    with CaptureQueriesContext(connection) as queries:
        client.get("/enterprises/export.xlsx?purpose=statistics")
    inserts = [q for q in queries.captured_queries if "audit_accesslog" in q["sql"]]
    assert len(inserts) == 1 and inserts[0]["sql"].startswith("INSERT")
    assert AccessLog.objects.get().count == 30


def test_api_list_and_detail_are_logged(api_for, auditor):
    _first, second = EnterpriseFactory.create_batch(2)
    api = api_for(auditor)
    listed = api.get("/api/v1/enterprises?page_size=1", REMOTE_ADDR="10.4.4.4")
    assert listed.status_code == 200
    read = api.get(f"/api/v1/enterprises/{second.pk}")
    assert read.status_code == 200
    logs = list(AccessLog.objects.order_by("pk"))
    assert [(log.action, log.count, log.actor) for log in logs] == [
        ("api", 1, auditor),
        ("api", 1, auditor),
    ]
    assert logs[0].record_ids == [listed.json()["results"][0]["id"]]
    assert logs[0].ip == "10.4.4.4"
    assert logs[1].record_ids == [second.pk]


def test_attachment_download_is_logged(client_for, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    certification = CertificationFactory(document=ContentFile(b"%PDF-1.4 x", name="지정서.pdf"))
    response = client_for(staff).get(
        f"/enterprises/certifications/{certification.pk}/document/", REMOTE_ADDR="10.5.5.5"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.target, log.record_ids, log.ip) == (
        staff,
        "download",
        "enterprises.certification",
        [certification.pk],
        "10.5.5.5",
    )


def test_application_attachment_download_is_logged(client_for, staff, settings, tmp_path):
    from django.urls import reverse

    from programs import services as programs_services
    from tests.programs.conftest import pdf
    from tests.programs.factories import CallFactory, RuleFactory

    settings.MEDIA_ROOT = tmp_path
    enterprise = EnterpriseFactory()
    applicant = MembershipFactory(enterprise=enterprise).user
    call = CallFactory()
    RuleFactory(program=call.program)
    application = programs_services.create_application(
        call,
        enterprise,
        actor=applicant,
        title="돌봄",
        requested_amount=1_000_000,
        duration_months=6,
    )
    attachment = programs_services.add_attachment(application, pdf(), "계획서", actor=applicant)
    url = reverse("programs:attachment_download", args=[attachment.pk])
    assert client_for(staff).get(url, REMOTE_ADDR="10.6.6.6").status_code == 200
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.target, log.record_ids, log.ip) == (
        staff,
        "download",
        "programs.attachment",
        [attachment.pk],
        "10.6.6.6",
    )


def test_membership_queue_is_logged(client_for, staff):
    membership = MembershipFactory(status="requested")
    client_for(staff).get("/enterprises/queue/")
    log = AccessLog.objects.get()
    assert (log.action, log.target, log.record_ids) == (
        "list",
        "enterprises.enterprisemembership",
        [membership.pk],
    )


# --- append-only -----------------------------------------------------------------------------


def test_log_cannot_be_updated_or_deleted_in_the_database():
    row = entry()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_accesslog SET count = 0 WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
    # Even an old row is refused outside the purge.
    old = entry(at=timezone.now() - dt.timedelta(days=365 * 3))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [old.pk])
    # The purge flag does not open rows younger than two years.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL seoul_se.access_log_purge = 'on'")
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [row.pk])
    assert AccessLog.objects.count() == 2


def test_log_refuses_changes_at_the_model_level():
    row = entry()
    row.count = 5
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(count=0)
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).delete()
    assert AccessLog.objects.get().count == 1


# --- retention --------------------------------------------------------------------------------


def test_purge_deletes_only_rows_past_the_retention(settings):
    settings.ACCESS_LOG_RETENTION_YEARS = 2
    now = timezone.now()
    expired = entry(at=now - dt.timedelta(days=2 * 366 + 5))
    kept = entry(at=now - dt.timedelta(days=700))
    fresh = entry()
    assert services.purge_expired_access_logs() == 1
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
    assert not AccessLog.objects.filter(pk=expired.pk).exists()


def test_longer_retention_keeps_more(settings):
    settings.ACCESS_LOG_RETENTION_YEARS = 5
    entry(at=timezone.now() - dt.timedelta(days=3 * 366))
    assert services.purge_expired_access_logs() == 0
    assert AccessLog.objects.count() == 1


def test_retention_below_two_years_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    from seoul_se.audit.apps import check_retention

    settings.ACCESS_LOG_RETENTION_YEARS = 1
    assert [error.id for error in check_retention()] == ["audit.E001"]
    with pytest.raises(ImproperlyConfigured):
        services.purge_expired_access_logs()


def test_purge_runs_nightly_from_beat_and_as_a_command(settings):
    from django.core.management import call_command

    from seoul_se.audit.tasks import purge_access_logs

    schedule = settings.CELERY_BEAT_SCHEDULE["audit-purge-access-logs"]
    assert schedule["task"] == purge_access_logs.name == "audit.purge_access_logs"
    entry(at=timezone.now() - dt.timedelta(days=3 * 366))
    assert purge_access_logs() == 1
    entry(at=timezone.now() - dt.timedelta(days=3 * 366))
    out = io.StringIO()
    call_command("purge_access_logs", stdout=out)
    assert out.getvalue().startswith("1 rows")
    assert not AccessLog.objects.exists()


# --- who reads the log -------------------------------------------------------------------------

LOG_PAGES = ["/audit/access/", "/audit/access/export.xlsx", "/audit/access/review/"]


@pytest.mark.parametrize(
    "role", ["centre_staff", "enterprise_member", "reviewer", "intermediary_staff"]
)
@pytest.mark.parametrize("url", LOG_PAGES)
def test_only_officials_auditors_and_administrators_open_the_log(client_for, make_user, role, url):
    assert client_for(make_user(role)).get(url).status_code == 403


@pytest.mark.parametrize("role", ["official", "auditor", "administrator"])
def test_officials_auditors_and_administrators_browse_the_log(client_for, make_user, role):
    client = client_for(make_user(role))
    for url in LOG_PAGES:
        assert client.get(url).status_code == 200, url


def test_log_page_filters_by_person_date_action_and_record(client_for, official, staff, auditor):
    wanted = entry(actor=staff, action="view", record_ids=[7], at=dt.datetime(2026, 3, 5, 10))
    entry(actor=staff, action="export", record_ids=[7, 8], purpose="audit")
    entry(actor=auditor, action="view", record_ids=[7], at=dt.datetime(2026, 3, 5, 11))
    entry(actor=staff, action="view", record_ids=[17, 70], at=dt.datetime(2026, 3, 5, 12))
    entry(actor=staff, action="view", record_ids=[7], at=dt.datetime(2026, 4, 1, 0, 30))
    client = client_for(official)
    page = client.get(
        "/audit/access/",
        {
            "actor": staff.pk,
            "action": "view",
            "target": "enterprises.enterprise",
            "record_id": 7,
            "date_from": "2026-03-01",
            "date_to": "2026-03-31",
        },
    )
    assert page.status_code == 200
    assert [e.pk for e in page.context["page"]] == [wanted.pk]
    by_record = selectors.access_logs(record_id=7)
    assert by_record.count() == 4  # 17 and 70 do not match 7


def test_log_export_asks_a_purpose_and_is_itself_logged(client_for, auditor, staff):
    planted = entry(actor=staff, action="export", record_ids=[1, 2, 3], purpose="audit")
    client = client_for(auditor)
    assert client.get("/audit/access/export.xlsx").status_code == 200  # the purpose form
    response = client.get("/audit/access/export.xlsx", {"purpose": "audit"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == planted.pk and rows[1][9] == "1, 2, 3"
    own = AccessLog.objects.exclude(pk=planted.pk).get()
    assert (own.actor, own.action, own.target, own.record_ids) == (
        auditor,
        "export",
        "audit.accesslog",
        [planted.pk],
    )


# --- monthly review ---------------------------------------------------------------------------


def test_monthly_review_flags_a_bulk_exporter_and_a_night_download(settings, staff, official):
    settings.ACCESS_LOG_BULK_RECORDS = 1000
    march = dt.date(2026, 3, 1)
    bulk = list(range(1, 601))
    entry(
        actor=staff,
        action="export",
        record_ids=bulk,
        purpose="audit",
        at=dt.datetime(2026, 3, 3, 10),
    )
    entry(
        actor=staff,
        action="export",
        record_ids=bulk,
        purpose="audit",
        at=dt.datetime(2026, 3, 20, 15),
    )
    # Below the threshold, in the daytime: not flagged.
    entry(
        actor=official,
        action="export",
        record_ids=bulk,
        purpose="audit",
        at=dt.datetime(2026, 3, 4, 9),
    )
    night = entry(actor=official, action="download", at=dt.datetime(2026, 3, 12, 23, 40))
    early = entry(actor=official, action="download", at=dt.datetime(2026, 3, 13, 5, 59))
    # Night page views are no export; the next month belongs to the next review.
    entry(actor=official, action="view", at=dt.datetime(2026, 3, 12, 23, 50))
    entry(
        actor=staff,
        action="export",
        record_ids=bulk,
        purpose="audit",
        at=dt.datetime(2026, 4, 1, 0, 10),
    )

    review = selectors.monthly_review(march)
    assert [(a.email, a.records_out, a.bulk) for a in review.actors] == [
        (staff.email, 1200, True),
        (official.email, 600, False),
    ]
    assert [e.pk for e in review.night_entries] == [night.pk, early.pk]
    assert review.flag_count == 3


def test_official_records_that_a_month_was_reviewed(client_for, official, auditor, staff):
    entry(actor=staff, action="download", at=dt.datetime(2026, 3, 12, 23, 40))
    client = client_for(official)
    page = client.get("/audit/access/review/?month=2026-03")
    assert page.status_code == 200
    body = page.content.decode()
    assert "야간 내려받기" in body and "미점검" in body
    response = client.post("/audit/access/review/?month=2026-03", {"note": "야간 건 소명 받음"})
    assert response.status_code == 302
    review = AccessReview.objects.get()
    assert (review.month, review.reviewed_by, review.flagged) == (dt.date(2026, 3, 1), official, 1)
    assert "점검 완료" in client.get("/audit/access/review/?month=2026-03").content.decode()
    again = client.post("/audit/access/review/?month=2026-03", {"note": "다시"})
    assert again.status_code == 400 and AccessReview.objects.count() == 1
    # Auditors read the review but do not record it.
    auditor_client = client_for(auditor)
    assert auditor_client.get("/audit/access/review/?month=2026-03").status_code == 200
    assert (
        auditor_client.post("/audit/access/review/?month=2026-02", {"note": "x"}).status_code == 403
    )


def test_a_month_not_over_cannot_be_reviewed(official):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.record_review(actor=official, month=timezone.localdate(), note="이번 달")
    assert error.value.code == "month_not_over"
