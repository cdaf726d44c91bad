"""The import framework (issue 14, docs/imports.md): one flow for every app's Excel/CSV imports.

Public names are re-exported lazily: ``enterprises.validators`` imports ``parsing`` while apps
load, before the models that ``services`` needs exist.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Column": "kinds",
    "ContextField": "kinds",
    "ImportKind": "kinds",
    "Plan": "kinds",
    "PlannedRow": "kinds",
    "RowError": "kinds",
    "duplicate_errors": "kinds",
    "get_kind": "kinds",
    "kinds_for": "kinds",
    "register": "kinds",
    "Table": "readers",
    "read_table": "readers",
    "parse_amount": "parsing",
    "parse_choice": "parsing",
    "parse_date": "parsing",
    "parse_number": "parsing",
    "parse_rate": "parsing",
    "parse_registration_number": "parsing",
    "parse_text": "parsing",
    "MappingRequired": "services",
    "commit_import": "services",
    "dry_run": "services",
    "remap": "services",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
