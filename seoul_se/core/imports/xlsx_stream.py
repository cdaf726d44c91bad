"""A streaming reader for one worksheet of an .xlsx upload (kinds with ``streams_rows``).

python-calamine builds a sheet's whole cell array before handing over its first row: ~350 bytes
a row at its peak for a five-column sheet, 350 MB for the million transaction rows of a loan
history. This reader inflates the worksheet part in 1 MB pieces and parses it with expat (C),
yielding each row as it is complete, so memory stays flat whatever the number of rows.

Its cells are those of calamine (``readers._calamine_rows``): text, float for numbers, bool,
``date`` for a date-formatted whole day, ``datetime`` with a time of day, ``time`` for a
time-only format, the error text (``#N/A``) for an error cell, "" for an empty cell; rows are
numbered from the sheet's first row (empty rows kept) and cells from column A. It is only handed
files that passed the checks of ``readers.open_table`` (the same file, its SHA-256 verified, on
the commit); a document type declaration is refused all the same (no entity is ever expanded).
"""

import datetime as dt
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.parsers import expat

from defusedxml import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
PIECE = 1 << 20
# Built-in number formats that are dates or times (ECMA-376 18.8.30, with the East Asian ids).
DATE_FORMATS = frozenset([*range(14, 18), 22, *range(27, 32), *range(34, 37), *range(50, 59)])
TIME_FORMATS = frozenset([18, 19, 20, 21, 32, 33, 45, 46, 47])
# A custom format code is a date/time one when, outside quotes, escapes and [colour] brackets,
# it holds a date or time letter (what calamine checks too).
QUOTED_RE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
DATE_CODE_RE = re.compile(r"[dmyhsDMYHSeg]")
TIME_ONLY_RE = re.compile(r"^[hHmMsS:.0\s]+(?:AM/PM)?$")
MERGE_RE = re.compile(
    rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"'
)
# The fast path: a cell as Excel, openpyxl and xlsxwriter write it (reference first, then style
# and type, a value or an inline string). A piece of the part where some cell start is not such
# a cell (a formula, rich text, other attribute order, a namespace prefix, …) goes to expat.
CELL_RE = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,6})")?(?: t="([a-zA-Z]{1,9})")?'
    rb'(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
)
ANY_CELL_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
ROW_END = b"</row>"
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


class Refused(ValueError):
    """A workbook this reader cannot read (the caller reports it as unreadable)."""


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return ElementTree.fromstring(archive.read(name), forbid_dtd=True)
    except KeyError:
        return None


def _part(archive: zipfile.ZipFile, sheet: str | None) -> tuple[str, str]:
    """(sheet name, worksheet part) of ``sheet`` (None: the first sheet)."""
    book = _xml(archive, "xl/workbook.xml")
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        raise Refused("no workbook part")
    targets = {
        r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PACKAGE_RELATIONSHIPS}Relationship")
    }
    sheets = [(s.get("name"), s.get(f"{RELATIONSHIPS}id")) for s in book.iter(f"{MAIN}sheet")]
    found = next(((n, r) for n, r in sheets if sheet is None or n == sheet), None)
    if found is None:
        raise KeyError(sheet)
    target = targets.get(found[1], "")
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
    return found[0] or "", path


def _date1904(archive: zipfile.ZipFile) -> bool:
    book = _xml(archive, "xl/workbook.xml")
    pr = book.find(f"{MAIN}workbookPr") if book is not None else None
    return pr is not None and pr.get("date1904", "").lower() in ("1", "true")


def _formats(archive: zipfile.ZipFile) -> list[str]:
    """Per cell style index: "date", "time" or "" (a plain number)."""
    styles = _xml(archive, "xl/styles.xml")
    if styles is None:
        return []
    custom: dict[int, str] = {}
    for fmt in styles.iter(f"{MAIN}numFmt"):
        code = QUOTED_RE.sub("", fmt.get("formatCode", ""))
        if TIME_ONLY_RE.match(code.strip()) and DATE_CODE_RE.search(code):
            custom[int(fmt.get("numFmtId", "0"))] = "time"
        elif DATE_CODE_RE.search(code):
            custom[int(fmt.get("numFmtId", "0"))] = "date"
        else:
            custom[int(fmt.get("numFmtId", "0"))] = ""
    xfs = styles.find(f"{MAIN}cellXfs")
    kinds = []
    for xf in xfs if xfs is not None else []:
        number = int(xf.get("numFmtId", "0"))
        kind = custom.get(number)
        if kind is None:
            kind = "date" if number in DATE_FORMATS else "time" if number in TIME_FORMATS else ""
        kinds.append(kind)
    return kinds


