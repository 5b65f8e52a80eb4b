"""Open the index once per process, tell whether it can be trusted, and hand out its writer.

The index lives in ``settings.SEARCH_INDEX_DIR`` (``var/index`` by default, a temporary
folder per test). Next to tantivy's own files, ``newsroom.json`` records the schema version
the index was built with. ``health`` tells one of:

- ``ok``: present, readable, this version;
- ``missing``: no index there yet;
- ``stale``: built by another version of Newsroom's schema;
- ``damaged``: tantivy cannot open it (a truncated file, a deleted segment).

Anything but ``ok`` is repaired by ``indexing.reset`` (an empty index of this version, to be
built from the article table), which ``make run`` and ``rebuild_index`` do with a progress bar and
which a page does by itself when it finds the index unusable (its numbers then say how
many articles are still waiting).
"""

from __future__ import annotations

import json
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings

from articles.search.schema import ANALYZER, SCHEMA_VERSION, analyzer, build_schema

MARKER = "newsroom.json"
# The files every segment of this schema has (tantivy 0.27; deletes add a ``.del``).
SEGMENT_PARTS = ("fast", "fieldnorm", "idx", "pos", "store", "term")
WRITER_HEAP = 64_000_000  # bytes of the writer's in-memory segment before it flushes

_lock = threading.Lock()
_opened: dict[str, Engine] = {}


class IndexUnavailable(Exception):
    """The index cannot be opened; ``reason`` says why in a sentence for an operator."""


@dataclass
class Engine:
    """An opened index: its schema and a searcher refreshed to the latest commit."""

    path: Path
    index: tantivy.Index
    schema: tantivy.Schema

    def generation(self) -> tuple[int, int, int]:
        """Return what identifies the index's latest commit (tantivy rewrites meta.json)."""
        stat = (self.path / "meta.json").stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def searcher(self) -> tantivy.Searcher:
        # A commit by another process is seen at once (tantivy's own watcher polls too).
        self.index.reload()
        return self.index.searcher()

    @contextmanager
    def writer(self, *, heap: int = WRITER_HEAP, threads: int = 1):
        """Yield the index's writer; the caller holds the PostgreSQL indexing lock."""
        writer = self.index.writer(heap_size=heap, num_threads=threads)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        finally:
            # Consumes the writer: its merges finish and tantivy's lock file is released
            # here, before the caller gives up the PostgreSQL lock (a later writer would
            # otherwise find the file lock still held).
            writer.wait_merging_threads()

    def empty(self) -> None:
        """Delete every document in place (readers keep their open files); lock held."""
        with self.writer() as writer:
            writer.delete_all_documents()
            writer.commit()
        self.index.reload()


def index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def health(path: Path | None = None) -> tuple[str, str]:
    """Return (state, a sentence explaining it) for the index at ``path``."""
    path = path or index_dir()
    marker = path / MARKER
    if not path.exists() or not (path / "meta.json").exists():
        return "missing", f"There is no search index in {path} yet."
    try:
        recorded = json.loads(marker.read_text())
        version = recorded["schema_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return "damaged", f"The search index in {path} has no readable {MARKER}."
    if version != SCHEMA_VERSION:
        return "stale", (
            f"The search index in {path} has schema version {version}; this Newsroom "
            f"needs version {SCHEMA_VERSION}."
        )
    if recorded.get("time_zone") != settings.TIME_ZONE:
        return "stale", (
            f"The search index in {path} counts days in {recorded.get('time_zone')}; "
            f"this site's TIME_ZONE is {settings.TIME_ZONE}."
        )
    if recorded.get("database") != database_identity():
        return "stale", (
            f"The search index in {path} was built from another database "
            f"({recorded.get('database')}, this one is {database_identity()}): a database "
            "recreated or restored from a backup."
        )
    try:
        missing = _missing_segments(path)
        if missing:  # a writer may have merged segments between the two reads: look again
            missing = _missing_segments(path)
        if missing:
            raise OSError(f"segment files missing: {', '.join(missing[:3])}")
        engine = _open(path)
        engine.index.reload()  # re-reads meta.json, also in a process that has it open
        engine.index.searcher()
    except Exception as error:  # tantivy reports damage as ValueError or OSError
        _forget(path)
        return "damaged", f"The search index in {path} cannot be read: {error}."
    return "ok", f"The search index in {path} is ready (schema version {SCHEMA_VERSION})."


def _missing_segments(path: Path) -> list[str]:
    """Return the files of the segments meta.json lists that are gone (a process that has
    them open would not notice: it keeps reading its mapped copies)."""
    meta = json.loads((path / "meta.json").read_text())
    present = {f.name for f in path.iterdir()}
    missing = []
    for segment in meta.get("segments", []):
        stem = segment["segment_id"].replace("-", "")
        missing += [f"{stem}.{part}" for part in SEGMENT_PARTS if f"{stem}.{part}" not in present]
    return missing


def get_engine() -> Engine:
    """Return this process's engine for the configured index; raise if it is unusable."""
    path = index_dir()
    engine = _opened.get(str(path))
    if engine is not None:
        return engine
    state, reason = health(path)
    if state != "ok":
        raise IndexUnavailable(reason)
    return _open(path)


def create(path: Path | None = None) -> Engine:
    """Replace whatever is at ``path`` with an empty index of this schema version.

    The new index is made beside it and renamed into place, then the old one removed:
    a reader never finds half a folder.
    """
    path = path or index_dir()
    _forget(path)
    fresh = path.with_name(f"{path.name}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    tantivy.Index(build_schema(), path=str(fresh), reuse=False)
    marker = {
        "schema_version": SCHEMA_VERSION,
        "database": database_identity(),
        "time_zone": settings.TIME_ZONE,  # the days, weeks and months are counted in it
    }
    (fresh / MARKER).write_text(json.dumps(marker))
    return install(fresh, path)


def install(fresh: Path, path: Path | None = None) -> Engine:
    """Rename the index folder ``fresh`` into ``path``'s place, then remove the old one.

    The caller holds the PostgreSQL indexing lock. ``fresh`` must sit beside ``path`` (a
    rename, not a copy): a reader never finds half a folder.
    """
    path = path or index_dir()
    _forget(path)
    if path.exists():
        old = path.with_name(f"{path.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        path.rename(old)
        fresh.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        fresh.rename(path)
    return _open(path)


def forget() -> None:
    """Drop this process's open index (it will be opened, and checked, again)."""
    _forget(index_dir())


def database_identity() -> str:
    """Return what tells this database from another of the same name.

    The database's and the article table's object ids change when the database is
    recreated or restored from a dump, while the index on disk would stay: the index
    records them, and one built from another database is rebuilt.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), d.oid, 'articles_article'::regclass::oid "
            "FROM pg_database d WHERE d.datname = current_database()"
        )
        name, database_oid, table_oid = cursor.fetchone()
    return f"{name}/{database_oid}/{table_oid}"


def _open(path: Path) -> Engine:
    with _lock:
        engine = _opened.get(str(path))
        if engine is None:
            index = tantivy.Index.open(str(path))
            index.register_tokenizer(ANALYZER, analyzer())
            engine = Engine(path=path, index=index, schema=index.schema)
            _opened[str(path)] = engine
        return engine


def _forget(path: Path) -> None:
    with _lock:
        _opened.pop(str(path), None)
