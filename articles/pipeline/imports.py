"""The import: inputs through the pure stages in worker processes, into the database in batches.

``run_import`` joins ``ingest`` (readers, the learn pass, the workers' preparation) to
``services`` (the run's lifecycle, each batch's classification and writes), then lets
the search index take in what the run wrote and refreshes the tables' statistics.

Furniture is learned in a first, read-only pass over the inputs (``ingest.learn``), then
removed in the second pass, together with the furniture earlier runs learned for the
same sources (``Source.learned_furniture``, to which the run adds what it learned).
"""

from __future__ import annotations

import os
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from articles.extract.run import Indexes
from articles.ingest import dedup, prepare
from articles.ingest.learn import furniture_by_name, learn_sources
from articles.ingest.readers import iter_documents
from articles.ingest.records import OUTCOMES, UNKNOWN_SOURCE
from articles.ingest.types import RawDocument
from articles.pipeline.queue import imports as queue
from articles.search import indexing
from articles.selectors import gazetteer_snapshot
from articles.selectors.sources import source_cleaning_rules
from articles.services import furniture, maintenance
from articles.services.imports.batch import import_batch_write
from articles.services.imports.runs import import_run_finish, import_run_start
from articles.services.imports.sources import SourceCache
from articles.services.mentions import CandidateResolver


@dataclass
class StageTimes:
    """Seconds spent per stage.

    ``parse``, ``extract`` and ``sign`` are CPU seconds summed over the workers (per-core
    figures); ``read``, ``learn``, ``write``, ``index`` (the search index taking in the run's
    articles at the end), ``analyze`` (refreshing the tables' statistics at the end) and ``total`` are wall-clock seconds. The ``cpu_*`` fields are CPU seconds
    per process group, so a run on a busy machine can be compared with one on a quiet
    machine: the main process (reading, classifying and sending rows; it compiles the
    gazetteer too, ``cpu_gazetteer``, while the learn pass runs), the workers (parse,
    extract, sign, pickling), the learn pass, and the PostgreSQL server (this connection's
    backend, and all of the server's processes); the PostgreSQL figures are None unless
    ``run_import`` is given ``database_cpu`` and the server's processes can be read.
    """

    read: float = 0.0
    learn: float = 0.0
    gazetteer: float = 0.0
    parse: float = 0.0
    sign: float = 0.0
    extract: float = 0.0
    write: float = 0.0
    index: float = 0.0
    analyze: float = 0.0
    total: float = 0.0
    cpu_read: float = 0.0
    cpu_write: float = 0.0
    cpu_main: float = 0.0
    cpu_workers: float = 0.0
    cpu_learn: float = 0.0
    cpu_gazetteer: float = 0.0
    cpu_index: float = 0.0  # the main process and the index writer's threads
    cpu_pg_backend: float | None = None
    cpu_pg_server: float | None = None

    def add_worker(self, other: dict[str, float]) -> None:
        self.parse += other.get("parse", 0.0)
        self.sign += other.get("sign", 0.0)
        self.extract += other.get("extract", 0.0)


@dataclass
class ImportSummary:
    """What a run did: the outcome counts, stage times and memory."""

    run_id: int | None
    records: int = 0
    outcomes: Counter = field(default_factory=Counter)
    warnings: int = 0
    times: StageTimes = field(default_factory=StageTimes)
    peak_memory_mb: float = 0.0
    dry_run: bool = False
    interrupted: bool = False
    analyzed: tuple[str, ...] = ()  # tables whose statistics the run refreshed
    indexed: int = 0  # search index documents written (or removed) at the end
    worker_cpu: float | None = None  # CPU seconds of the task queue's workers (queued runs)

    def line(self) -> str:
        """Return the one-line summary the command prints."""
        counts = ", ".join(f"{self.outcomes.get(name, 0)} {name}" for name in OUTCOMES)
        rate = self.records / self.times.total if self.times.total else 0.0
        prefix = "Dry run (nothing written)" if self.dry_run else f"Import #{self.run_id}"
        return (
            f"{prefix}: {self.records} records read: {counts}; {self.warnings} warnings; "
            f"{self.times.total:.1f}s ({rate:.0f} records/s)."
        )