def _parser() -> Any:
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args: Any) -> None:
        raise Refused("document type declaration")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The shared-string table (its phonetic runs left out, as Excel shows the cell)."""
    try:
        info = archive.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(name: str, _attrs: Any) -> None:
        local = name.rpartition(":")[2]
        if local == "t" and not state["phonetic"]:
            state["text"] = True
        elif local == "rPh":
            state["phonetic"] += 1

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "t":
            state["text"] = False
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si":
            strings.append("".join(parts))
            parts.clear()

    def text(data: str) -> None:
        if state["text"]:
            parts.append(data)

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with archive.open(info) as stream:
        while piece := stream.read(PIECE):
            parser.Parse(piece, False)
    parser.Parse(b"", True)
    return strings


def _merged(archive: zipfile.ZipFile, path: str) -> list[Any]:
    """The sheet's merged ranges ((row, col), (row, col)), from 0 (they follow the cells)."""
    merged: list[Any] = []
    tail = b""
    with archive.open(path) as stream:
        while piece := stream.read(PIECE):
            data = tail + piece
            cut = data.rfind(b">") + 1
            for c0, r0, c1, r1 in MERGE_RE.findall(data[:cut]):
                top = ((int(r0) - 1, _column(c0.decode())), (int(r1) - 1, _column(c1.decode())))
                merged.append(top)
            tail = data[cut:]
    return merged


class _Sheet:
    """expat handlers building one row at a time; finished rows wait in ``ready``. Hot code:
    a million rows make some twenty million calls, so the tags are looked up in a dict and the
    common case (a reference like ``B7``, a plain number) goes first."""

    def __init__(self, strings: list[str], formats: list[str], epoch: dt.datetime) -> None:
        self.strings, self.formats, self.epoch = strings, formats, epoch
        self.ready: list[list[Any]] = []
        self.row: list[Any] = []
        self.number = 0  # the sheet row being read, from 1
        self.emitted = 0  # the last sheet row handed over (rows up to it are not read again)
        self.column = -1
        self.kind = "n"  # the cell's t attribute
        self.style = ""
        self.text: list[str] = []
        self.collect = False
        self.tags: dict[str, str] = {}
        self.done = False  # the fast path read the whole part
        self.seen: dict[tuple[str, bytes, bytes], Any] = {}

    def _tag(self, name: str) -> str:
        local = self.tags.get(name)
        if local is None:
            local = self.tags[name] = name.rpartition(":")[2]
        return local

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = self.tags.get(name) or self._tag(name)
        if local == "c":
            ref = attrs.get("r")
            if not ref:
                self.column += 1
            elif ref[1].isdigit():
                self.column = ord(ref[0]) - 65
            else:
                self.column = _column(ref.rstrip("0123456789"))
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s", "")
            self.text = []
        elif local == "v" or (local == "t" and self.kind == "inlineStr"):
            self.collect = True
        elif local == "row":
            ref = attrs.get("r")
            number = int(ref) if ref else self.number + 1
            if number <= self.number:
                raise Refused("rows out of order")
            self.number = number
            self.row = []
            self.column = -1
        elif local == "rPh":
            self.collect = False

    def end(self, name: str) -> None:
        local = self.tags.get(name) or self._tag(name)
        if local == "c":
            row = self.row
            gap = self.column - len(row)
            if gap:
                if gap < 0:
                    raise Refused("cells out of order")
                row.extend([""] * gap)
            row.append(self._value("".join(self.text)))
        elif local == "v" or local == "t":
            self.collect = False
        elif local == "row":
            self.emit(self.number, self.row)

    def emit(self, number: int, row: list[Any]) -> None:
        """Hand over sheet row ``number`` (the empty rows before it as ``[]``)."""
        if number > self.emitted:
            if number > self.emitted + 1:
                self.ready.extend([] for _ in range(number - self.emitted - 1))
            self.ready.append(row)
            self.emitted = number

    def fast(self, data: bytes) -> bool:
        """Read whole rows of the part by ``CELL_RE``; False (nothing read) when some cell is
        not of that form."""
        cells = CELL_RE.findall(data)
        if len(cells) != len(ANY_CELL_RE.findall(data)):
            return False
        number, row = 0, self.row
        for letters, digits, style, kind, value, text in cells:
            at = int(digits)
            if at != number:
                if at < number or at <= self.emitted:
                    raise Refused("rows out of order")
                if number:
                    self.emit(number, row)
                number, row = at, []
            column = letters[0] - 65 if len(letters) == 1 else _column(letters.decode())
            gap = column - len(row)
            if gap:
                if gap < 0:
                    raise Refused("cells out of order")
                row.extend([""] * gap)
            raw = (value or text).decode()
            if "&" in raw or "\r" in raw:  # what expat would have resolved
                raw = html.unescape(raw.replace("\r\n", "\n").replace("\r", "\n"))
            if kind == b"inlineStr":
                row.append(raw)
            elif not kind and not style:
                row.append(float(raw) if raw else "")
            else:
                key = (raw, kind, style)  # dates repeat: one conversion each
                found = self.seen.get(key)
                if found is None:
                    self.kind = kind.decode() if kind else "n"
                    self.style = style.decode()
                    found = self._value(raw)
                    if len(self.seen) < 100_000:
                        self.seen[key] = found
                row.append(found)
        if number:
            self.emit(number, row)
        return True

    def chars(self, data: str) -> None:
        if self.collect:
            self.text.append(data)

    def _value(self, text: str) -> Any:
        kind = self.kind
        if kind == "n":
            if not text:
                return ""
            number = float(text)
            if not self.style:
                return number
            index = int(self.style)
            style = self.formats[index] if index < len(self.formats) else ""
            return self._date(number, style) if style else number
        if kind == "s":
            return self.strings[int(text)] if text else ""
        if kind == "b":
            return text.strip() == "1"
        if kind == "d":
            return _iso(text)
        return text  # inlineStr, str (a formula's text), e (an error: "#N/A")

    def _date(self, serial: float, style: str) -> Any:
        if serial < 0:
            return serial
        if serial.is_integer() and style == "date":
            return (self.epoch + dt.timedelta(days=serial)).date()
        moment = self.epoch + dt.timedelta(days=serial)
        moment = moment.replace(microsecond=round(moment.microsecond / 1000) * 1000 % 1_000_000)
        if style == "time" and serial < 1:
            return moment.time()
        if moment.time() == dt.time():
            return moment.date()
        return moment


