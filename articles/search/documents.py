"""Article rows → index documents, read from PostgreSQL in one statement per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

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
           a.status = %s AS public, a.is_story_lead, a.duplicate_group_id,
           (SELECT min(b.id) FROM articles_article b
            WHERE b.duplicate_group_id = a.duplicate_group_id AND b.is_story_lead) AS story,
           {_ARRAYS}
    FROM articles_article a
    WHERE a.{{column}} = ANY(%s)
"""


class Row(NamedTuple):
    pk: int
    title: str
    lede: str
    body: str
    published_at: datetime | None
    source_id: int
    public: bool
    lead: bool
    group: int | None
    story: int | None
    arrays: tuple[list[int], ...]


def _rows(column: str, values: Sequence[int]) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_SQL.format(column=column), [ArticleStatus.PUBLISHED, list(values)])
        return [Row(*row[:10], tuple(row[10:])) for row in cursor.fetchall()]


def documents(ids: Sequence[int]) -> Iterator[tuple[int, list[tantivy.Document]]]:
    """Yield (id, documents) for each of ``ids``: none for a deleted article.

    An article alone in its story has one document; the lead of a group of copies has its
    own and the story's (``story_document``); a copy has its own.
    """
    rows = _rows("id", ids)
    groups = {row.group for row in rows if row.lead and row.group is not None}
    members: dict[int, list[Row]] = defaultdict(list)
    if groups:
        for member in _rows("duplicate_group_id", sorted(groups)):
            members[member.group].append(member)
    found: set[int] = set()
    for row in rows:
        found.add(row.pk)
        copies = members.get(row.group, []) if row.lead else []
        if len(copies) > 1:
            story = story_document(row, sorted(copies))
            yield row.pk, [document(row, lead=False), story]
        else:
            yield row.pk, [document(row, lead=row.lead)]
    for pk in ids:
        if pk not in found:
            yield pk, []


def document(row: Row, *, lead: bool) -> tantivy.Document:
    """Return an article's own document (also its story's when ``lead``: a story of one)."""
    doc = tantivy.Document()
    doc.add_unsigned("id", row.pk)
    doc.add_unsigned("story", row.story or row.pk)
    doc.add_unsigned("lead", int(lead))
    doc.add_unsigned("member", 1)
    doc.add_text("title", row.title or "")
    doc.add_text("body", _text(row))
    doc.add_unsigned("public", int(bool(row.public)))
    doc.add_unsigned("source", row.source_id)
    for name, values in zip(_MENTIONS, row.arrays, strict=True):
        for value in values:
            doc.add_unsigned(name, value)
    _add_dates(doc, row, [row])
    return doc


def story_document(lead: Row, members: list[Row]) -> tantivy.Document:
    """Return the document of a story of several copies: what any public copy holds.

    Its text is every public copy's, its tags, outlets and dates the union of theirs, so a
    list of stories counts the story when one copy matches, and a facet entry counts it
    when one copy carries it (which is what the list it opens shows). Sorted by the lead's
    date; public when one copy is.
    """
    shown = [m for m in members if m.public] or [lead]
    doc = tantivy.Document()
    doc.add_unsigned("id", lead.pk)
    doc.add_unsigned("story", lead.pk)
    doc.add_unsigned("lead", 1)
    doc.add_unsigned("member", 0)
    doc.add_unsigned("public", int(any(m.public for m in members)))
    for member in shown:
        doc.add_text("title", member.title or "")
        doc.add_text("body", _text(member))
    for source in sorted({m.source_id for m in shown}):
        doc.add_unsigned("source", source)
    for n, name in enumerate(_MENTIONS):
        for value in sorted({v for m in shown for v in m.arrays[n]}):
            doc.add_unsigned(name, value)
    _add_dates(doc, lead, shown)
    return doc


def _text(row: Row) -> str:
    return f"{row.lede}\n\n{row.body}" if row.lede else row.body or ""


def _add_dates(doc: tantivy.Document, sorted_by: Row, dated: list[Row]) -> None:
    doc.add_unsigned("newest", schema.newest_key(sorted_by.published_at, sorted_by.pk))
    doc.add_unsigned("oldest", schema.oldest_key(sorted_by.published_at, sorted_by.pk))
    # One key at most for the undated copies: the undated count counts documents by value.
    keys = {schema.newest_key(m.published_at, m.pk) for m in dated if m.published_at}
    undated = [m.pk for m in dated if m.published_at is None]
    if undated:
        keys.add(schema.newest_key(None, min(undated)))
    for key in sorted(keys):
        doc.add_unsigned("when", key)
    days = {_local_day(m.published_at) for m in dated if m.published_at is not None}
    for name, (number, _) in schema.PERIOD_FIELDS.items():
        for value in sorted({number(day) for day in days}):
            doc.add_unsigned(name, value)


def _local_day(at: datetime):
    return timezone.localtime(at, timezone.get_default_timezone()).date()
