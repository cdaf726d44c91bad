"""Import kinds: what a kind declares (columns, natural key, roles) and the registry.

Each app registers its kinds in its ``imports`` module (found by ``seoul_se.core.discovery``,
like ``tasks`` and ``navigation``). A kind reads only in ``plan`` (cross-row checks, database
look-ups in bulk, create/change/unchanged by natural key) and writes only in ``commit``,
through its app's services, inside the one transaction the framework opens.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from seoul_se.access import has_role
from seoul_se.core.discovery import app_modules
from seoul_se.core.imports.readers import MAX_CELLS

if TYPE_CHECKING:
    from seoul_se.core.models import ImportRecord

Rows = list[tuple[int, dict[str, Any]]]
RowStream = Iterator[tuple[int, dict[str, Any]]]  # one pass, for kinds with ``streams_rows``
OUTCOMES = ("create", "change", "unchanged")


@dataclass(frozen=True)
class Column:
    key: str  # python name, e.g. "registration_number"
    title: str  # Korean header of our template, e.g. "사업자등록번호"
    parse: Callable[[Any], Any]  # one of parsing.py's parsers (or a lambda around one)
    required: bool = True
    help: str = ""  # shown in the template's second sheet "작성 안내"
    aliases: tuple[str, ...] = ()  # other header titles seen in real sheets
    example: Any = ""  # the template's example row
    width: int = 16  # column width in the template
    # The value of an empty cell of a required column that may be left empty (an attendance
    # mark: empty = absent); None: an empty required cell is an error.
    empty: Any = None


@dataclass(frozen=True)
class ContextField:
    """A choice made on the upload page that applies to the whole file (the institution of a
    purchase report, the course session of an attendance sheet). It is chosen from
    ``ImportKind.context_choices``, may be given as ``?<key>=<value>`` in the upload page's
    address, and lands in the record's ``scope`` (``scope[key]``, ``scope["labels"][key]``),
    which ``plan`` receives on the dry run and again on the commit."""

    key: str
    label: str | Promise
    help: str | Promise = ""


@dataclass(frozen=True)
class RowError:
    row: int  # sheet row number (header = 1 in our template)
    column: str  # Column.title ('' for a whole-row error)
    code: str
    message: str  # Korean
    value: str = ""  # the cell as typed (control characters shown as "?")


@dataclass
class PlannedRow:
    row: int
    key: tuple[Any, ...]  # the natural key
    outcome: str  # "create" | "change" | "unchanged"
    values: dict[str, Any]  # parsed values (by Column.key)
    summary: str = ""  # one Korean line for the preview


@dataclass
class Plan:
    kind: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self) -> None:
        """Fill ``totals`` from the planned rows."""
        self.totals = {outcome: 0 for outcome in OUTCOMES}
        for row in self.rows:
            self.totals[row.outcome] += 1


class ImportKind:
    name: str  # "enterprises.roster", "funds.loans", …
    label: str  # Korean
    roles: frozenset[str]  # roles allowed to use it (seoul_se.access role names)
    columns: tuple[Column, ...] = ()
    natural_key_doc: str | Promise = ""  # what makes a row "the same" (docs and upload page)
    sheets: tuple[str, ...] = ()  # multi-sheet kinds name their sheets
    columns_by_sheet: ClassVar[dict[str, tuple[Column, ...]]] = {}
    max_rows: int = 20_000
    max_bytes: int = 10 * 1024 * 1024
    async_rows: int = 5_000  # files with more rows are committed by a background job
    # A kind expecting large workbooks raises these reader guards (docs/imports.md "Readers"):
    max_cells: int = MAX_CELLS  # used area per sheet
    max_unpacked: int | None = None  # zip budget; None: settings.UPLOAD_ZIP_MAX_TOTAL_SIZE
    # True: plan_sheets gets each sheet's valid rows as a one-pass iterator (RowStream), parsed
    # while the kind reads them, so a million rows never sit in memory as values.
    streams_rows: bool = False
    template_name: str = ""  # download file name (default: the label)
    context_fields: tuple[ContextField, ...] = ()

    def allowed(self, actor: Any) -> bool:
        return has_role(actor, self.roles)

    def scope(self, actor: Any) -> dict[str, Any]:
        """What narrows this actor's import (e.g. intermediary staff → their intermediary)."""
        return {}

    def context_choices(self, key: str, actor: Any) -> list[tuple[str, str]]:
        """(value, label) of what ``actor`` may choose for the context field ``key``."""
        return []

    def resolve_context(self, values: dict[str, str], *, actor: Any) -> dict[str, Any]:
        """The scope entries for the chosen context values; ValidationError (``bad_context``)
        for a value missing or not among the actor's choices."""
        scope: dict[str, Any] = {"labels": {}}
        for context_field in self.context_fields:
            value = str(values.get(context_field.key) or "")
            label = dict(self.context_choices(context_field.key, actor)).get(value)
            if label is None:
                raise ValidationError(
                    _("%(label)s을(를) 골라 주세요.") % {"label": context_field.label},
                    code="bad_context",
                )
            scope[context_field.key] = value
            scope["labels"][context_field.key] = label
        return scope

    def template_rows(self, scope: dict[str, Any]) -> list[list[Any]]:
        """Rows written into the template for this context (e.g. the people of a session)
        instead of the example row; none by default."""
        return []

    def guide(self) -> list[tuple[str, str]]:
        """Extra (item, explanation) lines for the template's 작성 안내 sheet (reference lists)."""
        return []

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        raise NotImplementedError

    def plan_sheets(
        self, rows_by_sheet: dict[str, Rows], *, actor: Any, scope: dict[str, Any]
    ) -> Plan:
        raise NotImplementedError

    def commit(self, plan: Plan, *, actor: Any, record: ImportRecord) -> None:
        raise NotImplementedError

    def sheet_columns(self) -> dict[str, tuple[Column, ...]]:
        """Columns per sheet name ('' is the first sheet of a one-sheet kind)."""
        return dict(self.columns_by_sheet) if self.sheets else {"": self.columns}


