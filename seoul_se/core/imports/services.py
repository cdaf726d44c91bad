"""The import flow: upload → header mapping → dry run (every row checked, a report) → commit
(all or nothing, in one transaction; a background job for large files) → the record.

The stored file is re-read and re-planned inside the commit's transaction, so what is written
is what the database holds at that moment, never a stale preview; a file committed twice
plans every row "unchanged" the second time (natural keys, docs/imports.md).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seoul_se.accounts.models import User
from seoul_se.core.bulk import insert_rows
from seoul_se.core.imports.kinds import Column, ImportKind, Plan, RowError, RowStream, get_kind
from seoul_se.core.imports.parsing import cell_text
from seoul_se.core.imports.readers import Table, normalize_title, open_table
from seoul_se.core.jobs import start_job
from seoul_se.core.models import HeaderMapping, ImportedObject, ImportRecord
from seoul_se.core.text import CONTROL_CHARACTERS_RE

MAX_REPORTED_ERRORS = 1_000
PREVIEW_ROWS = 20
UPLOAD_DIR = "imports"
COMMIT_JOB = "core.import_commit"
Mapping = dict[str, dict[str, str]]  # sheet ('' for a one-sheet kind) → {their title: key}
Progress = Callable[..., None]
REMAPPABLE = (ImportRecord.State.MAPPING, ImportRecord.State.CHECKED, ImportRecord.State.REFUSED)


class MappingRequired(ValidationError):
    """Required columns could not be found by title: the person maps the headers."""

    def __init__(self, record: ImportRecord, missing: list[str]) -> None:
        super().__init__(
            _("필수 열을 찾지 못했습니다: %(titles)s. 각 열이 무엇인지 지정해 주세요.")
            % {"titles": ", ".join(missing)},
            code="missing_column",
        )
        self.record = record
        self.missing = missing


def kind_for(name: str, actor: User) -> ImportKind:
    kind = get_kind(name)
    if not kind.allowed(actor):
        raise PermissionDenied(_("이 자료를 가져올 권한이 없습니다."))
    return kind


def owner_of(actor: User) -> str:
    return f"org:{actor.organisation}" if actor.organisation else f"user:{actor.pk}"


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while an import reads, plans and writes: it allocates
    several objects a cell and frees almost none until it ends, so the collector's full passes
    over that growing heap took a fifth of a 10,000-row import and found nothing (rows, values
    and model instances form no cycles). Collection resumes, as usual, when it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- files ----------------------------------------------------------------------------------


def _store(upload: IO[bytes], file_name: str) -> tuple[str, str, int]:
    """Keep the checked upload in private storage under its SHA-256; (name, sha256, size)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    digest = hashlib.sha256(data).hexdigest()
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / UPLOAD_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (digest + Path(file_name).suffix.lower())
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(path)
    return str(path.relative_to(settings.PRIVATE_MEDIA_ROOT)), digest, len(data)


def _stored(record: ImportRecord) -> io.BytesIO:
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = (root / record.stored_file).resolve()
    if root not in path.parents:
        raise ValidationError(_("잘못된 파일 경로입니다."), code="bad_path")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise ValidationError(
            _("보관된 파일이 바뀌었습니다. 다시 올려 주세요."), code="file_changed"
        )
    return io.BytesIO(data)


def _read(
    kind: ImportKind, upload: IO[bytes], file_name: str, *, checked: bool = False
) -> dict[str, Table]:
    if kind.sheets and file_name.lower().endswith(".csv"):
        # A CSV is one sheet: it would be read for each sheet and fail the header mapping.
        raise ValidationError(
            _(
                "이 양식은 %(sheets)s 시트가 모두 필요해 엑셀 파일(.xlsx, .xls)로만 올릴 수 "
                "있습니다. CSV 파일에는 시트가 하나뿐입니다."
            )
            % {"sheets": ", ".join(f"'{sheet}'" for sheet in kind.sheets)},
            code="csv_single_sheet",
        )
    tables = {}
    for sheet, columns in kind.sheet_columns().items():
        expected = [title for c in columns for title in (c.title, *c.aliases)]
        tables[sheet] = open_table(
            upload,
            file_name,
            max_bytes=kind.max_bytes,
            expected=expected,
            sheet=sheet or None,
            max_rows=kind.max_rows,
            checked=checked,
            max_cells=kind.max_cells,
            max_unpacked=kind.max_unpacked,
            stream=kind.streams_rows,
        )
        upload.seek(0)
    return tables


# --- header mapping -------------------------------------------------------------------------


def _propose(
    columns: tuple[Column, ...], header: list[str], remembered: dict[str, str]
) -> dict[str, str]:
    """{their title: our key or ''} — remembered titles first, then our titles and aliases."""
    known = {c.key for c in columns}
    by_title = {normalize_title(t): c.key for c in columns for t in (c.title, *c.aliases)}
    proposal: dict[str, str] = {}
    taken: set[str] = set()
    for title in header:
        if not title or title in proposal:
            continue
        key = remembered.get(title) or by_title.get(normalize_title(title), "")
        key = key if key in known and key not in taken else ""
        proposal[title] = key
        taken.add(key)
    return proposal