def run_import(
    paths: Sequence[str],
    *,
    format: str = "auto",
    source: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    workers: int | None = None,
    batch_size: int = prepare.CHUNK_SIZE,
    on_progress: Callable[[int], None] | None = None,
    database_cpu: Callable[[], tuple[float, float] | None] | None = None,
    send: Callable[[int, int, str], None] | None = None,
) -> ImportSummary:
    """Import ``paths``; return the summary (the ImportRun row holds the same counts).

    ``database_cpu`` (benchmarks: ``bench.cpu.database_cpu_seconds``) returns the CPU
    seconds of this connection's backend and of the whole server, or None when they cannot
    be read; given, the summary's times include PostgreSQL's share of the run.

    ``send(run_id, number, payload)`` (the command, when a broker is configured): each
    batch goes to the task queue's workers (``pipeline.queue``), which prepare and write
    it; the run waits for them. Dry runs never use it.
    """
    queued = send is not None and not dry_run
    if batch_size < 1:  # islice(…, 0) would read nothing and report success
        raise ValueError(f"batch_size must be at least 1 records, not {batch_size}")
    started = time.perf_counter()
    workers = max(1, workers or os.cpu_count() or 1)
    arguments = {
        "paths": [str(p) for p in paths],
        "format": format,
        "source": source,
        "limit": limit,
        "workers": workers,
        "batch_size": batch_size,
    }
    if queued:
        arguments["queue"] = True
    times = StageTimes()

    def compile_gazetteer() -> None:
        if queued:  # the workers compile it
            stored.update(furniture.source_furniture_by_name())
            return
        gazetteer_started, gazetteer_cpu = time.perf_counter(), time.process_time()
        # The gazetteer, compiled once while the learners read, and editors' per-source
        # cleaning rules: forked workers share them (copy-on-write).
        prepare.share_with_workers(indexes=_build_indexes(), cleaning_rules=source_cleaning_rules())
        # The furniture earlier imports learned, by source name; shared the same way.
        stored.update(furniture.source_furniture_by_name())
        times.gazetteer = time.perf_counter() - gazetteer_started
        times.cpu_gazetteer = time.process_time() - gazetteer_cpu

    stored: dict[str, frozenset[str]] = {}
    database_before = database_cpu() if database_cpu else None
    main_cpu, children_cpu = time.process_time(), _children_cpu()
    learn_started = time.perf_counter()
    learned = learn_sources(
        paths,
        format=format,
        source=source,
        limit=limit,
        workers=workers,
        meanwhile=compile_gazetteer,
    )
    times.learn = time.perf_counter() - learn_started
    times.cpu_learn = _children_cpu() - children_cpu
    if workers == 1:  # learned in this process, after compiling the gazetteer
        times.cpu_learn = time.process_time() - main_cpu - times.cpu_gazetteer
    children_cpu = _children_cpu()
    run_furniture = furniture_by_name(learned)
    prepare.share_with_workers(
        stored_furniture={
            name: stored.get(name, frozenset()) | run_furniture.get(name, frozenset())
            for name in stored.keys() | run_furniture.keys()
            if name != UNKNOWN_SOURCE
        }
    )

    with transaction.atomic() if dry_run else _no_transaction():
        run = import_run_start(arguments=arguments, dry_run=dry_run)
        summary = ImportSummary(run_id=None if dry_run else run.pk, dry_run=dry_run, times=times)
        sources = SourceCache()
        threshold = dedup.NEAR_DUPLICATE_THRESHOLD
        docs = _timed(islice(iter_documents(paths, format=format), limit), times)
        try:
            if queued:
                _run_queued(
                    run, docs, send, on_progress, summary, learned, stored, source, batch_size
                )
            resolver = CandidateResolver()
            chunks = (
                ()
                if queued
                else prepare.prepared_chunks(docs, source, learned, workers, times, size=batch_size)
            )
            for records in chunks:
                write_started, write_cpu = time.perf_counter(), time.process_time()
                outcomes = import_batch_write(
                    run=run,
                    records=records,
                    sources=sources,
                    threshold=threshold,
                    resolver=resolver,
                )
                times.write += time.perf_counter() - write_started
                times.cpu_write += time.process_time() - write_cpu
                summary.records += len(records)
                summary.outcomes.update(outcomes)
                summary.warnings += sum(len(r.warnings) for r in records)
                if on_progress:
                    on_progress(len(records))
        except KeyboardInterrupt:
            summary.interrupted = True
            if not dry_run:
                import_run_finish(run=run, status="interrupted")
            raise
        if dry_run:
            transaction.set_rollback(True)
        else:
            # What the run learned, added to what each source had: later runs drop it too.
            furniture.source_furniture_store(
                learned={
                    pk: keys
                    for name, keys in run_furniture.items()
                    if (pk := sources.known_id(name)) is not None
                }
            )
            import_run_finish(run=run)
    if not dry_run:
        # The search index takes in what the run wrote before the command says it is done.
        index_started, index_cpu = time.perf_counter(), time.process_time()
        summary.indexed = indexing.sync(wait=True, threads=min(workers, 2)).done
        times.index = time.perf_counter() - index_started
        times.cpu_index = time.process_time() - index_cpu
        # Pages are fast right after a big import, whether autovacuum runs or not.
        refresh = maintenance.table_statistics_refresh(tables=maintenance.IMPORT_TABLES)
        summary.analyzed, times.analyze = refresh.analyzed, refresh.seconds
    times.total = time.perf_counter() - started
    times.cpu_main = time.process_time() - main_cpu
    times.cpu_workers = _children_cpu() - children_cpu
    if database_before is not None and (now := database_cpu()) is not None:
        times.cpu_pg_backend = now[0] - database_before[0]
        times.cpu_pg_server = now[1] - database_before[1]
    summary.peak_memory_mb = peak_memory_mb()
    return summary


