"""Excel workbooks, written through ``seoul_se.core.excel.Book`` (xlsxwriter, constant memory,
so large ledgers stream).

Every sheet has a title row, a unit row, one bold header row (frozen and repeated when printed),
column widths, A4 landscape print setup and ``#,##0`` number formats. Totals are written as
values computed here from the rows written, so a total always equals the sum of its lines.
Text from the database is neutralised against formula injection (``Book`` does it per cell).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from seoul_se.core.excel import DATE_FORMAT, Book, Style

NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = '0"%"'
HEADER_ROW = 3  # row 1: title, row 2: unit, row 3: headers; data starts at row 4

_TITLE = Style(bold=True, size=14)
_HEADER = Style(bold=True, fill="#DDE6F0", border=True, center=True)
_FORMATS = {"money": NUMBER_FORMAT, "number": NUMBER_FORMAT, "percent": PERCENT_FORMAT}

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
    """One sheet of a report workbook. Number columns carry their number format; text, id and
    date columns are plain (dates get the book's date format); the total and result rows are
    bold, shaded and bordered."""

    def __init__(
        self, book: Book, title: str, heading: str, unit: str, columns: Sequence[Column]
    ) -> None:
        self.sheet = book.sheet(title, [c.width for c in columns])
        self.sheet.print_setup(HEADER_ROW)
        self.columns = columns
        self.sheet.append([heading], [_TITLE])
        self.sheet.append([f"(단위: {unit})"] if unit else [])
        self.sheet.header([c.header for c in columns], _HEADER)
        self._styles = [
            Style(number_format=_FORMATS[c.kind]) if c.kind in _FORMATS else None for c in columns
        ]
        self._total_styles = [
            Style(
                bold=True,
                fill="#F2F2F2",
                border=True,
                number_format=DATE_FORMAT if c.kind == "date" else _FORMATS.get(c.kind),
            )
            for c in columns
        ]
        self._summed = [i for i, c in enumerate(columns) if c.in_total]
        self.sums: list[Any] = [0] * len(columns)

    def row(self, values: Sequence[Any], emphasis: bool = False) -> None:
        """A data row (added to the running totals) or, with ``emphasis``, a bold result row."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.sheet.append(values, self._total_styles if emphasis else self._styles)
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
        self.sheet.append([])
        self.sheet.append([text])
