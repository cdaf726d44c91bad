"""Reads of the audit trail (django-auditlog's LogEntry), shared by the page and the API."""

import datetime as dt
from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet


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
