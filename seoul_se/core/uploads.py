"""Upload checks shared by every app (attachments, evidence, certification documents, workbooks):
size limit and file type decided by CONTENT (magic bytes, zip members), the extension must agree
with the content (a renamed executable is refused), no embedded executable, and no zip bomb.

Zip-based documents (HWPX, DOCX, XLSX) pass ``check_archive`` before anything parses them: the
member count, the declared uncompressed sizes and compression ratios from the central directory
are checked first, then every member is decompressed in chunks through a reader that stops at the
remaining budget. CPython's zipfile never returns more than a member's declared size (a longer
stream fails its CRC), so once the declared sizes pass, no reader (python-calamine, the streaming
reader) can read more than that either.
"""

import contextlib
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
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
CHUNK = 64 * 1024
# Office documents only ever use these; bzip2/LZMA members could expand gigabytes from one
# small read, before any count of ours sees the bytes.
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# One level of nesting is normal (a DOCX chart embeds an XLSX); deeper is a nested bomb.
ZIP_MAX_DEPTH = 1
# A central directory entry is 46 bytes plus its name; more than this per allowed member is no
# document (zipfile would build a ZipInfo for each before we could count them).
ZIP_DIRECTORY_BYTES_PER_MEMBER = 1024
EOCD = b"PK\x05\x06"
# An executable's PE header sits at most this far after its "MZ" header (e_lfanew).
PE_HEADER_MAX_OFFSET = 4096
SCAN_OVERLAP = PE_HEADER_MAX_OFFSET + 4


def _has_executable(data: bytes) -> bool:
    """Whether ``data`` holds a Windows PE ("MZ" whose e_lfanew points at "PE\\0\\0") or an ELF
    header. Both need several exact bytes, so ordinary document content does not match."""
    start = data.find(b"MZ")
    while start != -1:
        pointer = data[start + 0x3C : start + 0x40]
        if len(pointer) == 4:
            offset = int.from_bytes(pointer, "little")
            if 0x40 <= offset <= PE_HEADER_MAX_OFFSET and (
                data[start + offset : start + offset + 4] == b"PE\0\0"
            ):
                return True
        start = data.find(b"MZ", start + 1)
    start = data.find(b"\x7fELF")
    while start != -1:
        ident = data[start + 4 : start + 7]  # class 32/64, byte order, version 1
        if len(ident) == 3 and ident[0] in (1, 2) and ident[1] in (1, 2) and ident[2] == 1:
            return True
        start = data.find(b"\x7fELF", start + 1)
    return False


class ExecutableScanner:
    """Feeds a stream chunk by chunk; keeps an overlap so a header split by a chunk boundary is
    still found."""

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        if _has_executable(data):
            raise ValidationError(
                _("실행 파일이 들어 있는 파일은 올릴 수 없습니다."), code="embedded_executable"
            )
        self._tail = data[-SCAN_OVERLAP:]


def _refuse_too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("압축을 풀면 너무 큰 파일입니다(%(mb)sMB 초과). 내용을 나누거나 다시 저장해 올려 주세요.")
        % {"mb": limit // (1024 * 1024)},
        code="zip_too_large",
    )


def _refuse_ratio() -> ValidationError:
    return ValidationError(
        _("압축률이 비정상적으로 높은 파일(압축 폭탄 의심)은 올릴 수 없습니다."),
        code="zip_ratio",
    )


def _refuse_damaged() -> ValidationError:
    return ValidationError(
        _("손상되었거나 지원하지 않는 압축 형식의 파일입니다. 다시 저장해 올려 주세요."),
        code="zip_damaged",
    )


def _refuse_members() -> ValidationError:
    return ValidationError(
        _("압축 파일 안의 항목이 너무 많습니다(%(n)s개 초과).")
        % {"n": f"{settings.UPLOAD_ZIP_MAX_MEMBERS:,}"},
        code="zip_members",
    )


@dataclass
class _Budget:
    """What is left for the whole upload, nested archives included."""

    members: int
    size: int
    limit: int = 0  # the whole budget, for the message

    def take_members(self, count: int) -> None:
        self.members -= count
        if self.members < 0:
            raise _refuse_members()

    def spend(self, size: int) -> None:
        self.size -= size
        if self.size < 0:
            raise _refuse_too_large(self.limit)


def _check_ratio(size: int, compressed: int) -> None:
    if size > settings.UPLOAD_ZIP_RATIO_FREE_SIZE and size > (
        settings.UPLOAD_ZIP_MAX_RATIO * max(compressed, 1)
    ):
        raise _refuse_ratio()


def _check_directory(stream: IO[bytes]) -> None:
    """Refuse an oversized central directory from its end record, before zipfile reads it."""
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(max(0, end - (65_535 + 22)))
    tail = stream.read()
    position = tail.rfind(EOCD)
    if position == -1 or len(tail) < position + 22:
        raise _refuse_damaged()
    entries = int.from_bytes(tail[position + 10 : position + 12], "little")
    directory_size = int.from_bytes(tail[position + 12 : position + 16], "little")
    limit = settings.UPLOAD_ZIP_MAX_MEMBERS
    if entries > limit or directory_size > limit * ZIP_DIRECTORY_BYTES_PER_MEMBER:
        raise _refuse_members()


