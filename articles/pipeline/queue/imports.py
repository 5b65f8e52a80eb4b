"""Imports on the task queue: the command sends batches, Celery workers prepare and write them.

With ``CELERY_BROKER_URL`` set, ``run_import`` does the learn pass itself, stores what
every batch needs besides its records on the run (``ImportRun.plan``: the source given,
the furniture learned and stored, the folders' outlets), then sends each batch of raw
records as a task (``articles.tasks.import_batch``) and waits, reading progress from the
batches' rows. A worker prepares the batch exactly as the in-process pool does
(``ingest.prepare.prepare_record``), then writes it once (``import_batch_write_once``).

Batches are written in input order, as in-process (``common``): the database ends the
same whichever workers ran them.
"""

from __future__ import annotations

import base64
import json
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db.models import Count, Sum

from articles.choices import ImportStatus
from articles.extract.run import Indexes
from articles.ingest import dedup, prepare
from articles.ingest.learn import Learned
from articles.ingest.outlets import FolderOutlet
from articles.ingest.types import RawDocument
from articles.models import ImportBatch, ImportRun
from articles.pipeline.queue.common import (
    BatchNotReady,
    QueuedRunStopped,
    send_and_wait,
    turn_to_write,
    worker_name,
)
from articles.selectors import gazetteer_snapshot
from articles.selectors.sources import source_cleaning_rules
from articles.services.imports.batch import import_batch_write_once

__all__ = ["BatchNotReady", "QueuedRunStopped"]  # what the task and the command catch


# --- The command's side -------------------------------------------------------------


def run_plan(*, source: str | None, learned: Learned, stored: dict) -> dict:
    """Return what every worker needs besides the records, as JSON."""
    return {
        "source": source,
        "furniture": {key: sorted(keys) for key, keys in learned.furniture.items()},
        "outlets": {
            key: [outlet.name, sorted(outlet.furniture)] for key, outlet in learned.outlets.items()
        },
        "stored_furniture": {name: sorted(keys) for name, keys in stored.items()},
    }


def encode_documents(docs: Iterable[RawDocument]) -> str:
    """Return ``docs`` as one compressed JSON string (a task's argument)."""
    rows = [
        [
            d.origin,
            d.external_id,
            d.format,
            base64.b64encode(d.raw).decode("ascii"),
            d.text,
            dict(d.fields) if d.fields is not None else None,
            d.error,
            d.encoding,
        ]
        for d in docs
    ]
    packed = zlib.compress(json.dumps(rows, ensure_ascii=False).encode(), 1)
    return base64.b64encode(packed).decode("ascii")


def decode_documents(payload: str) -> list[RawDocument]:
    """Return the documents ``encode_documents`` packed."""
    rows = json.loads(zlib.decompress(base64.b64decode(payload)))
    return [
        RawDocument(
            origin=origin,
            external_id=external_id,
            format=format,
            raw=base64.b64decode(raw),
            text=text,
            fields=fields,
            error=error,
            encoding=encoding,
        )
        for origin, external_id, format, raw, text, fields, error, encoding in rows
    ]


def dispatch_batches(
    *,
    run: ImportRun,
    docs: Iterator[RawDocument],
    send: Callable[[int, int, str], None],
    on_progress: Callable[[int], None] | None = None,
    size: int = prepare.CHUNK_SIZE,
) -> None:
    """Send ``docs`` in batches of ``size`` records with ``send(run_id, number, payload)``; return when every
    batch is written (the run's counters then hold the outcomes).

    Raises QueuedRunStopped when the run failed in a worker or was stopped.
    """

    def written() -> tuple[int, int]:
        done = ImportBatch.objects.filter(import_run=run).aggregate(
            n=Count("id"), records=Sum("records")
        )
        status = ImportRun.objects.filter(pk=run.pk).values_list("status", flat=True).first()
        if status == ImportStatus.FAILED:
            raise QueuedRunStopped(
                f"Import #{run.pk} failed in a worker: see the workers' log for the error."
            )
        if status != ImportStatus.RUNNING:  # another import started: its workers stop ours
            raise QueuedRunStopped(f"Import #{run.pk} was {status} while its batches were written.")
        return done["n"], done["records"] or 0

    send_and_wait(
        batches=(encode_documents(chunk) for chunk in _chunks(docs, size)),
        send=lambda number, payload: send(run.pk, number, payload),
        written=written,
        on_sent=lambda sent: ImportRun.objects.filter(pk=run.pk).update(batches_total=sent),
        on_progress=on_progress,
    )


