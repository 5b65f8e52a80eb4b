"""What every kind of batched work on the task queue shares.

The command sends batches ahead of those written (``send_and_wait``) and reads progress
from the batches' rows in PostgreSQL. A worker prepares its batch, then writes it only
after the batch before it (``turn_to_write``), so the database ends as an in-process
run leaves it whichever workers ran what; should that batch be lost with its worker, the
waiting task hands its message back after ``CELERY_BATCH_ORDER_WAIT`` seconds.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings

from articles.choices import ImportStatus
from articles.services.queueing import queue_configured

__all__ = [
    "AHEAD",
    "BatchNotReady",
    "QueuedRunStopped",
    "queue_configured",
    "send_and_wait",
    "turn_to_write",
    "worker_name",
]

# Batches sent and not yet written: enough to keep many workers busy, few enough that
# the broker holds a bounded part of the work.
AHEAD = 8
POLL_SECONDS = 0.2

T = TypeVar("T")


class BatchNotReady(Exception):
    """The batch before this one is not written yet (its worker may be lost): try later."""


class QueuedRunStopped(RuntimeError):
    """The run failed in a worker, or another run stopped it, while the command waited."""


def worker_name() -> str:
    """Return this process's name in the batches' rows: host and process id."""
    return f"{socket.gethostname()} pid {os.getpid()}"


def send_and_wait(
    *,
    batches: Iterable[T],
    send: Callable[[int, T], None],
    written: Callable[[], tuple[int, int]],
    on_sent: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Send each batch with ``send(number, batch)``, at most ``AHEAD`` ahead of those
    written; return how many were sent, once all are written.

    ``written()`` returns (batches written, units they hold) and raises QueuedRunStopped
    when the run stopped; ``on_sent`` gets the number sent so far, ``on_progress`` the
    units written since its last call.
    """
    sent = reported = 0

    def progress() -> int:
        nonlocal reported
        batches_written, units = written()
        if on_progress and units > reported:
            on_progress(units - reported)
        reported = max(reported, units)
        return batches_written

    for batch in batches:
        while sent - progress() >= AHEAD:
            time.sleep(POLL_SECONDS)
        send(sent, batch)
        sent += 1
        if on_sent:
            on_sent(sent)
    if on_sent:
        on_sent(sent)
    while progress() < sent:
        time.sleep(POLL_SECONDS)
    return sent


def turn_to_write(
    number: int,
    *,
    run_id: int,
    written: Callable[[int, int], bool],
    status: Callable[[int], str | None],
    label: str,
    on_stage: Callable[[str], None] | None = None,
) -> bool:
    """Wait until batch ``number - 1`` of run ``run_id`` is written (``written(run_id, n)``),
    then tell ``on_stage`` this one is being written; return False, the batch to be dropped,
    when the run stops meanwhile (``status(run_id)`` is no longer running).

    Raises BatchNotReady after ``CELERY_BATCH_ORDER_WAIT`` seconds.
    """
    deadline = time.monotonic() + settings.CELERY_BATCH_ORDER_WAIT
    while number and not written(run_id, number - 1):
        if status(run_id) != ImportStatus.RUNNING:
            return False
        if time.monotonic() > deadline:
            raise BatchNotReady(f"{label}: batch {number - 1} is not written yet")
        time.sleep(0.05)
    if on_stage:
        on_stage("writing")
    return True
