"""The Celery app: `celery -A newsroom worker` runs the workers of the task queue.

Configured from Django's settings (``CELERY_*``); the broker is ``CELERY_BROKER_URL``
(Redis: ``redis://127.0.0.1:6379/1``; RabbitMQ: ``amqp://guest:guest@127.0.0.1:5672//``).
Without it, nothing is queued: the commands run their work in-process (docs/deployment.md,
"Task queue"). Tasks live in ``articles/tasks.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
