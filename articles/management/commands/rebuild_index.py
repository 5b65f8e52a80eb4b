"""Build the search index again from PostgreSQL, catch it up, or report its health."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.pipeline.queue.common import QueuedRunStopped, queue_configured
from articles.pipeline.queue.index import index_queue, index_rebuild_dispatch
from articles.search import engine, indexing
from articles.services.maintenance import table_statistics_refresh
from articles.tasks import send_index_rebuild, workers_consuming


class Command(BaseCommand):
    help = (
        "Rebuild the search index (articles/search) from PostgreSQL, the source of truth. "
        "--sync only indexes what changed since the index last caught up; --check reports "
        "whether the index is usable and how many changes wait (exit status 1 if not). "
        "The index is this machine's: --node NAME has the task queue's worker on node NAME "
        "rebuild that node's copy instead."
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
        parser.add_argument(
            "--node",
            help="Rebuild (or --sync) the index of this node, by its NEWSROOM_NODE name, "
            "through its task queue worker (needs CELERY_BROKER_URL); default: this machine.",
        )

    def handle(self, *args, workers, sync, check, node=None, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if node:
            if check:
                raise CommandError("--check reports on this machine's index: run it on the node.")
            return self._on_node(node, sync=sync, threads=workers, verbosity=options["verbosity"])
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
        if options["verbosity"] >= 1:
            self._report(
                result.indexed, result.removed, time.monotonic() - started, engine.health()[1]
            )
        if options["verbosity"] >= 2:
            self.stdout.write(f"Table statistics: {statistics}")

    def _on_node(self, node: str, *, sync: bool, threads: int, verbosity: int) -> None:
        """Have ``node``'s worker rebuild (or sync) its copy of the index; wait for it."""
        if not queue_configured():
            raise CommandError("--node needs a task queue: set CELERY_BROKER_URL.")
        if not workers_consuming(index_queue(node)):
            raise CommandError(
                f"No task queue worker consumes {index_queue(node)}: start "
                f"`celery -A newsroom worker` on {node} with NEWSROOM_NODE={node}."
            )
        started = time.monotonic()
        quiet = verbosity == 0 or not sys.stderr.isatty()
        with tqdm(unit="art", desc=f"Rebuilding the index on {node}", disable=quiet) as bar:
            try:
                run = index_rebuild_dispatch(
                    node=node, sync=sync, threads=threads, send=send_index_rebuild,
                    on_progress=bar.update,
                )  # fmt: skip
            except QueuedRunStopped as exc:
                raise CommandError(str(exc)) from None
        if verbosity >= 1:
            self._report(
                run.result["indexed"], run.result["removed"], time.monotonic() - started,
                f"{node}: {run.result['health']}",
            )  # fmt: skip

    def _report(self, indexed: int, removed: int, elapsed: float, health: str) -> None:
        rate = (indexed + removed) / elapsed if elapsed else 0
        self.stdout.write(
            f"Indexed {indexed:,} article(s), removed {removed:,} in "
            f"{elapsed:.1f} s ({rate:,.0f} articles/s). {health}"
        )
