"""Django admin for curation: one module per area, registered on import."""

from . import articles, audit, geo, ingest, officials, topics  # noqa: F401
