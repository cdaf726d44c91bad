"""Excel workbooks (openpyxl, write-only mode so large ledgers stream in constant memory).

Every sheet has a title row, a unit row, one bold header row (frozen and repeated when printed),
column widths, A4 landscape print setup and ``#,##0`` number formats. Totals are written as
values computed here from the rows written, so a total always equals the sum of its lines.
Text from the database is neutralised against formula injection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from seoul_se.core.excel import safe_cell

NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = '0"%"'
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 3  # row 1: title, row 2: unit, row 3: headers; data starts at row 4

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    # text | money | number | date | percent | id (a record number: plain, no separators)
    kind: str = "text"
    summed: bool | None = None  # in the total row; default: money columns

    @property
    def in_total(self) -> bool:
        return self.kind == "money" if self.summed is None else self.summed


class SheetWriter:
    """One write-only sheet. Number columns get a styled cell built once and reused for every
    row (a write-only sheet serialises each row as it is appended); text and date values are
    passed as plain values (dates get openpyxl's date format), which keeps 100,000-row ledgers
    close to plain openpyxl speed."""

    def __init__(
        self, workbook: Workbook, title: str, heading: str, unit: str, columns: Sequence[Column]
    ) -> None:
        ws: WriteOnlyWorksheet = workbook.create_sheet(title)
        self.ws = ws
        self.columns = columns
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.append([self._cell(heading, font=_TITLE)])
        ws.append([self._cell(f"(단위: {unit})")] if unit else [])
        ws.append(
            [
                self._cell(c.header, font=_BOLD, fill=_HEADER_FILL, border=True, center=True)
                for c in columns
            ]
        )
        self._cells = [
            self._data_cell(c) if c.kind in ("money", "number", "percent") else None
            for c in columns
        ]
        self._total_cells = [self._data_cell(c, total=True) for c in columns]
        self._summed = [i for i, c in enumerate(columns) if c.in_total]
        self.sums: list[Any] = [0] * len(columns)

    def _cell(
        self,
        value: Any,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: bool = False,
        center: bool = False,
    ) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=safe_cell(value))
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if border:
            cell.border = _BORDER
        if center:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return cell

    def _data_cell(self, column: Column, total: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        if column.kind in ("money", "number"):
            cell.number_format = NUMBER_FORMAT
        elif column.kind == "percent":
            cell.number_format = PERCENT_FORMAT
        elif column.kind == "date":
            cell.number_format = DATE_FORMAT
        if total:
            cell.font = _BOLD
            cell.fill = _TOTAL_FILL
            cell.border = _BORDER
        return cell

    def row(self, values: Sequence[Any], emphasis: bool = False) -> None:
        """A data row (added to the running totals) or, with ``emphasis``, a bold result row."""
        templates = self._total_cells if emphasis else self._cells
        out: list[Any] = []
        for cell, value in zip(templates, values, strict=True):
            if cell is None:
                # An empty text is a blank cell, which openpyxl skips instead of writing.
                out.append(safe_cell(value) if value != "" else None)
            else:
                cell.value = safe_cell(value)
                out.append(cell)
        self.ws.append(out)
        if not emphasis:
            for i in self._summed:
                self.sums[i] += values[i] or 0

    def total_row(self, label: str = "합계") -> None:
        """The total row: each summed column is the sum of the data rows written above."""
        values: list[Any] = [None] * len(self.columns)
        values[0] = label
        for i in self._summed:
            values[i] = self.sums[i]
        self.row(values, emphasis=True)

    def note(self, text: str) -> None:
        self.ws.append([])
        self.ws.append([self._cell(text)])