def _chunks(docs: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while chunk := list(islice(docs, size)):
        yield chunk


def workers_cpu(run: ImportRun) -> float:
    """Return the CPU seconds the workers spent on ``run``'s written batches."""
    return ImportBatch.objects.filter(import_run=run).aggregate(s=Sum("cpu_seconds"))["s"] or 0.0


# --- The worker's side --------------------------------------------------------------

_PREPARED_FOR: dict[str, int | None] = {"run": None}


def _share_plan(run: ImportRun) -> dict:
    """Set the worker process's shared state for ``run`` (once per run); return its plan."""
    plan = run.plan or {}
    if _PREPARED_FOR["run"] != run.pk:
        gazetteer = gazetteer_snapshot()
        prepare.share_with_workers(
            indexes=_build_indexes(gazetteer),
            cleaning_rules=source_cleaning_rules(),
            stored_furniture={
                name: frozenset(keys) for name, keys in plan.get("stored_furniture", {}).items()
            },
        )
        _PREPARED_FOR["run"] = run.pk
        _PREPARED_FOR["learned"] = {
            key: frozenset(keys) for key, keys in plan.get("furniture", {}).items()
        }
        _PREPARED_FOR["outlets"] = {
            key: FolderOutlet(name, frozenset(keys))
            for key, (name, keys) in plan.get("outlets", {}).items()
        }
    return plan


def _build_indexes(gazetteer) -> Indexes | None:
    """Return the compiled gazetteer, or None when it has no countries (nothing is tagged)."""
    return Indexes.build(gazetteer) if gazetteer.countries else None


def import_batch_run(
    run_id: int, number: int, payload: str, *, on_stage: Callable[[str], None] | None = None
) -> Counter | None:
    """Prepare and write batch ``number`` of run ``run_id`` (a task's body); return its
    outcomes, or None when it had been written already or its run stopped.

    Raises BatchNotReady when the batch before it is still not written after
    ``CELERY_BATCH_ORDER_WAIT`` seconds.
    """
    started_cpu = time.process_time()
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.status != ImportStatus.RUNNING or _written(run_id, number):
        return None
    plan = _share_plan(run)
    if on_stage:
        on_stage("preparing")
    times = {"parse": 0.0, "sign": 0.0, "extract": 0.0}
    records = [
        prepare.prepare_record(
            doc,
            source=plan.get("source"),
            learned=_PREPARED_FOR["learned"],
            outlets=_PREPARED_FOR["outlets"],
            times=times,
            indexes=prepare._WORKER.get("indexes"),
        )
        for doc in decode_documents(payload)
    ]
    if not turn_to_write(
        number,
        run_id=run_id,
        written=_written,
        status=_status,
        label=f"import #{run_id}",
        on_stage=on_stage,
    ):
        return None
    try:
        return import_batch_write_once(
            run=run,
            number=number,
            records=records,
            threshold=dedup.NEAR_DUPLICATE_THRESHOLD,
            worker=worker_name(),
            cpu_seconds=lambda: time.process_time() - started_cpu,
        )
    except Exception:
        # The batches after this one would wait for it for ever: stop the run instead.
        ImportRun.objects.filter(pk=run_id).update(status=ImportStatus.FAILED)
        raise


def _written(run_id: int, number: int) -> bool:
    return ImportBatch.objects.filter(import_run_id=run_id, number=number).exists()


def _status(run_id: int) -> str | None:
    return ImportRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
