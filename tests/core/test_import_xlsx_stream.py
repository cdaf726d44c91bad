"""The streaming .xlsx reader (``open_table(stream=True)``, kinds with ``streams_rows``) reads
what python-calamine reads: the same header, row numbers, values and value types."""

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from seoul_se.core.imports.readers import read_table

EXPECTED = ("융자번호", "거래일", "금액")


def both(data: bytes, **kwargs):  # type: ignore[no-untyped-def]
    tables = [
        read_table(
            io.BytesIO(data), "a.xlsx", max_bytes=10**7, expected=EXPECTED, stream=s, **kwargs
        )
        for s in (False, True)
    ]
    return tables


def typed(rows):  # type: ignore[no-untyped-def]
    """Rows with trailing empty cells dropped (calamine pads to the used width), with types."""
    out = []
    for number, cells in rows:
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        out.append((number, [(type(c).__name__, c) for c in cells]))
    return out


def test_shared_strings_numbers_dates_booleans_gaps_and_merged_titles_read_as_calamine():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "거래"
    sheet["A1"] = "융자 이력"
    sheet.merge_cells("A1:C1")
    sheet.append(["융자번호", "거래일", "금액", "비고", "시각"])
    sheet.append(["L-1", dt.date(2024, 1, 31), 120000, True, dt.datetime(2024, 1, 31, 9, 30)])
    sheet.append([])
    sheet.append(["L-2", dt.datetime(2024, 2, 29), 0.5, False, "  메모 & <기호>  "])
    sheet["G6"] = "멀리"
    sheet.append(["L-1", 45000, -3, None, dt.time(13, 5)])
    sheet["B7"].number_format = "yyyy-mm-dd"
    other = workbook.create_sheet("대출")
    other.append(["융자번호"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    loaded, streamed = both(buffer.getvalue(), sheet="거래")
    assert (
        streamed.header[:5] == loaded.header[:5] == ["융자번호", "거래일", "금액", "비고", "시각"]
    )
    assert streamed.header_row == loaded.header_row == 2
    assert typed(streamed.rows) == typed(loaded.rows)
    assert [n for n, _ in streamed.rows] == [3, 5, 6, 7]


def test_inline_strings_of_a_constant_memory_workbook_read_as_calamine():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("거래")
    sheet.write_row(0, 0, ["융자번호", "거래일", "금액"])
    for r in range(1, 200):
        sheet.write(r, 0, f"BENCH-{r:06d}")
        sheet.write_datetime(r, 1, dt.datetime(2020, 1, 1) + dt.timedelta(days=r), day)
        sheet.write(r, 2, r * 1000)
    book.close()
    loaded, streamed = both(buffer.getvalue(), sheet="거래")
    assert streamed.header == loaded.header
    assert typed(streamed.rows) == typed(loaded.rows)
    assert streamed.rows[0] == (2, ["BENCH-000001", dt.date(2020, 1, 2), 1000.0])


def _with_sheet_xml(xml: bytes) -> bytes:
    workbook = Workbook()
    workbook.active.append(["융자번호"])
    source = io.BytesIO()
    workbook.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>', "unreadable"),
        (b"<worksheet><sheetData><row><c><v>1</v></row>", "unreadable"),
    ],
)
def test_a_document_type_or_broken_xml_is_unreadable(xml, code):
    with pytest.raises(ValidationError) as exc:
        read_table(
            io.BytesIO(_with_sheet_xml(xml)), "a.xlsx", max_bytes=10**7, stream=True, checked=True
        )
    assert exc.value.error_list[0].code == code


def test_a_missing_sheet_is_named():
    workbook = Workbook()
    workbook.active.append(["융자번호"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ValidationError) as exc:
        read_table(buffer, "a.xlsx", max_bytes=10**7, sheet="거래", stream=True)
    assert exc.value.error_list[0].code == "missing_sheet"


def test_a_formula_far_down_the_sheet_hands_over_to_expat_without_losing_a_row(monkeypatch):
    from seoul_se.core.imports import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "PIECE", 500)  # many pieces: rows go out before the formula
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("거래")
    sheet.write_row(0, 0, ["융자번호", "거래일", "금액"])
    for r in range(1, 120):
        sheet.write_row(r, 0, [f"L-{r} & <{r}>", r, r * 10])
    sheet.write_formula(100, 2, "=1+1", None, 2)
    sheet.write_rich_string(110, 0, "굵게", book.add_format({"bold": True}), "강조")
    book.close()
    loaded, streamed = both(buffer.getvalue(), sheet="거래")
    assert typed(streamed.rows) == typed(loaded.rows)
    assert [n for n, _ in streamed.rows] == list(range(2, 121))
    assert streamed.rows[99][1][2] == 2.0  # the formula's cached value
