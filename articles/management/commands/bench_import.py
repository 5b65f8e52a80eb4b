"""Import a corpus into a fresh, empty database and print per-stage rates and peak memory."""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test.utils import override_settings

from articles.pipeline.imports import run_import
from articles.services.reference import DATA_DIR
from bench.cpu import database_cpu_seconds

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
        load_before = _load()
        original = connection.settings_dict["NAME"]
        # Its own search index too: the import indexes what it wrote, and the served
        # index must never be rebuilt from the benchmark's database.
        index_dir = Path(settings.SEARCH_INDEX_DIR).with_name(f"index_{BENCH_DATABASE}")
        shutil.rmtree(index_dir, ignore_errors=True)
        self._recreate(BENCH_DATABASE)
        self._switch(BENCH_DATABASE)
        try:
            with override_settings(SEARCH_INDEX_DIR=index_dir):
                call_command("migrate", verbosity=0)
                if (DATA_DIR / "countries.json").exists():
                    call_command("load_reference", verbosity=0)
                summary = run_import(
                    paths,
                    workers=workers,
                    limit=limit,
                    format=format,
                    database_cpu=database_cpu_seconds,
                )
        finally:
            self._switch(original)
            if not keep:
                self._drop(BENCH_DATABASE)
                shutil.rmtree(index_dir, ignore_errors=True)
        self._report(summary, workers or os.cpu_count() or 1, load_before)

    def _report(self, summary, workers, load_before):
        times, n = summary.times, summary.records

        def rate(seconds):
            return f"{n / seconds:>10,.0f}/s" if seconds else "         n/a"

        def ms(seconds):
            return f"{1000 * seconds / n:>7.2f} ms" if n and seconds is not None else "    n/a   "

        out = self.stdout.write
        out(summary.line())
        out(
            f"records             {n:>10,}   workers {workers}   load {load_before} before, {_load()} after"
        )
        out("stage               rate          CPU per article")
        learner = "main process" if workers == 1 else "sources shared by the workers"
        out(
            f"learn furniture     {rate(times.learn)}  {ms(times.cpu_learn)}  (first pass, {learner})"
        )
        out(f"reading             {rate(times.read)}  {ms(times.cpu_read)}  (main process)")
        out(f"parsing+cleaning    {rate(times.parse)}  {ms(times.parse)}  (workers, CPU)")
        out(
            f"extraction          {rate(times.extract)}  {ms(times.extract)}  "
            f"(workers, CPU; gazetteer compiled in {times.gazetteer:.1f}s during learning)"
        )
        out(
            f"dedup signatures    {rate(times.sign)}  {ms(times.sign)}  (workers, CPU; hash, sign, row text)"
        )
        out(
            f"writing             {rate(times.write)}  {ms(times.cpu_write)}  (main process's own CPU)"
        )
        out(
            f"search index        {rate(times.index)}  {ms(times.cpu_index)}  "
            "(documents read back and indexed, in the main process and the writer's threads)"
        )
        out(
            f"PostgreSQL backend                {ms(times.cpu_pg_backend)}  (this import's connection)"
        )
        out(f"PostgreSQL server                 {ms(times.cpu_pg_server)}  (all its processes)")
        out(f"main process                      {ms(times.cpu_main)}  (everything it did)")
        out(
            f"workers                           {ms(times.cpu_workers)}  (incl. pickling, idle polls)"
        )
        total_cpu = times.cpu_main + times.cpu_workers + (times.cpu_learn if workers > 1 else 0)
        total_cpu += times.cpu_pg_server or 0.0
        out(f"all CPU                           {ms(total_cpu)}  (main + workers + learn + server)")
        out(f"total (wall clock)  {rate(times.total)}   {times.total:.1f}s")
        out(f"peak memory         {summary.peak_memory_mb:>10,.0f} MB")

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


def _load() -> str:
    """Return the 1-minute load average (the machine's other work skews wall-clock rates)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"
