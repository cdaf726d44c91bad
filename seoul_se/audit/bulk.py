"""Audit entries for rows written in bulk.

django-auditlog writes its entry from each registered model's ``post_save`` signal;
``bulk_create`` and ``bulk_update`` send none. A service that writes in bulk (the switch-over
imports, issue 14) calls these instead, so the trail holds what one save per row would have
left: the same action, changes, object representation and correlation id, with the request's
client address when there is one — written with ``seoul_se.core.bulk.copy_rows`` (``COPY`` on
PostgreSQL). The actor is the one the service names (the importer), also in a background job
where auditlog's request context, and so its actor, would be missing.
"""

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import get_field_value, is_primitive, model_instance_diff, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.utils.encoding import smart_str

from seoul_se.accounts.models import User
from seoul_se.core.bulk import copy_rows

BATCH = 2_000  # entries per INSERT on other databases


def _json_changes() -> bool:
    """auditlog's setting (its default, False, is set on ``settings`` by ``auditlog.conf``)."""
    return bool(getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False))


def _context() -> dict[str, Any]:
    """What the current audit context adds to an entry (client address and port): auditlog
    sets these from a ``pre_save`` signal, which ``bulk_create`` does not send."""
    try:
        values = auditlog_value.get()
    except LookupError:
        return {}
    return {
        key: value() if callable(value) else value
        for key, value in values.items()
        if key not in ("actor", "signal_duid") and hasattr(LogEntry, key)
    }


def _entry(
    obj: Model, action: int, changes: dict | None, actor: User | None, extra: dict
) -> LogEntry:
    additional = getattr(obj, "get_additional_data", None)
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=smart_str(obj),
        serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
        action=action,
        changes=changes,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        additional_data=additional() if callable(additional) else None,
        cid=get_cid(),
        **extra,
    )


def _as_inserted(obj: Model) -> Model:
    """A copy of ``obj`` as ``post_save`` saw it at its insert: nothing pointed at it yet, so
    its reverse one-to-one relations are empty (known without a query per object, and not
    the rows a bulk write created after it, e.g. an application's agreement)."""
    inserted = copy.copy(obj)  # with its own relation cache (Model.__getstate__)
    for relation in obj._meta.related_objects:
        if relation.one_to_one:
            relation.set_cached_value(inserted, None)
    return inserted


def _write(entries: list[LogEntry]) -> None:
    """Insert the entries: PostgreSQL ``COPY`` (an 80,000-entry import spent most of its
    database time in ``INSERT … VALUES`` of these rows), ``bulk_create`` elsewhere."""
    if not entries or connection.vendor != "postgresql":
        LogEntry.objects.bulk_create(entries, batch_size=BATCH)
        return
    names = [field.attname for field in LogEntry._meta.concrete_fields if not field.primary_key]
    copy_rows(LogEntry, names, [tuple(getattr(entry, n) for n in names) for entry in entries])


def log_created(objects: Iterable[Model], *, actor: User | None) -> None:
    """Entries for objects just inserted with ``bulk_create`` (models auditlog registers)."""
    extra = _context()
    entries = []
    diffs: dict[type[Model], Callable[[Model], dict | None]] = {}
    for obj in objects:
        model = type(obj)
        if not auditlog.contains(model):
            continue
        if model not in diffs:
            diffs[model] = _creation_diff(obj)
        entries.append(_entry(obj, LogEntry.Action.CREATE, diffs[model](obj), actor, extra))
    _write(entries)


def _creation_diff(first: Model) -> Callable[[Model], dict | None]:
    """auditlog's diff (``model_instance_diff(None, obj)``) of a new object of ``first``'s
    model, worked out per model where it does not depend on the object: the "before" side of
    a new object is empty for every field, and what it shows of the relations pointing at it
    (a manager's name, an empty one-to-one) is the same for every new object. Only the
    object's own field values are read per row, with auditlog's ``get_field_value``. A model
    registered with include, exclude or mask options gets auditlog's own diff per object."""
    json_changes = _json_changes()
    model = type(first)
    own = [field for field in model._meta.concrete_fields if track_field(field)]
    related = [field.name for field in model._meta.get_fields() if not field.concrete]
    # (An empty ``fields_to_check`` would mean every field.)
    constant = related and model_instance_diff(
        None, _as_inserted(first), fields_to_check=related, use_json_for_changes=json_changes
    )
    options = auditlog.get_model_fields(model)
    if any(options[name] for name in ("include_fields", "exclude_fields", "mask_fields")):
        names = [field.name for field in own]

        def exact(obj: Model) -> dict | None:
            changes = model_instance_diff(
                None, obj, fields_to_check=names, use_json_for_changes=json_changes
            )
            return {**(changes or {}), **(constant or {})} or None

        return exact
    empty = get_field_value(None, own[0], json_changes)  # no object: the same for any field

    def shown(value: Any) -> Any:
        if json_changes:
            return value if is_primitive(value) else smart_str(value)
        return smart_str(value)

    def diff(obj: Model) -> dict | None:
        changes = {}
        for field in own:
            value = get_field_value(obj, field, json_changes)
            if value != empty:
                changes[field.name] = (shown(empty), shown(value))
        return {**changes, **(constant or {})} or None

    return diff


def log_changed(
    pairs: Sequence[tuple[Model, Model]], *, actor: User | None, fields: Sequence[str]
) -> None:
    """Entries for ``(before, after)`` pairs saved with ``bulk_update`` of ``fields``; a pair
    whose fields did not change leaves none (as a save without changes)."""
    extra = _context()
    json_changes = _json_changes()
    entries = []
    for before, after in pairs:
        if not auditlog.contains(type(after)):
            continue
        changes = model_instance_diff(
            before, after, fields_to_check=fields, use_json_for_changes=json_changes
        )
        if changes:
            entries.append(_entry(after, LogEntry.Action.UPDATE, changes, actor, extra))
    _write(entries)
