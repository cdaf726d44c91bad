"""Reads of the audit trail (django-auditlog's LogEntry), shared by the page and the API, and of
the personal-data access log (pages, export and the monthly review)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast, Coalesce, ExtractHour
from django.utils import timezone

from seoul_se.accounts.models import User
from seoul_se.audit.models import AccessLog, AccessReview


def log_entries(
    *,
    model: str | None = None,
    object_pk: str | None = None,
    actor_id: int | None = None,
    action: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[LogEntry]:
    """Audit entries, newest first, filtered per record (``app_label.model`` + pk) or per user."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    filters: dict[str, Any] = {}
    if model:
        app_label, _, model_name = model.partition(".")
        filters.update(content_type__app_label=app_label, content_type__model=model_name)
    if object_pk:
        filters["object_pk"] = object_pk
    if actor_id:
        filters["actor_id"] = actor_id
    if action is not None:
        filters["action"] = action
    if date_from:
        filters["timestamp__date__gte"] = date_from
    if date_to:
        filters["timestamp__date__lte"] = date_to
    return entries.filter(**filters)


def audited_models() -> list[tuple[str, str]]:
    """(``app_label.model``, verbose name) of every model that has audit entries."""
    from django.contrib.contenttypes.models import ContentType

    used = LogEntry.objects.values_list("content_type", flat=True).distinct()
    choices = []
    for content_type in ContentType.objects.filter(pk__in=used).order_by("app_label", "model"):
        model = content_type.model_class()
        label = str(model._meta.verbose_name) if model else content_type.model
        choices.append((f"{content_type.app_label}.{content_type.model}", label))
    return choices


# --- Personal-data access log ----------------------------------------------------------------


def access_logs(
    *,
    actor_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    action: str | None = None,
    target: str | None = None,
    record_id: int | None = None,
) -> QuerySet[AccessLog]:
    """Access-log rows, newest first; dates are Asia/Seoul days; ``record_id`` finds the rows
    whose id array holds that record (with ``target``, of that kind only)."""
    rows = AccessLog.objects.select_related("actor").order_by("-at", "-pk")
    filters: dict[str, Any] = {}
    if actor_id:
        filters["actor_id"] = actor_id
    if date_from:
        filters["at__date__gte"] = date_from
    if date_to:
        filters["at__date__lte"] = date_to
    if action:
        filters["action"] = action
    if target:
        filters["target"] = target
    if record_id is not None:
        if connection.vendor == "postgresql":
            filters["record_ids__contains"] = [record_id]
        else:  # SQLite has no JSON containment: match the id in the array's text
            rows = rows.annotate(ids_text=Cast("record_ids", TextField()))
            filters["ids_text__regex"] = rf"[\[ ,]{int(record_id)}[,\]]"
    return rows.filter(**filters)


def access_log_actors() -> QuerySet[User]:
    """Users who appear in the access log (the person filter's choices)."""
    return User.objects.filter(pk__in=AccessLog.objects.values("actor_id")).order_by("name")


def access_log_targets() -> list[tuple[str, str]]:
    """(``app_label.model``, verbose name) of every kind of record in the access log."""
    choices = []
    for label in AccessLog.objects.order_by().values_list("target", flat=True).distinct():
        try:
            name = str(apps.get_model(label)._meta.verbose_name)
        except (LookupError, ValueError):
            name = label
        choices.append((label, name))
    return sorted(choices)


@dataclass
class ActorMonth:
    actor_id: int | None
    name: str
    email: str
    role: str
    views: int
    lists: int
    exports: int
    downloads: int
    api: int
    records_out: int
    night: int
    bulk: bool


@dataclass
class MonthlyReview:
    month: dt.date
    actors: list[ActorMonth]
    night_entries: list[Any]
    review: Any
    bulk_threshold: int
    night_start: int
    night_end: int

    @property
    def bulk_actors(self) -> list[ActorMonth]:
        return [a for a in self.actors if a.bulk]

    @property
    def flag_count(self) -> int:
        return len(self.bulk_actors) + len(self.night_entries)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar month in Asia/Seoul."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_default_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        dt.datetime.combine(following, dt.time.min, tzinfo=zone),
    )


def night_q(start: int, end: int) -> Q:
    """Hours (Asia/Seoul) from ``start`` to ``end``, wrapping midnight (22 → 6: 22:00–05:59)."""
    if start > end:
        return Q(hour__gte=start) | Q(hour__lt=end)
    return Q(hour__gte=start, hour__lt=end)


# Actions that take data out of the portal: exports and downloads (files), plus API reads
# (machine-readable, so they count toward the bulk volume like exports).
TAKE_OUT_ACTIONS = ("export", "download")
BULK_ACTIONS = ("export", "api")


def monthly_review(month: dt.date) -> MonthlyReview:
    """Per person counts of one month, flagged when unusual: at least
    ``ACCESS_LOG_BULK_RECORDS`` records exported or read by API, or any export/download at night
    (``ACCESS_LOG_NIGHT_START_HOUR``–``ACCESS_LOG_NIGHT_END_HOUR``, Asia/Seoul)."""
    start, end = month_bounds(month)
    threshold = int(settings.ACCESS_LOG_BULK_RECORDS)
    night_start = int(settings.ACCESS_LOG_NIGHT_START_HOUR)
    night_end = int(settings.ACCESS_LOG_NIGHT_END_HOUR)
    in_month = AccessLog.objects.filter(at__gte=start, at__lt=end).annotate(hour=ExtractHour("at"))
    is_night = night_q(night_start, night_end) & Q(action__in=TAKE_OUT_ACTIONS)
    per_actor = (
        in_month.order_by()
        .values("actor_id", "actor__name", "actor__email", "actor_role")
        .annotate(
            views=Count("pk", filter=Q(action="view")),
            lists=Count("pk", filter=Q(action="list")),
            exports=Count("pk", filter=Q(action="export")),
            downloads=Count("pk", filter=Q(action="download")),
            api=Count("pk", filter=Q(action="api")),
            records_out=Coalesce(Sum("count", filter=Q(action__in=BULK_ACTIONS)), 0),
            night=Count("pk", filter=is_night),
        )
    )
    actors: dict[int | None, ActorMonth] = {}
    for row in per_actor:
        # One person may appear under two roles in a month; add the rows up.
        current = actors.get(row["actor_id"])
        if current is None:
            actors[row["actor_id"]] = ActorMonth(
                actor_id=row["actor_id"],
                name=row["actor__name"] or "",
                email=row["actor__email"] or "",
                role=row["actor_role"],
                views=row["views"],
                lists=row["lists"],
                exports=row["exports"],
                downloads=row["downloads"],
                api=row["api"],
                records_out=row["records_out"],
                night=row["night"],
                bulk=False,
            )
            continue
        for field in ("views", "lists", "exports", "downloads", "api", "records_out", "night"):
            setattr(current, field, getattr(current, field) + row[field])
    for actor in actors.values():
        actor.bulk = actor.records_out >= threshold
    night_entries = list(in_month.filter(is_night).select_related("actor").order_by("at", "pk"))
    return MonthlyReview(
        month=start.date(),
        actors=sorted(actors.values(), key=lambda a: (-a.records_out, a.name)),
        night_entries=night_entries,
        review=AccessReview.objects.select_related("reviewed_by")
        .filter(month=start.date())
        .first(),
        bulk_threshold=threshold,
        night_start=night_start,
        night_end=night_end,
    )
