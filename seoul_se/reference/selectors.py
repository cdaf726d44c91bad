"""Reads of reference data shared by filter forms, the API and imports."""

from typing import Any

from django.core.cache import cache

from seoul_se.reference.models import District, LegalType, ReferenceItem, Sector, StrategicField

MODELS: tuple[type[ReferenceItem], ...] = (District, LegalType, Sector, StrategicField)
# Upper bound on staleness should a row change outside the ORM (raw SQL); ORM saves and
# deletes clear the entry at once (``forget_choices``).
CHOICES_CACHE_SECONDS = 3600


def _key(model: type[ReferenceItem]) -> str:
    return f"reference:rows:{model._meta.label_lower}"


def _rows(model: type[ReferenceItem]) -> list[tuple[int, str, str]]:
    """``(pk, code, name)`` in display order. Cached: every list page's filter form offers
    them, and they change only when an administrator edits reference data."""
    rows: list[tuple[int, str, str]] | None = cache.get(_key(model))
    if rows is None:
        rows = list(model._default_manager.values_list("pk", "code", "name"))
        cache.set(_key(model), rows, CHOICES_CACHE_SECONDS)
    return rows


def choices(model: type[ReferenceItem]) -> list[tuple[str, str]]:
    """``(code, name)`` pairs in display order."""
    return [(code, name) for _pk, code, name in _rows(model)]


def choices_of(model: type[ReferenceItem]) -> Any:
    """``choices(model)`` as a callable, for form fields that read choices on each render."""
    return lambda: choices(model)


def pk_of(model: type[ReferenceItem], code: str) -> int | None:
    return next((pk for pk, row_code, _name in _rows(model) if row_code == code), None)


def forget_choices(sender: type[ReferenceItem], **kwargs: Any) -> None:
    cache.delete(_key(sender))


def forget_all_choices(**kwargs: Any) -> None:
    """After migrate or flush, which write reference rows without model signals."""
    cache.delete_many([_key(model) for model in MODELS])


def districts() -> list[tuple[str, str]]:
    """Seoul's 자치구 as ``(administrative code, name)``."""
    return choices(District)
