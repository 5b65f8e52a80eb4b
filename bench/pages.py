"""Build a synthetic corpus in its own database and time the public pages on it.

The corpus is shaped like the real one rather than flattering the code: a Zipf country
distribution whose busiest country is in 15-20% of the articles, about three countries an
article, long-tail officials (the heads of busy countries most often), several topics and
organisations, event weeks at 5-20x the base rate, near-duplicate copies of stories at
other outlets, and a common search word in about a third of the bodies.
``bench.corpus.generate_articles`` makes it without a database, so its shape is tested on
its own (tests/bench/test_corpus.py); ``bench.corpus_db`` writes it with COPY.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles.search import engine as search_engine
from articles.search.indexing import rebuild_index
from bench import corpus_db, databases
from bench.corpus import COMMON_WORD
from bench.sql import scalar

# NEWSROOM_BENCH_DATABASE: another name, so two checkouts can bench side by side.
BENCH_DATABASE = os.environ.get("NEWSROOM_BENCH_DATABASE") or "newsroom_bench_pages"


def run(
    stdout,
    *,
    articles: int = 20_000,
    repeat: int = 30,
    seed: int = 5,
    keep: bool = False,
    reuse: bool = False,
    rebuild_index: bool = False,
    cold: bool = False,
) -> None:
    """Build (or reuse) the page bench database and time each page type on it."""
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
            _run(stdout, articles, repeat, random.Random(seed), reuse, rebuild_index)
    except Exception as exc:
        if "does not exist" in str(exc) and reuse:
            raise CommandError(f"No {BENCH_DATABASE} to reuse: run once with --keep") from exc
        raise
    finally:
        databases.switch(original)
        if not keep and not reuse:
            databases.drop(BENCH_DATABASE)
            shutil.rmtree(index_dir, ignore_errors=True)


def _run(
    stdout, articles: int, repeat: int, rng: random.Random, reuse: bool, rebuild: bool
) -> None:
    if reuse:
        databases.switch(BENCH_DATABASE)
        # A kept database may predate this branch's migrations: bring it up to date.
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            count = scalar(cursor, "SELECT count(*) FROM articles_article")
            stdout.write(f"Reusing {BENCH_DATABASE}: {count:,} articles")
        if rebuild:
            _index(stdout)
    else:
        databases.recreate(BENCH_DATABASE)
        databases.switch(BENCH_DATABASE)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        prepared = time.perf_counter()
        rows, indexes = corpus_db.build(stdout, articles, rng)
        stdout.write(
            f"Built {articles:,} articles in {time.perf_counter() - started:.0f}s "
            f"(schema and reference {prepared - started:.0f}s, rows {rows:.0f}s, "
            f"indexes {indexes:.0f}s)"
        )
        _after_build(stdout)
    for line in corpus_db.db_shape().lines():
        stdout.write(line)
    _measure(stdout, repeat, rng)


def _after_build(stdout) -> None:
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
    stdout.write(f"Vacuumed and analyzed in {time.perf_counter() - started:.1f}s")
    _index(stdout)


def _index(stdout) -> None:
    started = time.perf_counter()
    result = rebuild_index(threads=2)
    size = sum(f.stat().st_size for f in search_engine.index_dir().rglob("*") if f.is_file())
    stdout.write(
        f"Search index built in {time.perf_counter() - started:.1f}s: "
        f"{result.indexed:,} documents, {size / 1e6:,.0f} MB"
    )


def _measure(stdout, repeat: int, rng: random.Random) -> None:
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
        cursor.execute("SELECT slug FROM articles_source ORDER BY id LIMIT 20")
        sources = [r[0] for r in cursor.fetchall()] or ["none"]
        cursor.execute(
            "SELECT o.slug FROM articles_organisation o JOIN articles_articleorganisation m "
            "ON m.organisation_id = o.id GROUP BY o.slug ORDER BY count(*) DESC, 1 LIMIT 20"
        )
        top_organisations = [r[0] for r in cursor.fetchall()] or ["none"]
        cursor.execute(
            "SELECT id FROM articles_article WHERE status = 'published' ORDER BY random() LIMIT %s",
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

    def compare_six():
        # Six series over the corpus's 15 years (by month: 180 periods each): four countries,
        # the common word, and a country within a topic; shares of every article.
        picked = rng.sample(top_countries, min(4, len(top_countries)))
        country, topic, _ = rng.choice(facets)
        states = [f"country%3D{c}" for c in picked]
        states += [f"q%3D{COMMON_WORD}", f"country%3D{country}%26topic%3D{topic}"]
        return "/compare/?" + "&".join(f"s={state}" for state in states) + "&show=share"

    page_types = {
        "home": lambda: "/",
        "list unfiltered": lambda: "/articles/",
        "list busiest country": lambda: f"/articles/?country={busiest}",
        "list busiest pair all": lambda: f"/articles/?country={busiest}&country={second}&match=all",
        "list country+date": lambda: (
            f"/articles/?country={rng.choice(top_countries[:5])}" + years()
        ),
        "list q newest": lambda: f"/articles/?q={COMMON_WORD}&sort=newest",
        "list q relevance": lambda: f"/articles/?q={COMMON_WORD}",
        "list q page 500": lambda: f"/articles/?q={COMMON_WORD}&sort=newest&page=500",
        "list facets 3 filters": three_filters,
        "network unfiltered": lambda: "/network/",
        "network busiest country": lambda: f"/network/?country={busiest}",
        "network q": lambda: f"/network/?q={COMMON_WORD}",
        "network country+date": lambda: (
            f"/network/?country={rng.choice(top_countries[:5])}" + years()
        ),
        "country page": lambda: f"/countries/{rng.choice(top_countries)}/",
        "official page": lambda: f"/officials/{rng.choice(top_officials)}/",
        "officials index": lambda: "/officials/" + rng.choice(["", "?page=2", "?page=3"]),
        "officials by country": lambda: f"/officials/?country={rng.choice(top_countries[:5])}",
        "article page": lambda: f"/articles/{rng.choice(article_ids)}/x/",
        "outlet index": lambda: "/sources/",
        "outlet page": lambda: f"/sources/{rng.choice(sources)}/",
        "organisation index": lambda: "/organizations/",
        "organisation page": lambda: f"/organizations/{rng.choice(top_organisations)}/",
        "compare 6 series 15y": compare_six,
        # The same over one outlet's articles: one more aggregation a series (the overlap).
        "compare 6 over outlet": lambda: f"{compare_six()}&base=source%3D{rng.choice(sources)}",
    }
    stdout.write("Server time per page, in-process (Django test Client: no network, no browser)")
    stdout.write(
        f"{'page type':<23}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'cpu p95':>9}"
    )
    with connection.cursor() as cursor:
        backend = scalar(cursor, "SELECT pg_backend_pid()")
    # Every request does the page's work: no page cache (it would answer repeats from
    # memory) and no rate limit (the bench sends far more than a reader's 600 a minute).
    with override_settings(
        ALLOWED_HOSTS=["*"],
        DEBUG=False,
        PAGE_CACHE=False,
        RATE_LIMITS={**settings.RATE_LIMITS, "pages": ""},
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        client = Client(raise_request_exception=False)
        for name, make in page_types.items():
            urls = [quote(make(), safe='/?=&-"%') for _ in range(repeat + 3)]
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
                stdout.write(f"{name:<23}{'n/a':>9}{'n/a':>9}   (status {sorted(statuses)})")
                continue
            # Queries per page: the most any of a few of its URLs needs.
            for url in urls[-3:]:
                with CaptureQueriesContext(connection) as ctx:
                    client.get(url, follow=True)
                queries = max(queries, len(ctx))
            times.sort()
            cpu_p95 = f"{_p95(sorted(cpus)):>9.1f}" if cpus else f"{'n/a':>9}"
            stdout.write(
                f"{name:<23}{statistics.median(times):>9.1f}{_p95(times):>9.1f}"
                f"{times[-1]:>9.1f}{queries:>9}{cpu_p95}"
            )
    stdout.write(
        "cpu: CPU time of this process and of its database backend per request — what "
        "the page costs whatever else the machine is doing (wall time grows with load)."
    )
    if hasattr(os, "getloadavg"):
        loads = " ".join(f"{value:.2f}" for value in os.getloadavg())
        stdout.write(f"load average (1, 5, 15 min): {loads}")


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
