"""Time ``send_digests`` over a synthetic corpus: many saved searches, some articles new.

    python -m bench.digests --articles 200000 --searches 200 --new 2000 --keep
    python -m bench.digests --reuse --searches 200 --new 2000

Builds the page benchmark's kind of corpus in its own database (``newsroom_bench_digests``;
``--keep`` keeps it, ``--reuse`` measures a kept one again), makes ``--searches`` readers
with a daily digest each (the busiest countries, focus, words, two countries together, a
topic, a source), marks the last ``--new`` articles as new to every digest, and runs one
digest round with Django's in-memory mail backend: the whole run's time, each search's
p50/p95/max and its SQL queries. Nothing is mailed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")

BENCH_DATABASE = "newsroom_bench_digests"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--new", type=int, default=2000, help="articles new to every digest")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench import corpus_db, databases

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    original = connection.settings_dict["NAME"]
    try:
        if args.reuse:
            databases.switch(BENCH_DATABASE)
            call_command("migrate", verbosity=0)
        else:
            databases.recreate(BENCH_DATABASE)
            databases.switch(BENCH_DATABASE)
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("load_reference", verbosity=0, stdout=io.StringIO())
            corpus_db.build(_Out(), args.articles, random.Random(args.seed))
            connection.set_autocommit(True)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(f"Built {args.articles:,} articles in {time.perf_counter() - started:.0f}s")
        _measure(args.searches, args.new)
    finally:
        databases.switch(original)
        if not args.keep and not args.reuse:
            databases.drop(BENCH_DATABASE)


class _Out:
    def write(self, text="", ending="\n"):
        print(text, end=ending)

    def flush(self):
        sys.stdout.flush()


def _queries(count: int) -> list[str]:
    """Return ``count`` saved queries of the kinds readers save, busiest entities first."""
    from django.db import connection

    def rows(cursor, sql):
        cursor.execute(sql)
        return cursor.fetchall()

    with connection.cursor() as cursor:
        countries = [
            r[0]
            for r in rows(
                cursor,
                "SELECT lower(c.iso2) FROM articles_articlecountry m JOIN articles_country c "
                "ON c.id = m.country_id GROUP BY c.iso2 ORDER BY count(*) DESC LIMIT 40",
            )
        ]
        topics = [r[0] for r in rows(cursor, "SELECT slug FROM articles_topic LIMIT 20")]
        sources = [r[0] for r in rows(cursor, "SELECT slug FROM articles_source LIMIT 20")]
    kinds = [
        lambda i: f"country={countries[i % len(countries)]}",
        lambda i: f"country={countries[i % len(countries)]}&focus=1",
        lambda i: f"q=talks&country={countries[i % len(countries)]}",
        lambda i: f"country={countries[0]}&country={countries[1 + i % 20]}&match=all",
        lambda i: f"topic={topics[i % len(topics)]}",
        lambda i: f"source={sources[i % len(sources)]}",
        lambda i: "q=sanctions",
    ]
    return [kinds[i % len(kinds)](i) for i in range(count)]


def _measure(searches: int, new: int) -> None:
    from datetime import UTC, datetime, timedelta

    from django.contrib.auth.models import User
    from django.core import mail
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from articles.filtersets import ArticleFilterSet
    from articles.models import Article, DigestDelivery, Reader, SavedSearch
    from articles.services import digests

    User.objects.filter(username__startswith="bench-reader-").delete()
    last = Article.objects.order_by("-id").values_list("id", flat=True).first() or 0
    since = datetime.now(UTC) - timedelta(days=2)
    for i, query in enumerate(_queries(searches)):
        email = f"bench-reader-{i}@example.org"
        user = User.objects.create_user(username=email, email=email)
        Reader.objects.create(user=user, email_confirmed_at=since)
        SavedSearch.objects.create(
            user=user,
            name=f"search {i}",
            query=query,
            frequency="daily",
            digest_since=since,
            digest_after_id=max(0, last - new),
        )
    now = datetime.now(UTC)
    mail.outbox = []
    ids = digests.digests_due(now=now)
    times, queries = [], []

    def read_query(text):
        return ArticleFilterSet(QueryDict(text))

    started = time.perf_counter()
    for pk in ids:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            digests.digest_send(pk=pk, now=now, read_query=read_query)
            times.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured))
    total = time.perf_counter() - started
    listed = sum(DigestDelivery.objects.values_list("article_count", flat=True))
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{len(ids)} digests over {Article.objects.count():,} articles, the last {new:,} new: "
        f"{total:.1f}s in all; per search p50 {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms; "
        f"{statistics.median(queries):.0f} queries (max {max(queries)}); "
        f"{len(mail.outbox)} mails, {listed:,} articles listed"
    )


if __name__ == "__main__":
    main()
