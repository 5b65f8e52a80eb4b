"""A batch's article rows written with COPY, from the row text the workers built.

New articles get their ids from the sequence first (``next_ids``), so their near-duplicate
groups are decided before they are written, once, already grouped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.db import connection
from django.utils import timezone

from articles.choices import ArticleStatus
from articles.extract.types import EXTRACTOR_VERSION
from articles.ingest.copy_text import ChunkReader, copy_escape, pg_array
from articles.ingest.records import CONTENT_COLUMNS, IDENTITY_COLUMNS, PreparedRecord, encoded_parts
from articles.models import Article, ArticleBand, ImportRun


class NewArticle:
    """An article this batch inserts: its first record, and the record its content comes from.

    A later record of the same batch with the same url and another text updates the
    content, and with it the signature and bands; the identity and the source stay the
    first record's.
    """

    __slots__ = (
        "content",
        "content_hash",
        "duplicate_group_id",
        "duplicate_keys",
        "id",
        "is_story_lead",
        "pk",
        "record",
        "record_key",
        "source_id",
        "url",
    )

    def __init__(self, record: PreparedRecord, source_id: int, url: str | None = None):
        self.url = url  # another URL than the record's (a URL clash kept apart), if any
        self.record = self.content = record
        self.content_hash = record.content_hash
        self.record_key = record.record_key
        self.source_id = source_id
        self.duplicate_keys: list[str] = []
        self.duplicate_group_id: int | None = None
        self.is_story_lead = True
        self.id = self.pk = None


def next_ids(model, count: int) -> list[int]:
    """Take ``count`` ids from ``model``'s sequence, ascending (ids follow record order)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


# Columns written by ``copy_articles``, in row order: first those the batch decides, then
# the record's identity and content (built by the worker), then the constant defaults.
_BATCH_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "source_id",
    "import_run_id",
    "duplicate_group_id",
    "is_story_lead",
    "duplicate_keys",
)
_CONSTANT_COLUMNS = ("status", "reviewed", "extractor_version")
_CONSTANTS = f"{ArticleStatus.PUBLISHED.value}\tf\t{EXTRACTOR_VERSION}".encode()
# Without a gazetteer (an empty database) nothing was extracted: version 0 says so.
_CONSTANTS_UNEXTRACTED = f"{ArticleStatus.PUBLISHED.value}\tf\t0".encode()


def copy_articles(run: ImportRun, new: list[NewArticle]) -> None:
    """Write the batch's new articles with one COPY (ids and groups already decided)."""
    columns = ", ".join((*_BATCH_COLUMNS, *IDENTITY_COLUMNS, *CONTENT_COLUMNS, *_CONSTANT_COLUMNS))
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {Article._meta.db_table} ({columns}) FROM STDIN",
            ChunkReader(_article_rows(run, new)),
        )


def update_articles(changed: dict[int, PreparedRecord]) -> None:
    """Replace the content of stored articles whose text changed, from the worker's row text.

    The same COPY text as an insert, into a temporary table, then one UPDATE: the
    records need not carry their texts twice (see ``ingest.prepare.prepare_record``).
    """
    table = Article._meta.db_table
    columns = ", ".join(CONTENT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE import_update AS SELECT id, {columns} FROM {table} WITH NO DATA"
        )
        cursor.cursor.copy_expert(
            f"COPY import_update (id, {columns}) FROM STDIN",
            ChunkReader(
                b"%d\t%b\n" % (pk, (record.copy_parts or encoded_parts(record))[1])
                for pk, record in changed.items()
            ),
        )
        assignments = ", ".join(f"{name} = u.{name}" for name in CONTENT_COLUMNS)
        cursor.execute(
            f"UPDATE {table} AS a SET {assignments}, updated_at = %s "
            "FROM import_update AS u WHERE a.id = u.id",
            [timezone.now()],  # as the inserts: now() would be the transaction's start
        )
        cursor.execute("DROP TABLE import_update")


def _article_rows(run: ImportRun, new: list[NewArticle]) -> Iterator[bytes]:
    """Yield the COPY text of ``new``, in pieces: the worker's row text is sent as it is.

    Joining ~1,000 rows of ~25 kB (body and raw text) into one buffer would copy 25 MB
    per batch, twice; the pieces go to the server unjoined.
    """
    now = timezone.now().isoformat().encode()
    for article in new:
        identity = (article.record.copy_parts or encoded_parts(article.record))[0]
        if article.url is not None:  # the url column first, then the rest of the identity
            identity = copy_escape(article.url).encode() + identity[identity.index(b"\t") :]
        content = (article.content.copy_parts or encoded_parts(article.content))[1]
        group = article.duplicate_group_id
        keys = copy_escape(pg_array(article.duplicate_keys)) if article.duplicate_keys else "{}"
        yield b"%d\t%b\t%b\t%d\t%d\t%b\t%b\t%b\t%b\t" % (
            article.id,
            now,
            now,
            article.source_id,
            run.pk,
            b"\\N" if group is None else str(group).encode(),
            b"t" if article.is_story_lead else b"f",
            keys.encode(),
            identity,
        )
        yield content
        yield b"\t%b\n" % (
            _CONSTANTS if article.content.mentions is not None else _CONSTANTS_UNEXTRACTED
        )


def copy_bands(rows) -> None:
    """Write (article_id, band) rows with COPY: ~30 rows an article, the import's biggest insert."""
    buffer = io.StringIO("".join(f"{article_id}\t{band}\n" for article_id, band in rows))
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {ArticleBand._meta.db_table} (article_id, band) FROM STDIN", buffer
        )
