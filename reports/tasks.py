from celery import shared_task

from reports.generation import produce
from seoul_se.core.jobs import run_job


# acks_late + reject_on_worker_lost: a worker killed mid-job leaves the message for a retry
# (also the project default; stated here because this task relies on it).
@shared_task(name="reports.generate_report", acks_late=True, reject_on_worker_lost=True)
def generate_report(job_id: int) -> None:
    run_job(job_id, produce)
