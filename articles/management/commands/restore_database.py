"""Restore a backup_database backup into the configured database, and its search index."""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.search import indexing
from articles.services import backup


class Command(BaseCommand):
    help = (
        "Restore a backup from backup_database (a backup folder, or a single pg_dump -Fc "
        "file) into the configured database with pg_restore --clean --if-exists --no-owner "
        "-j N, replacing what it holds, all but the admin's full-text index; then migrate and "
        "analyze, and put the backup's search index in place (indexing the changes it did "
        "not have yet), or rebuild the index from the database when the backup has no "
        "usable one. The site is then complete for readers and the API; last, the admin's "
        "full-text index (article_search_gin) is built, unless --defer-admin-index leaves "
        "it to a CREATE INDEX CONCURRENTLY that the command prints. Refuses a database "
        "that has articles unless --yes is given. Stop the site first: the restore drops "
        "tables that open sessions may be using."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore (a folder or a .dump file).")
        parser.add_argument(
            "--jobs", "-j", type=int, default=2, help="Parallel pg_restore jobs (default 2)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Replace a database that already has articles."
        )
        parser.add_argument(
            "--rebuild-index",
            action="store_true",
            help="Rebuild the search index from the database even if the backup holds one.",
        )
        parser.add_argument(
            "--defer-admin-index",
            action="store_true",
            help=(
                "Do not build the admin's full-text index (article_search_gin, used by the "
                "admin's article search and topic-rule matching, which work without it, "
                "slowly); print the CREATE INDEX CONCURRENTLY that builds it with the site up."
            ),
        )

    def handle(self, *args, file, jobs, yes, rebuild_index, defer_admin_index, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"{path} is not a file or folder.")
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        try:
            manifest = backup.read_manifest(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        database = backup.connection_env()["PGDATABASE"]
        existing = backup.article_count()
        if existing and not yes:
            raise CommandError(
                f"Database {database} has {existing:,} articles, which the restore would "
                "replace. Run again with --yes to go ahead (make restore FILE=… YES=1)."
            )
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(f"Restoring {path} into database {database} (-j {jobs})…")
        started = time.monotonic()
        try:
            restore = backup.restore(path, jobs=jobs)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        restored = time.monotonic() - started
        articles = backup.article_count()
        if verbose:
            but = " (all but the admin's full-text index)" if restore.admin_index_sql else ""
            self.stdout.write(
                f"Restored {articles:,} articles{but} in {restored:.1f} s "
                f"(pg_restore {restore.program.major})."
            )
        # A dump from older code may predate the current migrations.
        step = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        migrated = time.monotonic() - step
        step = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if verbose:
            self.stdout.write(
                f"Migrated in {migrated:.1f} s, analyzed the tables in "
                f"{time.monotonic() - step:.1f} s."
            )
        step = time.monotonic()
        if rebuild_index:
            copied, note = False, "Rebuilding the search index, as asked (--rebuild-index)."
        else:
            copied, note = backup.restore_index(path, manifest)
        if copied:
            # The changes committed before the backup that the index did not have yet.
            result = indexing.sync(wait=True, threads=2)
            if verbose:
                self.stdout.write(
                    f"{note} Indexed {result.indexed:,} queued change(s), removed "
                    f"{result.removed:,}, in {time.monotonic() - step:.1f} s."
                )
        else:
            indexing.adopt_restored(None)  # the dump's queue and nodes name its own history
            if verbose:
                self.stdout.write(f"{note} Rebuilding the search index from the database…")
            call_command("rebuild_index", verbosity=options["verbosity"], stdout=self.stdout)
        if verbose:
            self.stdout.write(
                f"The site is complete for readers and the API after "
                f"{time.monotonic() - started:.1f} s."
            )
        self._admin_index(restore.admin_index_sql, defer_admin_index, verbose)
        if verbose:
            self.stdout.write(f"Restore finished in {time.monotonic() - started:.1f} s.")

    def _admin_index(self, sql, defer, verbose):
        """Build the admin's full-text index left out of pg_restore, or say how to."""
        if not sql or not backup.admin_index_wanted() or backup.admin_index_exists():
            return  # none in the backup, no longer wanted, or made by a migration
        if defer:
            statement = backup.concurrent_statement(sql)
            self.stdout.write(
                f"Not building the full-text index for the admin ({backup.ADMIN_INDEX}), as "
                "asked: until it exists the admin's article search and topic-rule matching "
                "read the whole article table. Build it with the site up (writes go on):\n"
                f"  python manage.py dbshell -- -c '{statement}'\n"
                "(if that is interrupted, DROP INDEX CONCURRENTLY the invalid index it leaves "
                "and run it again)."
            )
            return
        if verbose:
            self.stdout.write(f"Building the full-text index for the admin ({backup.ADMIN_INDEX})…")
        step = time.monotonic()
        backup.build_admin_index(sql)
        if verbose:
            self.stdout.write(f"Full-text index for the admin: {time.monotonic() - step:.1f} s.")
