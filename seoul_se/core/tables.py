"""A list declared once — column titles and how each cell is read — serves both the page and
its Excel export (through the ``seoul_se.core.excel`` helpers), so the two never disagree."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise

from seoul_se.core.excel import Book, workbook_response
from seoul_se.core.templatetags.won import won


@dataclass(frozen=True)
class Column:
    title: str | Promise
    value: Callable[[Any], Any]
    money: bool = False  # whole won: "1,234원" on the page, a number in the workbook
    width: int = 16


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Column, ...]

    def page_rows(self, rows: Iterable[Any]) -> list[list[dict[str, Any]]]:
        return [
            [
                {
                    "text": won(column.value(row) or 0)  # in the reader's language
                    if column.money
                    else column.value(row),
                    "num": column.money,
                }
                for column in self.columns
            ]
            for row in rows
        ]

    def workbook(self, rows: Iterable[Any]) -> Book:
        workbook = Book()
        sheet = workbook.sheet(self.sheet, [column.width for column in self.columns])
        sheet.header([str(column.title) for column in self.columns])
        for row in rows:
            values = [column.value(row) for column in self.columns]
            sheet.append(
                [
                    (value or 0) if column.money else ("" if value is None else value)
                    for column, value in zip(self.columns, values, strict=True)
                ]
            )
        return workbook

    def response(self, rows: Iterable[Any], filename: str) -> HttpResponse:
        return workbook_response(self.workbook(rows), filename)
