"""The portal's one workbook writer (``seoul_se.core.excel.Book``, xlsxwriter in constant-memory
mode), read back with openpyxl: values, formats, print setup, hostile text, and its spill files."""

import datetime as dt
import gc
import io
from decimal import Decimal

import openpyxl

from seoul_se.core.excel import Book, Style


def test_values_formats_and_print_setup(tmp_path):
    book = Book(tmp_path / "out.xlsx", tmpdir=tmp_path)
    sheet = book.sheet("시트\x07", [20, 12, 14])
    sheet.print_setup(1)
    sheet.header(["이름", "금액", "일자"])
    money = Style(number_format="#,##0")
    sheet.append(["가", 1_234_567, dt.date(2026, 3, 5)], [None, money, None])
    sheet.append(["", Decimal("2.5"), dt.datetime(2026, 3, 5, 10, 30)], [None, money, None])
    sheet.append([None, None, True], [Style(bold=True), None, None])
    book.close()

    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["시트"]
    assert [c.value for c in ws[1]] == ["이름", "금액", "일자"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDE7F0") for c in ws[1])
    assert ws["B2"].value == 1_234_567 and ws["B2"].number_format == "#,##0"
    assert ws["C2"].value == dt.datetime(2026, 3, 5) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["A3"].value is None and ws["B3"].value == 2.5
    assert ws["C3"].value == dt.datetime(2026, 3, 5, 10, 30) and ws["C3"].is_date
    assert ws["A4"].value is None and ws["A4"].font.bold  # a styled blank cell is kept
    assert ws["C4"].value is True
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.column_dimensions["A"].width >= 20


def test_text_stays_text_and_is_neutralised():
    book = Book()
    sheet = book.sheet("자료")
    hostile = ['=HYPERLINK("http://evil","x")', "+1+2", "@SUM(A1)", "-3", "\x01=1+1"]
    sheet.append([*hostile, "http://example.com", "0123", "줄\n바꿈"])
    data = book.getvalue()

    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    row = list(ws[1])
    assert [c.value for c in row] == [
        '\'=HYPERLINK("http://evil","x")',
        "'+1+2",
        "'@SUM(A1)",
        "'-3",
        "'=1+1",
        "http://example.com",
        "0123",
        "줄\n바꿈",
    ]
    assert all(c.data_type == "s" and c.hyperlink is None for c in row)


def test_spill_files_stay_in_tmpdir_and_are_removed(tmp_path):
    folder = tmp_path / "job"
    folder.mkdir()
    book = Book(tmp_path / "out.xlsx", tmpdir=folder)
    sheet = book.sheet("원장")
    for n in range(2_000):
        sheet.append([n, f"적요 {n}"])
    assert [p.name[:5] for p in folder.iterdir()] == ["xlsx-"]  # one private folder
    assert any(folder.glob("xlsx-*/*"))  # the rows written so far
    book.close()
    assert not any(folder.iterdir())
    assert (tmp_path / "out.xlsx").stat().st_size > 0

    dropped = Book(tmp_path / "half.xlsx", tmpdir=folder)
    dropped.sheet("원장").append(["절반"])
    del dropped
    gc.collect()
    assert not any(folder.iterdir())  # a book dropped half-written leaves nothing either
    assert not (tmp_path / "half.xlsx").exists()
