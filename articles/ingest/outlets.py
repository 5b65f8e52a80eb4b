"""The outlet of a folder of plain files, learned from the files that name it; pure.

Run in the import's first pass (``ingest.learn.learn_sources``), beside the furniture learner.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from articles.ingest import boilerplate
from articles.ingest.parse import parse_document
from articles.ingest.types import RawDocument

__all__ = ["FolderOutlet", "OutletVotes", "outlet_key", "outlet_name_rank"]

# A name written as a site: "CNSNews.com", "www.Heavy.com", "Civil.Ge".
_SITE_RE = re.compile(r"^(?:www\d?\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)


def _is_site(name: str) -> bool:
    return _SITE_RE.match(name.strip()) is not None


def outlet_key(name: str) -> str:
    """Return the key under which outlet names are one outlet, whatever record came first.

    Letters and digits only, lower-cased, accents dropped; a name written as a site loses
    its "www." and its last label: "CNS News", "CNSNews.com" and "cnsnews.com" are one
    outlet, as are "Des Moines Register" and "DesMoines Register", "Newsmax - News" and
    "Newsmax (News)". Names differing in words stay apart ("New York Times - News" and
    "New York Times - Opinion").
    """
    text = name.strip()
    if _is_site(text):
        text = re.sub(r"^www\d?\.", "", text, flags=re.IGNORECASE).rsplit(".", 1)[0]
    folded = unicodedata.normalize("NFKD", text)
    key = "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))
    return key.lower() or name.strip().lower()


def outlet_name_rank(name: str) -> tuple[bool, str, str]:
    """Return the sort key that picks the shown name among the names of one outlet.

    A written name before a site ("CNS News", not "CNSNews.com"), then the first in
    alphabetical order (case-insensitive, then exact): the same name whatever order the
    records come in.
    """
    return (_is_site(name), name.casefold(), name)


class FolderOutlet(NamedTuple):
    """The outlet of a folder of plain files, and the furniture that shows its layout."""

    name: str
    furniture: frozenset[str]  # learned paragraph keys found in the files naming it

    def claims(self, raw_text: str) -> bool:
        """Return whether a file has this outlet's furniture (so, its layout)."""
        return not self.furniture.isdisjoint(boilerplate.short_paragraph_keys(raw_text))


class OutletVotes:
    """Learn the outlet of each folder of plain files from the files that name it.

    A scraped text file often says its outlet only somewhere: the agency in a dateline
    ("VIENNA (Meridian Wire) —"), a copyright line, a staff photo credit. An outlet's
    scrape is usually one folder, so when the first ``SAMPLE`` files of a folder that
    name an outlet (at least ``MIN_VOTES``) all name the same one, the folder's files
    that name none may get it too, but only those that carry some of the furniture the
    folder's naming files carry (a newsletter line, a sign-off): same outlet, same layout.
    A folder per day holding several outlets' files gives the name only to the files
    laid out like the ones that name it. Two different outlets in one folder, or a single
    file naming one, teach nothing: those files stay with ``--source`` or unknown.
    """

    SAMPLE = 20
    MIN_VOTES = 2

    def __init__(self) -> None:
        self._names: dict[str, list[str | None]] = {}
        self._paragraphs: dict[str, set[str]] = {}  # keys of the naming files' paragraphs

    def add(self, key: str, doc: RawDocument, text: str) -> None:
        """Count the outlet ``doc`` names (parsed without learned furniture) for ``key``.

        ``text``: the record's text, whose paragraphs the learner reads too.
        """
        names = self._names.setdefault(key, [])
        if len(names) >= self.SAMPLE:
            return
        try:
            name = parse_document(doc).source_name
        except Exception:  # noqa: BLE001 - a bad record is rejected in the main pass
            name = None
        names.append(name)
        if name:
            self._paragraphs.setdefault(key, set()).update(boilerplate.short_paragraph_keys(text))

    def sampled_names(self) -> dict[str, set[str]]:
        """Return the outlets each folder's sampled files name (those naming none left out)."""
        return {
            key: {name.strip()[:200] for name in names if name}
            for key, names in self._names.items()
        }

    def agreed(self, furniture: dict[str, frozenset[str]]) -> dict[str, FolderOutlet]:
        """Return the outlet of each folder whose naming files agree and share furniture.

        ``furniture``: the learned furniture of each folder (``FurnitureLearner``).
        """
        outlets = {}
        for key, names in self._names.items():
            named = {name for name in names if name}
            if len(named) != 1 or sum(1 for name in names if name) < self.MIN_VOTES:
                continue
            shared = furniture.get(key, frozenset()) & self._paragraphs[key]
            if shared:
                outlets[key] = FolderOutlet(named.pop(), frozenset(shared))
        return outlets
