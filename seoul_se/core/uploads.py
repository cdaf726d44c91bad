"""Upload checks shared by every app (attachments, evidence, certification documents): size
limit and file type decided by CONTENT (magic bytes, zip members), and the extension must agree
with the content (a renamed executable is refused)."""

import zipfile
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = {
    "pdf": {"pdf"},
    "hwp": {"hwp"},
    "hwpx": {"hwpx"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "gif": {"gif"},
}
ALLOWED_LABEL = "PDF, HWP/HWPX, DOCX, XLSX, PNG/JPG/GIF"


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/hwp+zip":
                return "hwpx"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def detect_kind(stream: IO[bytes]) -> str | None:
    """The document kind by content, or None when it is none of the accepted kinds."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    kind: str | None = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = "gif"
    elif head == OLE_MAGIC:
        # HWP 5.0 is an OLE compound file; its signature stream starts with this text.
        data = stream.read(1024 * 1024)
        kind = (
            "hwp"
            if b"HWP Document File" in data or "FileHeader".encode("utf-16-le") in data
            else None
        )
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    stream.seek(0)
    return kind


def check_upload(upload: object) -> str:
    """Validate size and content of an uploaded file; return its kind (e.g. "pdf")."""
    size = getattr(upload, "size", 0) or 0
    if size > settings.MAX_UPLOAD_SIZE:
        limit = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
        raise ValidationError(f"파일이 너무 큽니다. {limit}MB 이하만 올릴 수 있습니다.")
    if size == 0:
        raise ValidationError("빈 파일은 올릴 수 없습니다.")
    kind = detect_kind(upload.file if hasattr(upload, "file") else upload)  # type: ignore[arg-type]
    if kind is None:
        raise ValidationError(f"허용되지 않는 파일 형식입니다. ({ALLOWED_LABEL}만 가능)")
    extension = PurePath(getattr(upload, "name", "")).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS[kind]:
        raise ValidationError("파일 확장자와 실제 내용이 일치하지 않습니다.")
    return kind
