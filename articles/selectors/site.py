"""What identifies the state of the data public pages show (reads only)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from articles.search import engine
from articles.selectors.reading import read_connection

__all__ = ["DataState", "data_state"]


class DataState(NamedTuple):
    """The site version (bumped by the database at each content commit) and the index's."""

    number: int
    changed: datetime  # when the last content change committed: pages' Last-Modified
    index: str  # the search index's latest commit, or "" when there is none

    @property
    def key(self) -> str:
        return f"{self.number}.{self.changed.timestamp():.6f}.{self.index}"


def data_state() -> DataState | None:
    """Return the current state, or None when the database has no site version yet.

    Read before a page is rendered: under READ COMMITTED the page then sees data at least
    as new as this state, so storing it under this state never stores something staler.
    """
    # Raw SQL on purpose, not ``SiteVersion.objects``: this is the one query of a page
    # served from the cache, and building the queryset would cost more than running it.
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT number, changed FROM articles_siteversion WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    try:
        index = "-".join(map(str, engine.get_engine().generation()))
    except Exception:  # noqa: BLE001 - no usable index: pages say so, and are not cached apart
        index = ""
    return DataState(row[0], row[1], index)
