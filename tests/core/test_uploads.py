import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from seoul_se.core.uploads import OLE_MAGIC, check_upload


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
