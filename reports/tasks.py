from django.urls import reverse

from reports.generation import JOB_PREFIX, may_generate, produce
from reports.models import ReportKind
from seoul_se.core.jobs import job_task

# One task serves every workbook kind; acks_late and reject_on_worker_lost come with job_task.
generate_report = job_task(
    *(JOB_PREFIX + kind for kind in ReportKind.values),
    name="reports.generate_report",
    allowed=may_generate,
    page=lambda job: f"{reverse('reports:index')}?job={job.pk}",
)(produce)
