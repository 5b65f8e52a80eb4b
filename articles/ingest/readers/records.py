"""Turn one decompressed file into RawDocuments: a .txt article, JSON lines/arrays, CSV rows.

Every reader streams: JSON lines and CSV go line by line, JSON arrays through a bounded
buffer, so memory does not grow with the file. Bad records become RawDocuments with
``error`` set and reading goes on where it can.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from articles.ingest.types import RawDocument

from . import detect

MAX_TXT_BYTES = 32 * 1024 * 1024  # far beyond any article; guards against a mislabelled dump
_JSON_CHUNK_CHARS = 1024 * 1024
_MAX_JSON_RECORD_CHARS = 64 * 1024 * 1024
_WHITESPACE = re.compile(r"[ \t\r\n]*")
_NEWLINES = re.compile(r"\r\n?")
_DECODER = json.JSONDecoder()

# The csv module refuses fields over 128 KiB by default; article bodies can be longer.
# The limit is process-wide, and C long caps it on some platforms.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# (line number, raw bytes with end of line, text with end of line, encoding, error)
Line = tuple[int, bytes, str, str, str | None]


def failed(origin: str, external_id: str, fmt: str, reason: str, raw: bytes = b"") -> RawDocument:
    """Return a RawDocument that records why this input could not be read."""
    return RawDocument(origin=origin, external_id=external_id, format=fmt, raw=raw, error=reason)


def read_txt(stream: BinaryIO, name: str, origin: str) -> RawDocument:
    """Return the one article a text file holds."""
    file_stem = detect.stem(name)
    data = stream.read(MAX_TXT_BYTES + 1)
    if len(data) > MAX_TXT_BYTES:
        reason = f"file too large for one article (over {MAX_TXT_BYTES // 2**20} MiB)"
        return failed(origin, file_stem, "txt", reason, data[: detect.HEAD_BYTES])
    reason = detect.binary_reason(data)
    if reason:
        return failed(origin, file_stem, "txt", reason, data[: detect.HEAD_BYTES])
    try:
        text, encoding = detect.decode(data)
    except detect.UndecodableText as exc:
        return failed(origin, file_stem, "txt", str(exc), data)
    if not text.strip():
        return failed(origin, file_stem, "txt", "empty file: only whitespace", data)
    # Later stages split on "\n"; the original line endings survive in ``raw``.
    text = _NEWLINES.sub("\n", text)
    return RawDocument(
        origin=origin,
        external_id=file_stem,
        format="txt",
        raw=data,
        text=text,
        encoding=encoding,
    )


def iter_lines(stream: BinaryIO, head: bytes) -> Iterator[Line]:
    """Yield each line of a text stream, decoded on its own so one bad line stays local."""
    codec = detect.utf16_codec(head)
    if codec:
        # UTF-16 cannot be split on b"\n"; decode the stream and re-encode each line.
        text_stream = io.TextIOWrapper(stream, encoding="utf-16", newline="")
        for number, text in enumerate(text_stream, 1):
            yield number, text.encode(codec), text, "utf-16", None
        return
    for number, raw in enumerate(stream, 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if number == 1 and text.startswith("\ufeff"):
                yield number, raw, text[1:], "utf-8-sig", None
            else:
                yield number, raw, text, "utf-8", None
            continue
        try:
            text, encoding = detect.decode(raw)
        except detect.UndecodableText as exc:
            yield number, raw, raw.decode("latin-1"), "latin-1", str(exc)
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield number, raw, text, encoding, None


def _without_eol(raw: bytes, text: str, encoding: str) -> bytes:
    """Return a line's bytes without its line ending (two bytes a character in UTF-16)."""
    if encoding != "utf-16":
        return raw.rstrip(b"\r\n")
    return raw[: len(raw) - 2 * (len(text) - len(text.rstrip("\r\n")))]


def _raw_row(lines: list[Line]) -> bytes:
    """Return the bytes of a record's physical lines, without the final line ending."""
    if not lines:
        return b""
    *before, (_number, raw, text, encoding, _error) = lines
    return b"".join(line[1] for line in before) + _without_eol(raw, text, encoding)


def read_json(stream: BinaryIO, head: bytes, name: str, origin: str) -> Iterator[RawDocument]:
    """Yield the records of a JSON lines file, a JSON array or pretty-printed objects."""
    mode = detect.json_document_mode(detect.head_text(head), name)
    if mode:
        yield from _read_json_document(stream, head, name, origin, mode)
    else:
        yield from _read_json_lines(iter_lines(stream, head), name, origin)


