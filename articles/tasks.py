"""The task queue's tasks (Celery; ``newsroom/celery.py``): thin wrappers over the pipeline.

Each is idempotent and acknowledged late (settings): a task whose worker died is redone
by another, and what it had done is found done (``ImportBatch``).
"""

from __future__ import annotations

import logging
import os

from celery import shared_task

from articles.pipeline import queue

logger = logging.getLogger(__name__)


@shared_task(name="articles.import_batch", bind=True, acks_late=True, reject_on_worker_lost=True)
def import_batch(self, run_id: int, number: int, payload: str) -> dict | None:
    """Prepare and write one batch of an import run (``pipeline.queue.import_batch_run``)."""

    def stage(name: str) -> None:
        logger.info("import #%s batch %s: %s in pid %s", run_id, number, name, os.getpid())

    try:
        outcomes = queue.import_batch_run(run_id, number, payload, on_stage=stage)
    except queue.BatchNotReady as exc:
        # Free this worker for the missing batch (redelivered when its worker was lost),
        # this batch going to the back of the queue: a rejected message would come back
        # first and starve the missing one. Lost between the two, it is redelivered too.
        logger.warning("%s: batch %s goes to the back of the queue", exc, number)
        import_batch.apply_async(args=(run_id, number, payload))
        return None
    return dict(outcomes) if outcomes is not None else None


def send_import_batch(run_id: int, number: int, payload: str) -> None:
    """Queue one batch of an import run."""
    import_batch.apply_async(args=(run_id, number, payload))


def workers_answering(timeout: float = 2.0) -> int:
    """Return how many workers answer a ping on the broker (0: none is running)."""
    return len(import_batch.app.control.ping(timeout=timeout) or [])
