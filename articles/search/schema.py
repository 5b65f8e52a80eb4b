"""The index's fields, its text analyzer and its version.

Bump ``SCHEMA_VERSION`` whenever a field, the analyzer or what a document holds changes:
an index of another version is rebuilt from PostgreSQL (``engine.health``).

Sorting is by one unsigned key per order, so ties break by id exactly as the database's
``ORDER BY published_at DESC NULLS LAST, id DESC`` (newest) and ``… ASC NULLS LAST, id
ASC`` (oldest) would: ``seconds since 1900 << 30 | id``, undated articles at the end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import tantivy

# 2: dated keys start at second 1 (1900-01-01 00:00 was undated)
# 3: one story document per group of copies (what any public copy says), ``member``,
#    ``story`` and the multi-valued ``when``
SCHEMA_VERSION = 3
ANALYZER = "newsroom_en"

# Multi-valued entity fields (ids of non-suppressed mentions) and their focus-only twins.
ENTITY_FIELDS = ("country", "official", "organization", "topic")
FOCUS_FIELDS = {"country": "country_focus", "official": "official_focus"}

_EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
# 30 bits of id (a billion articles) under 34 bits of seconds (up to the year 2444).
_ID_BITS = 30
_UNDATED = (1 << 34) - 1  # the seconds of an undated article: after every date
MAX_ID = (1 << _ID_BITS) - 1


def analyzer() -> tantivy.TextAnalyzer:
    """Return the text analyzer of titles, bodies and search words.

    Words (letters and digits) lower-cased, accents folded ("Émile" finds "Emile"), English
    stop words dropped with their positions kept (phrases still line up), and Snowball's
    English stemmer ("talks" finds "talk"), as PostgreSQL's ``english`` configuration does.
    """
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stopword("english"))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name=ANALYZER)
    builder.add_text_field("body", tokenizer_name=ANALYZER)  # lede and body
    builder.add_unsigned_field("public", indexed=True, fast=True)  # published: 1
    # A story of one article has one document, both its story's and its own (lead and
    # member 1). A group of copies has a member document per copy (lead 0) and a story
    # document (member 0, id the lead's) that holds what any public copy holds: its text,
    # tags, outlets and dates, so a story matches when one of its copies does.
    builder.add_unsigned_field("lead", indexed=True, fast=True)  # a story's document: 1
    builder.add_unsigned_field("member", indexed=True, fast=True)  # an article's own: 1
    builder.add_unsigned_field("story", indexed=True, fast=True)  # the story's lead id
    builder.add_unsigned_field("source", indexed=True, fast=True)
    for name in (*ENTITY_FIELDS, *FOCUS_FIELDS.values()):
        builder.add_unsigned_field(name, indexed=True, fast=True)
    builder.add_unsigned_field("newest", indexed=True, fast=True)
    builder.add_unsigned_field("oldest", indexed=True, fast=True)
    # The ``newest`` key of every copy of a story (the date filters look here): a story
    # is in a period when one of its copies is.
    builder.add_unsigned_field("when", indexed=True, fast=True)
    builder.add_unsigned_field("month", fast=True)  # year * 12 + month - 1
    builder.add_unsigned_field("week", fast=True)  # Monday-aligned week number
    builder.add_unsigned_field("day", fast=True)  # proleptic Gregorian ordinal
    return builder.build()


def seconds(at: datetime) -> int:
    """Return whole seconds since 1900 (UTC) of an aware datetime (earlier dates: 0)."""
    return max(0, int((at - _EPOCH).total_seconds()))


def _dated(at: datetime) -> int:
    # Seconds 0 means undated in ``newest``: a dated article has at least 1 (1900-01-01
    # 00:00:00 and earlier sort first among dated ones); past the year 2444 it sorts last.
    return min(max(seconds(at), 1), _UNDATED - 1)


def newest_key(at: datetime | None, pk: int) -> int:
    return ((_dated(at) if at is not None else 0) << _ID_BITS) | min(pk, MAX_ID)


def oldest_key(at: datetime | None, pk: int) -> int:
    return ((_dated(at) if at is not None else _UNDATED) << _ID_BITS) | min(pk, MAX_ID)


def newest_bounds(start: datetime | None, end: datetime | None) -> tuple[int, int]:
    """Return the [low, high) range of ``newest`` keys of articles dated in [start, end)."""
    low = (_dated(start) << _ID_BITS) if start else (1 << _ID_BITS)
    high = (min(seconds(end), _UNDATED) << _ID_BITS) if end else (_UNDATED << _ID_BITS)
    return low, high


def newest_cursor(key: int) -> datetime | None:
    """Return the date a ``newest`` key was made from (whole seconds; None: undated)."""
    secs = key >> _ID_BITS
    return None if secs == 0 else _EPOCH + timedelta(seconds=secs)


def oldest_cursor(key: int) -> datetime | None:
    """Return the date an ``oldest`` key was made from (whole seconds; None: undated)."""
    secs = key >> _ID_BITS
    return None if secs == _UNDATED else _EPOCH + timedelta(seconds=secs)


UNDATED_BELOW = 1 << _ID_BITS  # ``newest`` keys under this are undated articles


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_start(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


def week_number(day: date) -> int:
    return (day.toordinal() - 1) // 7  # 0001-01-01 was a Monday


def week_start(number: int) -> date:
    return date.fromordinal(number * 7 + 1)


PERIOD_FIELDS = {"day": (date.toordinal, date.fromordinal)}
PERIOD_FIELDS["week"] = (week_number, week_start)
PERIOD_FIELDS["month"] = (month_number, month_start)
