"""System checks of the articles app (``manage.py check``, ``runserver``)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def search_index_check(app_configs, databases=None, **kwargs):
    """Warn when the search index is missing, stale or damaged, and say how to fix it.

    Pages rebuild it by themselves (a little at a time), but a large corpus is better
    rebuilt at once with the command, with its progress bar. A database check (it asks
    which database the index was built from): ``migrate`` and ``check --database default``
    run it; a database not migrated yet has nothing to index.
    """
    from articles.search import engine

    if not databases:  # Django runs tagged checks too; database ones look only when asked
        return []
    try:
        state, reason = engine.health()
    except DatabaseError:
        return []
    if state == "ok":
        return []
    return [
        Warning(
            reason,
            hint="Run `python manage.py rebuild_index` (make run does it for you).",
            id="articles.W001",
        )
    ]
