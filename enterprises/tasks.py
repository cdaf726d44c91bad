from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises.access import is_registry_staff
from seoul_se.core.jobs import job_task
from seoul_se.core.models import BackgroundJob

IMPORT_JOB = "enterprises.import_roster"


@job_task(
    IMPORT_JOB,
    allowed=is_registry_staff,
    page=lambda job: reverse("enterprises:import_job", args=[job.pk]),
)
def import_roster(job: BackgroundJob, report) -> dict:  # type: ignore[no-untyped-def]
    from enterprises.importing import import_roster as run_import
    from enterprises.importing import stored_path

    report(1, "파일 확인 중")
    try:
        with open(stored_path(job.params["file"]), "rb") as upload:
            outcome = run_import(upload, actor=job.created_by, progress=report)
    except ValidationError as exc:  # a file-level problem is a result to show, not a crash
        return {"file_error": " ".join(exc.messages)}
    return outcome.as_dict()
