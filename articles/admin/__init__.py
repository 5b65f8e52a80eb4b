"""Django admin for curation: one module per area, registered on import."""

from articles.selectors.curation import official_merge_feed_entries  # noqa: E402

from . import articles, audit, geo, ingest, officials, topics  # noqa: F401

# Official merges appear in the recent-changes feed, each with its undo button.
audit.FEED_SOURCES.append(official_merge_feed_entries)
