"""Excel helpers shared by every app: the one workbook writer, safe cell values, download
responses and content checks of uploaded workbooks.

``Book`` is how the portal writes every workbook: xlsxwriter in constant-memory mode (each row is
streamed to a spill file as it is finished), chosen over openpyxl write-only because it wrote
every portal workbook in about half the CPU time at the same memory (docs/reports.md, "Writer";
``make bench BENCH=sheets``). Its spill files live in a private folder under ``tmpdir`` (a job's
own folder for background jobs, so a killed worker leaves nothing outside it) and are removed
when the book is closed or dropped.

``safe_cell`` makes any stored text writable and harmless: characters a workbook cannot hold
(control characters, which Excel refuses) are removed, so one odd value never breaks a whole
export; then text a spreadsheet would run as a formula (CSV/formula injection) — starting with
``=``, ``+``, ``-`` or ``@`` — gets a leading single quote, shown as text. ``Book`` passes every
text cell through it, and never turns text into formulas, links or numbers.
"""

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from seoul_se.core.uploads import check_content

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The control characters the .xlsx XML cannot hold (tab, line feed and carriage return can).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"
A4 = 9  # the paper size code of A4 in a sheet's page setup


def writable_text(text: str) -> str:
    """``text`` without the characters a workbook cannot hold (also for sheet titles)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_cell(value: Any) -> Any:
    """``value`` as written to a cell: characters a workbook cannot hold are dropped, and text
    that could run as a formula becomes plain text."""
    if not isinstance(value, str):
        return value
    value = writable_text(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


@dataclass(frozen=True)
class Style:
    """How a cell looks; each distinct style becomes one format of the workbook."""

    bold: bool = False
    size: int | None = None
    fill: str | None = None  # background colour, "#RRGGBB"
    border: bool = False  # thin grey lines all round
    center: bool = False  # centred both ways, wrapped
    number_format: str | None = None


HEADER = Style(bold=True, fill="#DDE7F0")


class Book:
    """A workbook written by xlsxwriter in constant-memory mode: rows are written top to bottom
    (``Sheet.append``) and cannot be revisited. Saved to ``path`` by ``close()``, or, without a
    path, kept in memory for ``getvalue()`` (a download)."""

    def __init__(self, path: Path | None = None, *, tmpdir: Path | None = None) -> None:
        self._buffer = None if path else io.BytesIO()
        # A private spill folder: removed by close(), or when the book is dropped half-written.
        self._spill = tempfile.TemporaryDirectory(prefix="xlsx-", dir=tmpdir)
        self._book = xlsxwriter.Workbook(
            str(path) if path else self._buffer,
            {
                "constant_memory": True,
                "tmpdir": self._spill.name,
                # Text stays text: no formulas, links or numbers made from it.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self._formats: dict[Style, Format] = {}

    def format(self, style: Style | None) -> Format | None:
        """The workbook's format for ``style`` (one per distinct style)."""
        if style is None:
            return None
        if style not in self._formats:
            properties: dict[str, Any] = {"bold": style.bold}
            if style.size:
                properties["font_size"] = style.size
            if style.fill:
                properties.update(pattern=1, bg_color=style.fill)
            if style.border:
                properties.update(border=1, border_color="#999999")
            if style.center:
                properties.update(align="center", valign="vcenter", text_wrap=True)
            if style.number_format:
                properties["num_format"] = style.number_format
            self._formats[style] = self._book.add_format(properties)
        return self._formats[style]

    def sheet(self, title: str, widths: Sequence[float] = ()) -> "Sheet":
        worksheet = self._book.add_worksheet(writable_text(title))
        for index, width in enumerate(widths):
            worksheet.set_column(index, index, width)
        return Sheet(self, worksheet)

    def close(self) -> None:
        try:
            self._book.close()
        finally:
            self._spill.cleanup()

    def getvalue(self) -> bytes:
        """Close the in-memory book and return the .xlsx bytes."""
        if self._buffer is None:
            raise ValueError("A book with a path is saved by close().")
        self.close()
        return self._buffer.getvalue()


