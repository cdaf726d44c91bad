"""Failed background jobs in the home work queue (``seoul_se.core.work_queue``)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seoul_se.access import STAFF_ROLES
from seoul_se.core import jobs
from seoul_se.core.models import BackgroundJob
from seoul_se.core.work_queue import WorkItem

# A failure older than this has been seen (or retried) already.
RECENT_DAYS = 7


def items(user: Any) -> list[WorkItem]:
    failed = BackgroundJob.objects.filter(
        status=BackgroundJob.Status.FAILED,
        created_at__gte=timezone.now() - dt.timedelta(days=RECENT_DAYS),
    )
    if user.role not in STAFF_ROLES:
        failed = failed.filter(created_by=user)
    # One query: the latest failure, with the number of failures alongside it.
    latest = failed.annotate(total=Window(Count("pk"))).order_by("-created_at", "-pk").first()
    if latest is None:
        return []
    try:
        url = jobs.job_kind(latest.kind).page(latest)
    except LookupError:  # a kind no longer offered has no page
        return []
    # Jobs have no list page; the latest failure's own page offers its retry button.
    return [WorkItem(_("실패한 작업"), latest.total, url)]
