"""A record after the pure stages, and its article row as COPY text (pure: runs in workers).

``ingest.prepare`` makes a ``PreparedRecord`` of each input record; ``services.imports``
classifies and writes a batch of them. Every record ends as exactly one of ``OUTCOMES``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from articles.ingest.copy_text import NULL, copy_escape
from articles.ingest.mention_rows import PreparedMentions
from articles.ingest.types import ParsedArticle

OUTCOMES = ("inserted", "updated", "unchanged", "duplicate", "rejected")
# The Source of the records that name no outlet.
UNKNOWN_SOURCE = "Unknown source"

# The article row's identity columns (the natural key), in ``copy_parts`` order.
IDENTITY_COLUMNS = ("url", "external_id", "record_key")
# The columns an updated record may change (the natural key and bookkeeping stay), in
# ``copy_parts`` order.
CONTENT_COLUMNS = (
    "title",
    "lede",
    "byline",
    "dateline",
    "published_at",
    "body",
    "corrections",
    "raw_text",
    "language",
    "word_count",
    "content_hash",
    "cleaner_version",
    "minhash",
)
BODY_FIELD = CONTENT_COLUMNS.index("body")  # in the COPY text of a record's content


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """A record after the pure stages: an article ready to write, or a rejection.

    From ``prepare.prepare_record``, ``article`` comes without its texts (body,
    corrections, raw text, removed furniture): ``copy_parts`` carries them, and every
    write reads them from there.
    """

    origin: str
    external_id: str
    raw: bytes
    article: ParsedArticle | None = None
    content_hash: str = ""
    signature: tuple[int, ...] = ()
    bands: tuple[int, ...] = ()
    reject_reason: str = ""
    warnings: tuple[str, ...] = ()
    # The article's identity and content as COPY text, built in the worker (``copy_parts``).
    copy_parts: tuple[bytes, bytes] | None = None
    # What extraction found, as mention rows (None when the run has no gazetteer, e.g. an
    # empty database).
    mentions: PreparedMentions | None = None

    @property
    def record_key(self) -> str:
        """Return the record's identity: its url, else its source and external id."""
        if self.article is not None and self.article.url:
            return self.article.url
        source = self.article.source_name if self.article else ""
        return f"{source or ''}|{self.external_id}"


def copy_parts(
    record: PreparedRecord, *, word_count: int | None = None
) -> tuple[bytes, bytes] | None:
    """Return a record's identity and content as UTF-8 COPY text (pure: runs in the workers).

    ``word_count`` is the body's word count when the caller has it. None when the text
    cannot be encoded (a lone surrogate from a JSON escape).
    """
    parsed = record.article
    identity = "\t".join(
        (
            copy_escape(parsed.url) if parsed.url else NULL,
            copy_escape(record.external_id[:500]),
            copy_escape(record.record_key),
        )
    )
    published = parsed.published_at
    content = "\t".join(
        (
            copy_escape(parsed.title.strip() or display_title(parsed.body, record.external_id)),
            copy_escape(parsed.lede),
            copy_escape(parsed.byline[:500]),
            copy_escape(parsed.dateline[:200]),
            published.isoformat() if published is not None else NULL,
            copy_escape(parsed.body),
            copy_escape(parsed.corrections),
            copy_escape(parsed.raw_text),
            copy_escape(parsed.language or "en"),
            str(len(parsed.body.split()) if word_count is None else word_count),
            record.content_hash,
            str(int(parsed.cleaner_version)),
            json.dumps(list(record.signature)) if record.signature else NULL,
        )
    )
    try:
        return identity.encode(), content.encode()
    except UnicodeEncodeError:
        return None


def encoded_parts(record: PreparedRecord) -> tuple[bytes, bytes]:
    """Return ``copy_parts`` for a record prepared without them (raises if unstorable)."""
    parts = copy_parts(record)
    if parts is None:
        raise ValueError(f"{record.origin}: text cannot be stored")
    return parts


def display_title(body: str, external_id: str) -> str:
    """Return a title for an article whose text has no headline (a speech, a transcript)."""
    first = " ".join(body.split()[:14])
    if not first:
        return external_id or "Untitled"
    return first + ("…" if len(body.split()) > 14 else "")