def _run_queued(run, docs, send, on_progress, summary, learned, stored, source, size) -> None:
    """Send the run's batches to the task queue's workers and wait; count what they wrote."""
    run_furniture = furniture_by_name(learned)
    merged = {
        name: stored.get(name, frozenset()) | run_furniture.get(name, frozenset())
        for name in stored.keys() | run_furniture.keys()
        if name != UNKNOWN_SOURCE
    }
    run.plan = queue.run_plan(source=source, learned=learned, stored=merged)
    run.save(update_fields=["plan"])
    write_started = time.perf_counter()
    queue.dispatch_batches(run=run, docs=docs, send=send, on_progress=on_progress, size=size)
    summary.times.write += time.perf_counter() - write_started
    run.refresh_from_db()
    summary.records = run.records_read
    summary.outcomes.update({name: getattr(run, name) for name in OUTCOMES})
    summary.warnings = run.warnings
    summary.worker_cpu = queue.workers_cpu(run)


def _build_indexes() -> Indexes | None:
    """Return the compiled gazetteer of the database, or None when it has no countries."""
    gazetteer = gazetteer_snapshot()
    if not gazetteer.countries:
        return None  # no reference data loaded: import without tagging (reextract later)
    return Indexes.build(gazetteer)


class _no_transaction:
    """A context manager that does nothing (each batch has its own transaction)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _timed(docs: Iterable[RawDocument], times: StageTimes) -> Iterator[RawDocument]:
    """Yield ``docs``, adding the time spent reading them to ``times.read``."""
    iterator = iter(docs)
    wall, cpu = time.perf_counter, time.process_time
    while True:
        started, started_cpu = wall(), cpu()
        try:
            doc = next(iterator)
        except StopIteration:
            times.read += wall() - started
            times.cpu_read += cpu() - started_cpu
            return
        times.read += wall() - started
        times.cpu_read += cpu() - started_cpu
        yield doc


def _children_cpu() -> float:
    """Return the CPU seconds of this process's finished children (the pools' workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_memory_mb() -> float:
    """Return the peak resident memory of this process or any worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # ru_maxrss is in KiB on Linux
