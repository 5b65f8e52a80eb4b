"""Dump the configured PostgreSQL database to a pg_dump custom-format archive."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.services import backup


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"newsroom-{stamp}.dump"


class Command(BaseCommand):
    help = (
        "Back up the configured database (DATABASE_URL, else the embedded server) with "
        "pg_dump -Fc, to var/backups/newsroom-<timestamp>.dump unless --output says. "
        "Restore it with `restore_database FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Where to write the archive.")

    def handle(self, *args, output, **options):
        path = Path(output) if output else default_output()
        articles = backup.article_count()
        database = backup.connection_env()["PGDATABASE"]
        if options["verbosity"] >= 1:
            self.stdout.write(f"Backing up database {database} ({articles:,} articles) to {path}…")
        started = time.monotonic()
        try:
            program = backup.dump(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if options["verbosity"] >= 1:
            size = path.stat().st_size / 1_000_000
            self.stdout.write(
                f"Backed up {articles:,} articles to {path}: {size:,.1f} MB in {elapsed:.1f} s "
                f"(pg_dump {program.major})."
            )
