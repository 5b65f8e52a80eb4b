"""Load benchmark: N readers at once against gunicorn as ``make run`` serves it.

``bench.load`` is the client (pure, no Django); this module builds its URL pools from the
database, starts the server as ``make run`` does, and prints the report.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils.text import slugify

from articles.services import backup
from bench import load, replicas
from bench.sql import scalar

# --redis: the server's caches, sessions and rate limits in this Redis database.
REDIS_BENCH_URL = "redis://127.0.0.1:6379/12"
# The locust client (requirements-dev.txt), run as a module of the interpreter running us.
LOCUST = [sys.executable, "-m", "locust"]

# The mix of issue 17's load test: what readers open, by share of requests.
WEIGHTS = {"home": 0.10, "list": 0.40, "search": 0.20, "article": 0.20, "entity": 0.10}
STOPWORDS = frozenset(
    """
    about after again against also amid among another around because been before being
    between both cannot could during each from have having here into itself just like
    made make many more most much must near over said says such than that their them
    then there these they this those through under until very were what when where
    which while will with would year years your
    """.split()  # noqa: SIM905 - 67 words: a literal list would take a line each
)


def run(stdout, **options) -> None:
    """Run the load benchmark (``LoadRun.run``'s options), writing its report to ``stdout``."""
    LoadRun(stdout).run(**options)


class LoadRun:
    """One run of the load benchmark; its URL pools keep what fresh URLs are made from."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout
        self.stack: contextlib.ExitStack | None = None  # set by run(replica=True)

    def run(self, *, replica: bool = False, **options) -> None:
        """``run_load``'s options, and ``replica``: serve from a copy of the database on a
        primary with a streaming standby (``bench.replicas``), started before the server and
        stopped and removed after it, also on an error or Ctrl-C."""
        if replica and options.get("url"):
            raise CommandError("--replica starts its own server and databases: not with --url")
        with contextlib.ExitStack() as stack:
            self.stack = stack if replica else None
            self.run_load(**options)

    def run_load(
        self,
        *,
        users: int = 50,
        seconds: float = 180,
        seed: int = 1,
        url: str | None = None,
        zipf: float = 1.0,
        server_settings: str = "newsroom.settings.local",
        warm: bool = False,
        fresh: float = 0.15,
        locust: bool = False,
        redis: bool = False,
    ) -> None:
        """Build the URL pools, start gunicorn unless ``url`` names a server, load it, report.

        ``locust``: the load comes from locust (``bench/locustfile.py``, headless) instead of
        ``bench.load``'s client. ``redis``: the server's caches, sessions and rate limits in
        Redis (``REDIS_URL=`` ``REDIS_BENCH_URL``), not PostgreSQL.
        """
        server_env = {"REDIS_URL": REDIS_BENCH_URL} if redis else {}
        if locust:
            self.run_locust(
                users=users,
                seconds=seconds,
                seed=seed,
                url=url,
                zipf=zipf,
                server_settings=server_settings,
                warm=warm,
                server_env=server_env,
            )
            return
        pools = self.pools(random.Random(seed))
        mix = load.Mix(pools, WEIGHTS, zipf=zipf, fresh=fresh, fresh_url=self._fresh_url)
        sizes = ", ".join(f"{kind} {len(urls)}" for kind, urls in mix.pools.items())
        with connection.cursor() as cursor:
            articles = scalar(cursor, "SELECT count(*) FROM articles_article")
        self.stdout.write(
            f"{articles:,} articles; URL pools: {sizes}; {fresh:.0%} of lists and searches new"
        )
        if not warm:  # every page's first reader renders it, as after a deploy
            _clear_pages(server_env)
        server = None
        if url:
            parts = urlsplit(url)
            host, port = parts.hostname or "127.0.0.1", parts.port or 80
        else:
            host, port = "127.0.0.1", _free_port()
            server = self.serve(port, server_settings, server_env)
        try:
            self.stdout.write(
                f"{users} readers for {seconds:.0f} s against http://{host}:{port}/ …"
            )
            result = load.run(host, port, mix, users=users, seconds=seconds, seed=seed)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=15)
        self.report(result)

    def run_locust(
        self,
        *,
        users: int,
        seconds: float,
        seed: int,
        url: str | None,
        zipf: float,
        server_settings: str,
        warm: bool,
        server_env: dict[str, str],
    ) -> None:
        """The same pools and server, with locust headless as the client; its CSV reported."""
        pools = self.pools(random.Random(seed))
        sizes = ", ".join(f"{kind} {len(urls)}" for kind, urls in pools.items())
        with connection.cursor() as cursor:
            articles = scalar(cursor, "SELECT count(*) FROM articles_article")
        self.stdout.write(f"{articles:,} articles; URL pools: {sizes}; client: locust")
        if not warm:
            _clear_pages(server_env)
        server = None
        if url:
            host = url.rstrip("/")
        else:
            port = _free_port()
            host = f"http://127.0.0.1:{port}"
            server = self.serve(port, server_settings, server_env)
        with tempfile.TemporaryDirectory(prefix="newsroom-locust-") as work:
            pools_path = os.path.join(work, "pools.json")
            with open(pools_path, "w", encoding="utf-8") as pools_file:
                json.dump(pools, pools_file)
            env = {
                **os.environ,
                "NEWSROOM_LOCUST_POOLS": pools_path,
                "NEWSROOM_LOCUST_ZIPF": str(zipf),
            }
            rate = max(1, min(users, 10))  # users started a second: 50 users in 5 s
            command = [
                *LOCUST,
                "-f",
                str(settings.BASE_DIR / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(rate),
                "--run-time",
                f"{max(1, round(seconds))}s",
                "--host",
                host,
                "--csv",
                os.path.join(work, "run"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ]
            self.stdout.write(f"{users} locust users for {seconds:.0f} s against {host}/ …")
            try:
                # locust exits 1 when a request failed: the report says how many.
                done = subprocess.run(
                    command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
                )
            finally:
                if server is not None:
                    server.terminate()
                    server.wait(timeout=15)
            stats_path = os.path.join(work, "run_stats.csv")
            if not os.path.exists(stats_path):
                raise CommandError(f"locust wrote no statistics:\n{done.stderr[-3000:]}")
            with open(stats_path, encoding="utf-8") as stats_file:
                rows = list(csv.DictReader(stats_file))
            failures_path = os.path.join(work, "run_failures.csv")
            with open(failures_path, encoding="utf-8") as failures_file:
                failures = list(csv.DictReader(failures_file))
        self.report_locust(rows, failures)

    def report_locust(self, rows: list[dict], failures: list[dict]) -> None:
        """Requests/s, p50/p95/p99 and errors per page type and in total, from locust's CSV."""
        by_name = {row["Name"]: row for row in rows}
        self.stdout.write(
            f"\n{'page type':<10} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'p99 ms':>7} {'errors':>7}"
        )
        for name in [*WEIGHTS, "Aggregated"]:
            row = by_name.get(name)
            if row is None:
                continue
            label = "total" if name == "Aggregated" else name
            self.stdout.write(
                f"{label:<10} {int(row['Request Count']):>9,} {float(row['Requests/s']):>7.1f} "
                f"{_ms(row['50%']):>7} {_ms(row['95%']):>7} {_ms(row['99%']):>7} "
                f"{int(row['Failure Count']):>7,}"
            )
        for failure in failures:
            self.stdout.write(
                f"error: {failure['Name']} {failure['Error']} ×{failure['Occurrences']}"
            )

    def serve(
        self, port: int, settings_module: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        from newsroom.gunicorn import command
        from newsroom.static_files import collect_if_changed

        env = {
            **os.environ,
            # Each reader sends its own X-Forwarded-For: believed from the loopback only.
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            # Its readers are closed loops, each far faster than a person (over 100 requests
            # a second on cached pages): the page limit stays on, so its counting is paid
            # for, but high enough not to refuse them.
            "DJANGO_PAGE_RATE": "100000/minute",
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": backup.database_url(),
            "NEWSROOM_INDEX_DIR": str(settings.SEARCH_INDEX_DIR),
            **(extra_env or {}),
        }
        if self.stack is not None:  # the pair's primary and standby, started now
            env.update(self.stack.enter_context(replicas.serving(self.stdout)))
        # As make run does: the server's settings serve hashed static files from a manifest
        # (collected again only when a source file changed).
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        collect_if_changed(
            lambda: subprocess.run(collect, cwd=settings.BASE_DIR, env=env, check=True)
        )
        log = tempfile.TemporaryFile()  # noqa: SIM115 - gunicorn's messages, shown if it fails
        server = subprocess.Popen(
            command(port), cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/topics/", timeout=30):
                    return server
            except OSError:
                if server.poll() is not None:
                    raise CommandError(f"gunicorn exited at start-up:\n{_tail(log)}") from None
                time.sleep(0.5)
        server.terminate()
        raise CommandError(f"gunicorn did not answer within 60 s:\n{_tail(log)}")

    def pools(self, rng: random.Random) -> dict[str, list[str]]:
        """URLs of each page type, most popular first (busy countries, recent articles)."""
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT c.iso2 FROM articles_articlecountry ac
                JOIN articles_country c ON c.id = ac.country_id
                GROUP BY c.iso2 ORDER BY count(*) DESC LIMIT 120"""
            )
            countries = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                """SELECT o.slug FROM articles_articleofficial ao
                JOIN articles_official o ON o.id = ao.official_id
                WHERE o.status = 'confirmed'
                GROUP BY o.slug ORDER BY count(*) DESC LIMIT 200"""
            )
            officials = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                """SELECT t.slug FROM articles_articletopic at
                JOIN articles_topic t ON t.id = at.topic_id
                GROUP BY t.slug ORDER BY count(*) DESC"""
            )
            topics = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                """SELECT extract(year FROM published_at)::int FROM articles_article
                WHERE published_at IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 8"""
            )
            years = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                """(SELECT id, title FROM articles_article WHERE status = 'published'
                    ORDER BY published_at DESC NULLS LAST LIMIT 1000)
                UNION ALL
                (SELECT id, title FROM articles_article WHERE status = 'published'
                    ORDER BY md5(id::text) LIMIT 1000)"""
            )
            articles = list(dict.fromkeys(row for row in cursor.fetchall()))
            cursor.execute(
                """SELECT title FROM articles_article WHERE status = 'published'
                ORDER BY md5(id::text) LIMIT 3000"""
            )
            titles = [row[0] for row in cursor.fetchall()]
        if not countries or not articles:
            raise CommandError(
                "The database has no tagged articles to read: import a corpus first."
            )
        words = _common_words(titles)
        self._countries, self._words, self._years = countries[:100], words[:2000], years

        def q(params: dict) -> str:
            return "/articles/?" + urlencode(params)

        lists = []
        for rank, iso2 in enumerate(countries[:100]):
            lists.append(q({"country": iso2}))
            if topics:
                lists.append(q({"country": iso2, "topic": topics[rank % len(topics)]}))
            if years:
                year = years[rank % len(years)]
                lists.append(
                    q({"country": iso2, "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"})
                )
            other = countries[(rank + 1 + rng.randrange(5)) % len(countries)]
            lists.append(q({"country": [iso2, other], "match": "all"}))
            if officials and rank < len(officials):
                lists.append(q({"official": officials[rank]}))
        for rank, topic in enumerate(topics):
            lists.insert(min(len(lists), rank * 7), q({"topic": topic}))
        searches = []
        for rank, word in enumerate(words[:250]):
            searches.append(q({"q": word}))
            if rank % 3 == 0:
                searches.append(q({"q": word, "sort": "newest"}))
            if rank % 4 == 1 and rank + 1 < len(words):
                searches.append(q({"q": f"{word} {words[rank + 1]}"}))
            if rank % 5 == 2:
                searches.append(q({"q": word, "country": countries[rank % len(countries)]}))
        entities = []
        for rank in range(max(len(countries), len(officials), len(topics))):
            if rank < len(countries):
                entities.append(f"/countries/{countries[rank]}/")
            if rank < len(officials):
                entities.append(f"/officials/{officials[rank]}/")
            if rank < len(topics):
                entities.append(f"/topics/{topics[rank]}/")
        return {
            "home": ["/"],
            "list": lists,
            "search": searches,
            "article": [  # canonical URLs, as the site links them (no redirect)
                reverse(
                    "articles:article_detail",
                    kwargs={"pk": pk, "slug": slugify(title)[:80] or "article"},
                )
                for pk, title in articles
            ],
            "entity": entities,
        }

    def _fresh_url(self, rng: random.Random, kind: str) -> str | None:
        """A list or search URL no reader asked for before (others: None, from the pools)."""
        if kind == "list" and self._years:
            day = rng.randrange(365)
            year = rng.choice(self._years)
            start = date(year, 1, 1) + timedelta(days=day)
            end = start + timedelta(days=rng.randrange(7, 120))
            params = {"country": rng.choice(self._countries), "date_from": str(start)}
            params["date_to"] = str(end)
            return "/articles/?" + urlencode(params)
        if kind == "search" and len(self._words) > 2:
            first, second = rng.sample(self._words, 2)
            return "/articles/?" + urlencode({"q": f"{first} {second}"})
        return None

    def report(self, result) -> None:
        total = result.requests
        p50, p95, p99 = result.percentiles()
        self.stdout.write(
            f"\n{total:,} requests in {result.seconds:.1f} s: {total / result.seconds:.1f} requests/s"
            f"   p50 {p50 * 1000:.0f} ms   p95 {p95 * 1000:.0f} ms   p99 {p99 * 1000:.0f} ms"
            f"   errors {result.failed}"
        )
        self.stdout.write(
            f"{'page type':<10} {'requests':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        )
        for kind in WEIGHTS:
            values = result.latencies.get(kind, [])
            k50, k95, k99 = result.percentiles(kind)
            self.stdout.write(
                f"{kind:<10} {len(values):>9,} {k50 * 1000:>7.0f} {k95 * 1000:>7.0f} {k99 * 1000:>7.0f}"
            )
        statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(result.statuses.items()))
        self.stdout.write(f"statuses: {statuses}")
        answered = sum(result.cache.values()) or 1
        caching = ", ".join(
            f"{state} {n / answered:.0%}" for state, n in result.cache.most_common()
        )
        self.stdout.write(f"page cache: {caching}")
        if result.errors:
            self.stdout.write(f"errors: {dict(result.errors)}")


def _common_words(titles: list[str]) -> list[str]:
    counts = {}
    for title in titles:
        for word in title.lower().split():
            word = word.strip(".,:;!?\"'()[]‘’“”")
            if len(word) >= 4 and word.isalpha() and word not in STOPWORDS:
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def _clear_pages(server_env: dict[str, str]) -> None:
    """Empty the page cache the server will read: its Redis database, or the database's."""
    if server_env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(server_env["REDIS_URL"]).flushdb()
    else:
        caches["pages"].clear()


def _ms(value: str) -> str:
    """A locust percentile (ms, or N/A when no request of the type was made)."""
    try:
        return f"{float(value):.0f}"
    except ValueError:
        return "-"


def _tail(log) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-3000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
