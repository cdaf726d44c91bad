"""Celery tasks: recompute a year's indicators on demand (with progress) and nightly."""

from typing import Any

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from kpis import access, services
from kpis.models import Recomputation
from seoul_se.core.jobs import job_task

JOB_KIND = "kpis.recompute_year"


@job_task(
    JOB_KIND,
    allowed=access.can_edit,
    page=lambda job: f"{reverse('kpis:dashboard')}?year={job.params['year']}&job={job.pk}",
)
def recompute_year(job: Any, report: Any) -> dict:
    """The dashboard's 재계산 button: ``job.params["year"]``, progress through the job."""
    run = services.recompute_year(
        int(job.params["year"]),
        trigger=Recomputation.Trigger.MANUAL,
        actor=job.created_by,
        job=job,
        report=report,
    )
    return {
        "recomputation": run.pk,
        "indicators": run.indicator_count,
        "changed": run.changed_count,
    }


@shared_task(name="kpis.recompute_current_year")
def recompute_current_year() -> int:
    """Nightly (beat): recompute this year's indicators (Asia/Seoul calendar year)."""
    run = services.recompute_year(timezone.localdate().year, trigger=Recomputation.Trigger.NIGHTLY)
    return run.pk