def _read_json_lines(lines: Iterable[Line], name: str, origin: str) -> Iterator[RawDocument]:
    file_stem = detect.stem(name)
    found = False
    for number, raw, text, encoding, error in lines:
        if not text or text.isspace():
            continue  # blank lines separate nothing in JSON lines; skip them quietly
        found = True
        raw = _without_eol(raw, text, encoding)
        where, fallback_id = f"{origin}:{number}", f"{file_stem}:{number}"
        if error:
            yield failed(where, fallback_id, "jsonl", error, raw)
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            reason = f"malformed JSON on line {number}: {exc.msg} (column {exc.colno})"
            yield failed(where, fallback_id, "jsonl", reason, raw)
            continue
        yield _json_record(value, where, file_stem, number, raw, encoding)
    if not found:
        yield failed(origin, file_stem, "jsonl", "empty file: no records")


def _read_json_document(
    stream: BinaryIO, head: bytes, name: str, origin: str, mode: str
) -> Iterator[RawDocument]:
    file_stem = detect.stem(name)
    codec = detect.utf16_codec(head)
    if codec:
        encoding, raw_codec = "utf-16", codec
    else:
        try:
            # final=False: the head may end inside a multi-byte character.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            encoding, raw_codec = "utf-8-sig", "utf-8"
        except UnicodeDecodeError:
            encoding, raw_codec = "cp1252", "cp1252"
    scanner = _JsonScanner(io.TextIOWrapper(stream, encoding=encoding))
    reported = encoding if encoding != "utf-8-sig" or head.startswith(codecs.BOM_UTF8) else "utf-8"
    found = False
    try:
        for number, text, value in scanner.values(array=mode == "array"):
            found = True
            raw = text.encode(raw_codec)
            where = f"{origin}:{number}"
            yield _json_record(value, where, file_stem, number, raw, reported)
    except _MalformedJson as exc:
        where = f"{origin}:{exc.line}"
        yield failed(where, f"{file_stem}:{exc.line}", "jsonl", str(exc), exc.excerpt)
        return
    except UnicodeDecodeError as exc:
        yield failed(origin, file_stem, "jsonl", f"undecodable text: not {encoding} ({exc.reason})")
        return
    if not found:
        yield failed(origin, file_stem, "jsonl", "empty file: no records")


def _json_record(
    value: object, where: str, file_stem: str, number: int, raw: bytes, encoding: str
) -> RawDocument:
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", type(None): "null"}.get(type(value), "a value")
        reason = f"JSON on line {number} is {kind}, not an object"
        return failed(where, f"{file_stem}:{number}", "jsonl", reason, raw)
    fields = {key: _as_text(item) for key, item in value.items()}
    return RawDocument(
        origin=where,
        external_id=_record_id(fields) or f"{file_stem}:{number}",
        format="jsonl",
        raw=raw,
        fields=fields,
        encoding=encoding,
    )


