"""The Celery app: `celery -A newsroom worker` runs the workers of the task queue.

Configured from Django's settings (``CELERY_*``); the broker is ``CELERY_BROKER_URL``
(Redis: ``redis://127.0.0.1:6379/1``; RabbitMQ: ``amqp://guest:guest@127.0.0.1:5672//``).
Without it, nothing is queued: the commands run their work in-process (docs/deployment.md,
"Task queue"). Tasks live in ``articles/tasks.py``.

Every worker consumes the default queue and its node's index queue
(``index.<NEWSROOM_NODE>``): a search index rebuild must run where the index's folder is.
"""

import os
import socket

from celery import Celery
from celery.signals import celeryd_after_setup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_after_setup.connect
def consume_node_queue(sender, instance, **kwargs):
    """Add this node's index queue to the worker's queues."""
    from django.conf import settings

    from articles.services.queueing import index_queue

    instance.app.amqp.queues.select_add(index_queue(settings.NEWSROOM_NODE or socket.gethostname()))
