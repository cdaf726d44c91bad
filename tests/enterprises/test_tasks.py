"""A large roster runs as a Celery job on a real worker, with progress and the same checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises import importing
from enterprises.models import Enterprise
from seoul_se.core.models import BackgroundJob
from tests.conftest import wait_for
from tests.enterprises.factories import roster_row, roster_xlsx


@pytest.mark.django_db(transaction=True)
def test_large_import_runs_as_a_job(celery_worker, transactional_db, staff, client, monkeypatch):
    monkeypatch.setattr(importing, "ASYNC_ROW_THRESHOLD", 5)
    client.force_login(staff)
    data = roster_xlsx(roster_row(n) for n in range(40))
    response = client.post("/enterprises/import/", {"file": SimpleUploadedFile("big.xlsx", data)})
    assert response.status_code == 302
    job = BackgroundJob.objects.get(kind="enterprises.import_roster")
    assert response["Location"] == f"/enterprises/import/jobs/{job.pk}/"
    wait_for(lambda: BackgroundJob.objects.get(pk=job.pk).status == "succeeded", timeout=60)
    assert Enterprise.objects.count() == 40
    page = client.get(f"/enterprises/import/jobs/{job.pk}/").content.decode()
    assert "40개 기업을 등록했습니다" in page


@pytest.mark.django_db(transaction=True)
def test_large_import_with_a_bad_row_saves_nothing(
    celery_worker, transactional_db, staff, client, monkeypatch
):
    monkeypatch.setattr(importing, "ASYNC_ROW_THRESHOLD", 5)
    client.force_login(staff)
    rows = [roster_row(n) for n in range(40)]
    rows[20] = roster_row(20, representative="")
    response = client.post(
        "/enterprises/import/", {"file": SimpleUploadedFile("big.xlsx", roster_xlsx(rows))}
    )
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    job = wait_for(
        lambda: BackgroundJob.objects.filter(pk=job_id, status="succeeded").first(), timeout=60
    )
    assert job.result["error_count"] == 1 and job.result["created"] == 0
    assert Enterprise.objects.count() == 0
    page = client.get(f"/enterprises/import/jobs/{job_id}/").content.decode()
    assert "대표자은(는) 필수 항목입니다" in page
