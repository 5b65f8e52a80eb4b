"""Write ``bench.corpus``'s synthetic articles into a database with COPY, and read back
the shape the database holds (what ``bench.corpus.corpus_shape`` measures of the specs)."""

from __future__ import annotations

import hashlib
import io
import random
import time
from collections import Counter
from datetime import UTC, datetime

from django.core.management.base import CommandError
from django.db import connection, transaction

from bench.corpus import (
    COMMON_WORD,
    POST_WEIGHT,
    SOURCES,
    ArticleSpec,
    Reference,
    Shape,
    generate_articles,
    shape_of,
    week_of,
)
from bench.sql import scalar

BATCH = 10_000


def _reference() -> Reference:
    """Return the loaded reference rows, and make the bench's sources."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, iso2, name FROM articles_country ORDER BY id")
        countries = cursor.fetchall()
        cursor.execute(
            "SELECT o.id, o.name, o.nationality_id, "
            "array_remove(array_agg(DISTINCT a.post_kind), NULL) "
            "FROM articles_official o LEFT JOIN articles_appointment a "
            "ON a.official_id = o.id WHERE o.status = 'confirmed' GROUP BY o.id ORDER BY o.id"
        )
        officials = [
            (pk, name, nationality, max((POST_WEIGHT.get(k, 1.0) for k in kinds), default=1.0))
            for pk, name, nationality, kinds in cursor.fetchall()
        ]
        cursor.execute("SELECT id FROM articles_organisation ORDER BY id")
        organisations = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM articles_topic ORDER BY id")
        topics = [row[0] for row in cursor.fetchall()]
        now = datetime.now(UTC)
        sources = []
        for i in range(SOURCES):
            sources.append(
                scalar(
                    cursor,
                    "INSERT INTO articles_source (name, slug, domain, cleaning_rules, "
                    "learned_furniture, created_at, updated_at) VALUES (%s, %s, %s, '[]', '[]', "
                    "%s, %s) RETURNING id",
                    [f"Bench Outlet {i}", f"bench-outlet-{i}", f"outlet{i}.example", now, now],
                )
            )
    if not countries:
        raise CommandError("load_reference loaded no countries.")
    return Reference(countries, officials, organisations, topics, sources)


def build(stdout, n: int, rng: random.Random) -> tuple[float, float]:
    """Write ``n`` generated articles with COPY; return the seconds for rows and indexes."""
    started = time.perf_counter()
    reference = _reference()
    now = datetime.now(UTC).isoformat()
    dropped = _drop_indexes()
    bufs = _Buffers()
    for spec in generate_articles(rng, n, reference):
        bufs.add(spec, now)
        if spec.pk % BATCH == 0 or spec.pk == n:
            _flush(bufs)
            bufs = _Buffers()
            stdout.write(f"  {spec.pk:,} articles", ending="\r")
            stdout.flush()
    stdout.write("")
    rows = time.perf_counter()
    with connection.cursor() as cursor:
        for definition in dropped:
            cursor.execute(definition)
        # Ids were given explicitly: move the sequences past them.
        for table in ("articles_article", "articles_nearduplicategroup"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        # A group's size counts its members, the lead included (as the importer does).
        cursor.execute(
            "UPDATE articles_nearduplicategroup g SET size = x.n FROM (SELECT "
            "duplicate_group_id AS id, count(*) AS n FROM articles_article WHERE "
            "duplicate_group_id IS NOT NULL GROUP BY 1) x WHERE x.id = g.id"
        )
    return rows - started, time.perf_counter() - rows


def _drop_indexes() -> list[str]:
    """Drop the secondary indexes of the bulk-loaded tables; return how to rebuild them.

    Building an index once over the loaded rows is several times faster than keeping
    it up to date row by row (the GIN full-text index above all).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.tablename IN ('articles_article', 'articles_articlecountry',
                     'articles_articleofficial', 'articles_articleorganisation',
                     'articles_articletopic')
                 AND i.indexname NOT IN (SELECT c.conname FROM pg_constraint c)"""
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def _flush(bufs: _Buffers) -> None:
    columns = {
        "articles_article": (
            "id, created_at, updated_at, source_id, url, external_id, content_hash, "
            "title, lede, byline, dateline, published_at, body, raw_text, language, "
            "word_count, status, reviewed, duplicate_group_id, is_story_lead, record_key, "
            "duplicate_keys, cleaner_version, extractor_version"
        ),
        "articles_nearduplicategroup": "id, lead_id, size, created_at",
    }
    # public_lead is left out: the mentions' insert trigger copies it from the article
    # (migration 0008), so the articles are written first, in the same transaction.
    common = "article_id, count, first_offset, evidence, is_focus, origin, suppressed, published_at"
    mention_tables = {
        "country": ("articles_articlecountry", f"{common}, country_id, kind"),
        "official": (
            "articles_articleofficial",
            f"{common}, official_id, appointment_id, raw_name, raw_title",
        ),
        "org": ("articles_articleorganisation", f"{common}, organisation_id"),
        "topic": ("articles_articletopic", f"{common}, topic_id, score"),
    }
    # Articles and groups reference each other: one transaction, Django's deferred FKs.
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for table, buf in (
            ("articles_article", bufs.articles),
            ("articles_nearduplicategroup", bufs.groups),
        ):
            buf.seek(0)
            raw.copy_expert(f"COPY {table} ({columns[table]}) FROM STDIN", buf)
        for key, (table, cols) in mention_tables.items():
            buf = bufs.mentions[key]
            buf.seek(0)
            raw.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buf)


def db_shape() -> Shape:
    """Return the shape of the corpus in the database (what ``corpus_shape`` measures)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT is_story_lead), "
            "count(*) FILTER (WHERE duplicate_group_id IS NOT NULL), "
            "count(*) FILTER (WHERE search_vector @@ plainto_tsquery('english', %s)) "
            "FROM articles_article",
            [COMMON_WORD],
        )
        n, copies, grouped, common = cursor.fetchone()
        n = n or 1
        cursor.execute(
            "SELECT country_id, count(*) FROM articles_articlecountry "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2"
        )
        top = cursor.fetchall()
        mentions = scalar(cursor, "SELECT count(*) FROM articles_articlecountry")
        both = 0
        if len(top) == 2:
            both = scalar(
                cursor,
                "SELECT count(*) FROM articles_articlecountry a JOIN articles_articlecountry "
                "b USING (article_id) WHERE a.country_id = %s AND b.country_id = %s",
                [top[0][0], top[1][0]],
            )
        officials = scalar(
            cursor,
            "SELECT count(DISTINCT official_id) FROM articles_articleofficial "
            "WHERE official_id IS NOT NULL",
        )
        cursor.execute("SELECT published_at FROM articles_article WHERE published_at IS NOT NULL")
        weeks = Counter(week_of(row[0]) for row in cursor.fetchall())
    busiest = top[0][1] if top else 0
    return shape_of(n, busiest, both, mentions, officials, copies, grouped, common, weeks)


