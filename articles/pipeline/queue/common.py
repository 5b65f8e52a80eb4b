"""What every kind of batched work on the task queue shares.

The command sends batches ahead of those written (``send_and_wait``) and reads progress
from the batches' rows in PostgreSQL. A worker prepares its batch, then writes it only
after the batch before it (``wait_for_previous``), so the database ends as an in-process
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

from articles.services.queueing import queue_configured

__all__ = [
    "AHEAD",
    "BatchNotReady",
    "QueuedRunStopped",
    "RunStopped",
    "queue_configured",
    "send_and_wait",
    "wait_for_previous",
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


class RunStopped(Exception):
    """The run this batch belongs to failed or was interrupted: drop the batch."""


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


def wait_for_previous(
    number: int, *, written: Callable[[int], bool], running: Callable[[], bool], label: str
) -> None:
    """Return once batch ``number - 1`` is written.

    Raises RunStopped when the run stops meanwhile, BatchNotReady after
    ``CELERY_BATCH_ORDER_WAIT`` seconds.
    """
    if number == 0:
        return
    deadline = time.monotonic() + settings.CELERY_BATCH_ORDER_WAIT
    while not written(number - 1):
        if not running():
            raise RunStopped
        if time.monotonic() > deadline:
            raise BatchNotReady(f"{label}: batch {number - 1} is not written yet")
        time.sleep(0.05)
