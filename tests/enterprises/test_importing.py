"""Roster import (kind "enterprises.roster" on seoul_se.core.imports): valid, invalid and
hostile files. Nothing is saved unless all rows are valid; the same file twice changes nothing."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from enterprises.imports import Roster
from enterprises.models import Enterprise
from seoul_se.core.excel import check_xlsx_upload
from seoul_se.core.imports import services
from seoul_se.core.imports.workbook import template_workbook
from seoul_se.core.models import ImportedObject, ImportRecord
from tests.core.zipbombs import rebuild
from tests.enterprises.factories import (
    import_roster,
    roster_csv,
    roster_row,
    roster_xls,
    roster_xlsx,
)
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
KIND = "enterprises.roster"


def upload(data: bytes, name: str = "명부.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def dry_run(data: bytes, actor, name: str = "명부.xlsx"):  # type: ignore[no-untyped-def]
    return services.dry_run(KIND, io.BytesIO(data), name, actor=actor)


def test_valid_file_saves_every_row_and_links_them_to_the_record(staff):
    plan, record = import_roster(roster_xlsx(roster_row(n) for n in range(20)), staff)
    assert plan.totals == {"create": 20, "change": 0, "unchanged": 0}
    assert record.state == ImportRecord.State.COMMITTED and record.created == 20
    enterprise = Enterprise.objects.get(name="명부기업3")
    assert enterprise.district.name == "마포구"
    assert enterprise.legal_type.code == "social_cooperative"
    assert [s.name for s in enterprise.sectors.all()] == ["돌봄·사회서비스"]
    link = ImportedObject.objects.get(object_id=str(enterprise.pk))
    assert (link.record, link.row, link.outcome) == (record, 5, "create")
    assert record.imported.count() == 20 and len(record.sha256) == 64


def test_one_bad_row_among_ten_thousand_saves_nothing(staff):
    rows = [roster_row(n) for n in range(10_000)]
    rows[7_777] = roster_row(7_777, business_number="220-81-62518")  # wrong check digit
    plan, record = import_roster(roster_xlsx(rows), staff)
    assert not plan.ok
    assert record.rows == 10_000 and record.state == ImportRecord.State.REFUSED
    assert [(e.row, e.column) for e in plan.errors] == [(7_779, "사업자등록번호")]
    assert "검증번호" in plan.errors[0].message
    with pytest.raises(ValidationError):
        services.commit_import(record, actor=staff)
    assert Enterprise.objects.count() == 0


def test_the_commit_takes_the_same_queries_for_ten_rows_as_for_two_hundred(staff):
    """New enterprises, their sectors and the record's links: one statement each."""

    def commit_queries(first: int, count: int) -> int:
        data = roster_xlsx(roster_row(n) for n in range(first, first + count))
        plan, record = dry_run(data, staff)
        assert plan.ok
        with CaptureQueriesContext(connection) as queries:
            record = services.commit_import(record, actor=staff)
        assert record.created == count
        return len(queries)

    commit_queries(0, 5)  # the content type of the links is then cached, as in service
    assert commit_queries(5, 10) == commit_queries(15, 200)
    assert ImportedObject.objects.count() == Enterprise.sectors.through.objects.count() == 215


def test_the_same_file_twice_changes_nothing_and_an_overlapping_file_adds_only_new_rows(staff):
    first = roster_xlsx(roster_row(n) for n in range(30))
    import_roster(first, staff)
    plan, record = import_roster(first, staff)
    assert plan.totals == {"create": 0, "change": 0, "unchanged": 30}
    assert record.imported.count() == 0
    rows = [roster_row(n) for n in range(20, 35)]
    rows[5] = roster_row(25, representative="이대표")
    overlap = roster_xlsx(rows)
    plan, record = import_roster(overlap, staff)
    assert plan.totals == {"create": 5, "change": 1, "unchanged": 9}
    assert Enterprise.objects.count() == 35
    changed = Enterprise.objects.get(name="명부기업25")
    assert changed.representative == "이대표"
    link = record.imported.get(outcome="change")
    assert link.object_id == str(changed.pk)
    assert link.detail == {"representative": ["김대표", "이대표"]}


