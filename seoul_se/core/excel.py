"""Excel helpers shared by every app: safe cell values, header styling, download responses and
content checks of uploaded workbooks.

``safe_cell`` makes any stored text writable and harmless: characters a workbook cannot hold
(control characters, which openpyxl refuses with IllegalCharacterError) are removed, so one odd
value never breaks a whole export; then text a spreadsheet would run as a formula (CSV/formula
injection) — starting with ``=``, ``+``, ``-`` or ``@`` — gets a leading single quote, shown as
text. Every workbook writer passes its cells through it.
"""

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from seoul_se.core.uploads import check_content

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


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


def header_cells(sheet: Worksheet, titles: Sequence[str]) -> list[WriteOnlyCell]:
    """Bold, shaded header cells for a write-only sheet."""
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def set_column_widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def workbook_response(workbook: Workbook, filename: str) -> HttpResponse:
    """An attachment download of ``workbook`` (UTF-8 file name per RFC 6266)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def check_xlsx_upload(
    upload: IO[bytes], *, max_bytes: int, size: int | None = None, max_unpacked: int | None = None
) -> None:
    """Refuse anything but a macro-free .xlsx workbook, judged by CONTENT, not by file name.

    Raises ValidationError with a Korean message for: too large, old binary .xls (OLE2),
    executables, other non-zip content, zip bombs and embedded executables
    (``seoul_se.core.uploads.check_archive``), zip files that are not workbooks, and macro
    workbooks (``vbaProject.bin`` or a macro-enabled content type). Run it before
    ``load_workbook``: openpyxl then reads no more than the sizes checked here. ``max_unpacked``
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
    # handed to openpyxl (callers run this check before load_workbook).
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
