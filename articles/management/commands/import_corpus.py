"""Import article files, folders or archives (txt, JSON lines, CSV; gzip, zip, tar.gz)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.prepare import CHUNK_SIZE
from articles.ingest.readers import count_documents
from articles.management.queue import queue_chosen
from articles.pipeline.imports import run_import
from articles.pipeline.queue.common import QueuedRunStopped
from articles.selectors import import_warnings
from articles.services.maintenance import StatisticsRefresh
from articles.tasks import send_import_batch

FORMATS = ("auto", "txt", "jsonl", "csv")


class Command(BaseCommand):
    help = (
        "Import a corpus: files, folders (recursively) or .zip/.tar.gz archives of .txt, "
        ".jsonl and .csv files, any of them gzipped. Every record ends as inserted, updated, "
        "unchanged, duplicate or rejected; rejects are kept with their reason in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or archives to import.")
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument("--source", help="Outlet name for records that do not say.")
        parser.add_argument("--limit", type=int, help="Read at most this many records.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--workers", type=int, help="Parser processes (default: the number of cores)."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=CHUNK_SIZE,
            help=f"Records per write transaction and per task sent to the task queue "
            f"(default: {CHUNK_SIZE}).",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Use this machine's process pool even when a task queue is configured "
            "(CELERY_BROKER_URL); by default its workers prepare and write the batches.",
        )

    def handle(
        self,
        *args,
        paths,
        format,
        source,
        limit,
        dry_run,
        workers,
        batch_size=CHUNK_SIZE,
        in_process=False,
        **options,
    ):
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError(
                f"No such file or folder: {', '.join(missing)}. "
                "Give paths to .txt/.jsonl/.csv files, folders or archives."
            )
        unreadable = [p for p in paths if not _readable(Path(p))]
        if unreadable:
            raise CommandError(f"Cannot read {', '.join(unreadable)}: check its permissions.")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number.")
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        queued = not dry_run and queue_chosen(in_process=in_process, here="import here")
        send = send_import_batch if queued else None
        total = count_documents(paths, format=format)
        if total is not None and limit:
            total = min(total, limit)
        quiet = options["verbosity"] == 0 or not sys.stderr.isatty()
        with tqdm(
            total=total, unit="rec", desc="Importing", disable=quiet, dynamic_ncols=True
        ) as bar:
            try:
                summary = run_import(
                    paths,
                    format=format,
                    source=source,
                    limit=limit,
                    dry_run=dry_run,
                    workers=workers,
                    batch_size=batch_size,
                    on_progress=bar.update,
                    send=send,
                )
            except QueuedRunStopped as exc:
                raise CommandError(str(exc)) from None
            except KeyboardInterrupt:
                raise CommandError(
                    "Interrupted. Batches written so far are kept; run the same command "
                    "again to finish (already-imported records count as unchanged)."
                ) from None
        if options["verbosity"] > 0:
            self.stdout.write(summary.line())
            if summary.warnings and summary.run_id is not None:
                self._print_warnings(summary.run_id, summary.warnings)
        if options["verbosity"] > 1 and not dry_run:
            refresh = StatisticsRefresh(summary.analyzed, summary.times.analyze)
            self.stdout.write(refresh.line())
        self.summary = summary

    def _print_warnings(self, run_id: int, count: int) -> None:
        for warning in import_warnings(run_id=run_id, limit=WARNINGS_PRINTED):
            self.stdout.write(f"  warning: {warning.origin}: {warning.message}")
        self.stdout.write(
            f"  {count} warning(s) in all: the admin's Import runs › #{run_id} lists them "
            f"(/admin/articles/recordwarning/?import_run__id__exact={run_id})"
        )


WARNINGS_PRINTED = 5


def _readable(path: Path) -> bool:
    try:
        if path.is_dir():
            next(path.iterdir(), None)
        else:
            path.open("rb").close()
    except OSError:
        return False
    return True
