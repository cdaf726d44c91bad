"""Reading an uploaded sheet (.xlsx, .xls or .csv) into a header and rows, for every import.

Speed and safety (docs/imports.md, measured by ``benchmarks/bench_sheets.py``): workbooks are
read by python-calamine (Rust, about 10× openpyxl), but only after checks that keep hostile
files away from it — calamine allocates the whole used area of a sheet at once and aborts the
process when that fails, and trusts declared counts:

- .xlsx: ``seoul_se.core.excel.check_xlsx_upload`` first (content type, macros, executables, zip
  bombs), then every worksheet part is scanned for the cell area it spans (``_xlsx_extent``) and
  the shared-string count it declares; more than ``MAX_CELLS`` cells is refused. Entities are not
  expanded by calamine's XML reader (an "billion laughs" sheet reads as its literal text).
- .xls (BIFF8, an OLE compound file): size, executable scan, then olefile opens the container
  and ``_xls_extent`` walks the cell records of the workbook stream for the same area limit and
  for a shared-string table larger than its record could hold; a damaged container is refused.
- .csv: UTF-8 (with or without the BOM Excel writes), else CP949 (EUC-KR is its subset).

The header row is the one of the top ``HEADER_SEARCH_ROWS`` rows that holds the most of the kind's
titles and aliases (the upper one on a tie; the first non-empty row when none holds any), so a
title row or the group row of a two-row header above it is skipped. A merged header cell spreads
its title over every column and row it covers (a title merged down over a two-row header is found
in the lower row; a group title spread over its columns is simply not a known title).
"""

import csv
import io
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from seoul_se.core.excel import check_xlsx_upload
from seoul_se.core.imports.xlsx_stream import Refused, stream_rows
from seoul_se.core.uploads import OLE_MAGIC, check_content

MAX_CELLS = 2_000_000  # of a sheet's used area; ~64 MB in calamine's cell array
HEADER_SEARCH_ROWS = 10
CHUNK = 1 << 20
# Worksheet parts are scanned with whitespace turned into spaces (one C pass): every pattern
# then starts with a literal, which the regular expression engine skips to quickly — several
# times faster than a leading ``\s`` on a 7 MB part.
SPACES = bytes.maketrans(b"\t\n\r\x0b\x0c", b"     ")
REF_LETTERS = rb' r="([A-Z]%s)[0-9]'  # %s: a width quantifier
REF_DIGITS = rb' r="[A-Z]{0,3}([0-9]%s)"'
LETTER_WIDTHS = ((2, 3), (1, 1))  # widest first; a group of widths costs one pass
DIGIT_WIDTHS = ((6, 7), (5, 5), (4, 4), (1, 3))
# How Excel, openpyxl and xlsxwriter write a sheet: every <c> and <row> with ``r`` first, no
# namespace prefix. Anything else (one of these matches) is counted by the exact patterns below.
UNUSUAL_RES = (
    re.compile(rb'<c(?:[/>]| (?!r="[A-Z]))'),
    re.compile(rb'<row(?:[/>]| (?!r="[0-9]))'),
    re.compile(rb":(?:c|row)[ />]"),
)
CELL_REF_RE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c +(?:[^>]*? )?r="[A-Z]')
BARE_CELL_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[ />]")
ROW_REF_RE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row +(?:[^>]*? )?r="[0-9]')
BARE_ROW_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[ />]")
# Only uniqueCount sizes the table calamine allocates; count (every use) may be far larger.
SST_UNIQUE_RE = re.compile(rb'\suniqueCount="([0-9]+)"')
# BIFF8 cell records: (record type, whether the last column is stored at the record's end).
XLS_CELL_RECORDS = {
    0x0006: False,  # FORMULA
    0x00BD: True,  # MULRK
    0x00BE: True,  # MULBLANK
    0x00D6: False,  # RSTRING
    0x00FD: False,  # LABELSST
    0x0201: False,  # BLANK
    0x0203: False,  # NUMBER
    0x0204: False,  # LABEL
    0x0205: False,  # BOOLERR
    0x027E: False,  # RK
}
XLS_BOF, XLS_SST = 0x0809, 0x00FC


