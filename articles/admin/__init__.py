"""Django admin for curation: one module per area, registered on import."""

from django.contrib import admin

from articles.selectors.curation import official_merge_feed_entries
from articles.selectors.stories import story_decision_feed_entries

from . import articles, audit, geo, ingest, officials, stories, topics  # noqa: F401

# Official merges and story decisions appear in the recent-changes feed, each with its
# undo button.
audit.FEED_SOURCES.append(official_merge_feed_entries)
audit.FEED_SOURCES.append(story_decision_feed_entries)

admin.site.site_header = "Newsroom curation"
admin.site.site_title = "Newsroom curation"
admin.site.index_title = "Curate articles, officials, aliases and topics"
