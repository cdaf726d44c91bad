"""Background-job reliability: broker down, atomic claim, stale jobs, retry, the kind registry."""

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kpis import tasks as kpi_tasks
from seoul_se.celery import app
from seoul_se.core import jobs
from seoul_se.core.models import BackgroundJob

DEMO = "tests.jobs_demo"
demo_task = jobs.job_task(
    DEMO, allowed=lambda user: user.role != "enterprise_member", page=lambda job: "/"
)(lambda job, report: {"ok": True})


@pytest.fixture
def sent(monkeypatch):
    """Publishes of the demo kind, recorded instead of sent."""
    calls = []
    monkeypatch.setattr(demo_task, "apply_async", lambda args, **kw: calls.append(args[0]))
    return calls


def _reconnect() -> None:
    # The app keeps a connection pool and a producer pool for the broker it first used.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def unreachable_broker(monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # nothing listens on 1
    _reconnect()
    yield
    monkeypatch.undo()
    _reconnect()


def _folder(job_id: int) -> Path:
    return Path(settings.JOB_TEMP_ROOT) / str(job_id)


def _started() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=1)


# --- the registry ---------------------------------------------------------------------------


def test_every_job_kind_is_registered_with_its_task():
    from reports.tasks import generate_report
    from seoul_se.core.imports.services import COMMIT_JOB
    from seoul_se.core.tasks import import_commit

    assert jobs.job_kind("reports.settlement").task is generate_report
    assert jobs.job_kind("reports.fund_status").task is generate_report
    assert jobs.job_kind(kpi_tasks.JOB_KIND).task is kpi_tasks.recompute_year
    assert jobs.job_kind(COMMIT_JOB).task is import_commit
    assert kpi_tasks.recompute_year.acks_late and kpi_tasks.recompute_year.reject_on_worker_lost
    with pytest.raises(LookupError):
        jobs.job_kind("no.such_kind")


def test_start_job_checks_the_kinds_permission(db, member, sent):
    with pytest.raises(PermissionDenied):
        jobs.start_job(DEMO, {}, actor=member)
    assert not BackgroundJob.objects.exists() and not sent


# --- finding 2: the broker is down ----------------------------------------------------------


def test_unreachable_broker_fails_the_job_quickly_with_a_korean_message(
    transactional_db, official, unreachable_broker
):
    began = time.monotonic()
    with pytest.raises(ValidationError) as error:
        jobs.start_job(kpi_tasks.JOB_KIND, {"year": 2019}, actor=official)
    assert time.monotonic() - began < 10
    assert error.value.code == "broker_unavailable"
    assert "메시지 브로커" in " ".join(error.value.messages)
    job = BackgroundJob.objects.get()
    assert job.status == "failed" and job.error_code == "broker_unavailable"
    assert job.finished_at is not None
    # asking again is not redirected to the dead job: a new job is created (and fails too)
    with pytest.raises(ValidationError):
        jobs.start_job(kpi_tasks.JOB_KIND, {"year": 2019}, actor=official)
    assert BackgroundJob.objects.filter(status="failed").count() == 2
    assert not BackgroundJob.objects.filter(status__in=BackgroundJob.ACTIVE).exists()


def test_recompute_page_shows_the_broker_message_instead_of_a_500(
    transactional_db, client_for, staff, unreachable_broker
):
    client = client_for(staff)
    response = client.post(reverse("kpis:recompute"), {"year": 2019}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "메시지 브로커" in page and "다시 시도해 주세요" in page
    assert BackgroundJob.objects.get().status == "failed"
    client.post(reverse("kpis:recompute"), {"year": 2019})
    assert BackgroundJob.objects.count() == 2


# --- finding 3: claims, heartbeats, stale jobs ----------------------------------------------


def test_two_claims_of_the_same_job_run_it_once(transactional_db, official):
    job = BackgroundJob.objects.create(kind=DEMO, params_hash="c", created_by=official)
    runs = []
    first_running = threading.Event()
    release = threading.Event()

    def work(job, report):
        runs.append(job.pk)
        if len(runs) == 1:
            first_running.set()
            release.wait(10)
        return {"ok": True}

    def first_delivery():
        try:
            jobs.run_job(job.pk, work)
        finally:
            connection.close()

    worker = threading.Thread(target=first_delivery)
    worker.start()
    assert first_running.wait(10)
    jobs.run_job(job.pk, work)  # the same message delivered again while the first one runs
    release.set()
    worker.join(20)
    assert runs == [job.pk]
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 1


def test_claim_is_conditional(db, official):
    job = BackgroundJob.objects.create(kind=DEMO, params_hash="d", created_by=official)
    assert jobs.claim_job(job.pk).attempts == 1
    assert jobs.claim_job(job.pk) is None  # running with a fresh heartbeat: someone has it
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=_started())
    assert jobs.claim_job(job.pk).attempts == 2  # its worker died: it may be taken over
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=_started(), attempts=3)
    assert jobs.claim_job(job.pk) is None  # out of attempts: the sweeper fails it
    BackgroundJob.objects.filter(pk=job.pk).update(status="failed", attempts=0)
    assert jobs.claim_job(job.pk) is None


