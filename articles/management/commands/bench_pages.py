"""Build a synthetic corpus in its own database and time the public pages on it."""

from __future__ import annotations

from bench import pages
from bench.command import BenchCommand
from bench.pages import BENCH_DATABASE


class Command(BenchCommand):
    runner = staticmethod(pages.run)
    help = (
        "Benchmark the public pages: build N synthetic articles shaped like the real corpus "
        "(a Zipf country distribution, ~3 countries an article, long-tail officials, event "
        f"bursts, near-duplicate copies) in the database {BENCH_DATABASE}, print its shape, "
        "then time each page type in-process with Django's test Client (server time: no "
        "network, no browser) and print p50/p95 and queries per page."
    )

    def add_arguments(self, parser):
        self.add_database_arguments(parser, articles=20_000)
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page type.")
        parser.add_argument("--seed", type=int, default=5)
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
