"""Load benchmark: N readers at once against gunicorn as ``make run`` serves it."""

from __future__ import annotations

from bench import loadtest
from bench.command import BenchCommand


class Command(BenchCommand):
    runner = staticmethod(loadtest.run)
    help = (
        "Load-test the site: --users readers (default 50) request the page mix (home 10%, "
        "filtered lists 40%, searches 20%, articles 20%, country/official/topic pages 10%) "
        "for --seconds (default 180), each URL drawn by popularity from pools built from "
        "this database; prints requests/s, p50/p95/p99, errors and page-cache hits. Starts "
        "gunicorn with make run's command line on a free port, unless --url names a server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=180)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--url", help="A running server (its readers then share the rate limits)."
        )
        parser.add_argument(
            "--fresh",
            type=float,
            default=0.15,
            help="Share of list and search requests for a URL never asked before (a new date "
            "range, a new pair of words): the long tail no cache holds. Default 0.15.",
        )
        parser.add_argument(
            "--warm",
            action="store_true",
            help="Keep the page cache of earlier runs (by default a run starts with it empty).",
        )
        parser.add_argument(
            "--server-settings",
            default="newsroom.settings.local",
            help="The settings gunicorn runs with (make run's by default).",
        )
        parser.add_argument(
            "--locust",
            action="store_true",
            help="Send the load with locust (bench/locustfile.py, headless; same mix and URL "
            "pools, no fresh URLs) instead of the built-in client; prints locust's figures.",
        )
        parser.add_argument(
            "--redis",
            action="store_true",
            help="Serve with REDIS_URL=redis://127.0.0.1:6379/12 (caches, sessions and rate "
            "limits in Redis, not PostgreSQL).",
        )
        parser.add_argument(
            "--replica",
            action="store_true",
            help="Serve from a copy of the database on a primary with a streaming standby "
            "(pg_basebackup, started on free ports with the server's PostgreSQL binaries, "
            "removed afterwards), DATABASE_REPLICA_URLS at the standby; reports the reads "
            "each served. Not with --url.",
        )
        parser.add_argument(
            "--zipf", type=float, default=1.0, help="Popularity skew within each page type."
        )