class Sheet:
    """One sheet of a ``Book``, appended row by row."""

    def __init__(self, book: Book, worksheet: Worksheet) -> None:
        self.book = book
        self.worksheet = worksheet
        self.row = 0  # the next row to write (0-based)

    def append(self, values: Sequence[Any], styles: Sequence[Style | None] = ()) -> None:
        """Write ``values`` as the next row: text through ``safe_cell`` (over 32,767 characters
        it is cut, Excel's limit), dates and datetimes with a date format unless the style has
        one; an empty cell (None or "") is left out unless it has a style."""
        ws, row = self.worksheet, self.row
        for col, value in enumerate(values):
            style = styles[col] if styles else None
            if isinstance(value, str) and value:
                ws.write_string(row, col, safe_cell(value), self.book.format(style))
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, self.book.format(style))
            elif isinstance(value, int | float | Decimal):
                ws.write_number(row, col, value, self.book.format(style))
            elif isinstance(value, dt.date):
                ws.write_datetime(row, col, value, self._date_format(style, value))
            elif value is None or value == "":
                if style is not None:
                    ws.write_blank(row, col, None, self.book.format(style))
            else:
                raise TypeError(f"A workbook cell cannot hold {type(value).__name__}")
        self.row += 1

    def _date_format(self, style: Style | None, value: dt.date) -> Format | None:
        if style is None or not style.number_format:
            kind = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
            style = replace(style or Style(), number_format=kind)
        return self.book.format(style)

    def header(self, titles: Sequence[str], style: Style = HEADER) -> None:
        """A bold, shaded header row."""
        self.append(titles, [style] * len(titles))

    def print_setup(self, header_row: int) -> None:
        """Rows up to ``header_row`` (1-based) frozen and the header repeated on every printed
        page; A4 landscape, fitted to one page wide."""
        self.worksheet.freeze_panes(header_row, 0)
        self.worksheet.repeat_rows(header_row - 1)
        self.worksheet.set_landscape()
        self.worksheet.set_paper(A4)
        self.worksheet.fit_to_pages(1, 0)


def workbook_response(book: Book, filename: str) -> HttpResponse:
    """An attachment download of ``book`` (UTF-8 file name per RFC 6266)."""
    response = HttpResponse(book.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def check_xlsx_upload(
    upload: IO[bytes], *, max_bytes: int, size: int | None = None, max_unpacked: int | None = None
) -> None:
    """Refuse anything but a macro-free .xlsx workbook, judged by CONTENT, not by file name.

    Raises ValidationError with a Korean message for: too large, old binary .xls (OLE2),
    executables, other non-zip content, zip bombs and embedded executables
    (``seoul_se.core.uploads.check_archive``), zip files that are not workbooks, and macro
    workbooks (``vbaProject.bin`` or a macro-enabled content type). Run it before any reader:
    the reader then reads no more than the sizes checked here. ``max_unpacked``
    replaces ``UPLOAD_ZIP_MAX_TOTAL_SIZE`` for a caller expecting larger workbooks (the ratio
    and member limits stay).
    """
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_bytes:
        raise ValidationError(
            f"파일이 너무 큽니다({size / 1_048_576:.1f}MB). "
            f"{max_bytes // 1_048_576}MB 이하의 파일만 올릴 수 있습니다."
        )
    if size == 0:
        raise ValidationError("빈 파일입니다.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            "예전 엑셀 형식(.xls)은 지원하지 않습니다. 엑셀에서 '다른 이름으로 저장' → "
            "'Excel 통합 문서(.xlsx)'로 저장해 올려 주세요."
        )
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        raise ValidationError("실행 파일은 올릴 수 없습니다. 엑셀(.xlsx) 파일을 올려 주세요.")
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError("엑셀(.xlsx) 파일이 아닙니다. 내려받은 양식에 입력해 올려 주세요.")
    # Zip-bomb limits and the executable scan, before anything is decompressed unbounded or
    # handed to a reader (callers run this check first).
    check_content(upload, "xlsx", max_unpacked=max_unpacked)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
    except zipfile.BadZipFile as exc:
        raise ValidationError("손상된 파일입니다. 엑셀(.xlsx)로 다시 저장해 올려 주세요.") from exc
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError("엑셀(.xlsx) 통합 문서가 아닙니다.")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types
    ):
        raise ValidationError(
            "매크로가 포함된 파일(.xlsm)은 보안상 올릴 수 없습니다. 매크로 없는 .xlsx로 "
            "저장해 올려 주세요."
        )
