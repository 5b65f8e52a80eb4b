"""Import a corpus into a fresh, empty database and print per-stage rates and peak memory."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from articles.ingest import pipeline
from articles.services.reference import DATA_DIR

BENCH_DATABASE = "newsroom_bench"


class Command(BaseCommand):
    help = (
        "Benchmark import_corpus: create an empty database, load the reference data, import "
        "PATH, and print articles/s for reading, parsing+cleaning, near-duplicate signing, "
        "writing and in total, with the peak memory of the main process and workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--format", default="auto")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark database afterwards."
        )

    def handle(self, *args, paths, workers, limit, format, keep, **options):
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        original = connection.settings_dict["NAME"]
        self._recreate(BENCH_DATABASE)
        self._switch(BENCH_DATABASE)
        try:
            call_command("migrate", verbosity=0)
            if (DATA_DIR / "countries.json").exists():
                call_command("load_reference", verbosity=0)
            summary = pipeline.run_import(paths, workers=workers, limit=limit, format=format)
        finally:
            self._switch(original)
            if not keep:
                self._drop(BENCH_DATABASE)
        self._report(summary, workers or os.cpu_count() or 1)

    def _report(self, summary, workers):
        times, n = summary.times, summary.records

        def rate(seconds):
            return f"{n / seconds:>10,.0f}/s" if seconds else "         n/a"

        self.stdout.write(summary.line())
        self.stdout.write(f"records             {n:>10,}   workers {workers}")
        learner = "main process" if workers == 1 else "sources shared by the workers"
        self.stdout.write(f"learn furniture     {rate(times.learn)}   (first pass, {learner})")
        self.stdout.write(f"reading             {rate(times.read)}   (main process)")
        self.stdout.write(f"parsing+cleaning    {rate(times.parse)}   (per core)")
        self.stdout.write(
            f"extraction          {rate(times.extract)}   (per core; gazetteer compiled in {times.gazetteer:.1f}s)"
        )
        self.stdout.write(f"dedup signatures    {rate(times.sign)}   (per core)")
        self.stdout.write(f"writing             {rate(times.write)}   (main process)")
        self.stdout.write(f"total (wall clock)  {rate(times.total)}   {times.total:.1f}s")
        self.stdout.write(f"peak memory         {summary.peak_memory_mb:>10,.0f} MB")

    def _recreate(self, name):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')

    def _drop(self, name):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def _switch(self, name):
        connections.close_all()
        connection.settings_dict["NAME"] = name
