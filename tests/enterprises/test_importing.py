"""Roster import: valid, invalid and hostile files. Nothing is saved unless all rows are valid."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from enterprises import importing
from enterprises.models import Enterprise
from seoul_se.core.excel import check_xlsx_upload
from tests.core.zipbombs import rebuild
from tests.enterprises.factories import roster_row, roster_xlsx
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "명부.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_valid_file_saves_every_row(staff):
    outcome = importing.import_roster(
        io.BytesIO(roster_xlsx(roster_row(n) for n in range(20))), actor=staff
    )
    assert outcome.ok and outcome.created == 20
    enterprise = Enterprise.objects.get(name="명부기업3")
    assert enterprise.district.name == "마포구"
    assert enterprise.legal_type.code == "social_cooperative"
    assert [s.name for s in enterprise.sectors.all()] == ["돌봄·사회서비스"]


def test_one_bad_row_among_ten_thousand_saves_nothing(staff):
    rows = [roster_row(n) for n in range(10_000)]
    rows[7_777] = roster_row(7_777, business_number="220-81-62518")  # wrong check digit
    outcome = importing.import_roster(io.BytesIO(roster_xlsx(rows)), actor=staff)
    assert not outcome.ok
    assert outcome.rows == 10_000
    assert [(e.row, e.column) for e in outcome.errors] == [(7_779, "사업자등록번호")]
    assert "검증번호" in outcome.errors[0].message
    assert Enterprise.objects.count() == 0


def test_every_problem_reported_per_row_and_column(staff):
    EnterpriseFactory(business_number="2208162517")
    rows = [
        roster_row(1, name=""),
        roster_row(2, district="부산진구"),
        roster_row(3, legal_type="주식회사"),
        roster_row(4, business_number="220-81-62517"),  # already in the registry
        roster_row(5),
        roster_row(6, business_number=roster_row(5)[2]),  # duplicate inside the file
        roster_row(7, corporate_number="130111-0006247", founded_on="어제", email="x@"),
        roster_row(8, sectors="우주항공"),
    ]
    outcome = importing.import_roster(io.BytesIO(roster_xlsx(rows)), actor=staff)
    found = {(e.row, e.column): e.message for e in outcome.errors}
    assert "필수" in found[(2, "기업명")]
    assert "자치구" in found[(3, "자치구")]
    assert "기업유형" in found[(4, "기업유형")]
    assert "이미 등록된" in found[(5, "사업자등록번호")]
    assert "6행과 같음" in found[(7, "사업자등록번호")]
    assert "검증번호" in found[(8, "법인등록번호")]
    assert (8, "설립일") in found and (8, "이메일") in found
    assert "업종" in found[(9, "업종")]
    assert Enterprise.objects.count() == 1


def test_short_district_names_and_codes_are_accepted(staff):
    rows = [roster_row(1, district="마포", legal_type="village")]
    outcome = importing.import_roster(io.BytesIO(roster_xlsx(rows)), actor=staff)
    assert outcome.ok


def test_missing_header_column_is_a_file_error(staff):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["이름", "번호"])
    workbook.active.append(["가", "1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ValidationError) as exc:
        importing.import_roster(buffer, actor=staff)
    assert "머리글" in str(exc.value)


def test_row_limit(staff, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    with pytest.raises(ValidationError) as exc:
        importing.import_roster(
            io.BytesIO(roster_xlsx(roster_row(n) for n in range(6))), actor=staff
        )
    assert "행이 너무 많습니다" in str(exc.value)
    assert not Enterprise.objects.exists()


def test_template_has_the_columns_and_reference_lists():
    buffer = io.BytesIO()
    importing.template_workbook().save(buffer)
    buffer.seek(0)
    workbook = load_workbook(buffer)
    header = [cell.value for cell in workbook["기업명부"][1]]
    assert header[0] == "기업명 *" and "사업자등록번호 *" in header
    guide = {row[0]: row[1] for row in workbook["입력 안내"].iter_rows(values_only=True)}
    assert "마포구" in guide["자치구"] and "사회적협동조합" in guide["기업유형"]


# --- hostile files (judged by content, not name) -----------------------------------------


def test_renamed_exe_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_xlsx_upload(io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), max_bytes=10**6)
    assert "실행 파일" in exc.value.messages[0]


def test_old_xls_is_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    with pytest.raises(ValidationError) as exc:
        check_xlsx_upload(io.BytesIO(ole), max_bytes=10**6)
    assert ".xls" in exc.value.messages[0]


def macro_workbook() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(roster_xlsx([roster_row(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00attack")
    return buffer.getvalue()


def test_macro_workbook_named_xlsx_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_xlsx_upload(io.BytesIO(macro_workbook()), max_bytes=10**6)
    assert "매크로" in exc.value.messages[0]


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as exc:
        check_xlsx_upload(buffer, max_bytes=10**6)
    assert "통합 문서가 아닙니다" in exc.value.messages[0]


def entity_bomb_workbook() -> bytes:
    """A valid roster whose sheet XML declares nested entities ("billion laughs"): expanding
    &lol9; would take gigabytes."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    dtd = f"<!DOCTYPE worksheet [{''.join(levels)}]>".encode()
    source = zipfile.ZipFile(io.BytesIO(roster_xlsx([roster_row(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert "명부기업1".encode() in data
                data = dtd + data.replace("명부기업1".encode(), b"&lol9;")
            target.writestr(item, data)
    return buffer.getvalue()


def test_entity_expansion_bomb_is_refused_without_expanding():
    with pytest.raises(ValidationError) as exc:
        importing.validate_roster(io.BytesIO(entity_bomb_workbook()))
    assert "엑셀 파일을 읽을 수 없습니다" in exc.value.messages[0]


def test_text_file_is_refused():
    with pytest.raises(ValidationError):
        check_xlsx_upload(io.BytesIO("기업명,번호\n".encode()), max_bytes=10**6)


def test_size_is_checked_from_the_declared_size_before_reading():
    class Unreadable(io.BytesIO):
        def read(self, *args):  # the content must not be touched for an oversized upload
            raise AssertionError("read")

    with pytest.raises(ValidationError) as exc:
        check_xlsx_upload(Unreadable(), max_bytes=10 * 1024 * 1024, size=200 * 1024 * 1024)
    assert "너무 큽니다" in exc.value.messages[0]


def shared_strings_roster() -> bytes:
    """A one-row roster with its text in xl/sharedStrings.xml, as Excel saves it (openpyxl
    writes text inline)."""
    source = zipfile.ZipFile(io.BytesIO(roster_xlsx([roster_row(1)])))
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    inline = re.compile(r'<c r="(\w+)" t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                data = inline.sub(shared, data)
                assert "명부기업1" in strings
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    "</Relationships>",
                )
            target.writestr(item.filename, data)
        sst = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>',
        )
    return buffer.getvalue()


# Spaces between XML elements keep each part valid: before the fix the row was imported.
ROSTER_BOMBS = [
    pytest.param("[Content_Types].xml", b"</Types>", 128, "zip_too_large", id="content-types"),
    pytest.param("xl/sharedStrings.xml", b"</sst>", 128, "zip_too_large", id="shared-strings"),
    pytest.param("xl/worksheets/sheet1.xml", b"</sheetData>", 128, "zip_too_large", id="sheet"),
    pytest.param("xl/worksheets/sheet1.xml", b"</sheetData>", 20, "zip_ratio", id="sheet-ratio"),
]


@pytest.mark.parametrize(("member", "marker", "mib", "code"), ROSTER_BOMBS)
def test_zip_bomb_roster_is_refused_before_parsing(staff, member, marker, mib, code):
    data = rebuild(shared_strings_roster(), member, marker, mib)
    assert len(data) < 300_000
    with pytest.raises(ValidationError) as exc:
        importing.import_roster(io.BytesIO(data), actor=staff)
    assert exc.value.error_list[0].code == code
    assert not Enterprise.objects.exists()


def test_shared_strings_bomb_is_refused_in_bounded_memory(staff):
    data = rebuild(shared_strings_roster(), "xl/sharedStrings.xml", b"</sst>", 128)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            importing.validate_roster(io.BytesIO(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_unpadded_shared_strings_roster_imports(staff):
    assert importing.import_roster(io.BytesIO(shared_strings_roster()), actor=staff).created == 1


# --- through the page ---------------------------------------------------------------------


def test_page_refuses_200mb_upload_by_content_length(staff, client):
    client.force_login(staff)
    response = client.post(
        "/enterprises/import/",
        {"file": upload(b"PK\x03\x04small")},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "너무 큽니다" in response.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "실행 파일"),
        (None, "매크로"),
    ],
)
def test_page_shows_clear_message_for_hostile_files(staff, client, data, message):
    client.force_login(staff)
    response = client.post(
        "/enterprises/import/", {"file": upload(data if data else macro_workbook(), "roster.xlsx")}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(("member", "marker", "mib", "code"), ROSTER_BOMBS)
def test_page_refuses_zip_bomb_roster(staff, client, member, marker, mib, code):
    client.force_login(staff)
    data = rebuild(shared_strings_roster(), member, marker, mib)
    response = client.post("/enterprises/import/", {"file": upload(data)})
    assert response.status_code == 400
    assert ("압축을 풀면 너무 큰" if code == "zip_too_large" else "압축률") in (
        response.content.decode()
    )
    assert not Enterprise.objects.exists()


def test_page_error_report_lists_rows_and_columns(staff, client):
    client.force_login(staff)
    data = roster_xlsx([roster_row(1), roster_row(2, district="없는구")])
    response = client.post("/enterprises/import/", {"file": upload(data)})
    body = response.content.decode()
    assert response.status_code == 400
    assert "서울시 자치구 이름이 아닙니다" in body and "없는구" in body
    assert not Enterprise.objects.exists()


def test_page_small_valid_file_saved_at_once(staff, client):
    client.force_login(staff)
    response = client.post(
        "/enterprises/import/", {"file": upload(roster_xlsx(roster_row(n) for n in range(3)))}
    )
    assert response.status_code == 302
    assert Enterprise.objects.count() == 3


def test_template_download(staff, client):
    client.force_login(staff)
    response = client.get("/enterprises/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
