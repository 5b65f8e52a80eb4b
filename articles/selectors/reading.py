"""The connection raw-SQL readers use: the one Django's router picks for a read."""

from __future__ import annotations

from django.db import connections, router

from articles.models import Article


def read_connection():
    """Return the connection to read from: a replica in a public page's request (see
    ``newsroom.routers``), the primary everywhere else and inside a transaction."""
    return connections[router.db_for_read(Article)]
