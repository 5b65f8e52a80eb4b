"""The Newsroom project: settings, URLs, WSGI and the Celery app (``newsroom.celery``)."""

from newsroom.celery import app as celery_app

__all__ = ["celery_app"]
