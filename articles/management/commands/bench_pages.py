"""Build a synthetic corpus in its own database and time the public pages on it.

The corpus is shaped like the real one rather than flattering the code: a Zipf country
distribution whose busiest country is in 15-20% of the articles, about three countries an
article, long-tail officials (the heads of busy countries most often), several topics and
organisations, event weeks at 5-20x the base rate, near-duplicate copies of stories at
other outlets, and a common search word in about a third of the bodies.
``generate_articles`` makes it without a database, so its shape is tested on its own
(tests/commands/test_bench_pages_generator.py); the command writes it with COPY.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import statistics
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles.search import engine as search_engine
from articles.search.indexing import rebuild_index
from bench.corpus import (
    COMMON_WORD,
    POST_WEIGHT,
    SOURCES,
    ArticleSpec,
    Reference,
    Shape,
    generate_articles,
    week_of,
    week_stats,
)

BENCH_DATABASE = "newsroom_bench_pages"
BATCH = 10_000


class Command(BaseCommand):
    help = (
        "Benchmark the public pages: build N synthetic articles shaped like the real corpus "
        "(a Zipf country distribution, ~3 countries an article, long-tail officials, event "
        f"bursts, near-duplicate copies) in the database {BENCH_DATABASE}, print its shape, "
        "then time each page type in-process with Django's test Client (server time: no "
        "network, no browser) and print p50/p95 and queries per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page type.")
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument(
            "--reuse", action="store_true", help="Reuse a kept database: skip building."
        )
        parser.add_argument(
            "--cold",
            action="store_true",
            help="Turn off the per-process cache of index aggregations (every request computes).",
        )
        parser.add_argument(
            "--rebuild-index",
            action="store_true",
            help="With --reuse: build the kept database's search index again (timed).",
        )

    def handle(self, *args, articles, repeat, seed, keep, reuse, rebuild_index, cold, **options):
        if articles < 100 and not reuse:
            raise CommandError("--articles must be at least 100.")
        # The bench's search index lives beside the real one, never in it: rebuilding
        # the real index from the bench database would replace the served one.
        default_dir = Path(settings.BASE_DIR) / "var" / "index"
        index_dir = Path(getattr(settings, "SEARCH_INDEX_DIR", default_dir))
        index_dir = index_dir.with_name(f"index_{BENCH_DATABASE}")
        original = connection.settings_dict["NAME"]
        try:
            cache = {"SEARCH_CACHE": 0} if cold else {}
            with override_settings(SEARCH_INDEX_DIR=index_dir, **cache):
                self._run(articles, repeat, random.Random(seed), reuse, rebuild_index)
        except Exception as exc:
            if "does not exist" in str(exc) and reuse:
                raise CommandError(f"No {BENCH_DATABASE} to reuse: run once with --keep") from exc
            raise
        finally:
            self._switch(original)
            if not keep and not reuse:
                self._drop(BENCH_DATABASE)
                shutil.rmtree(index_dir, ignore_errors=True)

    def _run(
        self, articles: int, repeat: int, rng: random.Random, reuse: bool, rebuild: bool
    ) -> None:
        if reuse:
            self._switch(BENCH_DATABASE)
            # A kept database may predate this branch's migrations: bring it up to date.
            call_command("migrate", verbosity=0)
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM articles_article")
                self.stdout.write(f"Reusing {BENCH_DATABASE}: {cursor.fetchone()[0]:,} articles")
            if rebuild:
                self._index()
        else:
            self._recreate(BENCH_DATABASE)
            self._switch(BENCH_DATABASE)
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("load_reference", verbosity=0, stdout=io.StringIO())
            prepared = time.perf_counter()
            rows, indexes = self._build(articles, rng)
            self.stdout.write(
                f"Built {articles:,} articles in {time.perf_counter() - started:.0f}s "
                f"(schema and reference {prepared - started:.0f}s, rows {rows:.0f}s, "
                f"indexes {indexes:.0f}s)"
            )
            self._after_build()
        for line in self._db_shape().lines():
            self.stdout.write(line)
        self._measure(repeat, rng)

    # --- building ---------------------------------------------------------------------

    def _reference(self) -> Reference:
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
                cursor.execute(
                    "INSERT INTO articles_source (name, slug, domain, cleaning_rules, "
                    "learned_furniture, created_at, updated_at) VALUES (%s, %s, %s, '[]', '[]', "
                    "%s, %s) RETURNING id",
                    [f"Bench Outlet {i}", f"bench-outlet-{i}", f"outlet{i}.example", now, now],
                )
                sources.append(cursor.fetchone()[0])
        if not countries:
            raise CommandError("load_reference loaded no countries.")
        return Reference(countries, officials, organisations, topics, sources)

    def _build(self, n: int, rng: random.Random) -> tuple[float, float]:
        """Write ``n`` generated articles with COPY; return the seconds for rows and indexes."""
        started = time.perf_counter()
        reference = self._reference()
        now = datetime.now(UTC).isoformat()
        dropped = self._drop_indexes()
        bufs = _Buffers()
        for spec in generate_articles(rng, n, reference):
            bufs.add(spec, now)
            if spec.pk % BATCH == 0 or spec.pk == n:
                self._flush(bufs)
                bufs = _Buffers()
                self.stdout.write(f"  {spec.pk:,} articles", ending="\r")
                self.stdout.flush()
        self.stdout.write("")
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

    def _after_build(self) -> None:
        """Refresh the planner's statistics, then rebuild the search index when there is one."""
        started = time.perf_counter()
        connection.ensure_connection()
        old_autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        try:
            with connection.cursor() as cursor:
                # VACUUM as well as ANALYZE: the mention tables' lead indexes are read by
                # index-only scans, which need the visibility map VACUUM sets.
                cursor.execute("VACUUM ANALYZE")
        finally:
            connection.set_autocommit(old_autocommit)
        self.stdout.write(f"Vacuumed and analyzed in {time.perf_counter() - started:.1f}s")
        self._index()

    def _index(self) -> None:
        started = time.perf_counter()
        result = rebuild_index(threads=2)
        size = sum(f.stat().st_size for f in search_engine.index_dir().rglob("*") if f.is_file())
        self.stdout.write(
            f"Search index built in {time.perf_counter() - started:.1f}s: "
            f"{result.indexed:,} documents, {size / 1e6:,.0f} MB"
        )

    def _drop_indexes(self) -> list[str]:
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

    def _flush(self, bufs: _Buffers) -> None:
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
        common = (
            "article_id, count, first_offset, evidence, is_focus, origin, suppressed, published_at"
        )
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

    def _db_shape(self) -> Shape:
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
            cursor.execute("SELECT count(*) FROM articles_articlecountry")
            mentions = cursor.fetchone()[0]
            both = 0
            if len(top) == 2:
                cursor.execute(
                    "SELECT count(*) FROM articles_articlecountry a JOIN articles_articlecountry "
                    "b USING (article_id) WHERE a.country_id = %s AND b.country_id = %s",
                    [top[0][0], top[1][0]],
                )
                both = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(DISTINCT official_id) FROM articles_articleofficial "
                "WHERE official_id IS NOT NULL"
            )
            officials = cursor.fetchone()[0]
            cursor.execute(
                "SELECT published_at FROM articles_article WHERE published_at IS NOT NULL"
            )
            weeks = Counter(week_of(row[0]) for row in cursor.fetchall())
        top_share, peak, week_counts = week_stats(weeks)
        return Shape(
            articles=n,
            busiest_share=top[0][1] / n if top else 0.0,
            pair_share=both / n,
            mean_countries=mentions / n,
            officials_named=officials,
            top_weeks_share=top_share,
            peak_week_ratio=peak,
            copies_share=copies / n,
            grouped_share=grouped / n,
            common_word_share=common / n,
            week_counts=week_counts,
        )

    # --- measuring --------------------------------------------------------------------

    def _measure(self, repeat: int, rng: random.Random) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT lower(c.iso2) FROM articles_country c JOIN articles_articlecountry m "
                "ON m.country_id = c.id GROUP BY c.iso2 ORDER BY count(*) DESC, 1 LIMIT 20"
            )
            top_countries = [r[0] for r in cursor.fetchall()] or ["sy", "us"]
            cursor.execute(
                "SELECT o.slug FROM articles_official o JOIN articles_articleofficial m "
                "ON m.official_id = o.id GROUP BY o.slug ORDER BY count(*) DESC, 1 LIMIT 40"
            )
            top_officials = [r[0] for r in cursor.fetchall()] or ["none"]
            cursor.execute(
                "SELECT id FROM articles_article WHERE status = 'published' "
                "ORDER BY random() LIMIT %s",
                [repeat],
            )
            article_ids = [r[0] for r in cursor.fetchall()] or [1]
            # Three filters a reader could combine: the first country, topic and official
            # of a random public article (so the combination has results, as facets do).
            cursor.execute(
                """SELECT * FROM (SELECT
                     (SELECT lower(c.iso2) FROM articles_articlecountry m JOIN articles_country c
                        ON c.id = m.country_id WHERE m.article_id = a.id ORDER BY m.id LIMIT 1),
                     (SELECT t.slug FROM articles_articletopic m JOIN articles_topic t
                        ON t.id = m.topic_id WHERE m.article_id = a.id ORDER BY m.id LIMIT 1),
                     (SELECT o.slug FROM articles_articleofficial m JOIN articles_official o
                        ON o.id = m.official_id WHERE m.article_id = a.id ORDER BY m.id LIMIT 1)
                   FROM articles_article a WHERE a.status = 'published' AND a.is_story_lead
                   ORDER BY random() LIMIT %s) x
                   WHERE x IS NOT NULL""",
                [20 * (repeat + 3)],
            )
            facets = cursor.fetchall() or [(top_countries[0], "none", top_officials[0])]
        busiest, second = (top_countries + top_countries)[:2]

        def years():
            y = rng.randint(2010, 2023)
            return f"&date_from={y}-01-01&date_to={y + 1}-12-31"

        def three_filters():
            country, topic, official = rng.choice(facets)
            return f"/articles/?country={country}&topic={topic}&official={official}"

        page_types = {
            "home": lambda: "/",
            "list unfiltered": lambda: "/articles/",
            "list busiest country": lambda: f"/articles/?country={busiest}",
            "list busiest pair all": lambda: (
                f"/articles/?country={busiest}&country={second}&match=all"
            ),
            "list country+date": lambda: (
                f"/articles/?country={rng.choice(top_countries[:5])}" + years()
            ),
            "list q newest": lambda: f"/articles/?q={COMMON_WORD}&sort=newest",
            "list q relevance": lambda: f"/articles/?q={COMMON_WORD}",
            "list q page 500": lambda: f"/articles/?q={COMMON_WORD}&sort=newest&page=500",
            "list facets 3 filters": three_filters,
            "country page": lambda: f"/countries/{rng.choice(top_countries)}/",
            "official page": lambda: f"/officials/{rng.choice(top_officials)}/",
            "article page": lambda: f"/articles/{rng.choice(article_ids)}/x/",
        }
        self.stdout.write(
            "Server time per page, in-process (Django test Client: no network, no browser)"
        )
        self.stdout.write(
            f"{'page type':<23}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'cpu p95':>9}"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        with override_settings(
            ALLOWED_HOSTS=["*"],
            DEBUG=False,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            client = Client(raise_request_exception=False)
            for name, make in page_types.items():
                urls = [quote(make(), safe='/?=&-"') for _ in range(repeat + 3)]
                statuses, times, cpus = set(), [], []
                queries = 0
                for i, url in enumerate(urls):
                    started, cpu = time.perf_counter(), _cpu_ms(backend)
                    response = client.get(url, follow=True)
                    elapsed = (time.perf_counter() - started) * 1000
                    statuses.add(response.status_code)
                    if i >= 3:  # the first requests warm caches and plans
                        times.append(elapsed)
                        if cpu is not None:
                            cpus.append(_cpu_ms(backend) - cpu)
                if 200 not in statuses:  # a page not built yet
                    self.stdout.write(
                        f"{name:<23}{'n/a':>9}{'n/a':>9}   (status {sorted(statuses)})"
                    )
                    continue
                # Queries per page: the most any of a few of its URLs needs.
                for url in urls[-3:]:
                    with CaptureQueriesContext(connection) as ctx:
                        client.get(url, follow=True)
                    queries = max(queries, len(ctx))
                times.sort()
                cpu_p95 = f"{_p95(sorted(cpus)):>9.1f}" if cpus else f"{'n/a':>9}"
                self.stdout.write(
                    f"{name:<23}{statistics.median(times):>9.1f}{_p95(times):>9.1f}"
                    f"{times[-1]:>9.1f}{queries:>9}{cpu_p95}"
                )
        self.stdout.write(
            "cpu: CPU time of this process and of its database backend per request — what "
            "the page costs whatever else the machine is doing (wall time grows with load)."
        )
        if hasattr(os, "getloadavg"):
            loads = " ".join(f"{value:.2f}" for value in os.getloadavg())
            self.stdout.write(f"load average (1, 5, 15 min): {loads}")

    # --- databases ----------------------------------------------------------------------

    def _recreate(self, name):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')

    def _drop(self, name):
        connections.close_all()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def _switch(self, name):
        connections.close_all()
        connection.settings_dict["NAME"] = name


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


def _p95(values: list[float]) -> float:
    """Return the 95th percentile of sorted ``values`` (nearest rank)."""
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def _cpu_ms(backend_pid: int) -> float | None:
    """Return CPU milliseconds used so far by this process and the database backend.

    The backend's share is read from /proc (a local server run by the same user); None
    when it cannot be read (a remote database), and the column then says n/a.
    """
    try:
        with open(f"/proc/{backend_pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    backend = (int(fields[11]) + int(fields[12])) * 1000 / ticks
    return backend + time.process_time() * 1000


def _tsv(text: str) -> str:
    """Return ``text`` safe for a COPY text-format field."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")
