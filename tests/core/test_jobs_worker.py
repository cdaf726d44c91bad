"""A worker killed mid-job (``kill -9`` of its whole process group) leaves no wedged job and no
partial files. The worker subprocess imports this module (``--include``) for the slow job kind."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from seoul_se.core import jobs
from seoul_se.core.excel import Book
from seoul_se.core.models import BackgroundJob
from tests.conftest import ROOT, wait_for, worker_env

pytestmark = pytest.mark.celery

SLOW = "tests.slow_export"


@jobs.job_task(SLOW, allowed=lambda user: True, page=lambda job: "/")
def slow_export(job, report):
    """A registry-export-like workbook written as the reports are (``Book`` with its spill files
    in the job's folder), slow enough to be killed halfway."""
    folder = jobs.temp_dir(job)
    workbook = Book(folder / "export.xlsx", tmpdir=folder)
    sheet = workbook.sheet("명부")
    for step in range(1, 101):
        for n in range(100):
            sheet.append([f"기업 {step}-{n}", "대표자 홍길동", "010-1234-5678"])
        report(step, f"{step}% 작성 중")
        time.sleep(0.2)
    workbook.close()
    return {"rows": 10_000}


@pytest.fixture
def killable_worker(django_db_setup):
    """A prefork worker in its own process group, on its own queue, that a test may kill."""
    from seoul_se.celery import app

    queue = f"test-kill-{uuid.uuid4().hex[:10]}"
    log = open(ROOT / "var" / f"worker-{queue}.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "seoul_se",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--include",
            __name__,
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=worker_env(queue),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killpg reaches the pool children
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start; see var/worker-{queue}.log")
        yield proc
    finally:
        app.conf.task_default_queue = previous_queue
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
        log.close()


def test_killed_worker_leaves_a_failed_job_without_files(
    killable_worker, transactional_db, official
):
    job = jobs.start_job(SLOW, {"n": 1}, actor=official)
    folder = Path(settings.JOB_TEMP_ROOT) / str(job.pk)

    def halfway():
        job.refresh_from_db()
        return job.progress >= 5 and any(folder.glob("xlsx-*/*"))

    wait_for(halfway, timeout=30)
    assert job.status == "running"
    os.killpg(killable_worker.pid, signal.SIGKILL)
    killable_worker.wait(timeout=10)
    # the writer's spill files (the rows written so far) went to the job's own folder
    assert any(folder.glob("xlsx-*/*"))
    assert jobs.start_job(SLOW, {"n": 1}, actor=official).pk == job.pk  # still beating recently

    with override_settings(JOB_STALE_AFTER_SECONDS=1):
        time.sleep(1.5)  # no heartbeat since the kill
        outcome = jobs.sweep_stale_jobs()
        assert outcome["failed"] == 1
        job.refresh_from_db()
        assert job.status == "failed" and job.error_code == "interrupted"
        assert job.display_message == "작업이 중단되었습니다. 다시 시도해 주세요."
        assert not folder.exists()
        fresh = jobs.start_job(SLOW, {"n": 1}, actor=official)
    assert fresh.pk != job.pk and fresh.status == "queued"
    assert BackgroundJob.objects.filter(status__in=BackgroundJob.ACTIVE).get() == fresh
