"""Workbook generation through a real Celery worker; idempotent jobs and final save."""

import hashlib
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from reports import generation
from reports.models import GeneratedReport
from seoul_se.core.models import BackgroundJob
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_settlement_job_through_a_real_worker(celery_worker, seeded, auditor):
    job = generation.request_report("settlement", {"budget_id": seeded.pk}, auditor)
    again = generation.request_report("settlement", {"budget_id": str(seeded.pk)}, auditor)
    assert again.pk == job.pk  # same parameters while active: one job, one result

    def done():
        job.refresh_from_db()
        return job.status in ("succeeded", "failed") and job

    wait_for(done, timeout=60)
    assert job.status == "succeeded", job.message
    assert job.progress == 100
    report = GeneratedReport.objects.get(job=job)
    assert job.result["report_id"] == report.pk
    assert job.result["amount_to_return"] == 172_092_957
    assert report.generated_by == auditor
    assert report.parameters == {"budget_id": seeded.pk}
    path = Path(settings.MEDIA_ROOT) / report.file.name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == report.checksum
    assert report.size == path.stat().st_size
    wb = openpyxl.load_workbook(path, read_only=True)
    assert "세출" in wb.sheetnames
    assert GeneratedReport.objects.filter(job=job).count() == 1


def test_final_save_is_idempotent_and_leaves_no_partial_file(seeded, official):
    job = BackgroundJob.objects.create(
        kind="reports.settlement",
        params={"budget_id": seeded.pk},
        params_hash="x",
        created_by=official,
    )
    first = generation.produce(job, lambda p, m: None)
    second = generation.produce(job, lambda p, m: None)  # a redelivered message
    assert first["report_id"] == second["report_id"]
    assert GeneratedReport.objects.filter(job=job).count() == 1
    assert not list((Path(settings.JOB_TEMP_ROOT) / str(job.pk)).glob("*.part"))


def test_failing_build_offers_no_file(seeded, official, monkeypatch):
    from reports import workbooks

    def boom(budget, path, report):
        path.write_bytes(b"half")
        raise RuntimeError("worker died")

    monkeypatch.setattr(workbooks, "settlement_workbook", boom)
    job = BackgroundJob.objects.create(
        kind="reports.settlement",
        params={"budget_id": seeded.pk},
        params_hash="y",
        created_by=official,
    )
    with pytest.raises(RuntimeError):
        generation.produce(job, lambda p, m: None)
    assert not GeneratedReport.objects.filter(job=job).exists()
    assert not list((Path(settings.JOB_TEMP_ROOT) / str(job.pk)).glob("*.part"))


def test_task_is_acks_late():
    from reports.tasks import generate_report

    assert generate_report.acks_late is True
    assert generate_report.reject_on_worker_lost is True


@pytest.mark.parametrize(
    ("kind", "params", "field"),
    [
        ("settlement", {"budget_id": 0}, "budget_id"),
        ("nonsense", {}, "kind"),
    ],
)
def test_bad_parameters(kind, params, field, official):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        generation.request_report(kind, params, official)
    assert field in error.value.message_dict


def test_member_may_not_generate(member, seeded):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        generation.request_report("settlement", {"budget_id": seeded.pk}, member)
