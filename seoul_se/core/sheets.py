"""Reading an uploaded sheet (.xlsx or .csv) row by row, the same way for every import.

An .xlsx is content-checked (``check_xlsx_upload``) before openpyxl reads it; a .csv may be
UTF-8 (with or without the BOM Excel writes) or CP949 (what Excel in Korea saves by default), and
may carry no control characters. The first row is the header: columns are found by title.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from seoul_se.core.excel import check_xlsx_upload
from seoul_se.core.text import has_control_characters

Row = tuple[int, dict[str, Any]]


def cell_text(value: Any) -> str:
    """A cell as trimmed text ('' for an empty cell)."""
    return "" if value is None else str(value).strip()


def _xlsx_rows(upload: IO[bytes], max_bytes: int) -> Iterator[tuple[Any, ...]]:
    check_xlsx_upload(upload, max_bytes=max_bytes)
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers omit or misstate the stored dimension
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(upload: IO[bytes], max_bytes: int) -> Iterator[tuple[Any, ...]]:
    raw = upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValidationError(
            _("파일이 너무 큽니다. %(mb)sMB 이하로 올려 주세요.") % {"mb": max_bytes // 1_048_576},
            code="file_too_large",
        )
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("CSV 파일의 문자 인코딩을 읽을 수 없습니다."), code="csv_encoding")
    if has_control_characters(text.replace("\r", "").replace("\n", "").replace("\t", "")):
        raise ValidationError(
            _("파일에 허용되지 않는 제어 문자가 있습니다."), code="control_character"
        )
    yield from (tuple(row) for row in csv.reader(io.StringIO(text)))


def read_rows(
    upload: IO[bytes],
    file_name: str,
    *,
    titles: Iterable[str],
    max_bytes: int,
    missing_hint: str,
) -> Iterator[Row]:
    """(sheet row number, {title: cell value}) of each non-empty row below the header.

    A header title matches after trimming and dropping a trailing ``*`` (the required-column
    mark of our templates). ValidationError (stable codes ``bad_file_type``, ``file_too_large``,
    ``csv_encoding``, ``control_character``, ``empty``, ``missing_column``, and the xlsx checks)
    for a file that cannot be read as a sheet; ``missing_hint`` ends the missing-column message.
    """
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        rows = _xlsx_rows(upload, max_bytes)
    elif lower.endswith(".csv"):
        rows = _csv_rows(upload, max_bytes)
    else:
        raise ValidationError(
            _("엑셀(.xlsx) 또는 CSV(.csv) 파일만 올릴 수 있습니다."), code="bad_file_type"
        )
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("빈 파일입니다."), code="empty")
    found = [cell_text(title).removesuffix("*").strip() for title in header]
    positions = {}
    for title in titles:
        if title not in found:
            raise ValidationError(
                _("첫 행(머리글)에 '%(title)s' 열이 없습니다.") % {"title": title}
                + " "
                + missing_hint,
                code="missing_column",
            )
        positions[title] = found.index(title)
    for number, row in enumerate(rows, start=2):
        if any(cell_text(cell) for cell in row):
            yield number, {t: row[i] if i < len(row) else None for t, i in positions.items()}
