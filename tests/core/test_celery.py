"""Round trips through the real broker to a real worker process."""

import pytest

from seoul_se.core import tasks
from seoul_se.core.models import BackgroundJob, WorkerHeartbeat
from tests.conftest import wait_for

pytestmark = pytest.mark.celery


def test_ping_round_trip(celery_worker, transactional_db):
    assert tasks.ping.delay().get(timeout=30) == "pong"


def test_worker_writes_to_the_database(celery_worker, transactional_db):
    pk = tasks.heartbeat.delay("from the test").get(timeout=30)
    assert WorkerHeartbeat.objects.get(pk=pk).note == "from the test"


def test_start_job_is_idempotent_while_active(transactional_db, official, monkeypatch):
    from kpis.tasks import JOB_KIND, recompute_year
    from seoul_se.core.jobs import start_job

    sent = []
    monkeypatch.setattr(recompute_year, "apply_async", lambda args, **kw: sent.append(args))
    first = start_job(JOB_KIND, {"year": 2018}, actor=official)
    second = start_job(JOB_KIND, {"year": 2018}, actor=official)
    assert first.pk == second.pk
    assert len(sent) == 1
    assert BackgroundJob.objects.count() == 1


def test_wait_for_helper_raises_when_condition_never_holds():
    with pytest.raises(AssertionError):
        wait_for(lambda: False, timeout=0.3)
