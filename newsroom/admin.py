"""The site's admin: Django's AdminSite with Newsroom's titles.

Installed as the default site by ``newsroom.apps.NewsroomAdminConfig`` (Django's documented
way to replace ``admin.site``), so ``@admin.register`` in ``articles/admin/`` and the
contrib apps' admins (auth, axes) register here and nothing mutates the site at import.
"""

from django.contrib import admin


class NewsroomAdminSite(admin.AdminSite):
    """The curation admin at /admin/."""

    site_header = "Newsroom curation"
    site_title = "Newsroom curation"
    index_title = "Curate articles, officials, aliases and topics"
