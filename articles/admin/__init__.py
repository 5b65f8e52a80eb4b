"""Django admin for curation: one module per area.

Django's autodiscover imports this package; each module registers its ModelAdmins with
``@admin.register`` on the site ``newsroom.apps.NewsroomAdminConfig`` installs.
"""

from . import articles, audit, geo, ingest, mentions, officials, readers, stories, topics  # noqa: F401