@dataclass
class Table:
    """A sheet: ``header`` (titles as typed), ``header_row`` (its sheet row number, from 1) and
    ``rows``: (sheet row number, cells) of every non-empty row below the header — a list from
    ``read_table``, a one-pass iterator from ``open_table`` (``count`` then grows as it is read,
    so a million-row sheet never sits in memory as raw cells)."""

    header: list[str]
    header_row: int
    rows: Iterable[tuple[int, list[Any]]] = field(default_factory=list)
    sheet: str = ""
    count: int = 0  # rows read so far


def normalize_title(title: Any) -> str:
    """A header title as matched: no spaces or line breaks, no trailing required-mark ``*``."""
    return re.sub(r"\s+", "", "" if title is None else str(title)).removesuffix("*")


def _unreadable(exc: Exception | None = None) -> ValidationError:
    return ValidationError(
        _("파일을 읽을 수 없습니다. 양식을 다시 내려받아 입력하거나 다시 저장해 올려 주세요."),
        code="unreadable",
    )


def _too_wide(cells: int) -> ValidationError:
    return ValidationError(
        _(
            "시트의 사용 범위가 너무 넓습니다(%(n)s칸). 표 밖의 빈 행·열이나 멀리 떨어진 칸의 "
            "내용을 지우고 다시 저장해 올려 주세요."
        )
        % {"n": f"{cells:,}"},
        code="sheet_too_large",
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# --- hostile-file checks --------------------------------------------------------------------


def _largest(data: bytes, pattern: bytes, widths: tuple[tuple[int, int], ...]) -> bytes | None:
    """The largest value matched by ``pattern`` (its one group; ``%s`` its width quantifier):
    widest first, so only the few matches of the widest width are compared (C speed on
    100,000s of cells)."""
    for low, high in widths:
        found = re.findall(pattern % b"{%d,%d}" % (low, high), data)
        if found and low == high:
            return max(found)
        if found:
            widest = max(map(len, found))
            return max(value for value in found if len(value) == widest)
    return None


def _scan_part(stream: IO[bytes]) -> tuple[int, int]:
    """(rows, columns) a worksheet part spans: the largest explicit references, plus every row
    and cell written without one (calamine places those after the previous)."""
    rows = columns = bare_rows = bare_cells = 0
    tail = b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        cut = data.rfind(b">") + 1  # only whole tags are scanned; the rest waits for more
        data, tail = data[:cut].translate(SPACES), data[cut:]
        letters = _largest(data, REF_LETTERS, LETTER_WIDTHS)
        if letters:
            columns = max(columns, _column_number(letters))
        number = _largest(data, REF_DIGITS, DIGIT_WIDTHS)
        if number:
            rows = max(rows, int(number))
        if any(pattern.search(data) for pattern in UNUSUAL_RES):
            bare_cells += len(BARE_CELL_RE.findall(data)) - len(CELL_REF_RE.findall(data))
            bare_rows += len(BARE_ROW_RE.findall(data)) - len(ROW_REF_RE.findall(data))
    return rows + bare_rows, columns + bare_cells


def _xlsx_extent(upload: IO[bytes], max_cells: int = MAX_CELLS) -> None:
    """Refuse a workbook whose sheets span more than ``max_cells`` cells or whose shared-string
    table declares more strings than its part could hold. Sizes are already bounded by the
    zip checks of ``check_xlsx_upload``."""
    try:
        with zipfile.ZipFile(upload) as archive:
            for info in archive.infolist():
                name = info.filename.lower()
                if name.startswith("xl/") and name.endswith(".xml") and "/worksheets/" in name:
                    with archive.open(info) as part:
                        rows, columns = _scan_part(part)
                    if rows * columns > max_cells:
                        raise _too_wide(rows * columns)
                elif name == "xl/sharedstrings.xml":
                    with archive.open(info) as part:
                        head = part.read(4096)
                    found = SST_UNIQUE_RE.search(head[:1024])
                    declared = int(found.group(1)) if found else 0
                    if declared > info.file_size // 7 + 1:  # "<si><t/>" per string at least
                        raise _unreadable()
    except zipfile.BadZipFile as exc:
        raise _unreadable(exc) from exc
    finally:
        upload.seek(0)


def _xls_extent(data: bytes, max_cells: int = MAX_CELLS) -> None:
    """Walk the BIFF records of an .xls workbook stream: refuse a sheet spanning more than
    ``max_cells`` cells and a shared-string table claiming more strings than the stream holds."""
    try:
        with olefile.OleFileIO(data) as container:
            name = next(
                (n for n in ("Workbook", "Book") if container.exists(n)), None
            )  # BIFF8, BIFF5
            if name is None:
                raise _unreadable()
            stream = container.openstream(name).read()
    except (OSError, ValueError, IndexError, struct.error, NotImplementedError) as exc:
        raise _unreadable(exc) from exc
    position, rows, columns = 0, 0, 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + length]
        position += 4 + length
        if kind == XLS_BOF:
            rows = columns = 0
        elif kind in XLS_CELL_RECORDS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = (
                struct.unpack_from("<H", body, len(body) - 2)[0]
                if XLS_CELL_RECORDS[kind]
                else first
            )
            rows, columns = max(rows, row + 1), max(columns, first + 1, last + 1)
            if rows * columns > max_cells:
                raise _too_wide(rows * columns)
        elif kind == XLS_SST and len(body) >= 8:
            unique = struct.unpack_from("<I", body, 4)[0]
            if unique > len(stream) // 3:  # each string takes 3 bytes at least
                raise _unreadable()


