"""State changes of the personal-data access log: recording an access, the retention purge and
the monthly review. Rows are never changed afterwards (see ``models``)."""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seoul_se.access import OFFICIAL_ROLES, has_role
from seoul_se.accounts.models import User
from seoul_se.audit import selectors
from seoul_se.audit.models import AccessLog, AccessReview

logger = logging.getLogger(__name__)

# The legal floor (개인정보의 안전성 확보조치 기준 제8조): the database trigger refuses to delete
# younger rows whatever the setting says.
MIN_RETENTION_YEARS = 2


def record_access(
    *,
    actor: User | None,
    ip: str | None,
    action: str,
    target: str,
    record_ids: Iterable[int] = (),
    count: int | None = None,
    purpose: str = "",
    purpose_detail: str = "",
    path: str = "",
) -> AccessLog:
    """One INSERT: who read which records (ids in one JSON array), from where, and why."""
    ids = [int(pk) for pk in record_ids]
    if action == AccessLog.Action.EXPORT and not purpose:
        raise ValidationError(_("내려받는 목적을 선택하세요."), code="purpose_required")
    if purpose == AccessLog.Purpose.OTHER and not purpose_detail.strip():
        raise ValidationError(_("기타 목적을 직접 입력하세요."), code="purpose_detail_required")
    return AccessLog.objects.create(
        actor=actor,
        actor_role=actor.role if actor else "",
        ip=ip,
        action=action,
        target=target,
        record_ids=ids,
        count=len(ids) if count is None else count,
        purpose=purpose,
        purpose_detail=purpose_detail.strip()[:200],
        path=path[:500],
    )


def retention_years() -> int:
    years = int(settings.ACCESS_LOG_RETENTION_YEARS)
    if years < MIN_RETENTION_YEARS:
        raise ImproperlyConfigured(
            f"ACCESS_LOG_RETENTION_YEARS must be at least {MIN_RETENTION_YEARS} (is {years})."
        )
    return years


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """``now`` minus the retention period in calendar years (29 February → 28 February)."""
    years = retention_years()
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def purge_expired_access_logs(*, now: dt.datetime | None = None) -> int:
    """Delete rows older than the retention period; the only delete the trigger lets through."""
    cutoff = retention_cutoff(now or timezone.now())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Read by the trigger of migration 0003; ends with this transaction.
                cursor.execute("SET LOCAL seoul_se.access_log_purge = 'on'")
        # The model's own QuerySet refuses delete(); this is the one sanctioned path.
        deleted, _counts = models.QuerySet.delete(AccessLog.objects.filter(at__lt=cutoff))
    logger.info("access log purge: %s rows before %s deleted", deleted, cutoff.isoformat())
    return deleted


def record_review(*, actor: User, month: dt.date, note: str) -> AccessReview:
    """An official records that ``month`` of the access log was reviewed (once per month)."""
    if not has_role(actor, OFFICIAL_ROLES):
        raise PermissionDenied(_("점검 결과는 서울시 공무원만 기록할 수 있습니다."))
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError(_("끝나지 않은 달은 점검할 수 없습니다."), code="month_not_over")
    if not note.strip():
        raise ValidationError(_("점검 의견을 입력하세요."), code="note_required")
    with transaction.atomic():
        if AccessReview.objects.select_for_update().filter(month=month).exists():
            raise ValidationError(_("이미 점검한 달입니다."), code="already_reviewed")
        review = selectors.monthly_review(month)
        return AccessReview.objects.create(
            month=month, reviewed_by=actor, note=note.strip(), flagged=review.flag_count
        )
