"""Build a synthetic corpus in its own database and time the public pages on it."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

BENCH_DATABASE = "newsroom_bench_pages"
START = datetime(2010, 1, 1, tzinfo=UTC)
DAYS = 15 * 365
BATCH = 10_000

# A diplomatic vocabulary for titles and bodies (searches hit realistic frequencies).
_VOCABULARY = """
talks ceasefire sanctions minister foreign summit agreement treaty nuclear embassy
ambassador envoy council resolution vote veto security peace troops border refugees aid
humanitarian crisis election protest government president prime spokesman statement
meeting visit delegation negotiations deal programme weapons chemical inspection
withdrawal military strike attack rebels opposition coalition alliance trade tariffs
energy gas oil pipeline climate conference report investigation court justice human
rights violations accused denied condemned welcomed urged called warned said according
officials sources capital city region province north south east west week month year
monday tuesday wednesday thursday friday saturday sunday morning evening late early
economic economy growth debt loan bank fund development investment markets exports
imports maritime navy coast island dispute territory sovereignty independence
referendum constitution parliament opposition leader party campaign ballot results
"""
_SYLLABLES = "ka ro mi ta se lu vo ni pe da ri zo me ha tu ba lo fi ne gu"
WORDS = _VOCABULARY.split()
SYLLABLES = _SYLLABLES.split()
HOT_COUNTRIES = ["US", "RU", "CN", "SY", "IR", "UA", "IL", "GB", "FR", "DE", "TR", "KP"]


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    """Return cumulative Zipf weights (passed as ``cum_weights``: choices() then skips summing)."""
    return list(itertools.accumulate(1 / (rank**s) for rank in range(1, n + 1)))


class Command(BaseCommand):
    help = (
        "Benchmark the public pages: build N synthetic articles (a few countries in most, "
        "long-tail officials, bursts over time, near-duplicate copies) in the database "
        f"{BENCH_DATABASE}, then time each page type in-process with Django's test Client "
        "(server time: no network, no browser) and print p50/p95 and queries per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page type.")
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument(
            "--reuse", action="store_true", help="Reuse a kept database: skip building."
        )

    def handle(self, *args, articles, repeat, seed, keep, reuse, **options):
        if articles < 100 and not reuse:
            raise CommandError("--articles must be at least 100.")
        original = connection.settings_dict["NAME"]
        rng = random.Random(seed)
        try:
            if reuse:
                self._switch(BENCH_DATABASE)
                # A kept database may predate this branch's migrations: bring it up to date.
                call_command("migrate", verbosity=0)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM articles_article")
                    self.stdout.write(
                        f"Reusing {BENCH_DATABASE}: {cursor.fetchone()[0]:,} articles"
                    )
            else:
                self._recreate(BENCH_DATABASE)
                self._switch(BENCH_DATABASE)
                started = time.perf_counter()
                call_command("migrate", verbosity=0)
                call_command("load_reference", verbosity=0, stdout=io.StringIO())
                self._build(articles, rng)
                self.stdout.write(
                    f"Built {articles:,} articles in {time.perf_counter() - started:.0f}s"
                )
            self._measure(repeat, rng)
        except Exception as exc:
            if "does not exist" in str(exc) and reuse:
                raise CommandError(f"No {BENCH_DATABASE} to reuse: run once with --keep") from exc
            raise
        finally:
            self._switch(original)
            if not keep and not reuse:
                self._drop(BENCH_DATABASE)

    # --- building ---------------------------------------------------------------------

    def _build(self, n: int, rng: random.Random) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, iso2, name FROM articles_country ORDER BY id")
            countries = cursor.fetchall()
            cursor.execute(
                "SELECT id, name FROM articles_official WHERE status = 'confirmed' ORDER BY id"
            )
            officials = cursor.fetchall()
            cursor.execute("SELECT id, name FROM articles_organisation ORDER BY id")
            organisations = cursor.fetchall()
            cursor.execute("SELECT id FROM articles_topic ORDER BY id")
            topics = [row[0] for row in cursor.fetchall()]
        if not countries:
            raise CommandError("load_reference loaded no countries.")
        # Popular countries first, the rest in a shuffled long tail.
        hot = [c for c in countries if c[1] in HOT_COUNTRIES]
        tail = [c for c in countries if c[1] not in HOT_COUNTRIES]
        rng.shuffle(tail)
        countries = hot + tail
        rng.shuffle(officials)
        country_w = _zipf_weights(len(countries), 1.05)
        official_w = _zipf_weights(len(officials), 1.0)
        org_w = _zipf_weights(len(organisations), 1.2)
        topic_w = _zipf_weights(len(topics), 0.8)
        vocabulary = WORDS + [
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(3000)
        ]
        # Spread the diplomatic words over the frequency ranks: some common, most rare.
        rng.shuffle(vocabulary)
        vocab_w = _zipf_weights(len(vocabulary), 1.0)
        now = datetime.now(UTC)
        with connection.cursor() as cursor:
            sources = []
            for i in range(40):
                cursor.execute(
                    "INSERT INTO articles_source (name, slug, domain, cleaning_rules, "
                    "learned_furniture, created_at, updated_at) VALUES (%s, %s, %s, '[]', '[]', "
                    "%s, %s) RETURNING id",
                    [f"Bench Outlet {i}", f"bench-outlet-{i}", f"outlet{i}.example", now, now],
                )
                sources.append(cursor.fetchone()[0])
        source_w = _zipf_weights(len(sources), 0.7)
        # Bursts: a few hundred events each pulling articles into a couple of weeks.
        bursts = [rng.randrange(DAYS) for _ in range(300)]

        def when():
            if rng.random() < 0.02:
                return None  # undated
            if rng.random() < 0.35:
                day = rng.choice(bursts) + int(rng.gauss(0, 5))
            else:
                # Coverage grows over the years.
                day = int(DAYS * rng.random() ** 0.7)
            day = min(max(day, 0), DAYS - 1)
            return START + timedelta(days=day, seconds=rng.randrange(86_400))

        dropped = self._drop_indexes()
        article_buf, groups_buf = io.StringIO(), io.StringIO()
        mention_bufs = {k: io.StringIO() for k in ("country", "official", "org", "topic")}
        leads: list[tuple[int, object, list]] = []  # recent leads copies can duplicate
        group_id = 0
        written = 0
        for pk in range(1, n + 1):
            published = when()
            picked_countries = {
                c[0]: c
                for c in rng.choices(
                    countries, cum_weights=country_w, k=rng.choice((1, 2, 2, 3, 3, 4))
                )
            }
            if rng.random() < 0.08:
                picked_countries = {}
            picked_officials = {
                o[0]: o
                for o in rng.choices(
                    officials, cum_weights=official_w, k=rng.choice((0, 0, 1, 1, 2, 3))
                )
            }
            picked_orgs = {
                o[0]: o
                for o in rng.choices(
                    organisations, cum_weights=org_w, k=rng.choice((0, 0, 0, 1, 2))
                )
            }
            picked_topics = set(
                rng.choices(topics, cum_weights=topic_w, k=rng.choice((0, 1, 1, 2)))
            )
            names = [c[2] for c in picked_countries.values()] + [
                o[1] for o in picked_officials.values()
            ]
            words = rng.choices(vocabulary, cum_weights=vocab_w, k=rng.randint(80, 160))
            for name in names:
                words.insert(rng.randrange(len(words)), name)
            title_words = rng.choices(WORDS, k=rng.randint(4, 8))
            if names:
                title_words.insert(rng.randrange(len(title_words)), names[0])
            title = " ".join(title_words).capitalize()
            lede = " ".join(rng.choices(WORDS, k=20)).capitalize() + "."
            body = " ".join(words).capitalize() + "."
            duplicate_group, is_lead = None, True
            source = rng.choices(sources, cum_weights=source_w)[0]
            if leads and rng.random() < 0.06:
                # A near-duplicate copy of a recent story at another outlet.
                lead_pk, lead_date, lead_data = rng.choice(leads[-200:])
                if not lead_data[0]:
                    group_id += 1
                    lead_data[0] = group_id
                    groups_buf.write(f"{group_id}\t{lead_pk}\t2\t{now.isoformat()}\n")
                duplicate_group, is_lead = lead_data[0], False
                published = lead_date
            elif published is not None:
                leads.append((pk, published, [None]))
            status = "hidden" if rng.random() < 0.01 else "published"
            content_hash = hashlib.sha256(f"{pk}:{body}".encode()).hexdigest()
            article_buf.write(
                "\t".join(
                    [
                        str(pk),
                        now.isoformat(),
                        now.isoformat(),
                        str(source),
                        f"https://outlet{source}.example/{pk}",
                        f"bench-{pk}",
                        content_hash,
                        _tsv(title),
                        _tsv(lede),
                        "",
                        rng.choice(["", "", "MOSCOW", "DAMASCUS", "GENEVA", "NEW YORK"]),
                        published.isoformat() if published else r"\N",
                        _tsv(body),
                        "",
                        "en",
                        str(len(words)),
                        status,
                        "f",
                        r"\N" if duplicate_group is None else str(duplicate_group),
                        "t" if is_lead else "f",
                        "",
                        "{}",
                        "1",
                        "1",
                    ]
                )
                + "\n"
            )
            at = published.isoformat() if published else r"\N"
            for i, cid in enumerate(picked_countries):
                mention_bufs["country"].write(
                    f"{pk}\t{rng.randint(1, 6)}\t0\t[]\t{'t' if i < 2 and rng.random() < 0.7 else 'f'}"
                    f"\tautomatic\t{'t' if rng.random() < 0.005 else 'f'}\t{at}\t{cid}\tdirect\n"
                )
            for i, (oid, (_, name)) in enumerate(picked_officials.items()):
                mention_bufs["official"].write(
                    f"{pk}\t{rng.randint(1, 4)}\t0\t[]\t{'t' if i == 0 else 'f'}\tautomatic\tf"
                    f"\t{at}\t{oid}\t\\N\t{_tsv(name)[:200]}\t\n"
                )
            for oid in picked_orgs:
                mention_bufs["org"].write(f"{pk}\t1\t0\t[]\tf\tautomatic\tf\t{at}\t{oid}\n")
            for tid in picked_topics:
                mention_bufs["topic"].write(f"{pk}\t1\t0\t[]\tf\tautomatic\tf\t{at}\t{tid}\t2.5\n")
            if pk % BATCH == 0 or pk == n:
                self._flush(article_buf, groups_buf, mention_bufs)
                article_buf, groups_buf = io.StringIO(), io.StringIO()
                mention_bufs = {k: io.StringIO() for k in mention_bufs}
                written = pk
                self.stdout.write(f"  {written:,} articles", ending="\r")
                self.stdout.flush()
        self.stdout.write("")
        with connection.cursor() as cursor:
            for definition in dropped:
                cursor.execute(definition)
            # Ids were given explicitly: move the sequences past them.
            for table in ("articles_article", "articles_nearduplicategroup"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"GREATEST((SELECT max(id) FROM {table}), 1))"
                )
            cursor.execute(
                "UPDATE articles_nearduplicategroup g SET size = x.n FROM (SELECT "
                "duplicate_group_id AS id, count(*) AS n FROM articles_article WHERE "
                "duplicate_group_id IS NOT NULL GROUP BY 1) x WHERE x.id = g.id"
            )
        connection.ensure_connection()
        old_autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.set_autocommit(old_autocommit)

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

    def _flush(self, article_buf, groups_buf, mention_bufs) -> None:
        columns = {
            "articles_article": (
                "id, created_at, updated_at, source_id, url, external_id, content_hash, "
                "title, lede, byline, dateline, published_at, body, raw_text, language, "
                "word_count, status, reviewed, duplicate_group_id, is_story_lead, record_key, "
                "duplicate_keys, cleaner_version, extractor_version"
            ),
            "articles_nearduplicategroup": "id, lead_id, size, created_at",
        }
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
                ("articles_article", article_buf),
                ("articles_nearduplicategroup", groups_buf),
            ):
                buf.seek(0)
                raw.copy_expert(f"COPY {table} ({columns[table]}) FROM STDIN", buf)
            for key, (table, cols) in mention_tables.items():
                buf = mention_bufs[key]
                buf.seek(0)
                raw.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buf)

    # --- measuring --------------------------------------------------------------------

    def _measure(self, repeat: int, rng: random.Random) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT lower(c.iso2) FROM articles_country c JOIN articles_articlecountry m "
                "ON m.country_id = c.id GROUP BY c.iso2 ORDER BY count(*) DESC LIMIT 20"
            )
            top_countries = [r[0] for r in cursor.fetchall()] or ["sy"]
            cursor.execute(
                "SELECT o.slug FROM articles_official o JOIN articles_articleofficial m "
                "ON m.official_id = o.id GROUP BY o.slug ORDER BY count(*) DESC LIMIT 40"
            )
            top_officials = [r[0] for r in cursor.fetchall()] or ["none"]
            cursor.execute("SELECT slug FROM articles_topic ORDER BY id LIMIT 25")
            topics = [r[0] for r in cursor.fetchall()] or ["none"]
            cursor.execute(
                "SELECT id FROM articles_article WHERE status = 'published' "
                "ORDER BY random() LIMIT %s",
                [repeat],
            )
            article_ids = [r[0] for r in cursor.fetchall()] or [1]
        searches = [
            "ceasefire",
            "sanctions talks",
            '"peace talks"',
            "nuclear or chemical",
            "embassy -protest",
            "refugees border",
            "veto resolution",
            "oil pipeline",
        ]

        def year():
            return rng.randint(2010, 2024)

        page_types = {
            "home": lambda: "/",
            "list unfiltered": lambda: "/articles/",
            "list country+date": lambda: (
                f"/articles/?country={rng.choice(top_countries)}"
                f"&date_from={(y := year())}-01-01&date_to={y}-12-31"
            ),
            "list q (newest)": lambda: f"/articles/?q={rng.choice(searches)}&sort=newest",
            "list q relevance": lambda: f"/articles/?q={rng.choice(searches)}",
            "list page 500": lambda: "/articles/?page=500",
            "facets (3 filters)": lambda: (
                f"/articles/?country={rng.choice(top_countries)}"
                f"&official={rng.choice(top_officials)}&topic={rng.choice(topics)}"
            ),
            "article": lambda: f"/articles/{rng.choice(article_ids)}/x/",
            "country page": lambda: f"/countries/{rng.choice(top_countries)}/",
            "official page": lambda: f"/officials/{rng.choice(top_officials)}/",
        }
        self.stdout.write(
            "Server time per page, in-process (Django test Client: no network, no browser)"
        )
        self.stdout.write(
            f"{'page type':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'cpu p95':>9}"
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
                        f"{name:<22}{'n/a':>9}{'n/a':>9}   (status {sorted(statuses)})"
                    )
                    continue
                with CaptureQueriesContext(connection) as ctx:
                    client.get(urls[-1], follow=True)
                times.sort()
                cpu_p95 = f"{_p95(sorted(cpus)):>9.1f}" if cpus else f"{'n/a':>9}"
                self.stdout.write(
                    f"{name:<22}{statistics.median(times):>9.1f}{_p95(times):>9.1f}"
                    f"{times[-1]:>9.1f}{len(ctx):>9}{cpu_p95}"
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