def _as_text(value: object) -> str:
    """Return a JSON value as a field string: lists and objects as JSON, null as ""."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _record_id(fields: dict[str, str]) -> str:
    for key in ("id", "ID", "Id"):
        value = fields.get(key, "").strip()
        if value:
            return value
    return ""


class _MalformedJson(ValueError):
    def __init__(self, line: int, message: str, excerpt: bytes = b"") -> None:
        super().__init__(f"malformed JSON on line {line}: {message}")
        self.line, self.excerpt = line, excerpt


class _JsonScanner:
    """Read top-level JSON values (or an array's items) from a text stream in chunks."""

    def __init__(self, reader: io.TextIOBase) -> None:
        self.reader = reader
        self.buf, self.pos, self.eof = "", 0, False
        # Line numbers are counted lazily: ``line`` is the line at ``line_pos`` in buf.
        self.line, self.line_pos = 1, 0

    def values(self, *, array: bool) -> Iterator[tuple[int, str, object]]:
        """Yield ``(line, text, value)`` for every record."""
        if not array:
            while self._peek():
                yield self._value()
            return
        if self._peek() != "[":
            raise _MalformedJson(self._line_at(self.pos), "expected a JSON array")
        self.pos += 1
        if self._peek() == "]":
            self.pos += 1
        else:
            while True:
                self._peek()
                yield self._value()
                found = self._peek()
                self.pos += 1
                if found == "]":
                    break
                if found != ",":
                    found = repr(found) if found else "the end of the file"
                    raise _MalformedJson(
                        self._line_at(self.pos - 1), f"expected ',' or ']', found {found}"
                    )
        if self._peek():
            raise _MalformedJson(self._line_at(self.pos), "extra data after the JSON array")

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.reader.read(_JSON_CHUNK_CHARS)
        if not chunk:
            self.eof = True
            return False
        self._line_at(self.pos)
        self.buf = self.buf[self.pos :] + chunk
        self.pos = self.line_pos = 0
        return True

    def _peek(self) -> str:
        """Skip whitespace; return the next character, or "" at the end of the stream."""
        while True:
            self.pos = _WHITESPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def _value(self) -> tuple[int, str, object]:
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos < _MAX_JSON_RECORD_CHARS and self._more():
                    continue  # the record may just be cut by the chunk boundary
                excerpt = self.buf[self.pos : self.pos + detect.HEAD_BYTES].encode("utf-8")
                raise _MalformedJson(
                    self._line_at(max(exc.pos, self.pos)),
                    f"{exc.msg} (column {exc.colno})",
                    excerpt,
                ) from None
            if end == len(self.buf) and self._more():
                continue  # a number at the chunk boundary may go on in the next chunk
            line = self._line_at(self.pos)
            text, self.pos = self.buf[self.pos : end], end
            return line, text, value

    def _line_at(self, pos: int) -> int:
        self.line += self.buf.count("\n", self.line_pos, pos)
        self.line_pos = pos
        return self.line


def read_csv(stream: BinaryIO, head: bytes, name: str, origin: str) -> Iterator[RawDocument]:
    """Yield one record per CSV row; the first row names the fields."""
    file_stem = detect.stem(name)
    lines = iter_lines(stream, head)
    first = next(lines, None)
    if first is None:
        yield failed(origin, file_stem, "csv", "empty file")
        return
    consumed: list[Line] = []

    def texts() -> Iterator[str]:
        # csv.reader pulls exactly the lines of one record per row: no read-ahead, so
        # ``consumed`` holds the physical lines (and raw bytes) of the row just returned.
        for line in itertools.chain([first], lines):
            consumed.append(line)
            yield line[2]

    reader = csv.reader(texts(), delimiter=detect.csv_delimiter(name, first[2]))
    header: list[str] | None = None
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number = consumed[0][0] if consumed else reader.line_num
            raw = _raw_row(consumed)
            consumed.clear()
            reason = f"malformed CSV on line {number}: {exc}"
            yield failed(f"{origin}:{number}", f"{file_stem}:{number}", "csv", reason, raw)
            continue
        row_lines, consumed[:] = consumed[:], []
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line
        if header is None:
            header = _unique_names(row)
            continue
        rows += 1
        yield _csv_record(row, header, row_lines, origin, file_stem)
    if header is None:
        yield failed(origin, file_stem, "csv", "empty file: no header")
    elif not rows:
        yield failed(origin, file_stem, "csv", "empty file: a header and no rows")


def _csv_record(
    row: list[str], header: list[str], row_lines: list[Line], origin: str, file_stem: str
) -> RawDocument:
    number = row_lines[0][0]
    where, fallback_id = f"{origin}:{number}", f"{file_stem}:{number}"
    raw = _raw_row(row_lines)
    errors = [line[4] for line in row_lines if line[4]]
    if errors:
        return failed(where, fallback_id, "csv", errors[0], raw)
    if len(row) != len(header):
        reason = f"CSV row on line {number} has {len(row)} fields, the header has {len(header)}"
        return failed(where, fallback_id, "csv", reason, raw)
    fields = dict(zip(header, row, strict=True))
    encodings = {line[3] for line in row_lines} - {"utf-8"}
    return RawDocument(
        origin=where,
        external_id=_record_id(fields) or fallback_id,
        format="csv",
        raw=raw,
        fields=fields,
        encoding=min(encodings) if encodings else "utf-8",
    )


def _unique_names(header: list[str]) -> list[str]:
    """Return the header with repeated names suffixed (_2, _3…) so no column is lost."""
    seen: dict[str, int] = {}
    names = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names