class ContextKind(ImportKind):
    """A kind whose file belongs to one record chosen on the upload page (a purchase report's
    institution, an attendance sheet's session): one context select, the same natural key
    twice in one file refused (the later rows), and a commit that writes only the rows that
    create or change something and links each to what it wrote.

    A subclass sets ``context`` and ``key_column`` and implements ``context_object``,
    ``row_key``, ``plan_rows`` and ``write``."""

    context: ClassVar[ContextField]
    key_column: ClassVar[Column]  # the column named by "the same key twice in one file"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "context" in cls.__dict__:
            cls.context_fields = (cls.context,)

    def context_object(self, scope: dict[str, Any]) -> Any:
        """The chosen record, ``scope[self.context.key]``."""
        raise NotImplementedError

    def row_key(self, values: dict[str, Any]) -> Hashable:
        raise NotImplementedError

    def plan_rows(self, plan: Plan, rows: Rows, context: Any, *, actor: Any) -> None:
        """Add the planned rows and their errors to ``plan`` (duplicates already reported)."""
        raise NotImplementedError

    def write(
        self, rows: list[PlannedRow], context: Any, *, actor: Any, record: ImportRecord
    ) -> list[tuple[Any, dict[str, Any] | None]]:
        """Save ``rows`` (never "unchanged" ones) through the app's service: (object written,
        its change detail or None) per row, in order."""
        raise NotImplementedError

    def plan(self, rows: Rows, *, actor: Any, scope: dict[str, Any]) -> Plan:
        plan = Plan(self.name)
        rows, plan.errors = duplicate_errors(rows, self.row_key, self.key_column)
        self.plan_rows(plan, rows, self.context_object(scope), actor=actor)
        return plan

    def commit(self, plan: Plan, *, actor: Any, record: ImportRecord) -> None:
        written = [row for row in plan.rows if row.outcome != "unchanged"]
        if not written:
            return
        saved = self.write(written, self.context_object(record.scope), actor=actor, record=record)
        for row, (obj, detail) in zip(written, saved, strict=True):
            record.link(obj, row.outcome, row.row, detail)


def duplicate_errors(
    rows: Rows, key: Callable[[dict[str, Any]], Hashable], column: Column
) -> tuple[Rows, list[RowError]]:
    """Split ``rows`` into the first row of each natural key and an error for every later one
    ("the same key twice in one file": the later rows are errors, the first one stays)."""
    first: dict[Hashable, int] = {}
    kept: Rows = []
    errors: list[RowError] = []
    for number, values in rows:
        value = key(values)
        if value in first:
            errors.append(
                RowError(
                    number,
                    column.title,
                    "duplicate_in_file",
                    _("파일 안에서 중복된 %(title)s입니다(%(row)s행과 같음).")
                    % {"title": column.title, "row": first[value]},
                    str(values.get(column.key, "")),
                )
            )
        else:
            first[value] = number
            kept.append((number, values))
    return kept, errors


def chunks(items: list[Any], size: int = 1_000) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_REGISTRY: dict[str, ImportKind] = {}
_LOADED: list[bool] = []


def register(kind: ImportKind) -> ImportKind:
    _REGISTRY[kind.name] = kind
    return kind


def _load() -> None:
    """Import every app's ``imports`` module once (kinds register themselves there)."""
    if not _LOADED:
        app_modules("imports")
        _LOADED.append(True)


def get_kind(name: str) -> ImportKind:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"unknown import kind {name!r}") from None


def kinds_for(user: Any) -> list[ImportKind]:
    """The kinds ``user`` may use, by label."""
    _load()
    return sorted((k for k in _REGISTRY.values() if k.allowed(user)), key=lambda k: k.label)
