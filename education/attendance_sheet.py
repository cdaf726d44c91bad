"""The attendance sheet: a template per session (one row per enrolled person) and its reader
(.xlsx or .csv, read by ``seoul_se.core.sheets``)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from education.models import Enrolment
from seoul_se.core import sheets
from seoul_se.core.excel import header_cells, safe_row, set_column_widths

ID_TITLE = "신청 번호"
NAME_TITLE = "이름"
PRESENT_TITLE = "출석"
PRESENT_WORDS = {"o", "○", "y", "yes", "1", "true", "출석", "참석"}
ABSENT_WORDS = {"", "x", "×", "n", "no", "0", "false", "결석", "불참"}
MAX_ROWS = 2000


@dataclass(frozen=True)
class Row:
    number: int  # the sheet's row number, for error messages
    enrolment_id: int
    present: bool


def template(enrolments: Iterable[Enrolment], marked: set[int] | None = None) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("출석부")
    set_column_widths(sheet, [12, 20, 8])
    sheet.append(header_cells(sheet, [ID_TITLE, NAME_TITLE, PRESENT_TITLE]))
    for enrolment in enrolments:
        mark = "O" if marked and enrolment.pk in marked else ""
        sheet.append(safe_row([enrolment.pk, enrolment.name, mark]))
    return workbook


def read(upload: IO[bytes], filename: str) -> list[Row]:
    """Rows of a filled-in sheet; a ValidationError lists every bad row (nothing is saved)."""
    rows = sheets.read_rows(
        upload,
        filename,
        titles=(ID_TITLE, PRESENT_TITLE),
        max_bytes=settings.MAX_UPLOAD_SIZE,
        missing_hint=_("내려받은 출석부를 사용하세요."),
    )
    result: list[Row] = []
    errors: list[ValidationError] = []
    for number, cells in rows:
        if len(result) + len(errors) >= MAX_ROWS:
            raise ValidationError(_("행이 너무 많습니다."), code="too_many_rows")
        raw_id = sheets.cell_text(cells[ID_TITLE])
        raw_mark = sheets.cell_text(cells[PRESENT_TITLE]).lower()
        try:
            enrolment_id = int(float(raw_id)) if raw_id else 0
        except ValueError:
            enrolment_id = 0
        if enrolment_id <= 0:
            errors.append(
                ValidationError(
                    _("%(row)s행: 신청 번호가 올바르지 않습니다.") % {"row": number}, code="bad_id"
                )
            )
            continue
        if raw_mark in PRESENT_WORDS:
            result.append(Row(number, enrolment_id, True))
        elif raw_mark in ABSENT_WORDS:
            result.append(Row(number, enrolment_id, False))
        else:
            errors.append(
                ValidationError(
                    _("%(row)s행: 출석 칸에는 O 또는 X를 적으세요.") % {"row": number},
                    code="bad_mark",
                )
            )
    if errors:
        raise ValidationError(errors[:20])
    return result