def test_every_problem_reported_per_row_and_column(staff):
    EnterpriseFactory(business_number="2208162517")
    rows = [
        roster_row(1, name=""),
        roster_row(2, district="부산진구"),
        roster_row(3, legal_type="주식회사"),
        roster_row(4, business_number="220-81-62517"),  # already in the registry: a change
        roster_row(5),
        roster_row(6, business_number=roster_row(5)[2]),  # duplicate inside the file
        roster_row(7, corporate_number="130111-0006247", founded_on="어제", email="x@"),
        roster_row(8, sectors="우주항공"),
    ]
    plan, _record = dry_run(roster_xlsx(rows), staff)
    found = {(e.row, e.column): e.message for e in plan.errors}
    assert "필수" in found[(2, "기업명")]
    assert "자치구" in found[(3, "자치구")]
    assert "기업유형" in found[(4, "기업유형")]
    assert (5, "사업자등록번호") not in found
    assert [r.outcome for r in plan.rows if r.row == 5] == ["change"]
    assert "6행과 같음" in found[(7, "사업자등록번호")]
    assert "검증번호" in found[(8, "법인등록번호")]
    assert (8, "설립일") in found and (8, "이메일") in found
    assert "업종" in found[(9, "업종")]
    assert Enterprise.objects.count() == 1


def test_short_district_names_and_codes_are_accepted(staff):
    plan, _record = import_roster(
        roster_xlsx([roster_row(1, district="마포", legal_type="village")]), staff
    )
    assert plan.ok


def test_cp949_csv_utf8_csv_and_xls_read_the_same_as_xlsx(staff):
    rows = [roster_row(n, founded_on="2016.4.1" if n % 2 else "2016-04-01") for n in range(12)]
    plans = [
        dry_run(roster_xlsx(rows), staff)[0],
        dry_run(roster_csv(rows, "cp949"), staff, "명부.csv")[0],
        dry_run(roster_csv(rows, "utf-8-sig"), staff, "명부.csv")[0],
        dry_run(roster_csv(rows, "utf-8"), staff, "명부.csv")[0],
        dry_run(roster_xls(rows), staff, "명부.xls")[0],
    ]
    first = [(r.row, r.key, r.outcome, r.values) for r in plans[0].rows]
    assert len(first) == 12 and plans[0].ok
    for plan in plans[1:]:
        assert plan.ok and [(r.row, r.key, r.outcome, r.values) for r in plan.rows] == first


def test_missing_header_column_asks_for_a_mapping_that_is_remembered(staff):
    data = roster_csv([roster_row(1)])
    renamed = data.replace("대표자".encode(), "대표 성명".encode(), 1)
    assert renamed != data
    with pytest.raises(services.MappingRequired) as exc:
        dry_run(renamed, staff, "명부.csv")
    record = exc.value.record
    assert record.state == ImportRecord.State.MAPPING and "대표자" in str(exc.value)
    mapping = {"": {**record.mapping[""], "대표 성명": "representative"}}
    plan = services.remap(record, actor=staff, mapping=mapping)
    assert plan.ok and record.state == ImportRecord.State.CHECKED
    plan, again = dry_run(renamed, staff, "명부.csv")  # their own title is remembered
    assert plan.ok and again.mapping[""]["대표 성명"] == "representative"


def test_row_limit(staff, monkeypatch):
    monkeypatch.setattr(Roster, "max_rows", 5)
    with pytest.raises(ValidationError) as exc:
        dry_run(roster_xlsx(roster_row(n) for n in range(6)), staff)
    assert "행이 너무 많습니다" in str(exc.value)
    assert not Enterprise.objects.exists()


