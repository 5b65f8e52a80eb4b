"""Decide what a file is: container, record format, skipped, binary; decode its text.

Everything here works on names and on the first bytes of a file (the "head"), so the
same decisions serve reading and counting.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath

FORMATS = ("auto", "txt", "jsonl", "csv")

# How many leading bytes are inspected to sniff magic numbers, binary content and format.
HEAD_BYTES = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a member header, or an empty archive

_LEAF_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jl": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jl")
_CONTAINER_EXTENSIONS = {".gz": "gzip", ".tgz": "gzip", ".zip": "zip", ".tar": "tar"}

# Names that ship next to a corpus but are not part of it (the BBC archive has a README).
_NOT_CORPUS = re.compile(
    r"""^(?:
        (?:readme|licen[cs]e|copying|notice|changelog|authors)(?:[._-].*)?  # project docs
        | thumbs\.db | desktop\.ini                                          # OS litter
        | .*~                                                                # editor backups
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Control bytes that never occur in text; tab, newlines, form feed and ESC are allowed.
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])
_BINARY_CONTROL_SHARE = 0.05

# A legacy single-byte text whose share of non-ASCII characters exceeds this is not a
# Western language in cp1252: decoding it would produce mojibake, so it is rejected.
_MOJIBAKE_SHARE = 0.25
_MOJIBAKE_MIN_CHARS = 8

_UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
_PRETTY_JSON_OBJECT = re.compile(r"\A\s*\{[ \t]*\r?\n")  # "{" alone on the first line
# An object that opens with a name or closes at once, or an array of objects; "[Updated]"
# at the top of an article is not JSON.
_JSON_START = re.compile(r'(?:\{\s*["}]|\[\s*[{\]])')
_HEADER_CELL = re.compile(r"^[A-Za-z_][\w .-]{0,63}$")
_KNOWN_FIELDS = {
    "id",
    "title",
    "text",
    "body",
    "content",
    "content_original",
    "date",
    "published",
    "date_publish",
    "url",
    "source",
    "source_domain",
    "authors",
    "author",
    "description",
    "headline",
}


class UndecodableText(ValueError):
    """Raised when bytes are not text in any encoding the readers accept."""


def skip_reason(member_name: str) -> str | None:
    """Return why a file found inside a folder or archive is not read, or None."""
    parts = PurePosixPath(member_name.replace("\\", "/")).parts
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return "hidden file"
    if parts and _NOT_CORPUS.match(parts[-1]):
        return "not a corpus file (README, LICENSE…)"
    return None


def strip_compression(name: str) -> str:
    """Return the name a decompressed file has: ``a.jsonl.gz`` -> ``a.jsonl``."""
    lower = name.lower()
    if lower.endswith(".tgz"):
        return name[:-4] + ".tar"
    if lower.endswith(".gz"):
        return name[:-3]
    return name


def kind_from_name(name: str) -> str | None:
    """Return "gzip", "zip", "tar", a record format, "" (no extension) or None (unknown)."""
    suffix = PurePosixPath(name).suffix.lower()
    if not suffix:
        return ""
    return _CONTAINER_EXTENSIONS.get(suffix) or _LEAF_EXTENSIONS.get(suffix)


def kind_from_head(head: bytes) -> str | None:
    """Return the container kind the magic bytes announce, or None."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head[257:262] == b"ustar":  # POSIX and GNU tar headers carry this magic
        return "tar"
    return None


def stem(name: str) -> str:
    """Return a file's base name without its extension."""
    return PurePosixPath(name).stem or PurePosixPath(name).name


def binary_reason(head: bytes) -> str | None:
    """Return "binary file, not text" when the head is not text, else None."""
    if head.startswith(tuple(_UTF16_BOMS)):
        return None  # UTF-16 text is full of NUL bytes by design
    if b"\x00" in head:
        return "binary file, not text"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_CONTROL_SHARE * len(head):
        return "binary file, not text"
    return None


def utf16_codec(head: bytes) -> str | None:
    """Return the UTF-16 codec a byte-order mark announces, or None."""
    for bom, codec in _UTF16_BOMS.items():
        if head.startswith(bom):
            return codec
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; try UTF-8 (with or without BOM), UTF-16 with BOM, cp1252.

    latin-1 is the last resort only for the five bytes cp1252 leaves undefined; the
    binary check has run before, so it never turns binary data into text.
    """
    if data.startswith(codecs.BOM_UTF8):
        data, with_bom = data[len(codecs.BOM_UTF8) :], True
    else:
        with_bom = False
    try:
        return data.decode("utf-8"), "utf-8-sig" if with_bom else "utf-8"
    except UnicodeDecodeError:
        pass
    codec = utf16_codec(data)
    if codec:
        try:
            return data[2:].decode(codec), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableText(f"undecodable text: invalid UTF-16 ({exc.reason})") from exc
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _check_not_mojibake(text)
        return text, encoding
    raise AssertionError("latin-1 decodes any bytes")


def _check_not_mojibake(text: str) -> None:
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii > max(_MOJIBAKE_MIN_CHARS, _MOJIBAKE_SHARE * len(text)):
        share = round(100 * non_ascii / len(text))
        raise UndecodableText(
            f"undecodable text: not UTF-8, and {share}% non-ASCII characters is too many "
            "for a cp1252 text (another legacy encoding?)"
        )


def head_text(head: bytes) -> str:
    """Return the head decoded leniently, for sniffing only."""
    codec = utf16_codec(head)
    if codec:
        return head[2:].decode(codec, "replace")
    return head.decode("utf-8", "replace").removeprefix("\ufeff")


def sniff_format(head: bytes) -> str:
    """Guess the record format of a file without a known extension from its head."""
    text = head_text(head).lstrip()
    if _JSON_START.match(text):
        return "jsonl"
    first_line = text.split("\n", 1)[0].strip()
    for delimiter in (",", "\t", ";", "|"):
        cells = [cell.strip().strip('"') for cell in first_line.split(delimiter)]
        if (
            len(cells) >= 2
            and all(_HEADER_CELL.match(cell) for cell in cells)
            and any(cell.lower() in _KNOWN_FIELDS for cell in cells)
        ):
            return "csv"
    return "txt"


def json_document_mode(head_text: str, name: str) -> str | None:
    """Return "array" or "pretty" when a JSON file is not JSON lines, else None.

    A file named .jsonl/.ndjson/.jl is JSON lines even when a line holds an array, but
    "{" alone on the first line cannot start a JSON line, whatever the name.
    """
    head_text = head_text.lstrip("\ufeff")
    lines_by_name = PurePosixPath(name).suffix.lower() in _JSON_LINES_SUFFIXES
    if head_text.lstrip().startswith("[") and not lines_by_name:
        return "array"
    if _PRETTY_JSON_OBJECT.match(head_text):
        return "pretty"
    return None


def csv_delimiter(name: str, first_line: str) -> str:
    """Return the delimiter: tab for .tsv, else the most frequent candidate in the header."""
    if name.lower().endswith(".tsv"):
        return "\t"
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","
