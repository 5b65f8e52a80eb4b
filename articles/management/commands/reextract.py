"""Re-run extraction (and cleaning when outdated) over stored articles."""

import sys
from datetime import UTC, datetime
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.management.queue import queue_chosen
from articles.pipeline.queue.common import QueuedRunStopped
from articles.pipeline.queue.reextract import reextract_dispatch
from articles.pipeline.reextract import CHUNK_SIZE, articles_reextract, articles_to_reextract
from articles.tasks import send_reextract_batch


class Command(BaseCommand):
    help = (
        "Re-run extraction over stored articles after aliases, rules or blocklists changed. "
        "Editor-made and editor-removed mentions are kept. Bodies cleaned by an older "
        "cleaner are re-cleaned from the raw text (--reclean forces it for all), with their "
        "sources' furniture learned again from every stored raw text of those sources."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only articles published on or after this date.")
        parser.add_argument("--reclean", action="store_true", help="Re-clean every body.")
        parser.add_argument("--workers", type=int, help="Processes (default: cores).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=CHUNK_SIZE,
            help=f"Articles per write transaction and per task sent to the task queue "
            f"(default: {CHUNK_SIZE}).",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Use this machine's process pool even when a task queue is configured "
            "(CELERY_BROKER_URL); by default its workers re-extract the batches.",
        )

    def handle(
        self, *args, since, reclean, workers, batch_size=CHUNK_SIZE, in_process=False, **options
    ):
        since_at = None
        if since:
            try:
                since_at = datetime.fromisoformat(since)
            except ValueError:
                raise CommandError(
                    f"--since must be an ISO date like 2012-04-09, not {since!r}"
                ) from None
            if since_at.tzinfo is None:
                since_at = since_at.replace(tzinfo=UTC)
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        dispatch = None
        if queue_chosen(in_process=in_process, here="re-extract here"):
            dispatch = partial(reextract_dispatch, send=send_reextract_batch)
        total = articles_to_reextract(since=since_at).count()
        quiet = options["verbosity"] == 0 or not sys.stderr.isatty()
        with (
            tqdm(unit="art", desc="Learning furniture", disable=quiet) as learning,
            tqdm(total=total, unit="art", desc="Re-extracting", disable=quiet) as bar,
        ):

            def learned(articles: int, of: int) -> None:
                learning.total = of  # known once the service has chosen the sources
                learning.update(articles)

            try:
                summary = articles_reextract(
                    since=since_at,
                    reclean_all=reclean,
                    workers=workers,
                    batch_size=batch_size,
                    on_progress=bar.update,
                    on_learn_progress=learned,
                    dispatch=dispatch,
                )
            except QueuedRunStopped as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(summary.line())
        if options["verbosity"] > 1:
            self.stdout.write(summary.statistics.line())