class _Buffers:
    """One batch of rows in COPY text format: articles, groups and the four mention tables."""

    def __init__(self):
        self.articles = io.StringIO()
        self.groups = io.StringIO()
        self.mentions = {k: io.StringIO() for k in ("country", "official", "org", "topic")}

    def add(self, spec: ArticleSpec, now: str) -> None:
        pk = spec.pk
        at = spec.published_at.isoformat() if spec.published_at else r"\N"
        if spec.group is not None and spec.is_lead:
            self.groups.write(f"{spec.group}\t{pk}\t1\t{now}\n")
        self.articles.write(
            "\t".join(
                [
                    str(pk),
                    now,
                    now,
                    str(spec.source),
                    f"https://outlet{spec.source}.example/{pk}",
                    f"bench-{pk}",
                    hashlib.sha256(f"{pk}:{spec.body}".encode()).hexdigest(),
                    _tsv(spec.title),
                    _tsv(spec.lede),
                    "",
                    spec.dateline,
                    at,
                    _tsv(spec.body),
                    "",
                    "en",
                    str(spec.body.count(" ") + 1),
                    spec.status,
                    "f",
                    r"\N" if spec.group is None else str(spec.group),
                    "t" if spec.is_lead else "f",
                    "",
                    "{}",
                    "1",
                    "1",
                ]
            )
            + "\n"
        )
        m = self.mentions
        for cid, focus, count in spec.countries:
            m["country"].write(
                f"{pk}\t{count}\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{cid}\tdirect\n"
            )
        for oid, name, focus, count in spec.officials:
            m["official"].write(
                f"{pk}\t{count}\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{oid}\t\\N"
                f"\t{_tsv(name)}\t\n"
            )
        for oid, focus, count in spec.organisations:
            m["org"].write(f"{pk}\t{count}\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{oid}\n")
        for tid, focus, score in spec.topics:
            m["topic"].write(
                f"{pk}\t1\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{tid}\t{score}\n"
            )


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _tsv(text: str) -> str:
    """Return ``text`` safe for a COPY text-format field."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")