# --- reading --------------------------------------------------------------------------------


def _calamine_rows(
    upload: IO[bytes], sheet: str | None
) -> tuple[str, Iterator[list[Any]], list[Any]]:
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        names = workbook.sheet_names
        name = sheet if sheet in names else names[0] if sheet is None and names else None
        if name is None:
            raise _missing_sheet(sheet)
        data = workbook.get_sheet_by_name(name)
    except CalamineError as exc:
        raise _unreadable(exc) from exc
    except (ValueError, OSError, IndexError) as exc:
        raise _unreadable(exc) from exc
    # iter_rows keeps the empty rows above the used area but starts at its first column.
    first_column = data.start[1] if data.start else 0
    merged = [
        ((r0, c0 - first_column), (r1, c1 - first_column))
        for (r0, c0), (r1, c1) in (data.merged_cell_ranges or [])
    ]
    return name, (list(row) for row in data.iter_rows()), merged


def _streamed_rows(
    upload: IO[bytes], sheet: str | None
) -> tuple[str, Iterator[list[Any]], list[Any]]:
    """``_calamine_rows`` read as the rows are iterated (``xlsx_stream``: flat memory); what
    it cannot read, now or while iterating, is ``unreadable``."""
    broken = (Refused, zipfile.BadZipFile, zlib.error, expat.ExpatError, ValueError, OSError)
    try:
        name, rows, merged = stream_rows(upload, sheet)
    except KeyError as exc:
        raise _missing_sheet(sheet) from exc
    except broken as exc:
        raise _unreadable(exc) from exc

    def checked_rows() -> Iterator[list[Any]]:
        try:
            yield from rows
        except (*broken, IndexError, EOFError) as exc:  # IndexError: a shared string not there
            raise _unreadable(exc) from exc

    return name, checked_rows(), merged


def _missing_sheet(sheet: str | None) -> ValidationError:
    return ValidationError(
        _("'%(sheet)s' 시트가 없습니다. 내려받은 양식을 사용해 주세요.") % {"sheet": sheet},
        code="missing_sheet",
    )


def _csv_rows(upload: IO[bytes], max_bytes: int) -> Iterator[list[Any]]:
    raw = upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise _file_too_large(max_bytes)
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(
            _(
                "CSV 파일의 문자 인코딩을 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장해 주세요."
            ),
            code="csv_encoding",
        )
    try:
        return iter([list(row) for row in csv.reader(io.StringIO(text, newline=""))])
    except csv.Error as exc:  # NUL bytes, broken quoting
        raise _unreadable(exc) from exc


def _file_too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("파일이 너무 큽니다. %(mb)sMB 이하로 올려 주세요.") % {"mb": max_bytes // 1_048_576},
        code="file_too_large",
    )


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _spread_merged(rows: list[list[Any]], merged: list[Any]) -> None:
    """Give every cell of a merged range its top-left value (header rows only)."""
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 < 0:
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if _is_empty(row[c]):
                    row[c] = value


def _header_index(top: list[list[Any]], expected: set[str]) -> int:
    """The row matching the most expected titles (the upper one on a tie); with none, the first
    non-empty row."""
    counts = [len({normalize_title(cell) for cell in row} & expected) for row in top]
    if counts and max(counts) > 0:
        return counts.index(max(counts))
    return next((i for i, row in enumerate(top) if any(not _is_empty(c) for c in row)), 0)


