"""Index rebuilds on the task queue: sent to the node whose copy of the index they rebuild.

The search index is a folder on each web node's local disk (``NEWSROOM_INDEX_DIR``), so a
rebuild must run on the machine that holds it: any worker would rebuild its own machine's
copy, or none. Every worker therefore also consumes the queue named after its node
(``index_queue(NEWSROOM_NODE)``, ``newsroom/celery.py``), and ``rebuild_index --node NAME``
sends one task there and waits, reading progress and the outcome from a ``TaskRun`` row.
Without ``--node`` the command rebuilds this machine's copy itself, broker or not.

A rebuild is idempotent (it rewrites every document from PostgreSQL): a task whose worker
died is delivered again and starts over.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.utils import timezone

from articles.choices import ImportStatus
from articles.models import TaskRun
from articles.pipeline.queue.common import QueuedRunStopped
from articles.search import engine, indexing
from articles.services.queueing import index_queue

__all__ = ["index_queue", "index_rebuild_dispatch", "index_rebuild_run"]

POLL_SECONDS = 0.2
PROGRESS_EVERY = 1.0  # seconds between the worker's progress writes


def index_rebuild_dispatch(
    *,
    node: str,
    sync: bool,
    threads: int,
    send: Callable[[int, str], None],
    on_progress: Callable[[int], None] | None = None,
) -> TaskRun:
    """Send a rebuild (``sync``: a catch-up) of ``node``'s index with ``send(run_id,
    queue)``; return the run once its worker finished it (``result``: indexed, removed,
    the index's health there).

    Raises QueuedRunStopped when it failed in the worker.
    """
    run = TaskRun.objects.create(
        kind=TaskRun.Kind.REBUILD_INDEX, plan={"node": node, "sync": sync, "threads": threads}
    )
    send(run.pk, index_queue(node))
    reported = 0
    while True:
        status, done, error = TaskRun.objects.values_list("status", "done", "error").get(pk=run.pk)
        if on_progress and done > reported:
            on_progress(done - reported)
            reported = done
        if status == ImportStatus.FINISHED:
            run.refresh_from_db()
            return run
        if status != ImportStatus.RUNNING:
            raise QueuedRunStopped(f"The index rebuild on {node} failed in its worker: {error}")
        time.sleep(POLL_SECONDS)


def index_rebuild_run(run_id: int) -> dict | None:
    """Rebuild (or catch up) this node's index for run ``run_id`` (a task's body); return
    the outcome, or None when the run is over (a second delivery of a finished one)."""
    run = TaskRun.objects.filter(pk=run_id, kind=TaskRun.Kind.REBUILD_INDEX).first()
    if run is None or run.status != ImportStatus.RUNNING:
        return None
    TaskRun.objects.filter(pk=run_id).update(done=0)  # a redelivered run starts over
    done, written_at = 0, time.monotonic()

    def progress(count: int) -> None:
        nonlocal done, written_at
        done += count
        if time.monotonic() - written_at >= PROGRESS_EVERY:
            TaskRun.objects.filter(pk=run_id).update(done=done)
            written_at = time.monotonic()

    threads = run.plan.get("threads", 2)
    try:
        if run.plan.get("sync") and engine.health()[0] == "ok":
            result = indexing.sync(wait=True, threads=threads, progress=progress)
        else:
            result = indexing.rebuild_index(threads=threads, progress=progress)
    except Exception as exc:
        TaskRun.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"
        )
        raise
    outcome = {"indexed": result.indexed, "removed": result.removed, "health": engine.health()[1]}
    TaskRun.objects.filter(pk=run_id).update(
        status=ImportStatus.FINISHED, done=done, result=outcome, finished_at=timezone.now()
    )
    return outcome
