"""Back up the configured PostgreSQL database and its search index (see services.backup)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.services import backup


def default_output(single_file: bool = False) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = ".dump" if single_file else ""
    return Path(settings.BASE_DIR) / "var" / "backups" / f"newsroom-{stamp}{suffix}"


class Command(BaseCommand):
    help = (
        "Back up the configured database (DATABASE_URL, else the embedded server) and the "
        "search index to a folder, var/backups/newsroom-<timestamp>/ unless --output says: "
        "a pg_dump directory-format archive (dumped by --jobs workers), a copy of the index "
        "and a manifest. --single-file writes one pg_dump -Fc archive instead (no index: "
        "its restore rebuilds it). Restore either with `restore_database PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Where to write the backup.")
        parser.add_argument(
            "--jobs", "-j", type=int, default=2, help="Parallel pg_dump jobs (default 2)."
        )
        parser.add_argument(
            "--single-file",
            action="store_true",
            help="One pg_dump -Fc file, without the search index (slower to restore).",
        )

    def handle(self, *args, output, jobs, single_file, **options):
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        path = Path(output) if output else default_output(single_file)
        articles = backup.article_count()
        database = backup.connection_env()["PGDATABASE"]
        if options["verbosity"] >= 1:
            self.stdout.write(f"Backing up database {database} ({articles:,} articles) to {path}…")
        started = time.monotonic()
        try:
            result = backup.dump(path, jobs=jobs, single_file=single_file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if options["verbosity"] >= 1:
            index = (
                f"search index: {result.index_note} in {result.index_seconds:.1f} s"
                if result.index_documents is not None
                else f"no search index: {result.index_note}"
            )
            self.stdout.write(
                f"Backed up {result.articles:,} articles to {path}: "
                f"{result.size / 1_000_000:,.1f} MB in {elapsed:.1f} s (pg_dump {result.program.major} "
                f"{result.dump_seconds:.1f} s; {index}; {result.queued:,} change(s) queued "
                "for the index)."
            )
