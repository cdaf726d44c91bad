"""Recomputation through the real Celery worker and broker, and the nightly beat task."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kpis import tasks
from kpis.models import IndicatorValue, Recomputation
from seoul_se.core.models import BackgroundJob
from tests.conftest import wait_for
from tests.kpis import factories as f


@pytest.mark.usefixtures("transactional_db")
def test_recompute_button_runs_on_the_worker(celery_worker, client_for, staff):
    area = f.BusinessAreaFactory(name="전략사업 발굴 및 육성")
    indicator = f.IndicatorFactory(
        area=area,
        year=2019,
        name="같이살림 워크숍",
        unit="회",
        target=Decimal(4),
        source="computed",
        measure_key="workshops_held",
    )
    for day in (dt.date(2019, 9, 1), dt.date(2019, 10, 1)):
        f.workshop(held_on=day)
    client = client_for(staff)
    response = client.post(reverse("kpis:recompute"), {"year": 2019})
    assert response.status_code == 302
    job = BackgroundJob.objects.get(kind=tasks.JOB_KIND)

    def finished():
        job.refresh_from_db()
        return job.status in ("succeeded", "failed")

    wait_for(finished, timeout=60)
    assert job.status == "succeeded", job.message
    assert job.result["indicators"] == 1 and job.result["changed"] == 1
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.actual == 2 and value.achievement_percent == 50 and value.records_counted == 2
    run = Recomputation.objects.get(job=job)
    assert run.trigger == "manual" and run.requested_by == staff and run.finished_at
    assert run.data_versions["workshops_held"][0] == 2
    # the page shows the job's progress box and stays usable meanwhile
    page = client.get(response["Location"]).content.decode()
    assert "data-job-url" in page
    # idempotent: a second run changes nothing
    client.post(reverse("kpis:recompute"), {"year": 2019})
    second = BackgroundJob.objects.filter(kind=tasks.JOB_KIND).exclude(pk=job.pk).get()
    wait_for(lambda: BackgroundJob.objects.get(pk=second.pk).status == "succeeded", timeout=60)
    assert BackgroundJob.objects.get(pk=second.pk).result["changed"] == 0


@pytest.mark.django_db
def test_nightly_task_is_scheduled_and_recomputes_this_year():
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "kpis.recompute_current_year" in names
    year = timezone.localdate().year
    indicator = f.IndicatorFactory(
        year=year, source="computed", measure_key="workshops_held", unit="회"
    )
    run_id = tasks.recompute_current_year.apply().get()
    run = Recomputation.objects.get(pk=run_id)
    assert run.trigger == "nightly" and run.year == year
    assert IndicatorValue.objects.get(indicator=indicator).actual == 0
