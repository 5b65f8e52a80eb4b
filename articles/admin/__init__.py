"""Django admin for curation: one module per area, registered on import."""

from . import articles, geo, officials, topics  # noqa: F401
