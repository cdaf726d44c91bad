"""The import reader: every format reads the same table; hostile workbooks are refused before
python-calamine sees them (it allocates a sheet's whole used area at once and aborts the process
when that fails); merged and grouped headers have one documented reading."""

import io
import re
import struct
import zipfile

import pytest
import xlsxwriter
import xlwt
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from seoul_se.core.imports.readers import MAX_CELLS, read_table

EXPECTED = ("기업명", "사업자등록번호", "대표자", "주소")


def xlsx(build) -> bytes:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls(cells: dict[tuple[int, int], object]) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("명부")
    for (row, column), value in cells.items():
        sheet.write(row, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes, name: str, **kwargs):  # type: ignore[no-untyped-def]
    return read_table(io.BytesIO(data), name, max_bytes=10**7, expected=EXPECTED, **kwargs)


def codes(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as exc:
        read(data, name)
    return exc.value.error_list[0].code


# --- the same table from every format -------------------------------------------------------

ROWS = [
    ["기업명", "사업자등록번호", "대표자"],
    ["가나다", "220-81-62517", "홍길동"],
    ["", "", ""],
    ["라마", "", "김"],
]


def test_xlsx_xls_and_csv_in_three_encodings_read_the_same():
    def fill(sheet):  # type: ignore[no-untyped-def]
        for row in ROWS:
            sheet.append([cell or None for cell in row])

    text = "\n".join(",".join(row) for row in ROWS)
    tables = [
        read(xlsx(fill), "a.xlsx"),
        read(
            xls({(r, c): v for r, row in enumerate(ROWS) for c, v in enumerate(row) if v}), "a.xls"
        ),
        read(text.encode("utf-8-sig"), "a.csv"),
        read(text.encode("utf-8"), "a.csv"),
        read(text.encode("cp949"), "a.csv"),
        read(text.encode("euc-kr"), "a.csv"),
    ]
    for table in tables:
        assert table.header == ["기업명", "사업자등록번호", "대표자"]
        # the empty row in the middle is skipped; row numbers stay the sheet's
        assert table.rows == [(2, ["가나다", "220-81-62517", "홍길동"]), (4, ["라마", None, "김"])]


def test_an_unknown_encoding_is_a_clear_error():
    assert codes("기업명\n".encode("utf-16"), "a.csv") == "csv_encoding"


def test_only_known_extensions():
    assert codes(b"x", "a.ods") == "bad_file_type"


def test_row_limit_is_checked_while_reading():
    text = "기업명\n" + "가\n" * 11
    with pytest.raises(ValidationError) as exc:
        read(text.encode(), "a.csv", max_rows=10)
    assert exc.value.error_list[0].code == "too_many_rows"


# --- headers --------------------------------------------------------------------------------


def test_a_title_row_and_a_grouped_two_row_header_are_skipped_and_merged_titles_spread():
    def build(sheet):  # type: ignore[no-untyped-def]
        sheet["A1"] = "2024년 사회적경제기업 명부"  # a title above the table
        sheet.merge_cells("A1:D1")
        sheet["A2"] = "기업명"  # merged down over the grouped header's two rows
        sheet.merge_cells("A2:A3")
        sheet["B2"] = "기업 정보"  # a group title over two columns
        sheet.merge_cells("B2:C2")
        sheet["B3"], sheet["C3"] = "사업자등록번호", "대표자"
        sheet["D2"] = "주소"
        sheet.merge_cells("D2:D3")
        sheet.append(["가나다", "220-81-62517", "홍길동", "서울"])

    table = read(xlsx(build), "a.xlsx")
    assert table.header_row == 3
    assert table.header == ["기업명", "사업자등록번호", "대표자", "주소"]
    assert table.rows == [(4, ["가나다", "220-81-62517", "홍길동", "서울"])]


def test_without_expected_titles_the_first_non_empty_row_is_the_header():
    table = read_table(io.BytesIO(b"\n\na,b\n1,2\n"), "a.csv", max_bytes=100)
    assert (table.header_row, table.header, table.rows) == (3, ["a", "b"], [(4, ["1", "2"])])


# --- hostile workbooks ------------------------------------------------------------------------


def test_an_xlsx_spanning_the_whole_grid_is_refused_before_calamine():
    def build(sheet):  # type: ignore[no-untyped-def]
        sheet["A1"] = "기업명"
        sheet["XFD1048576"] = "끝"  # 17 billion cells in calamine's array: the process would abort

    data = xlsx(build)
    assert len(data) < 10_000
    assert codes(data, "a.xlsx") == "sheet_too_large"


def test_an_xlsx_just_inside_the_cell_limit_reads():
    rows = MAX_CELLS // 1000

    def build(sheet):  # type: ignore[no-untyped-def]
        sheet["A1"] = "기업명"
        sheet.cell(row=rows, column=1000, value="끝")

    table = read(xlsx(build), "a.xlsx")
    assert table.rows[-1][0] == rows


def test_an_xls_spanning_its_whole_grid_is_refused_before_calamine():
    data = xls({(0, 0): "기업명", (65535, 255): "끝"})  # 1 GB in calamine for 6 KB of file
    assert len(data) < 10_000
    assert codes(data, "a.xls") == "sheet_too_large"


def test_an_xls_claiming_billions_of_shared_strings_is_refused():
    data = bytearray(xls({(0, 0): "기업명", (1, 0): "가나다"}))
    position = data.find(b"\xfc\x00")  # the SST record: type, length, total, unique
    assert position > 0
    struct.pack_into("<I", data, position + 8, 0x7FFFFFFF)
    assert codes(bytes(data), "a.xls") == "unreadable"


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600,  # an OLE header and garbage
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # truncated
        b"PK\x03\x04 not an xls",
        "기업명,대표자\n".encode(),  # a CSV renamed .xls
    ],
)
def test_malformed_xls_is_refused(data):
    assert codes(data, "a.xls") == "unreadable"


