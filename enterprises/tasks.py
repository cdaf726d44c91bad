from celery import shared_task
from django.core.exceptions import ValidationError

from seoul_se.core.jobs import run_job
from seoul_se.core.models import BackgroundJob

IMPORT_JOB = "enterprises.import_roster"


@shared_task(name=IMPORT_JOB)
def import_roster(job_id: int) -> None:
    from enterprises.importing import import_roster as run_import
    from enterprises.importing import stored_path

    def work(job: BackgroundJob, report) -> dict:  # type: ignore[no-untyped-def]
        report(1, "파일 확인 중")
        try:
            with open(stored_path(job.params["file"]), "rb") as upload:
                outcome = run_import(upload, job.created_by, report)
        except ValidationError as exc:  # a file-level problem is a result to show, not a crash
            return {"file_error": " ".join(exc.messages)}
        return outcome.as_dict()

    run_job(job_id, work)
