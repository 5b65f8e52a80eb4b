"""Frozen value types passed between the pure ingest stages.

readers -> RawDocument -> parse (+ boilerplate) -> ParsedArticle -> pipeline -> services.
Nothing here imports Django models: these stages run in worker processes and are
tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input record as read from disk, before any interpretation.

    ``origin`` says where it came from precisely enough for a human to find it again
    (``corpus/a.zip!dir/b.jsonl:17``). ``raw`` is the record's original bytes, kept for
    RejectedDocument. ``text`` is the decoded text of a ``.txt`` record; ``fields`` the
    string fields of a structured (JSON/CSV) record. When the reader could not make a
    usable record (binary file, undecodable text, malformed JSON line), ``error`` holds
    the reason and the record will be rejected.
    """

    origin: str
    external_id: str
    format: str  # "txt" | "jsonl" | "csv"
    raw: bytes
    text: str | None = None
    fields: Mapping[str, str] | None = None
    error: str | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article after parsing and cleaning: what the pipeline hands to services.

    ``published_at`` is timezone-aware or None (undated). ``body`` is the cleaned body,
    ``raw_text`` the full text as imported. ``corrections`` holds the editors' correction
    notices taken out of the body, joined by blank lines ("" when none). ``removed`` lists
    the furniture the cleaner took out (for audit and tests). ``warnings`` are non-fatal
    problems (absurd date...).
    """

    external_id: str
    title: str
    body: str
    raw_text: str
    lede: str = ""
    corrections: str = ""
    url: str | None = None
    source_name: str | None = None
    source_domain: str | None = None
    byline: str = ""
    authors: tuple[str, ...] = ()
    dateline: str = ""
    published_at: datetime | None = None
    language: str = "en"
    removed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    cleaner_version: int = 1
    extra: Mapping[str, str] = field(default_factory=dict)


class RejectedRecord(Exception):
    """Raised by a pure stage when a record cannot become an article; the message is the reason."""
