"""The commands' choice between the task queue and this process."""

from django.core.management.base import CommandError

from articles.pipeline.queue.common import queue_configured
from articles.tasks import workers_consuming


def queue_chosen(*, in_process: bool, here: str) -> bool:
    """Return whether the command sends its work to the task queue's workers: when a broker
    is configured and ``--in-process`` was not given.

    Raises CommandError at once when no worker consumes the default queue (instead of
    waiting for ever); ``here`` says what ``--in-process`` would do instead.
    """
    if in_process or not queue_configured():
        return False
    if not workers_consuming():
        raise CommandError(
            "No task queue worker answers on CELERY_BROKER_URL: start some with "
            f"`celery -A newsroom worker`, or {here} with --in-process."
        )
    return True
