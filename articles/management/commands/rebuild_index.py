"""Build the search index again from PostgreSQL, catch it up, or report its health."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.search import engine, indexing
from articles.services.maintenance import table_statistics_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the search index (articles/search) from PostgreSQL, the source of truth. "
        "--sync only indexes what changed since the index last caught up; --check reports "
        "whether the index is usable and how many changes wait (exit status 1 if not)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Indexing threads of the index writer (default 2).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--sync", action="store_true", help="Index the queued changes only.")
        mode.add_argument("--check", action="store_true", help="Report health; change nothing.")

    def handle(self, *args, workers, sync, check, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        state, reason = engine.health()
        if check:
            waiting = indexing.queue_size()
            self.stdout.write(f"{reason} {waiting:,} changed article(s) wait to be indexed.")
            if state != "ok":
                raise CommandError(
                    f"The search index is {state}: run `python manage.py rebuild_index`."
                )
            return
        quiet = options["verbosity"] == 0 or not sys.stderr.isatty()
        started = time.monotonic()
        if sync and state == "ok":
            total, label = indexing.queue_size(), "Indexing changes"
        else:
            if sync:
                self.stdout.write(f"{reason} Rebuilding it.")
            total, label = None, "Rebuilding the index"
        with tqdm(total=total, unit="art", desc=label, disable=quiet) as bar:
            if total is None:
                result = indexing.rebuild_index(threads=workers, progress=bar.update)
            else:
                result = indexing.sync(wait=True, threads=workers, progress=bar.update)
        statistics = table_statistics_refresh(tables=["articles_indexqueue"])
        elapsed = time.monotonic() - started
        rate = result.done / elapsed if elapsed else 0
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Indexed {result.indexed:,} article(s), removed {result.removed:,} in "
                f"{elapsed:.1f} s ({rate:,.0f} articles/s). {engine.health()[1]}"
            )
        if options["verbosity"] >= 2:
            self.stdout.write(f"Table statistics: {statistics}")
