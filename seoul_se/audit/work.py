"""The monthly access-log review (점검) in the officials' home work queue
(``seoul_se.core.work_queue``)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from seoul_se.access import OFFICIAL_ROLES, has_role
from seoul_se.audit.models import AccessReview
from seoul_se.core.work_queue import WorkItem, counted

# Last month's review is due by the end of this many days into the current month.
REVIEW_DUE_DAY = 10


def items(user: Any) -> list[WorkItem]:
    if not has_role(user, OFFICIAL_ROLES):
        return []
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    recorded, _first = counted(AccessReview.objects.filter(month=last_month))
    url = f"{reverse('audit:access_review')}?{urlencode({'month': f'{last_month:%Y-%m}'})}"
    return [
        WorkItem(
            _("지난달 개인정보 접속기록 점검"),
            0 if recorded else 1,
            url,
            this_month.replace(day=REVIEW_DUE_DAY),
        )
    ]
