"""The task queue's tasks (Celery; ``newsroom/celery.py``): thin wrappers over the pipeline.

Each is idempotent and acknowledged late (settings): a task whose worker died is redone
by another, and what it had done is found done (``ImportBatch``, ``TaskBatch``; a topic
apply job goes on after its last written chunk; an index rebuild starts over).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from celery import shared_task

from articles.pipeline.queue import imports as queue
from articles.pipeline.queue.common import BatchNotReady
from articles.pipeline.queue.index import index_rebuild_run
from articles.pipeline.queue.reextract import reextract_batch_run
from articles.services.topics import TOPIC_APPLY_TASK, topic_apply_resume

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"bind": True, "acks_late": True, "reject_on_worker_lost": True}


def _in_order(task, args: tuple, body: Callable[[Callable[[str], None]], object]):
    """Run ``body`` (a batch written in order); requeue the batch when its turn is not come."""

    def stage(name: str) -> None:
        logger.info("%s #%s batch %s: %s in pid %s", task.name, *args[:2], name, os.getpid())

    try:
        return body(stage)
    except BatchNotReady as exc:
        # Free this worker for the missing batch (redelivered when its worker was lost),
        # this batch going to the back of the queue: a rejected message would come back
        # first and starve the missing one. Lost between the two, it is redelivered too.
        logger.warning("%s: batch %s goes to the back of the queue", exc, args[1])
        task.apply_async(args=args)
        return None


@shared_task(name="articles.import_batch", **TASK_OPTIONS)
def import_batch(self, run_id: int, number: int, payload: str) -> dict | None:
    """Prepare and write one batch of an import run (``pipeline.queue.imports``)."""
    outcomes = _in_order(
        self,
        (run_id, number, payload),
        lambda stage: queue.import_batch_run(run_id, number, payload, on_stage=stage),
    )
    return dict(outcomes) if outcomes is not None else None


@shared_task(name="articles.reextract_batch", **TASK_OPTIONS)
def reextract_batch(self, run_id: int, number: int, ids: list[int]) -> dict | None:
    """Re-extract and write one batch of a re-extraction (``pipeline.queue.reextract``)."""
    return _in_order(
        self,
        (run_id, number, ids),
        lambda stage: reextract_batch_run(run_id, number, ids, on_stage=stage),
    )


@shared_task(name="articles.rebuild_index", **TASK_OPTIONS)
def rebuild_index(self, run_id: int) -> dict | None:
    """Rebuild this node's search index (sent to its node's queue: ``pipeline.queue.index``)."""
    logger.info("index rebuild #%s in pid %s", run_id, os.getpid())
    return index_rebuild_run(run_id)


@shared_task(name=TOPIC_APPLY_TASK, **TASK_OPTIONS)
def topic_apply(self, job_id: int) -> None:
    """Apply a topic's saved rules to the stored articles (``services.topics``)."""
    logger.info("topic apply job %s in pid %s", job_id, os.getpid())
    topic_apply_resume(job_id=job_id)


def send_import_batch(run_id: int, number: int, payload: str) -> None:
    """Queue one batch of an import run."""
    import_batch.apply_async(args=(run_id, number, payload))


def send_reextract_batch(run_id: int, number: int, ids: list[int]) -> None:
    """Queue one batch of a re-extraction."""
    reextract_batch.apply_async(args=(run_id, number, ids))


def send_index_rebuild(run_id: int, queue_name: str) -> None:
    """Queue an index rebuild on the queue of the node that holds the index."""
    rebuild_index.apply_async(args=(run_id,), queue=queue_name)


def workers_consuming(queue_name: str | None = None, timeout: float = 2.0) -> int:
    """Return how many workers consume ``queue_name`` (default: the default queue, where
    imports, reextract and topic applies go; a web node's worker may take only its index's)."""
    app = import_batch.app
    name = queue_name or app.conf.task_default_queue
    queues = app.control.inspect(timeout=timeout).active_queues() or {}
    return sum(any(q["name"] == name for q in qs) for qs in queues.values())
