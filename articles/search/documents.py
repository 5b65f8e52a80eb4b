"""Article rows → index documents, read from PostgreSQL in one statement per batch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import tantivy
from django.db import connection
from django.utils import timezone

from articles.choices import ArticleStatus
from articles.search import schema

# The ids of each multi-valued field: non-suppressed mentions (focus ones for the twins).
_MENTIONS = {
    "country": ("articles_articlecountry", "country_id", ""),
    "country_focus": ("articles_articlecountry", "country_id", " AND m.is_focus"),
    "official": (
        "articles_articleofficial",
        "official_id",
        " AND m.official_id IS NOT NULL",
    ),
    "official_focus": (
        "articles_articleofficial",
        "official_id",
        " AND m.official_id IS NOT NULL AND m.is_focus",
    ),
    "organization": ("articles_articleorganisation", "organisation_id", ""),
    "topic": ("articles_articletopic", "topic_id", ""),
}

_ARRAYS = ",\n".join(
    f"ARRAY(SELECT DISTINCT m.{column} FROM {table} m "
    f"WHERE m.article_id = a.id AND NOT m.suppressed{extra})"
    for table, column, extra in _MENTIONS.values()
)

DOCUMENT_SQL = f"""
    SELECT a.id, a.title, a.lede, a.body, a.published_at, a.source_id,
           a.status = %s AS public, a.is_story_lead,
           {_ARRAYS}
    FROM articles_article a
    WHERE a.id = ANY(%s)
"""


def documents(ids: Sequence[int]) -> Iterator[tuple[int, tantivy.Document | None]]:
    """Yield (id, document) for each of ``ids``; the document is None for a deleted article."""
    found: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_SQL, [ArticleStatus.PUBLISHED, list(ids)])
        for row in cursor.fetchall():
            found.add(row[0])
            yield row[0], document(row)
    for pk in ids:
        if pk not in found:
            yield pk, None


def document(row: tuple) -> tantivy.Document:
    """Return the index document of one ``DOCUMENT_SQL`` row."""
    pk, title, lede, body, published_at, source_id, public, lead, *arrays = row
    doc = tantivy.Document()
    doc.add_unsigned("id", pk)
    doc.add_text("title", title or "")
    doc.add_text("body", f"{lede}\n\n{body}" if lede else body or "")
    doc.add_unsigned("public", int(bool(public)))
    doc.add_unsigned("lead", int(bool(lead)))
    doc.add_unsigned("source", source_id)
    for name, values in zip(_MENTIONS, arrays, strict=True):
        for value in values:
            doc.add_unsigned(name, value)
    doc.add_unsigned("newest", schema.newest_key(published_at, pk))
    doc.add_unsigned("oldest", schema.oldest_key(published_at, pk))
    if published_at is not None:
        day = _local_day(published_at)
        for name, (number, _) in schema.PERIOD_FIELDS.items():
            doc.add_unsigned(name, number(day))
    return doc


def _local_day(at: datetime):
    return timezone.localtime(at, timezone.get_default_timezone()).date()
