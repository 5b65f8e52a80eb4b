"""Measure the streamed exports on a generated corpus, through a real gunicorn worker."""

from __future__ import annotations

from bench import export
from bench.command import BenchCommand
from bench.export import BENCH_DATABASE


class Command(BenchCommand):
    runner = staticmethod(export.run)
    help = (
        "Benchmark /articles/export.csv and .jsonl: build N articles in the database "
        f"{BENCH_DATABASE}, serve it with one gunicorn worker, download each export and "
        "print rows, time to first byte, total time and the worker's peak memory."
    )

    def add_arguments(self, parser):
        self.add_database_arguments(parser, articles=200_000)
