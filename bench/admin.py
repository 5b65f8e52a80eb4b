"""Time the curation admin's list pages on the page benchmark's synthetic corpus.

Build (or keep) that corpus first, then run this script:

    python manage.py bench_pages --articles 200000 --keep     # once; builds newsroom_bench_pages
    python -m bench.admin --repeat 10

Each page is requested through Django's test client (in process, logged in as a
superuser made for the run), so the figures are server time without the network: p50 and
p95 in milliseconds, the median time spent in SQL, and the number of SQL queries of the
last request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")

BENCH_DATABASE = "newsroom_bench_pages"  # bench.pages' database (importing it needs Django set up)


def main() -> None:
    """Print p50/p95 server time per admin page on the benchmark database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="requests per page")
    parser.add_argument("--database", default=BENCH_DATABASE)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.sql import scalar

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Templates name static files; without collectstatic the manifest storage cannot.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    connections.close_all()
    connection.settings_dict["NAME"] = args.database
    with connection.cursor() as cursor:
        total = scalar(cursor, "SELECT count(*) FROM articles_article")
        country = scalar(
            cursor,
            "SELECT country_id FROM articles_articlecountry GROUP BY country_id "
            "ORDER BY count(*) DESC LIMIT 1",
        )
        rare_country = scalar(
            cursor,
            "SELECT country_id FROM articles_articlecountry GROUP BY country_id "
            "ORDER BY count(*) ASC LIMIT 1",
        )
        topic = scalar(cursor, "SELECT topic_id FROM articles_articletopic LIMIT 1")
        source = scalar(cursor, "SELECT id FROM articles_source ORDER BY id LIMIT 1")
        year = scalar(
            cursor,
            "SELECT extract(year FROM published_at)::int FROM articles_article "
            "WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1",
        )
        article = scalar(cursor, "SELECT id FROM articles_article ORDER BY id DESC LIMIT 1")
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    base = "/admin/articles/article/"
    pages = [
        ("articles: unfiltered", base),
        ("articles: page 200", f"{base}?p=200"),
        ("articles: status hidden", f"{base}?status__exact=hidden"),
        ("articles: busiest country", f"{base}?country={country}"),
        ("articles: rare country", f"{base}?country={rare_country}"),
        ("articles: topic", f"{base}?topic={topic}"),
        ("articles: source", f"{base}?source__id__exact={source}"),
        ("articles: undated", f"{base}?undated=1"),
        ("articles: has candidates", f"{base}?candidates=1"),
        ("articles: search", f"{base}?q=ceasefire"),
        ("articles: search phrase", f"{base}?q=%22peace+talks%22"),
        ("articles: year drill-down", f"{base}?published_at__year={year}"),
        ("articles: month drill-down", f"{base}?published_at__year={year}&published_at__month=1"),
        ("articles: country + year", f"{base}?country={country}&published_at__year={year}"),
        ("article change form", f"{base}{article}/change/"),
        ("recent changes", f"{base}recent-changes/"),
        ("country mentions", "/admin/articles/articlecountry/"),
        ("rejected documents", "/admin/articles/rejecteddocument/"),
    ]
    print(f"{args.database}: {total:,} articles; {args.repeat} requests per page")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8} {'queries':>8}")
    for label, url in pages:
        client.get(url)  # warm the caches once, as a working editor would have them
        times, sql = [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{label:32} {statistics.median(times):8.0f} {p95:8.0f} "
            f"{statistics.median(sql):8.0f} {len(queries):8d}"
        )
    user.delete()


if __name__ == "__main__":
    main()