def test_an_executable_named_xls_is_refused():
    exe = bytearray(b"MZ" + b"\x00" * 0x3A + struct.pack("<I", 0x80) + b"\x00" * 0x40 + b"PE\0\0")
    data = xls({(0, 0): "기업명"}) + bytes(exe)
    assert codes(data, "a.xls") == "embedded_executable"


def test_an_oversized_xls_is_refused_by_size():
    with pytest.raises(ValidationError) as exc:
        read_table(io.BytesIO(xls({(0, 0): "기업명"})), "a.xls", max_bytes=100)
    assert exc.value.error_list[0].code == "file_too_large"


def _one_string_repeated(uses: int) -> bytes:
    """A roster written as Excel writes it: a shared-string table declaring ``count`` (every
    use) and ``uniqueCount`` (distinct strings) — xlsxwriter writes both, openpyxl neither."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("명부")
    sheet.write_row(0, 0, ["기업명", "주소"])
    for n in range(uses):
        sheet.write_row(n + 1, 0, [n, "서울특별시"])  # one shared string on every row
    book.close()
    return buffer.getvalue()


def _shared_strings(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/sharedStrings.xml")


def test_an_excel_workbook_using_one_shared_string_50000_times_reads():
    """Only uniqueCount sizes the table calamine allocates, so a large count (uses) is no
    reason to refuse."""
    uses = 50_000
    data = _one_string_repeated(uses)
    part = _shared_strings(data)
    assert f'count="{uses + 2}" uniqueCount="3"'.encode() in part
    assert uses > len(part) // 7 + 1  # the count alone would have looked impossible
    table = read(data, "a.xlsx", max_rows=uses)
    assert len(table.rows) == uses
    assert table.rows[-1] == (uses + 1, [uses - 1, "서울특별시"])


def test_a_shared_string_table_claiming_an_impossible_unique_count_is_refused():
    data = _one_string_repeated(10)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                part = re.sub(rb'uniqueCount="3"', b'uniqueCount="2000000000"', part)
                assert b"2000000000" in part
            target.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    assert codes(out.getvalue(), "a.xlsx") == "unreadable"


# --- the cell-area scan: fast for the usual shape, exact for every other ------------------------


def _with_sheet_data(sheet_data: bytes) -> bytes:
    """A real workbook whose first sheet's <sheetData> is ``sheet_data`` (its cells as written)."""
    data = xlsx(lambda sheet: sheet.append(["기업명", "대표자"]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = re.sub(rb"<sheetData>.*</sheetData>", sheet_data, part, flags=re.S)
            target.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xea\xb8\xb0\xec\x97\x85\xeb\xaa\x85</t></is></c></row>'


@pytest.mark.parametrize(
    "far",
    [
        pytest.param(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', id="usual"),
        pytest.param(b'<row\tr="1048576"><c\n r="XFD1048576"><v>1</v></c></row>', id="tab-newline"),
        pytest.param(b'<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>', id="r-last"),
        pytest.param(
            b'<x:row xmlns:x="urn:x" r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
            id="prefixed",
        ),
        pytest.param(
            b'<row r="1000">' + b"<c><v>1</v></c>" * 2_001 + b"</row>", id="cells-without-r"
        ),
        pytest.param(
            b"<row/>" * 1_000 + b'<row><c r="CZZ2"><v>1</v></c></row>', id="rows-without-r"
        ),
    ],
)
def test_a_far_cell_is_found_however_the_sheet_is_written(far):
    """The usual shape (``r`` first, no prefix) is scanned by fast patterns; any other makes the
    exact ones count, so a hostile sheet cannot hide its extent behind odd but valid XML."""
    data = _with_sheet_data(b"<sheetData>" + HEADER_ROW + far + b"</sheetData>")
    assert codes(data, "a.xlsx") == "sheet_too_large"


def test_a_sheet_written_with_line_breaks_and_attributes_in_any_order_reads():
    rows = b"".join(
        b'<row\n spans="1:2"\tr="%d">\n<c t="inlineStr"\r\n r="A%d"><is><t>x%d</t></is></c></row>'
        % (n, n, n)
        for n in range(2, 2_001)
    )
    table = read(_with_sheet_data(b"<sheetData>" + HEADER_ROW + rows + b"</sheetData>"), "a.xlsx")
    assert (len(table.rows), table.rows[-1]) == (1_999, (2_000, ["x2000"]))
