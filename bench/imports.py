"""Import a corpus into a fresh, empty database and print per-stage rates and peak memory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import override_settings

from articles.pipeline.imports import run_import
from articles.services.reference import DATA_DIR
from articles.tasks import send_import_batch
from bench import databases, queue
from bench.cpu import database_cpu_seconds, process_group_cpu_seconds

BENCH_DATABASE = os.environ.get("NEWSROOM_BENCH_DB", "newsroom_bench")  # one per concurrent run


def run(
    stdout,
    *,
    paths: list[str],
    workers: int | None = None,
    limit: int | None = None,
    format: str = "auto",
    keep: bool = False,
    queue_workers: int = 0,
) -> None:
    """Import ``paths`` into an empty ``BENCH_DATABASE``; write the report to ``stdout``.

    ``queue_workers``: start that many ``celery -A newsroom worker -c 1`` processes on the
    benchmark's database (``CELERY_BROKER_URL`` must be set) and import through the task
    queue; the report adds their CPU (read from ``/proc``, idle polling included).
    """
    if queue_workers and not settings.CELERY_BROKER_URL:
        raise CommandError("--queue-workers needs CELERY_BROKER_URL (a Redis or RabbitMQ URL).")
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise CommandError(f"No such file or folder: {', '.join(missing)}")
    load_before = _load()
    original = connection.settings_dict["NAME"]
    # Its own search index too: the import indexes what it wrote, and the served
    # index must never be rebuilt from the benchmark's database.
    index_dir = Path(settings.SEARCH_INDEX_DIR).with_name(f"index_{BENCH_DATABASE}")
    shutil.rmtree(index_dir, ignore_errors=True)
    databases.recreate(BENCH_DATABASE)
    databases.switch(BENCH_DATABASE)
    try:
        with override_settings(SEARCH_INDEX_DIR=index_dir):
            call_command("migrate", verbosity=0)
            if (DATA_DIR / "countries.json").exists():
                call_command("load_reference", verbosity=0)
            with queue.started_workers(queue_workers, BENCH_DATABASE, index_dir) as started:
                summary = run_import(
                    paths,
                    workers=workers,
                    limit=limit,
                    format=format,
                    database_cpu=database_cpu_seconds,
                    send=send_import_batch if queue_workers else None,
                )
                if started:
                    summary.worker_cpu = sum(
                        process_group_cpu_seconds(w.pid) - before for w, before in started
                    )
    finally:
        databases.switch(original)
        if not keep:
            databases.drop(BENCH_DATABASE)
            shutil.rmtree(index_dir, ignore_errors=True)
    _report(stdout, summary, workers or os.cpu_count() or 1, load_before, queue_workers)


def _report(stdout, summary, workers, load_before, queue_workers=0):
    times, n = summary.times, summary.records

    def rate(seconds):
        return f"{n / seconds:>10,.0f}/s" if seconds else "         n/a"

    def ms(seconds):
        return f"{1000 * seconds / n:>7.2f} ms" if n and seconds is not None else "    n/a   "

    out = stdout.write
    out(summary.line())
    out(
        f"records             {n:>10,}   workers {workers}   load {load_before} before, {_load()} after"
    )
    out("stage               rate          CPU per article")
    learner = "main process" if workers == 1 else "sources shared by the workers"
    out(f"learn furniture     {rate(times.learn)}  {ms(times.cpu_learn)}  (first pass, {learner})")
    out(f"reading             {rate(times.read)}  {ms(times.cpu_read)}  (main process)")
    out(f"parsing+cleaning    {rate(times.parse)}  {ms(times.parse)}  (workers, CPU)")
    out(
        f"extraction          {rate(times.extract)}  {ms(times.extract)}  "
        f"(workers, CPU; gazetteer compiled in {times.gazetteer:.1f}s during learning)"
    )
    out(
        f"dedup signatures    {rate(times.sign)}  {ms(times.sign)}  (workers, CPU; hash, sign, row text)"
    )
    out(f"writing             {rate(times.write)}  {ms(times.cpu_write)}  (main process's own CPU)")
    out(
        f"search index        {rate(times.index)}  {ms(times.cpu_index)}  "
        "(documents read back and indexed, in the main process and the writer's threads)"
    )
    out(f"PostgreSQL backend                {ms(times.cpu_pg_backend)}  (this import's connection)")
    out(f"PostgreSQL server                 {ms(times.cpu_pg_server)}  (all its processes)")
    out(f"main process                      {ms(times.cpu_main)}  (everything it did)")
    out(f"workers                           {ms(times.cpu_workers)}  (incl. pickling, idle polls)")
    total_cpu = times.cpu_main + times.cpu_workers + (times.cpu_learn if workers > 1 else 0)
    if queue_workers:
        out(
            f"Celery workers ({queue_workers})                {ms(summary.worker_cpu)}  "
            "(prepare + write, their main processes, broker polls)"
        )
        total_cpu += summary.worker_cpu or 0.0
    total_cpu += times.cpu_pg_server or 0.0
    out(f"all CPU                           {ms(total_cpu)}  (main + workers + learn + server)")
    out(f"total (wall clock)  {rate(times.total)}   {times.total:.1f}s")
    out(f"peak memory         {summary.peak_memory_mb:>10,.0f} MB")


def _load() -> str:
    """Return the 1-minute load average (the machine's other work skews wall-clock rates)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"
