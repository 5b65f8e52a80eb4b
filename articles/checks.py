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


@register(Tags.security, deploy=True)
def mail_check(app_configs, **kwargs):
    """Warn a deployment (``check --deploy``) whose readers' mail would not reach them.

    The console backend prints confirmation links and digests into the logs; a localhost
    ``NEWSROOM_SITE_URL`` puts links into mail that no reader can open.
    """
    from django.conf import settings

    found = []
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        found.append(
            Warning(
                "Readers' mail (confirmation links, password resets, digests) is printed "
                "on the console, not sent.",
                hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                "DEFAULT_FROM_EMAIL): docs/deployment.md#email-and-digests.",
                id="articles.W002",
            )
        )
    if "://localhost" in settings.SITE_URL or "://127.0.0.1" in settings.SITE_URL:
        found.append(
            Warning(
                f"NEWSROOM_SITE_URL is {settings.SITE_URL}: links in readers' mail would "
                "point there.",
                hint="Set NEWSROOM_SITE_URL to the site's public address (https://…).",
                id="articles.W003",
            )
        )
    return found
