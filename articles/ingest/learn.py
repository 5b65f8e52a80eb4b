"""The import's first, read-only pass: each source's furniture, each folder's outlet.

The inputs are read once (with several workers, the sources are shared out among them)
to learn the paragraphs that recur in many distinct articles of one source
(``FurnitureLearner``), removed in the second pass, and the outlet of a folder of plain
files from those of its files that name it (``OutletVotes``). Records are grouped by
``source_key`` before they are parsed.
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

from articles.ingest.boilerplate import FurnitureLearner
from articles.ingest.outlets import FolderOutlet, OutletVotes
from articles.ingest.parse import DOMAIN_FIELDS, SOURCE_FIELDS, TEXT_FIELDS, URL_FIELDS
from articles.ingest.readers import iter_documents
from articles.ingest.records import UNKNOWN_SOURCE
from articles.ingest.types import RawDocument


def source_key(doc: RawDocument, source: str | None) -> str:
    """Return the key that groups a record with its outlet's other records before parsing."""
    if source:
        return source
    key = _fields_source_key(doc)
    # Plain files: the folder they sit in (outlets' scrapes are usually one folder each).
    return _folder_key(doc) if key is None else key


def _fields_source_key(doc: RawDocument) -> str | None:
    """Return the outlet a record's own fields give (source, domain or url), if any."""
    fields = doc.fields or {}
    for name in (*SOURCE_FIELDS, *DOMAIN_FIELDS):
        if fields.get(name):
            return fields[name].strip().lower()
    for name in URL_FIELDS:
        if fields.get(name):
            return urlsplit(fields[name]).netloc.lower().removeprefix("www.")
    return None


def _folder_key(doc: RawDocument) -> str:
    path = doc.origin.split("!")[-1].rsplit(":", 1)[0]
    return str(PurePosixPath(path).parent)


def source_name_of(parsed) -> str:
    """Return the name of the Source row an article will belong to (as ``SourceCache``)."""
    return (parsed.source_name or "").strip()[:200] or UNKNOWN_SOURCE


def record_text(doc: RawDocument) -> str:
    """Return the text of a record (the file for .txt, the body field for records)."""
    if doc.text is not None:
        return doc.text
    fields = doc.fields or {}
    for name in TEXT_FIELDS:
        if fields.get(name):
            return fields[name]
    return ""


class Learned(NamedTuple):
    """What the first pass learns: each source's furniture, each folder's outlet.

    ``names``: the Source names each source key's records are expected to get (from a
    record's outlet field, or from the folder's sampled files), so that what is learned
    under one key is applied to, and stored for, all of the run's records of those sources.
    """

    furniture: dict[str, frozenset[str]]
    outlets: dict[str, FolderOutlet]
    names: dict[str, set[str]]


def furniture_by_name(learned: Learned) -> dict[str, frozenset[str]]:
    """Return the furniture the run learned for each Source name its keys' records go to.

    The same whether or not it is stored yet, so importing the same inputs twice cleans
    every record alike (the second run finds stored what the first applied). Furniture of
    unrelated folders is never pooled under the unknown source.
    """
    by_name: dict[str, set[str]] = {}
    for key, names in learned.names.items():
        if keys := learned.furniture.get(key):
            for name in names - {UNKNOWN_SOURCE}:
                by_name.setdefault(name, set()).update(keys)
    return {name: frozenset(keys) for name, keys in by_name.items()}


def learn_sources(
    paths: Sequence[str],
    *,
    format: str,
    source: str | None,
    limit: int | None,
    workers: int = 1,
    meanwhile: Callable[[], None] | None = None,
) -> Learned:
    """Read the inputs once; learn each source's repeated paragraphs and folders' outlets.

    With several workers, each reads the inputs and learns the sources whose key hashes
    to it: a source's paragraphs are counted by one learner, in input order, so the
    result is exactly the serial one. ``meanwhile`` runs in this process while they
    learn (the import compiles the gazetteer then, instead of with the cores idle).
    """
    if workers <= 1:
        if meanwhile:
            meanwhile()
        return _learn_part(paths, format, source, limit, 0, 1)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending = pool.starmap_async(
            _learn_part, [(paths, format, source, limit, i, workers) for i in range(workers)]
        )
        if meanwhile:
            meanwhile()
        parts = pending.get()
    learned = Learned({}, {}, {})
    for part in parts:
        learned.furniture.update(part.furniture)
        learned.outlets.update(part.outlets)
        learned.names.update(part.names)
    return learned


def _learn_part(paths, format, source, limit, part: int, parts: int) -> Learned:
    learner = FurnitureLearner()
    votes = OutletVotes()
    names: dict[str, set[str]] = {}
    for doc in islice(iter_documents(paths, format=format), limit):
        if not doc.error:
            key = source_key(doc, source)
            if parts == 1 or zlib.crc32(key.encode("utf-8", "surrogatepass")) % parts == part:
                text = record_text(doc)
                learner.add(key, text)
                if source is None and _fields_source_key(doc) is None:  # keyed by folder
                    votes.add(key, doc, text)  # its sampled files' names are its names
                else:
                    names.setdefault(key, set()).add(_expected_source_name(doc, source))
    furniture = learner.learned()
    for key, sampled in votes.sampled_names().items():
        names.setdefault(key, set()).update(sampled)
    return Learned(furniture, votes.agreed(furniture), names)


def _expected_source_name(doc: RawDocument, source: str | None) -> str:
    """Return the Source name parsing will give a record that has an outlet field, a site
    or ``source``, without parsing it: the field, else the site's domain, else ``source``.

    Used to share learned furniture among a source's keys: a rare miss shares less.
    """
    fields = doc.fields or {}
    for name in SOURCE_FIELDS:
        if value := (fields.get(name) or "").strip():
            return value[:200]
    for name in (*DOMAIN_FIELDS, *URL_FIELDS):
        if value := (fields.get(name) or "").strip():
            try:
                host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
            except ValueError:  # a malformed URL, as parsing reads it
                continue
            if host := host.removeprefix("www."):
                return host[:200]
    return (source or "").strip()[:200] or UNKNOWN_SOURCE