def _inspect(archive: zipfile.ZipFile, budget: _Budget, depth: int) -> None:
    members = archive.infolist()
    budget.take_members(len(members))
    if sum(info.file_size for info in members) > budget.size:
        raise _refuse_too_large(budget.limit)
    for info in members:
        if info.compress_type not in ZIP_METHODS:
            raise _refuse_damaged()
        _check_ratio(info.file_size, info.compress_size)
    for info in members:
        if not info.is_dir():
            _read_member(archive, info, budget, depth)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, depth: int
) -> None:
    """Decompress one member in chunks: count every byte against the budget and the ratio,
    scan for executables, and inspect a nested archive within the same budget."""
    scanner = ExecutableScanner()
    nested: IO[bytes] | None = None
    read = 0
    with contextlib.ExitStack() as stack:
        member = stack.enter_context(archive.open(info))
        while chunk := member.read(CHUNK):
            read += len(chunk)
            budget.spend(len(chunk))
            _check_ratio(read, info.compress_size)
            scanner.feed(chunk)
            if read == len(chunk) and chunk.startswith(ZIP_MAGIC):
                if depth >= ZIP_MAX_DEPTH:
                    raise ValidationError(
                        _("압축 파일 안에 압축 파일이 겹겹이 들어 있어 올릴 수 없습니다."),
                        code="zip_nested",
                    )
                nested = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=1024 * 1024))
            if nested is not None:
                nested.write(chunk)
        if nested is not None:
            _check_directory(nested)
            nested.seek(0)
            with zipfile.ZipFile(nested) as inner:
                _inspect(inner, budget, depth + 1)


def check_archive(stream: IO[bytes], *, max_unpacked: int | None = None) -> set[str]:
    """Refuse a zip bomb; return the member names. Limits (settings): total uncompressed size
    ``UPLOAD_ZIP_MAX_TOTAL_SIZE`` (or ``max_unpacked``, a caller's larger budget), member count ``UPLOAD_ZIP_MAX_MEMBERS`` (nested archives
    included), per-member ratio ``UPLOAD_ZIP_MAX_RATIO`` beyond ``UPLOAD_ZIP_RATIO_FREE_SIZE``,
    one level of nesting, stored/deflated members only, no embedded executable."""
    try:
        _check_directory(stream)
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            limit = max_unpacked or settings.UPLOAD_ZIP_MAX_TOTAL_SIZE
            budget = _Budget(settings.UPLOAD_ZIP_MAX_MEMBERS, limit, limit)
            _inspect(archive, budget, depth=0)
            return set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise _refuse_damaged() from exc
    finally:
        stream.seek(0)


def _zip_kind(stream: IO[bytes]) -> str | None:
    """The kind from member names and the first bytes of ``mimetype`` (sizes are checked later
    by ``check_archive``; nothing here reads more than 64 bytes of a member)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(64).strip() == b"application/hwp+zip":
                        return "hwpx"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        return None  # RuntimeError: an encrypted mimetype member, no document of ours
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
    elif head.startswith(ZIP_MAGIC):
        kind = _zip_kind(stream)
    stream.seek(0)
    return kind


def check_content(stream: IO[bytes], kind: str, *, max_unpacked: int | None = None) -> None:
    """Beyond magic bytes: no embedded executable anywhere in the raw file (e.g. one appended to
    a PDF or an image), and for zip-based kinds the archive checks of ``check_archive``."""
    stream.seek(0)
    scanner = ExecutableScanner()
    try:
        while chunk := stream.read(CHUNK):
            scanner.feed(chunk)
    finally:
        stream.seek(0)
    if kind in ("hwpx", "docx", "xlsx"):
        check_archive(stream, max_unpacked=max_unpacked)


def check_upload(upload: object) -> str:
    """Validate size and content of an uploaded file; return its kind (e.g. "pdf")."""
    size = getattr(upload, "size", 0) or 0
    if size > settings.MAX_UPLOAD_SIZE:
        limit = settings.MAX_UPLOAD_SIZE // (1024 * 1024)
        raise ValidationError(
            _("파일이 너무 큽니다. %(mb)sMB 이하만 올릴 수 있습니다.") % {"mb": limit},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("빈 파일은 올릴 수 없습니다."), code="file_empty")
    stream: IO[bytes] = upload.file if hasattr(upload, "file") else upload  # type: ignore[assignment]
    kind = detect_kind(stream)
    if kind is None:
        raise ValidationError(
            _("허용되지 않는 파일 형식입니다. (%(kinds)s만 가능)") % {"kinds": ALLOWED_LABEL},
            code="file_type",
        )
    extension = PurePath(getattr(upload, "name", "")).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("파일 확장자와 실제 내용이 일치하지 않습니다."), code="file_extension"
        )
    check_content(stream, kind)
    return kind