def read_table(upload: IO[bytes], file_name: str, **options: Any) -> Table:
    """``open_table`` with its rows read into a list."""
    table = open_table(upload, file_name, **options)
    table.rows = list(table.rows)
    return table


def open_table(
    upload: IO[bytes],
    file_name: str,
    *,
    max_bytes: int,
    expected: Iterable[str] = (),
    sheet: str | None = None,
    max_rows: int = 20_000,
    checked: bool = False,
    max_cells: int = MAX_CELLS,
    max_unpacked: int | None = None,
    stream: bool = False,
) -> Table:
    """The sheet ``sheet`` (default the first) of an upload, after the checks above; its rows
    are read as they are iterated (once).

    ``expected``: the titles (and aliases) the kind knows, to find the header row. Rows are cell
    lists as the reader gives them: text, int/float, bool, date/datetime, None for empty.
    ValidationError (codes ``bad_file_type``, ``file_too_large``, ``unreadable``,
    ``sheet_too_large``, ``csv_encoding``, ``missing_sheet``, ``empty``, ``too_many_rows`` and
    those of the xlsx checks) for a file that cannot be read as a table. ``checked``: the
    caller re-reads a kept file whose SHA-256 matches one that passed these checks (the commit),
    so the hostile-file checks are not repeated. ``max_cells`` (area per sheet) and
    ``max_unpacked`` (the zip budget, default ``UPLOAD_ZIP_MAX_TOTAL_SIZE``) let a kind expecting
    large workbooks raise those two limits; the ratio, member and other checks stay.
    ``stream``: an .xlsx sheet is parsed as its rows are iterated (``xlsx_stream``) instead of
    loaded whole by calamine — for the million-row sheets of kinds with ``streams_rows``.
    ``too_many_rows`` is raised while the rows are iterated.
    """
    lower = file_name.lower()
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    merged: list[Any] = []
    name = sheet or ""
    if lower.endswith(".xlsx"):
        if not checked:
            check_xlsx_upload(upload, max_bytes=max_bytes, size=size, max_unpacked=max_unpacked)
            _xlsx_extent(upload, max_cells)
        read = _streamed_rows if stream else _calamine_rows
        name, rows, merged = read(upload, sheet)
    elif lower.endswith(".xls"):
        if size > max_bytes:
            raise _file_too_large(max_bytes)
        data = upload.read()
        upload.seek(0)
        if not data.startswith(OLE_MAGIC):
            raise _unreadable()
        if not checked:
            check_content(upload, "xls")  # no embedded executable
            _xls_extent(data, max_cells)
        name, rows, merged = _calamine_rows(io.BytesIO(data), sheet)
    elif lower.endswith(".csv"):
        rows = _csv_rows(upload, max_bytes)
    else:
        raise ValidationError(
            _("엑셀(.xlsx, .xls) 또는 CSV(.csv) 파일만 올릴 수 있습니다."), code="bad_file_type"
        )
    top = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    _spread_merged(top, merged)
    wanted = {normalize_title(title) for title in expected}
    index = _header_index(top, wanted)
    if not top or all(_is_empty(cell) for cell in top[index]):
        raise ValidationError(_("빈 파일입니다."), code="empty")
    table = Table(
        header=["" if _is_empty(c) else str(c).strip() for c in top[index]],
        header_row=index + 1,
        sheet=name,
    )
    below = ((number, row) for number, row in enumerate(top[index + 1 :], start=index + 2))
    rest = enumerate(rows, start=len(top) + 1)
    table.rows = _data_rows(table, itertools.chain(below, rest), max_rows)
    return table


def _data_rows(
    table: Table, rows: Iterable[tuple[int, list[Any]]], max_rows: int
) -> Iterator[tuple[int, list[Any]]]:
    for number, row in rows:
        cells = [None if c == "" else c for c in row]
        if any(c is not None and not (c.__class__ is str and c.isspace()) for c in cells):
            if table.count >= max_rows:
                raise ValidationError(
                    _("행이 너무 많습니다. 한 번에 %(n)s행까지 올릴 수 있습니다.")
                    % {"n": f"{max_rows:,}"},
                    code="too_many_rows",
                )
            table.count += 1
            yield number, cells
