"""Whether a task queue is configured, and sending a task to it by name.

The services and the admin sit below ``articles.tasks`` (the layers in pyproject.toml), so
what they hand to the queue goes by the task's registered name through the Celery app
(``newsroom/celery.py``), never by importing the task.
"""

from __future__ import annotations

from django.conf import settings


def queue_configured() -> bool:
    """Return whether a broker is configured (``CELERY_BROKER_URL``)."""
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def task_send(name: str, *args, queue: str | None = None) -> None:
    """Queue the task registered as ``name`` with ``args`` (on ``queue``: its default)."""
    from newsroom.celery import app

    app.send_task(name, args=args, queue=queue)


def index_queue(node: str) -> str:
    """Return the name of the queue ``node``'s workers consume for its search index."""
    return f"index.{node}"