def test_progress_reports_beat(db, official):
    job = BackgroundJob.objects.create(kind=DEMO, params_hash="e", created_by=official)
    seen = []

    def work(job, report):
        BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=_started())
        report(40, "절반쯤")
        seen.append(BackgroundJob.objects.get(pk=job.pk))
        return {}

    jobs.run_job(job.pk, work)
    assert seen[0].progress == 40 and not jobs.is_stale(seen[0])


@override_settings(JOB_HEARTBEAT_SECONDS=0.1)
def test_a_long_step_without_reports_still_beats(transactional_db, official):
    job = BackgroundJob.objects.create(kind=DEMO, params_hash="f", created_by=official)
    beats = []

    def work(job, report):
        BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=_started())
        time.sleep(0.6)
        beats.append(BackgroundJob.objects.get(pk=job.pk).heartbeat_at)
        return {}

    jobs.run_job(job.pk, work)
    assert beats[0] > timezone.now() - dt.timedelta(seconds=5)


def test_a_stale_active_job_does_not_capture_new_requests(
    db, official, sent, django_capture_on_commit_callbacks
):
    dead = BackgroundJob.objects.create(
        kind=DEMO,
        params_hash=BackgroundJob.hash_params({"year": 2018}),
        params={"year": 2018},
        status="running",
        progress=30,
        heartbeat_at=_started(),
        created_by=official,
    )
    with django_capture_on_commit_callbacks(execute=True):
        fresh = jobs.start_job(DEMO, {"year": 2018}, actor=official)
    assert fresh.pk != dead.pk and fresh.status == "queued" and sent == [fresh.pk]
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.error_code == "interrupted"
    assert dead.display_message == "작업이 중단되었습니다. 다시 시도해 주세요."


def test_sweeper_fails_dead_jobs_resends_silent_queued_ones_and_removes_files(db, official, sent):
    running = BackgroundJob.objects.create(
        kind=DEMO, params_hash="g", status="running", heartbeat_at=_started(), created_by=official
    )
    queued = BackgroundJob.objects.create(
        kind=DEMO, params_hash="h", heartbeat_at=_started(), created_by=official
    )
    live = BackgroundJob.objects.create(
        kind=DEMO, params_hash="i", status="running", heartbeat_at=timezone.now()
    )
    for job in (running, live):
        (jobs.temp_dir(job) / "openpyxl.part.xml").write_text("주민 개인정보")
    (jobs.temp_dir(987654) / "left-over.part").write_text("x")  # a job that no longer exists
    outcome = jobs.sweep_stale_jobs()
    assert outcome["failed"] == 1 and outcome["resent"] == 1
    running.refresh_from_db()
    assert running.status == "failed" and running.error_code == "interrupted"
    assert sent == [queued.pk]
    queued.refresh_from_db()
    assert queued.status == "queued" and not jobs.is_stale(queued)
    assert not _folder(running.pk).exists() and not _folder(987654).exists()
    assert (_folder(live.pk) / "openpyxl.part.xml").exists()
    jobs.remove_temp_dir(live.pk)


def test_sweeper_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["core-sweep-stale-jobs"]
    assert entry["task"] == "core.sweep_stale_jobs" and entry["schedule"] <= 60
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > (
        settings.JOB_TIME_LIMIT_SECONDS
    )


def test_failed_job_temp_files_are_removed(db, official):
    job = BackgroundJob.objects.create(kind=DEMO, params_hash="j", created_by=official)
    folder = []

    def work(job, report):
        import tempfile

        with tempfile.NamedTemporaryFile(delete=False) as spill:  # as openpyxl does
            spill.write(b"personal data")
        folder.append(spill.name)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        jobs.run_job(job.pk, work)
    assert Path(folder[0]).parent == _folder(job.pk)
    assert not _folder(job.pk).exists()
    job.refresh_from_db()
    assert job.status == "failed" and job.error_code == "error"


# --- retry ----------------------------------------------------------------------------------


def test_retry_button_starts_a_fresh_job(
    db, client_for, official, sent, django_capture_on_commit_callbacks
):
    failed = BackgroundJob.objects.create(
        kind=DEMO,
        params={"year": 2018},
        params_hash=BackgroundJob.hash_params({"year": 2018}),
        status="failed",
        error_code="interrupted",
        created_by=official,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(official).post(reverse("core:job_retry", args=[failed.pk]))
    assert response.status_code == 302 and response["Location"] == "/"
    fresh = BackgroundJob.objects.exclude(pk=failed.pk).get()
    assert fresh.params == {"year": 2018} and fresh.status == "queued" and sent == [fresh.pk]


def test_only_the_requester_may_retry(db, client_for, official, staff, sent):
    failed = BackgroundJob.objects.create(
        kind=DEMO, params_hash="k", status="failed", created_by=official
    )
    response = client_for(staff).post(reverse("core:job_retry", args=[failed.pk]))
    assert response.status_code == 403
    assert BackgroundJob.objects.count() == 1 and not sent


def test_failed_job_box_shows_why_and_the_retry_button(db, client_for, auditor):
    failed = BackgroundJob.objects.create(
        kind="reports.settlement",
        params_hash="l",
        status="failed",
        error_code="interrupted",
        progress=30,
        created_by=auditor,
    )
    page = client_for(auditor).get(f"{reverse('reports:index')}?job={failed.pk}").content.decode()
    assert "작업이 중단되었습니다. 다시 시도해 주세요." in page
    assert reverse("core:job_retry", args=[failed.pk]) in page
