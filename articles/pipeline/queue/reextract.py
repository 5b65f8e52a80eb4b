"""``reextract`` on the task queue: the command sends batches of article ids, workers
re-extract and write them.

The command learns the furniture again as in-process (``articles_reextract``), stores
what every batch needs on a ``TaskRun`` (the re-clean flag, the furniture, the highest
official id: candidates created during the run stay out of every worker's gazetteer, as
they are out of the in-process snapshot taken before it), then sends the ids in batches
(``articles.tasks.reextract_batch``) and waits, reading progress from the batches' rows.
A worker processes its batch exactly as the in-process pool does
(``pipeline.reextract.process``), then writes it once and in order (``common``), with the
batch's row and outcome in the same transaction: its mention counts are summed by the
command, which then regroups, syncs the index and refreshes statistics as in-process.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterator

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from articles.choices import ImportStatus
from articles.models import Article, Official, TaskBatch, TaskRun
from articles.pipeline.queue.common import (
    QueuedRunStopped,
    send_and_wait,
    turn_to_write,
    worker_name,
)
from articles.pipeline.reextract import (
    CHUNK_SIZE,
    FIELDS,
    BatchOutcome,
    ReextractSummary,
    process,
    rows_in_chunks,
    share_state,
    write_batch,
)
from articles.selectors import gazetteer_snapshot
from articles.selectors.sources import source_cleaning_rules
from articles.services.mentions import CandidateResolver, MentionDiff

# --- The command's side -------------------------------------------------------------


def reextract_dispatch(
    *,
    queryset,
    reclean_all: bool,
    furniture: dict[int, frozenset[str]],
    summary: ReextractSummary,
    send: Callable[[int, int, list[int]], None],
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = CHUNK_SIZE,
) -> TaskRun:
    """Send ``queryset``'s ids in batches of ``batch_size`` with ``send(run_id, number, ids)``; return the
    run once every batch is written, its outcomes counted into ``summary``.

    Raises QueuedRunStopped when a batch failed in a worker.
    """
    run = TaskRun.objects.create(
        kind=TaskRun.Kind.REEXTRACT,
        plan={
            "reclean_all": reclean_all,
            "furniture": {str(pk): sorted(keys) for pk, keys in furniture.items()},
            "officials_before": Official.objects.aggregate(m=Max("id"))["m"] or 0,
        },
    )

    def written() -> tuple[int, int]:
        done = TaskBatch.objects.filter(run=run).aggregate(n=Count("id"), a=Sum("articles"))
        if _status(run.pk) != ImportStatus.RUNNING:
            raise QueuedRunStopped(
                f"Re-extraction #{run.pk} failed in a worker: see the workers' log for the error."
            )
        return done["n"], done["a"] or 0

    try:
        send_and_wait(
            batches=_id_batches(queryset, batch_size),
            send=lambda number, ids: send(run.pk, number, ids),
            written=written,
            on_sent=lambda sent: TaskRun.objects.filter(pk=run.pk).update(batches_total=sent),
            on_progress=on_progress,
        )
    except BaseException:
        # Interrupted here: the batches still queued are dropped by their workers.
        TaskRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.INTERRUPTED, finished_at=timezone.now()
        )
        raise
    for result in (
        TaskBatch.objects.filter(run=run).order_by("number").values_list("result", flat=True)
    ):
        summary.add(outcome_from_json(result))
    TaskRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FINISHED, finished_at=timezone.now()
    )
    return run


def _id_batches(queryset, size: int) -> Iterator[list[int]]:
    for rows in rows_in_chunks(queryset, ("id",), size):
        yield [row["id"] for row in rows]


def outcome_to_json(batch: BatchOutcome) -> dict:
    """Return ``batch`` as the JSON of its row."""
    return {
        "articles": batch.articles,
        "recleaned": batch.recleaned,
        "changed_bodies": batch.changed_bodies,
        "added": dict(batch.diff.added),
        "removed": dict(batch.diff.removed),
        "unchanged": dict(batch.diff.unchanged),
        "candidates_created": batch.diff.candidates_created,
    }


def outcome_from_json(data: dict) -> BatchOutcome:
    """Return the outcome ``outcome_to_json`` stored."""
    diff = MentionDiff(
        added=Counter(data["added"]),
        removed=Counter(data["removed"]),
        unchanged=Counter(data["unchanged"]),
        candidates_created=data["candidates_created"],
    )
    return BatchOutcome(
        articles=data["articles"],
        recleaned=data["recleaned"],
        changed_bodies=list(data["changed_bodies"]),
        diff=diff,
    )


# --- The worker's side --------------------------------------------------------------

_SHARED_FOR: dict[str, int | None] = {"run": None}


def _share_plan(run: TaskRun) -> None:
    """Set the worker process's state for ``run`` (once per run)."""
    if _SHARED_FOR["run"] == run.pk:
        return
    plan = run.plan
    gazetteer = gazetteer_snapshot()
    before = plan["officials_before"]
    gazetteer = dataclasses.replace(
        gazetteer, officials=tuple(o for o in gazetteer.officials if o.id <= before)
    )
    share_state(
        gazetteer=gazetteer,
        reclean_all=plan["reclean_all"],
        cleaning_rules=source_cleaning_rules(),
        furniture={int(pk): frozenset(keys) for pk, keys in plan["furniture"].items()},
    )
    _SHARED_FOR["run"] = run.pk


def reextract_batch_run(
    run_id: int, number: int, ids: list[int], *, on_stage: Callable[[str], None] | None = None
) -> dict | None:
    """Re-extract and write batch ``number`` of run ``run_id`` (a task's body); return its
    outcome as JSON, or None when it had been written already or its run stopped.

    Raises BatchNotReady when the batch before it is still not written after
    ``CELERY_BATCH_ORDER_WAIT`` seconds.
    """
    started_cpu = time.process_time()
    run = TaskRun.objects.filter(pk=run_id, kind=TaskRun.Kind.REEXTRACT).first()
    if run is None or run.status != ImportStatus.RUNNING or _written(run_id, number):
        return None
    _share_plan(run)
    if on_stage:
        on_stage("processing")
    result = process(list(Article.objects.filter(id__in=ids).order_by("id").values(*FIELDS)))
    if not turn_to_write(
        number,
        run_id=run_id,
        written=_written,
        status=_status,
        label=f"re-extraction #{run_id}",
        on_stage=on_stage,
    ):
        return None
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    # Claimed with the batch's writes: a second delivery waits on the
                    # unique key, then finds it taken and writes nothing.
                    row = TaskBatch.objects.create(run=run, number=number, worker=worker_name())
            except IntegrityError:
                return None
            outcome = outcome_to_json(write_batch(result, resolver=CandidateResolver()))
            row.articles, row.result = len(result), outcome
            row.cpu_seconds = time.process_time() - started_cpu
            row.save(update_fields=["articles", "result", "cpu_seconds"])
    except Exception:
        # The batches after this one would wait for it for ever: stop the run instead.
        TaskRun.objects.filter(pk=run_id).update(status=ImportStatus.FAILED)
        raise
    return outcome


def _written(run_id: int, number: int) -> bool:
    return TaskBatch.objects.filter(run_id=run_id, number=number).exists()


def _status(run_id: int) -> str | None:
    return TaskRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
