"""Celery tasks: recompute a year's indicators on demand (with progress) and nightly."""

from typing import Any

from celery import shared_task
from django.utils import timezone

from kpis import services
from kpis.models import Recomputation
from seoul_se.core.jobs import run_job

JOB_KIND = "kpis.recompute_year"


@shared_task(name="kpis.recompute_year")
def recompute_year(job_id: int) -> None:
    """The dashboard's 재계산 button: ``job.params["year"]``, progress through the job."""

    def work(job: Any, report: Any) -> dict:
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

    run_job(job_id, work)


@shared_task(name="kpis.recompute_current_year")
def recompute_current_year() -> int:
    """Nightly (beat): recompute this year's indicators (Asia/Seoul calendar year)."""
    run = services.recompute_year(timezone.localdate().year, trigger=Recomputation.Trigger.NIGHTLY)
    return run.pk