def _positions(header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = mapping.get(title, "")
        if key and key not in positions:
            positions[key] = index
    return positions


def _missing(columns: tuple[Column, ...], positions: dict[str, int]) -> list[str]:
    return [c.title for c in columns if c.required and c.key not in positions]


# --- checking -------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A cell as shown in the report: control characters become a visible "?"."""
    return CONTROL_CHARACTERS_RE.sub("?", cell_text(value)[:100])


def _parse(
    columns: tuple[Column, ...],
    positions: dict[str, int],
    table: Table,
    prefix: str,
    errors: list[RowError],
) -> RowStream:
    """The valid rows of ``table`` as they are read (cell errors go to ``errors``)."""
    present = [(c, positions[c.key]) for c in columns if c.key in positions]
    absent_required = [c for c in columns if c.required and c.key not in positions]
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        bad = bool(absent_required)
        for column, index in present:
            raw = cells[index] if index < len(cells) else None
            if raw is None or (raw.__class__ is str and raw.isspace()):
                if column.required and column.empty is None:
                    bad = True
                    errors.append(
                        RowError(
                            number,
                            prefix + column.title,
                            "required",
                            _("%(title)s은(는) 필수 항목입니다.") % {"title": column.title},
                        )
                    )
                values[column.key] = column.empty
                continue
            try:
                values[column.key] = column.parse(raw)
            except ValidationError as exc:
                bad = True
                errors.append(
                    RowError(
                        number,
                        prefix + column.title,
                        exc.error_list[0].code or "invalid",
                        exc.messages[0],
                        _shown(raw),
                    )
                )
        if not bad:
            yield number, values


def _plan(
    kind: ImportKind, tables: dict[str, Table], mapping: Mapping, *, actor: User, scope: dict
) -> Plan:
    parsed: dict[str, Any] = {}
    errors: list[RowError] = []
    for sheet, columns in kind.sheet_columns().items():
        table = tables[sheet]
        positions = _positions(table.header, mapping.get(sheet, {}))
        prefix = f"[{sheet}] " if sheet else ""
        rows = _parse(columns, positions, table, prefix, errors)
        parsed[sheet] = rows if kind.streams_rows else list(rows)
    if kind.sheets:
        plan = kind.plan_sheets(parsed, actor=actor, scope=scope)
    else:
        plan = kind.plan(parsed[""], actor=actor, scope=scope)
    for rows in parsed.values():  # what a streaming kind left unread is checked all the same
        for _row in rows:
            pass
    plan.errors = sorted(errors + plan.errors, key=lambda e: (e.row, e.column))
    plan.count()
    return plan


def _fill(record: ImportRecord, plan: Plan, tables: dict[str, Table]) -> None:
    record.rows = sum(t.count for t in tables.values())
    record.created = plan.totals.get("create", 0)
    record.changed = plan.totals.get("change", 0)
    record.unchanged = plan.totals.get("unchanged", 0)
    record.errors = len(plan.errors)
    record.report = {
        "errors": [asdict(e) for e in plan.errors[:MAX_REPORTED_ERRORS]],
        "preview": [
            {"row": r.row, "outcome": r.outcome, "summary": r.summary}
            for r in plan.rows[:PREVIEW_ROWS]
        ],
        "extra": plan.extra,
    }


def _check(
    kind: ImportKind,
    record: ImportRecord,
    tables: dict[str, Table],
    chosen: Mapping | None,
    actor: User,
) -> Plan:
    owner = owner_of(actor)
    remembered_row = HeaderMapping.objects.filter(kind=kind.name, owner=owner).first()
    remembered: Mapping = remembered_row.mapping if remembered_row else {}
    mapping: Mapping = {}
    missing: list[str] = []
    for sheet, columns in kind.sheet_columns().items():
        header = tables[sheet].header
        if chosen is not None and sheet in chosen:
            known = {c.key for c in columns}
            mapping[sheet] = {t: k for t, k in chosen[sheet].items() if t in header and k in known}
        else:
            mapping[sheet] = _propose(columns, header, remembered.get(sheet, {}))
        missing += _missing(columns, _positions(header, mapping[sheet]))
    record.header = {sheet: table.header for sheet, table in tables.items()}
    record.mapping = mapping
    if missing:
        record.state = ImportRecord.State.MAPPING
        record.report = {"missing": missing}
        record.save()
        raise MappingRequired(record, missing)
    if chosen is not None:
        HeaderMapping.objects.update_or_create(
            kind=kind.name, owner=owner, defaults={"mapping": {**remembered, **mapping}}
        )
    plan = _plan(kind, tables, mapping, actor=actor, scope=record.scope)
    _fill(record, plan, tables)
    record.state = ImportRecord.State.CHECKED if plan.ok else ImportRecord.State.REFUSED
    record.save()
    return plan


@_no_cycle_collection()
def dry_run(
    kind_name: str,
    upload: IO[bytes],
    file_name: str,
    *,
    actor: User,
    mapping: Mapping | None = None,
    context: dict[str, str] | None = None,
) -> tuple[Plan, ImportRecord]:
    """Read and check ``upload`` (hostile files refused first), keep it, and plan every row.

    ``context``: the values of the kind's ``context_fields`` (e.g. ``{"session": "12"}``),
    checked by ``kind.resolve_context`` and kept in the record's scope.
    Raises ValidationError for a file that cannot be read as a table or a bad context,
    MappingRequired when required columns are not found (the record then waits for
    ``remap``), PermissionDenied for a kind the actor may not use. Writes only the record and
    the remembered mapping.
    """
    kind = kind_for(kind_name, actor)
    scope = kind.scope(actor)
    if kind.context_fields:
        scope.update(kind.resolve_context(context or {}, actor=actor))
    tables = _read(kind, upload, file_name)
    stored, digest, size = _store(upload, file_name)
    record = ImportRecord(
        kind=kind.name,
        actor=actor,
        organisation=actor.organisation,
        scope=scope,
        file_name=Path(file_name).name[:255],
        stored_file=stored,
        sha256=digest,
        size=size,
        state=ImportRecord.State.CHECKED,
    )
    return _check(kind, record, tables, mapping, actor), record


@_no_cycle_collection()
def remap(record: ImportRecord, *, actor: User, mapping: Mapping) -> Plan:
    """Check a kept upload again with the person's header mapping (remembered for next time)."""
    kind = _own(record, actor)
    if record.state not in (
        ImportRecord.State.MAPPING,
        ImportRecord.State.CHECKED,
        ImportRecord.State.REFUSED,
    ):
        raise ValidationError(_("이미 저장한 파일입니다."), code="already_committed")
    return _check(kind, record, _read(kind, _stored(record), record.file_name), mapping, actor)


def _own(record: ImportRecord, actor: User) -> ImportKind:
    kind = kind_for(record.kind, actor)
    if record.actor_id != actor.pk:
        raise PermissionDenied(_("파일을 올린 사람만 저장할 수 있습니다."))
    return kind


# --- committing -----------------------------------------------------------------------------


def commit_import(record: ImportRecord, *, actor: User) -> ImportRecord:
    """Save a checked upload all or nothing: at once, or by a background job above the kind's
    ``async_rows`` (the record is then ``committing`` and names the job)."""
    kind = _own(record, actor)
    if record.state != ImportRecord.State.CHECKED:
        raise ValidationError(
            _("오류 없이 검사를 마친 파일만 저장할 수 있습니다."), code="not_checked"
        )
    if record.rows > kind.async_rows:
        job = start_job(COMMIT_JOB, {"record": record.pk}, actor=actor)
        ImportRecord.objects.filter(pk=record.pk, state=ImportRecord.State.CHECKED).update(
            state=ImportRecord.State.COMMITTING, job=job
        )
        record.refresh_from_db()
        return record
    return run_commit(record.pk, actor=actor)


def _no_progress(percent: int, message: str = "") -> None:
    return None


@_no_cycle_collection()
def run_commit(record_id: int, *, actor: User, progress: Progress = _no_progress) -> ImportRecord:
    """Re-read and re-plan the kept file inside one transaction and write it through the kind;
    a row that became invalid meanwhile refuses the whole file (nothing is written)."""
    try:
        with transaction.atomic():
            record = ImportRecord.objects.select_for_update().get(pk=record_id)
            if record.state not in (ImportRecord.State.CHECKED, ImportRecord.State.COMMITTING):
                raise ValidationError(_("이미 처리된 파일입니다."), code="already_committed")
            kind = _own(record, actor)
            progress(5, _("파일 다시 검사 중"))
            # The kept file's checksum is verified: it is the file that passed the checks.
            tables = _read(kind, _stored(record), record.file_name, checked=True)
            # The dry run's extra lets a kind skip work whose inputs it can show are unchanged
            # (funds.loans: the engine replay, when the products it depends on are the same).
            scope = {**record.scope, "dry_run": record.report.get("extra", {})}
            plan = _plan(kind, tables, record.mapping, actor=actor, scope=scope)
            _fill(record, plan, tables)
            if not plan.ok:
                record.state = ImportRecord.State.REFUSED
                record.save()
                return record
            progress(40, _("저장 중"))
            kind.commit(plan, actor=actor, record=record)
            _write_links(record)
            record.state = ImportRecord.State.COMMITTED
            record.committed_at = timezone.now()
            record.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("같은 자료를 다른 가져오기가 먼저 저장했습니다. 다시 올려 검사해 주세요."),
            code="conflict",
        ) from exc
    return record


def _write_links(record: ImportRecord) -> None:
    links = record.__dict__.pop("_links", [])
    types: dict[type, int] = {}
    rows = []
    for model, pk, outcome, row, detail in links:
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        rows.append(
            {
                "record_id": record.pk,
                "content_type_id": types[model],
                "object_id": str(pk),
                "outcome": outcome,
                "row": row,
                "detail": detail,
            }
        )
    insert_rows(ImportedObject, rows)


def fail_commit(record_id: int) -> None:
    """A commit job that crashed: its transaction rolled back; the record says so."""
    ImportRecord.objects.filter(pk=record_id, state=ImportRecord.State.COMMITTING).update(
        state=ImportRecord.State.FAILED
    )
