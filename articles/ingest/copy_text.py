"""PostgreSQL's COPY text format: the one codec every COPY the import writes goes through.

Pure (strings and bytes only), so the workers build the row text of articles and of
their mentions, and the main process only sends it. A row is its columns' text joined by
tabs and ended by a newline; NULL is ``\\N``; backslash, tab, newline and carriage
return inside a value are escaped with a backslash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

NULL = "\\N"


def copy_escape(text: str) -> str:
    """Return ``text`` escaped for COPY's text format (only when it needs it)."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


_ESCAPED = re.compile(r"\\(.)")
_UNESCAPED = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}


def copy_unescape(text: str) -> str:
    """Return the value ``copy_escape`` escaped as ``text``."""
    return _ESCAPED.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), text)


def copy_value(value) -> str:
    """Return ``value`` in COPY's text format (None as NULL, booleans as t/f, text escaped).

    Called for every column of ~20 mention rows per imported article: the common types
    are tested by exact type first.
    """
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return copy_escape(value)
    if value is None:
        return NULL
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return copy_escape(str(value))


def pg_array(values: Sequence[str]) -> str:
    """Return ``values`` as a PostgreSQL text-array literal (escape it for COPY as well)."""
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


class ChunkReader:
    """A file-like object over an iterator of byte strings, for ``copy_expert``.

    psycopg2 sends whatever ``read`` returns (any length) and stops at an empty string,
    so COPY text can be streamed from pieces without joining them first. Empty pieces
    are skipped: returned, one would end the COPY early.
    """

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)

    def read(self, size: int = -1) -> bytes:
        for chunk in self._chunks:
            if chunk:
                return chunk
        return b""
