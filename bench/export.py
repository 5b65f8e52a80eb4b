"""Measure the streamed exports on a generated corpus, through a real gunicorn worker.

Builds N synthetic, tagged articles in their own database with set-based SQL (seconds,
not the minutes ``bench_pages`` spends on realistic text), then serves the site with one
gunicorn worker on a free loopback port and downloads each export with ``http.client``,
timing the first byte and the whole download and reading the worker's peak resident
memory (``VmHWM``) from /proc.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from bench import databases
from bench.sql import scalar

BENCH_DATABASE = "newsroom_bench_export"

# (label, path and query) — the whole corpus in both formats, then filtered exports.
SCENARIOS = [
    ("all, CSV", "/articles/export.csv"),
    ("all, JSONL", "/articles/export.jsonl"),
    ("all, every copy, CSV", "/articles/export.csv?copies=all"),
    ("one country, CSV", "/articles/export.csv?country=c0"),
    ("two countries, all of them, JSONL", "/articles/export.jsonl?country=c0&country=c3&match=all"),
    ("search, CSV", "/articles/export.csv?q=" + quote("ceasefire")),
]


def run(stdout, *, articles: int = 200_000, keep: bool = False, reuse: bool = False) -> None:
    """Build (or reuse) the export bench database, serve it and time each export."""
    if articles < 1000 and not reuse:
        raise CommandError("--articles must be at least 1000.")
    original = connection.settings_dict["NAME"]
    try:
        databases.switch(BENCH_DATABASE)
        if not reuse:
            databases.switch(original)
            databases.recreate(BENCH_DATABASE)
            databases.switch(BENCH_DATABASE)
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            _build(articles)
            stdout.write(f"Built {articles:,} articles in {time.perf_counter() - started:.0f}s")
        with connection.cursor() as cursor:
            count = scalar(cursor, "SELECT count(*) FROM articles_article")
            stdout.write(f"Database {BENCH_DATABASE}: {count:,} articles")
        url = _database_url()
        connections.close_all()
        _measure(stdout, url)
    finally:
        databases.switch(original)
        if not keep and not reuse:
            databases.drop(BENCH_DATABASE)


# --- building ------------------------------------------------------------------------------


def _build(n: int) -> None:
    """Write N articles and their mentions with INSERT … SELECT over generate_series."""
    statements = [
        # 40 countries c0…c39 (ISO codes AA, AB, …), 20 sources, 300 officials with a post,
        # 12 organisations, 20 topics.
        """INSERT INTO articles_country (iso2, iso3, name, slug, region, subregion,
               ref_fingerprint, created_at, updated_at)
           SELECT chr(65 + i / 26) || chr(65 + i % 26), '', 'Country ' || i, 'c' || i,
                  'Bench', '', '', now(), now() FROM generate_series(0, 39) i""",
        """INSERT INTO articles_countryalias (country_id, alias, kind, ambiguous, blocked,
               origin, ref_fingerprint, created_at, updated_at)
           SELECT id, slug, 'alternative', false, false, 'reference', '', now(), now()
           FROM articles_country""",
        """INSERT INTO articles_source (name, slug, domain, cleaning_rules,
               learned_furniture, created_at, updated_at)
           SELECT 'Outlet ' || i, 'outlet-' || i, 'outlet' || i || '.example', '[]', '[]',
                  now(), now() FROM generate_series(0, 19) i""",
        """INSERT INTO articles_official (name, slug, status, ref_fingerprint,
               created_at, updated_at)
           SELECT 'Official Person ' || i, 'official-' || i,
                  CASE WHEN i % 10 = 0 THEN 'candidate' ELSE 'confirmed' END, '', now(), now()
           FROM generate_series(0, 299) i""",
        """INSERT INTO articles_appointment (official_id, post, post_kind, country_id,
               ref_key, proposed, origin, ref_fingerprint, created_at, updated_at)
           SELECT o.id, 'Foreign Minister', 'foreign_minister',
                  (SELECT min(id) FROM articles_country) + o.id % 40, '', false,
                  'reference', '', now(), now() FROM articles_official o""",
        """INSERT INTO articles_organisation (slug, name, abbreviation, ref_fingerprint,
               created_at, updated_at)
           SELECT 'org-' || i, 'Organisation ' || i, 'O' || i, '', now(), now()
           FROM generate_series(0, 11) i""",
        """INSERT INTO articles_topic (slug, name, description, threshold, ref_fingerprint,
               created_at, updated_at)
           SELECT 'topic-' || i, 'Topic ' || i, '', 2.0, '', now(), now()
           FROM generate_series(0, 19) i""",
        # Articles over ten years; 2% undated; 10% later copies of a story.
        """INSERT INTO articles_article (source_id, url, external_id, content_hash, title,
               lede, byline, dateline, published_at, body, raw_text, language, word_count,
               status, reviewed, is_story_lead, record_key, duplicate_keys,
               cleaner_version, extractor_version, created_at, updated_at)
           SELECT (SELECT min(id) FROM articles_source) + i % 20,
                  'https://outlet' || i % 20 || '.example/story/' || i, 'rec-' || i,
                  md5(i::text), 'Envoys meet over ceasefire, round ' || i
                      || CASE WHEN i % 7 = 0 THEN ' — São Tomé, “quoted”, Ж' ELSE '' END,
                  'Diplomats said talks would resume.', '', '',
                  CASE WHEN i % 50 = 0 THEN NULL
                       ELSE timestamptz '2015-01-01' + (i * interval '1 minute' * 26) END,
                  repeat('Talks on sanctions and ceasefire continued in the capital. ', 40)
                      || i, '', 'en', 400,
                  'published', false, i % 10 <> 3, 'rec-' || i, '{}', 1, 1, now(), now()
           FROM generate_series(1, %(n)s) i""",
        # Two or three countries an article (the first one a focus), mostly the popular ones.
        """INSERT INTO articles_articlecountry (article_id, country_id, count, evidence,
               is_focus, origin, suppressed, published_at, kind)
           SELECT a.id, c.id, 1, '[]', k = 0, 'automatic', false, a.published_at, 'direct'
           FROM articles_article a
           CROSS JOIN generate_series(0, 2) k
           JOIN articles_country c
             ON c.slug = 'c' || CASE WHEN k = 0 THEN a.id % 3
                                     WHEN k = 1 THEN 3 + a.id % 11
                                     ELSE 14 + a.id % 26 END
           WHERE k < 2 OR a.id % 2 = 0""",
        """INSERT INTO articles_articleofficial (article_id, official_id, appointment_id,
               raw_name, raw_title, count, evidence, is_focus, origin, suppressed,
               published_at)
           SELECT a.id, o.id, p.id, o.name, '', 1, '[]', false, 'automatic', false,
                  a.published_at
           FROM articles_article a
           JOIN articles_official o ON o.slug = 'official-' || a.id % 300
           JOIN articles_appointment p ON p.official_id = o.id
           WHERE a.id % 3 = 0""",
        """INSERT INTO articles_articleorganisation (article_id, organisation_id, count,
               evidence, is_focus, origin, suppressed, published_at)
           SELECT a.id, g.id, 1, '[]', false, 'automatic', false, a.published_at
           FROM articles_article a JOIN articles_organisation g ON g.slug = 'org-' || a.id % 12
           WHERE a.id % 5 = 0""",
        """INSERT INTO articles_articletopic (article_id, topic_id, score, count, evidence,
               is_focus, origin, suppressed, published_at)
           SELECT a.id, t.id, 3.0, 1, '[]', false, 'automatic', false, a.published_at
           FROM articles_article a JOIN articles_topic t ON t.slug = 'topic-' || a.id % 20
           WHERE a.id % 2 = 1""",
        "ANALYZE",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.replace("%(n)s", str(int(n))))


# --- measuring ------------------------------------------------------------------------------


def _database_url() -> str:
    """Return a DATABASE_URL naming the bench database, for the gunicorn process."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        from newsroom.embedded_db import embedded_server_uri

        return embedded_server_uri(database=BENCH_DATABASE)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def _measure(stdout, database_url: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.local",
        "DJANGO_API_ANON_RATE": "100000/minute",  # measure the work, not the limit
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # One sync worker, as `make run` starts them, with a timeout long enough for any export.
    server = subprocess.Popen(
        [
            str(gunicorn),
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "600",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        worker = _wait_for_worker(server.pid, port)
        _get(port, "/api/countries/")  # warm up: imports, first connection
        stdout.write(f"gunicorn worker {worker}: {_rss_mb(worker):.0f} MB resident at rest")
        header = f"{'export':36} {'rows':>9} {'MB':>7} {'first byte':>11} {'total':>8} {'rows/s':>8} {'peak RSS':>9}"
        stdout.write(header)
        for label, path in SCENARIOS:
            rows, size, first, total = _get(port, path)
            stdout.write(
                f"{label:36} {rows:>9,} {size / 1e6:>7.1f} {first * 1000:>9.0f}ms"
                f" {total:>7.1f}s {rows / total:>8,.0f} {_peak_mb(worker):>6.0f} MB"
            )
        _measure_api(stdout, port)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _measure_api(stdout, port: int) -> None:
    """Time API pages: the first, and one deep in the list (a keyset cursor)."""
    from articles.selectors.cursors import Cursor

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, published_at FROM articles_article WHERE is_story_lead "
            "AND published_at IS NOT NULL AND status = 'published' "
            "ORDER BY published_at DESC, id DESC OFFSET %s LIMIT 1",
            [_deep_offset()],
        )
        pk, when = cursor.fetchone()
    connections.close_all()
    deep = Cursor(published_at=when, id=pk).encode()
    cases = [
        ("first page", "/api/articles/?page_size=100"),
        (
            f"page after row {_deep_offset():,}",
            f"/api/articles/?page_size=100&cursor={deep}",
        ),
        ("first page, one country", "/api/articles/?page_size=100&country=c5"),
        ("facets, one country", "/api/articles/facets/?country=c5"),
        ("timeline by week", "/api/articles/timeline/?interval=week"),
    ]
    stdout.write(f"{'API (median of 9)':36} {'ms':>9}")
    for label, path in cases:
        times = []
        for _ in range(9):
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                raise CommandError(f"{path} answered {response.status}")
            times.append(time.perf_counter() - started)
        stdout.write(f"{label:36} {sorted(times)[4] * 1000:>7.0f}ms")


def _deep_offset() -> int:
    with connection.cursor() as cursor:
        return int(scalar(cursor, "SELECT count(*) FROM articles_article") * 0.75)


def _wait_for_worker(master: int, port: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return int(children[0])
            except OSError:
                pass
        time.sleep(0.2)
    raise CommandError("gunicorn did not start within a minute")


def _get(port: int, path: str) -> tuple[int, int, float, float]:
    """Return (data rows, bytes, seconds to the first body byte, seconds in all)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    if response.status != 200:
        raise CommandError(f"{path} answered {response.status}: {response.read()[:300]!r}")
    first_chunk = response.read1(65536)
    first = time.perf_counter() - started
    size, lines = len(first_chunk), first_chunk.count(b"\n")
    while chunk := response.read1(1 << 20):
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - started
    conn.close()
    # CSV: a header line; JSONL: one line a row. (Titles here hold no line breaks.)
    rows = lines - 1 if ".csv" in path else lines
    return rows, size, first, total


def _status(pid: int) -> dict[str, str]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def _rss_mb(pid: int) -> float:
    return int(_status(pid)["VmRSS"].split()[0]) / 1024


def _peak_mb(pid: int) -> float:
    """Return the process's peak resident memory since it started (VmHWM)."""
    return int(_status(pid)["VmHWM"].split()[0]) / 1024
