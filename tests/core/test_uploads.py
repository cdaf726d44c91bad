import io
import random
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from seoul_se.core.uploads import OLE_MAGIC, check_upload
from tests.core.zipbombs import MIB, Member, build_zip


def zipped(members, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (SimpleUploadedFile("a.pdf", b"%PDF-1.7 ..."), "pdf"),
        (SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n...."), "png"),
        (SimpleUploadedFile("a.JPG", b"\xff\xd8\xff\xe0...."), "jpg"),
        (SimpleUploadedFile("a.hwp", OLE_MAGIC + "FileHeader".encode("utf-16-le")), "hwp"),
        (
            zipped({"mimetype": "application/hwp+zip", "Contents/section0.xml": "x"}, "a.hwpx"),
            "hwpx",
        ),
        (zipped({"[Content_Types].xml": "x", "word/document.xml": "x"}, "a.docx"), "docx"),
        (zipped({"[Content_Types].xml": "x", "xl/workbook.xml": "x"}, "a.xlsx"), "xlsx"),
    ],
)
def test_accepted_kinds_by_content(upload, kind):
    assert check_upload(upload) == kind


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 executable"), "허용되지 않는 파일 형식"),
        (SimpleUploadedFile("plan.docx", b"%PDF-1.4 renamed"), "확장자와 실제 내용"),
        (zipped({"evil.exe": "x"}, "a.docx"), "허용되지 않는 파일 형식"),
        (SimpleUploadedFile("a.doc", OLE_MAGIC + b"\x00" * 100), "허용되지 않는 파일 형식"),
        (SimpleUploadedFile("empty.pdf", b""), "빈 파일"),
    ],
)
def test_disguised_or_bad_files_are_refused(upload, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(upload)


def test_size_limit(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError, match="0MB 이하"):
        check_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048))


def test_fifty_megabytes_is_refused():
    class Big:
        name = "big.pdf"
        size = 50 * 1024 * 1024
        file = io.BytesIO(b"%PDF-")

    with pytest.raises(ValidationError, match="20MB 이하"):
        check_upload(Big())


# --- hostile archives and embedded executables (small on disk, see tests/core/zipbombs.py) ---

HWPX_MIMETYPE = Member("mimetype", b"application/hwp+zip")
DOCX_HEAD = [Member("[Content_Types].xml", b"<Types/>"), Member("word/document.xml", b"<w/>")]
# A minimal Windows executable header: "MZ", e_lfanew at 0x3C pointing at "PE\0\0".
PE = b"MZ" + b"\x90" * 0x3A + (0x80).to_bytes(4, "little") + b"\0" * 0x40 + b"PE\0\0" + b"\0" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 57


def refused_code(upload) -> str:
    with pytest.raises(ValidationError) as exc:
        check_upload(upload)
    return exc.value.error_list[0].code


def peak_of(function) -> int:
    tracemalloc.start()
    try:
        function()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_hwpx_that_unpacks_to_a_gibibyte_is_refused_in_bounded_memory():
    # ~1 MB on disk, 1 GiB of zeros declared (truthfully) in the central directory.
    data = build_zip([HWPX_MIMETYPE, Member("Contents/section0.xml", b"<s>", 1024, b"\0", b"</s>")])
    assert len(data) < 1_200_000
    upload = SimpleUploadedFile("계획서.hwpx", data)
    codes = []
    peak = peak_of(lambda: codes.append(refused_code(upload)))
    assert codes == ["zip_too_large"]
    assert peak < 50 * MIB


def test_member_whose_central_directory_lies_about_its_size_is_read_only_up_to_that_size():
    # Declared 1,000 bytes; the deflate stream really holds 256 MiB (CRC of all of it).
    lying = Member("Contents/section0.xml", b"<s>", 256, b"\0", b"</s>", declared_size=1000)
    upload = SimpleUploadedFile("a.hwpx", build_zip([HWPX_MIMETYPE, lying]))
    codes = []
    peak = peak_of(lambda: codes.append(refused_code(upload)))
    assert codes == ["zip_damaged"]
    assert peak < 50 * MIB


def test_docx_bomb_is_refused():
    document = Member("word/document.xml", b"<w:document>", 512, b" ", b"</w:document>")
    upload = SimpleUploadedFile("a.docx", build_zip([DOCX_HEAD[0], document]))
    assert refused_code(upload) == "zip_too_large"


def test_member_compressed_beyond_the_ratio_is_refused_below_the_total_limit():
    image = Member("word/media/image1.png", pad_mib=20)
    upload = SimpleUploadedFile("a.docx", build_zip([*DOCX_HEAD, image]))
    assert refused_code(upload) == "zip_ratio"


def test_too_many_members_are_refused(settings):
    members = {"[Content_Types].xml": "x", "word/document.xml": "x"}
    members |= {f"word/media/{n}.png": "x" for n in range(settings.UPLOAD_ZIP_MAX_MEMBERS)}
    assert refused_code(zipped(members, "a.docx")) == "zip_members"


def test_zip_in_zip_in_zip_is_refused():
    innermost = build_zip([Member("x.txt", b"x")])
    inner = build_zip([Member("inner.zip", innermost)])
    upload = SimpleUploadedFile(
        "a.docx", build_zip([*DOCX_HEAD, Member("word/embeddings/a.xlsx", inner)])
    )
    assert refused_code(upload) == "zip_nested"


def test_bomb_inside_an_embedded_archive_counts_against_the_same_limit():
    inner = build_zip([Member("xl/worksheets/sheet1.xml", pad_mib=512, pad=b" ")])
    upload = SimpleUploadedFile(
        "a.docx", build_zip([*DOCX_HEAD, Member("word/embeddings/a.xlsx", inner)])
    )
    assert refused_code(upload) == "zip_too_large"


def test_one_embedded_workbook_is_an_ordinary_document():
    chart = build_zip([Member("[Content_Types].xml", b"<Types/>"), Member("xl/workbook.xml")])
    upload = SimpleUploadedFile(
        "a.docx", build_zip([*DOCX_HEAD, Member("word/embeddings/chart.xlsx", chart)])
    )
    assert check_upload(upload) == "docx"


def test_bzip2_member_is_refused():
    member = Member("word/document.xml", b"<w/>", method=zipfile.ZIP_BZIP2)
    upload = SimpleUploadedFile("a.docx", build_zip([DOCX_HEAD[0], member]))
    assert refused_code(upload) == "zip_damaged"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + PE),
        # the PE header straddles the 64 KB read boundary
        ("a.pdf", b"%PDF-1.7\n" + b"\0" * (64 * 1024 - 9 - 40) + PE + b"\n%%EOF\n"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100 + ELF),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100 + b"\xff\xd9" + PE),
    ],
)
def test_file_with_an_embedded_executable_is_refused(name, data):
    assert refused_code(SimpleUploadedFile(name, data)) == "embedded_executable"


def test_executable_inside_a_compressed_member_is_refused():
    package = Member("word/embeddings/oleObject1.bin", b"\0" * 300 + PE)
    upload = SimpleUploadedFile("a.docx", build_zip([*DOCX_HEAD, package]))
    assert refused_code(upload) == "embedded_executable"


def test_binary_content_with_stray_signature_bytes_is_not_mistaken_for_an_executable():
    noise = random.Random(7).randbytes(3 * MIB)
    data = b"%PDF-1.7\n" + noise + b"MZ" * 1000 + b"\x7fELF" * 1000 + b"\n%%EOF\n"
    assert check_upload(SimpleUploadedFile("scan.pdf", data)) == "pdf"
