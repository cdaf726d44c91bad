"""A large roster is committed by a Celery job on a real worker, with progress, all or nothing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.imports import Roster
from enterprises.models import Enterprise
from seoul_se.core.models import BackgroundJob, ImportRecord
from tests.conftest import wait_for
from tests.enterprises.factories import roster_row, roster_xlsx

PAGE = "/imports/enterprises.roster/"


@pytest.mark.django_db(transaction=True)
def test_large_import_commits_as_a_job(celery_worker, transactional_db, staff, client, monkeypatch):
    monkeypatch.setattr(Roster, "async_rows", 5)
    client.force_login(staff)
    data = roster_xlsx(roster_row(n) for n in range(40))
    client.post(PAGE, {"file": SimpleUploadedFile("big.xlsx", data)})
    record = ImportRecord.objects.get()
    response = client.post(f"/imports/records/{record.pk}/commit")
    assert response["Location"] == f"/imports/records/{record.pk}/"
    record.refresh_from_db()
    assert record.state == ImportRecord.State.COMMITTING
    assert record.job.kind == "core.import_commit"
    wait_for(lambda: BackgroundJob.objects.get(pk=record.job_id).status == "succeeded", timeout=60)
    assert Enterprise.objects.count() == 40
    page = client.get(f"/imports/records/{record.pk}/").content.decode()
    assert "저장 완료" in page and 'data-testid="import-linked"' in page


@pytest.mark.django_db(transaction=True)
def test_a_row_broken_before_the_job_runs_saves_nothing(
    celery_worker, transactional_db, staff, client, monkeypatch
):
    """The job re-reads the kept file inside its transaction: a stored copy altered after the
    check fails the job (checksum) and nothing is saved."""
    monkeypatch.setattr(Roster, "async_rows", 5)
    client.force_login(staff)
    data = roster_xlsx(roster_row(n) for n in range(40))
    client.post(PAGE, {"file": SimpleUploadedFile("big.xlsx", data)})
    record = ImportRecord.objects.get()
    path = Path(settings.PRIVATE_MEDIA_ROOT) / record.stored_file
    original = path.read_bytes()
    try:
        path.write_bytes(roster_xlsx([roster_row(1, representative="")]))
        client.post(f"/imports/records/{record.pk}/commit")
        record.refresh_from_db()
        wait_for(lambda: BackgroundJob.objects.get(pk=record.job_id).status == "failed", timeout=60)
    finally:
        path.write_bytes(original)
    record.refresh_from_db()
    assert record.state == ImportRecord.State.FAILED
    assert Enterprise.objects.count() == 0