def test_template_has_the_columns_the_guide_and_reference_lists():
    workbook = load_workbook(io.BytesIO(template_workbook(Roster()).getvalue()))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[0] == "기업명 *" and "사업자등록번호 *" in header and "주소" in header
    guide = {row[0]: row[2] for row in workbook["작성 안내"].iter_rows(values_only=True)}
    assert "마포구" in guide["자치구"] and "사회적협동조합" in guide["기업유형"]
    assert "검증번호" in guide["사업자등록번호"]


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


def test_entity_expansion_bomb_is_never_expanded(staff):
    tracemalloc.start()
    try:
        try:
            plan, _record = dry_run(entity_bomb_workbook(), staff)
        except ValidationError as exc:
            assert exc.error_list[0].code == "unreadable"
        else:  # calamine does not expand DTD entities: the cell is read as its literal text
            assert all("lollol" not in str(r.values["name"]) for r in plan.rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert not Enterprise.objects.exists()


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
        dry_run(data, staff)
    assert exc.value.error_list[0].code == code
    assert not Enterprise.objects.exists()


def test_shared_strings_bomb_is_refused_in_bounded_memory(staff):
    data = rebuild(shared_strings_roster(), "xl/sharedStrings.xml", b"</sst>", 128)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            dry_run(data, staff)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_unpadded_shared_strings_roster_imports(staff):
    assert import_roster(shared_strings_roster(), staff)[1].created == 1


# --- through the page ---------------------------------------------------------------------

PAGE = f"/imports/{KIND}/"


def test_page_refuses_200mb_upload_by_content_length(staff, client):
    client.force_login(staff)
    response = client.post(
        PAGE, {"file": upload(b"PK\x03\x04small")}, CONTENT_LENGTH=str(200 * 1024 * 1024)
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
        PAGE, {"file": upload(data if data else macro_workbook(), "roster.xlsx")}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Enterprise.objects.exists() and not ImportRecord.objects.exists()


@pytest.mark.parametrize(("member", "marker", "mib", "code"), ROSTER_BOMBS)
def test_page_refuses_zip_bomb_roster(staff, client, member, marker, mib, code):
    client.force_login(staff)
    data = rebuild(shared_strings_roster(), member, marker, mib)
    response = client.post(PAGE, {"file": upload(data)})
    assert response.status_code == 400
    assert ("압축을 풀면 너무 큰" if code == "zip_too_large" else "압축률") in (
        response.content.decode()
    )
    assert not Enterprise.objects.exists()


def test_page_error_report_lists_rows_and_columns(staff, client):
    client.force_login(staff)
    data = roster_xlsx([roster_row(1), roster_row(2, district="없는구")])
    response = client.post(PAGE, {"file": upload(data)}, follow=True)
    body = response.content.decode()
    assert response.status_code == 400
    assert "서울시 자치구 이름이 아닙니다" in body and "없는구" in body
    assert 'data-testid="import-commit"' not in body
    assert not Enterprise.objects.exists()


def test_page_preview_then_commit(staff, client):
    client.force_login(staff)
    response = client.post(
        PAGE, {"file": upload(roster_xlsx(roster_row(n) for n in range(3)))}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-preview"' in body
    assert "명부기업1" in body and not Enterprise.objects.exists()
    record = ImportRecord.objects.get()
    response = client.post(f"/imports/records/{record.pk}/commit", follow=True)
    assert Enterprise.objects.count() == 3
    assert "생성 3건" in response.content.decode()


def test_only_the_uploader_commits_and_members_cannot_import(staff, make_user, member, client):
    _plan, record = dry_run(roster_xlsx([roster_row(1)]), staff)
    client.force_login(make_user("centre_staff"))
    assert client.post(f"/imports/records/{record.pk}/commit").status_code == 403
    client.force_login(member)
    assert client.get(PAGE).status_code == 403
    assert client.get(f"/imports/records/{record.pk}/").status_code == 404
    assert not Enterprise.objects.exists()


def test_template_download(staff, client):
    client.force_login(staff)
    response = client.get("/enterprises/import/template.xlsx", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