def _iso(text: str) -> Any:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return moment.date() if moment.time() == dt.time() and "T" not in text else moment


def stream_rows(upload: IO[bytes], sheet: str | None) -> tuple[str, Iterator[list[Any]], list[Any]]:
    """(sheet name, its rows as they are parsed, its merged ranges) like ``_calamine_rows``;
    ``KeyError`` for a missing sheet, ``Refused`` (or ``zipfile.BadZipFile``, ``expat.error``)
    for a workbook it cannot read."""
    archive = zipfile.ZipFile(upload)
    name, path = _part(archive, sheet)
    if path not in archive.namelist():
        raise Refused("no worksheet part")
    epoch = EPOCH_1904 if _date1904(archive) else EPOCH_1900
    state = _Sheet(_shared_strings(archive), _formats(archive), epoch)
    merged = _merged(archive, path)

    def fast() -> Iterator[list[Any]]:
        """Rows by ``CELL_RE``, piece by piece (cut after a row's end); stops at the first
        piece it cannot read that way, having handed over the rows before it."""
        tail, declaration = b"", True
        with archive.open(path) as stream:
            while piece := stream.read(PIECE):
                data = tail + piece
                # A document type, CDATA, a comment or a processing instruction (after the XML
                # declaration) may hide or change cells: expat decides.
                start = data.find(b"?>") + 2 if declaration else 0
                if b"<!" in data or data.find(b"<?", max(start, 0)) >= 0:
                    return
                declaration = False
                cut = data.rfind(ROW_END) + len(ROW_END) if ROW_END in data else 0
                if not state.fast(data[:cut]):
                    return
                tail = data[cut:]
                yield from state.ready
                state.ready.clear()
        state.done = not ANY_CELL_RE.search(tail)  # a cell after the last row's end: expat

    def exact() -> Iterator[list[Any]]:
        """Every row by expat from the part's start (those already handed over skipped)."""
        state.number = 0
        parser = _parser()
        parser.StartElementHandler = state.start
        parser.EndElementHandler = state.end
        parser.CharacterDataHandler = state.chars
        with archive.open(path) as stream:
            while piece := stream.read(PIECE):
                parser.Parse(piece, False)
                yield from state.ready
                state.ready.clear()
        parser.Parse(b"", True)
        yield from state.ready

    def rows() -> Iterator[list[Any]]:
        yield from fast()
        if not state.done:
            state.ready.clear()
            yield from exact()
        archive.close()

    return name, rows(), merged
