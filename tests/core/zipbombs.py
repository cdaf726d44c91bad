"""Hostile zip archives that are small on disk: a member's content is ``head`` + ``pad`` repeated
``pad_mib`` MiB + ``tail``, deflated without ever holding the padding in memory (after a full
flush deflate restarts, so every MiB of padding compresses to the same bytes, ~1 KB), and its
declared size can lie."""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Member:
    name: str
    head: bytes = b""
    pad_mib: int = 0
    pad: bytes = b"\0"
    tail: bytes = b""
    declared_size: int | None = None  # what the headers claim; None = the truth
    method: int = zipfile.ZIP_DEFLATED

    def encode(self) -> tuple[bytes, int, int]:
        """(stored stream, CRC-32, real uncompressed size)."""
        if self.method == zipfile.ZIP_BZIP2:
            import bz2

            data = self.head + self.pad * (self.pad_mib * MIB) + self.tail
            return bz2.compress(data), zlib.crc32(data), len(data)
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts = [compressor.compress(self.head), compressor.flush(zlib.Z_FULL_FLUSH)]
        crc = zlib.crc32(self.head)
        if self.pad_mib:
            padding = self.pad * MIB
            block = compressor.compress(padding) + compressor.flush(zlib.Z_FULL_FLUSH)
            parts.append(block * self.pad_mib)
            for _ in range(self.pad_mib):
                crc = zlib.crc32(padding, crc)
        parts += [compressor.compress(self.tail), compressor.flush()]
        crc = zlib.crc32(self.tail, crc)
        return b"".join(parts), crc, len(self.head) + self.pad_mib * MIB + len(self.tail)


def build_zip(members: Iterable[Member]) -> bytes:
    out = io.BytesIO()
    directory = []
    for member in members:
        stream, crc, size = member.encode()
        declared = size if member.declared_size is None else member.declared_size
        name = member.name.encode()
        fields = (member.method, 0, 0x21, crc, len(stream), declared, len(name))
        directory.append(
            struct.pack("<IHHH", 0x02014B50, 20, 20, 0x800)
            + struct.pack("<HHHIIIH", *fields)
            + struct.pack("<HHHHII", 0, 0, 0, 0, 0, out.tell())
            + name
        )
        out.write(struct.pack("<IHH", 0x04034B50, 20, 0x800))
        out.write(struct.pack("<HHHIIIHH", *fields, 0) + name + stream)
    start = out.tell()
    out.write(b"".join(directory))
    count = len(directory)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, out.tell() - start, start, 0)
    )
    return out.getvalue()


def rebuild(source: bytes, target: str, marker: bytes, pad_mib: int, pad: bytes = b" ") -> bytes:
    """``source`` (a zip) with ``pad_mib`` MiB of ``pad`` inserted into member ``target`` just
    before ``marker`` (spaces between XML elements keep the XML valid)."""
    members = []
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == target:
                cut = data.rindex(marker)
                members.append(Member(target, data[:cut], pad_mib, pad, data[cut:]))
            else:
                members.append(Member(info.filename, data))
    assert any(member.pad_mib for member in members), f"no {target} in the archive"
    return build_zip(members)
