"""Restore a backup_database archive into the configured database, then rebuild the index."""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.services import backup


class Command(BaseCommand):
    help = (
        "Restore a pg_dump custom-format archive (from backup_database) into the configured "
        "database with pg_restore --clean --if-exists --no-owner, replacing what it holds; "
        "then migrate, analyze and rebuild the search index, which is derived from the "
        "database. Refuses a database that has articles unless --yes is given. Stop the "
        "site first: the restore drops tables that open sessions may be using."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to restore (a .dump file).")
        parser.add_argument(
            "--jobs", "-j", type=int, default=2, help="Parallel pg_restore jobs (default 2)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Replace a database that already has articles."
        )

    def handle(self, *args, file, jobs, yes, **options):
        archive = Path(file)
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        database = backup.connection_env()["PGDATABASE"]
        existing = backup.article_count()
        if existing and not yes:
            raise CommandError(
                f"Database {database} has {existing:,} articles, which the restore would "
                "replace. Run again with --yes to go ahead (make restore FILE=… YES=1)."
            )
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(f"Restoring {archive} into database {database} (-j {jobs})…")
        started = time.monotonic()
        try:
            program = backup.restore(archive, jobs=jobs)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        restored = time.monotonic() - started
        articles = backup.article_count()
        if verbose:
            self.stdout.write(
                f"Restored {articles:,} articles in {restored:.1f} s (pg_restore {program.major})."
            )
        # A dump from older code may predate the current migrations.
        call_command("migrate", interactive=False, verbosity=0)
        analyze_started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if verbose:
            self.stdout.write(
                f"Analyzed the tables in {time.monotonic() - analyze_started:.1f} s. "
                "Rebuilding the search index…"
            )
        # The index records the database's identity, which a restore changes: rebuild it.
        call_command("rebuild_index", verbosity=options["verbosity"], stdout=self.stdout)
        if verbose:
            self.stdout.write(f"Restore finished in {time.monotonic() - started:.1f} s.")
