"""System checks of the articles app (``manage.py check``, ``runserver``)."""

from django.core.checks import Warning, register


@register()
def search_index_check(app_configs, **kwargs):
    """Warn when the search index is missing, stale or damaged, and say how to fix it.

    Pages rebuild it by themselves (a little at a time), but a large corpus is better
    rebuilt at once with the command, with its progress bar.
    """
    from articles.search import engine

    state, reason = engine.health()
    if state == "ok":
        return []
    return [
        Warning(
            reason,
            hint="Run `python manage.py rebuild_index` (make run does it for you).",
            id="articles.W001",
        )
    ]
