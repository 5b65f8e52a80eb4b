"""Read corpus files, folders and archives into RawDocuments: the first, pure ingest stage.

What is read
    Paths are read in the order given. A folder is walked depth first in code-point
    order of names, so a run is reproducible; archive members come in archive order.
    Layers peel off by magic bytes first, then by extension: gzip (``.gz``, ``.tgz``),
    ``.zip``, ``.tar`` (also nested inside one another). The files they hold are
    ``.txt`` (one article), ``.jsonl``/``.ndjson``/``.json`` (JSON lines, a JSON array, or
    pretty-printed objects) and ``.csv``/``.tsv``. A file without an extension is sniffed;
    ``format`` ("txt", "jsonl", "csv") forces the format of every file that is not a
    container. Only gzip compresses single files (no bz2/xz).

What is skipped
    Inside folders and archives: hidden files and folders (``.DS_Store``, ``.git``),
    ``__MACOSX``, README/LICENSE/COPYING/NOTICE/CHANGELOG/AUTHORS files, editor backups,
    and, unless ``format`` is forced, files with an extension that is none of the above
    (``.md``, ``.html``, ``.pdf``…). ``on_skip(origin, reason)`` hears about each one. A
    file named explicitly is always read.

What comes out
    ``origin`` is the path as given, ``!`` into an archive and ``:line`` (1-based, the
    line a record starts on) for JSON and CSV records: ``corpus/a.zip!sub/b.jsonl:17``.
    Bad content never raises: it becomes a RawDocument with ``error`` set ("empty file",
    "binary file, not text", "malformed JSON on line 3: …", "corrupt gzip: …"). For a
    whole-file error ``raw`` holds at most the first 64 KiB. A path that does not exist
    raises FileNotFoundError before anything is read.

Text is decoded as UTF-8 (a BOM is dropped), UTF-16 when a BOM says so, else cp1252,
and latin-1 for the five bytes cp1252 leaves undefined; a legacy text that is mostly
non-ASCII is rejected as undecodable rather than imported as mojibake.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from articles.ingest.types import RawDocument

from .containers import Context, Uncountable, count_path, read_path
from .detect import FORMATS

__all__ = ["FORMATS", "count_documents", "iter_documents"]

DEFAULT_COUNT_BUDGET = 2 * 1024**3  # decompressed bytes; beyond this a count is not "fast"


def iter_documents(
    paths: Sequence[str | os.PathLike[str]],
    *,
    format: str = "auto",
    on_skip: Callable[[str, str], None] | None = None,
) -> Iterator[RawDocument]:
    """Return a stream of RawDocuments read from files, folders and archives."""
    checked = _checked(paths, format)
    ctx = Context(format=format, on_skip=on_skip)
    # A plain function around the generator, so missing paths raise at the call.
    return (doc for path, origin in checked for doc in read_path(path, origin, ctx))


def count_documents(
    paths: Sequence[str | os.PathLike[str]],
    *,
    format: str = "auto",
    max_bytes: int = DEFAULT_COUNT_BUDGET,
) -> int | None:
    """Return about how many documents iter_documents will yield, or None if costly to know.

    Counts lines and files without parsing records: blank JSON lines and bad records make
    it an estimate. A JSON array, or more than ``max_bytes`` of (decompressed) records
    to scan, gives None.
    """
    checked = _checked(paths, format)
    ctx = Context(format=format, budget=max_bytes)
    try:
        return sum(count_path(path, origin, ctx) for path, origin in checked)
    except Uncountable:
        return None


def _checked(paths: Sequence[str | os.PathLike[str]], format: str) -> list[tuple[Path, str]]:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # a lone path is a common slip, and iterating it reads characters
    checked = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(given))
        origin = os.fspath(given)
        checked.append((path, origin.rstrip("/") or origin))
    return checked
