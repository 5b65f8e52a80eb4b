"""Back up the database and its search index as one state of the database."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .folder import DATABASE, FORMAT_VERSION, INDEX, MANIFEST, count_documents, remove
from .postgres import (
    BackupError,
    PgProgram,
    article_count,
    connection_env,
    find_pg_dump,
    server_major,
)


@dataclass
class BackupResult:
    path: Path
    program: PgProgram
    articles: int
    queued: int  # changes the copied index does not have yet (indexed by the restore)
    index_documents: int | None  # None: the index was left out (``index_note`` says why)
    index_note: str
    index_seconds: float = 0.0
    dump_seconds: float = 0.0

    @property
    def size(self) -> int:
        if self.path.is_file():
            return self.path.stat().st_size
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def dump(output: Path, *, jobs: int = 2, single_file: bool = False) -> BackupResult:
    """Back up the database (and its search index) to ``output``, atomically.

    A folder unless ``single_file`` (one ``pg_dump -Fc`` archive, no index). It is written
    under ``<output>.partial`` and renamed at the end: a failed backup leaves nothing.
    """
    from articles.search import engine, indexing

    program = find_pg_dump()
    env = connection_env()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    remove(partial)
    command = [program.path, "--no-owner"]
    if single_file:
        command += ["--format=custom", "--file", str(partial)]
    else:
        partial.mkdir()
        command += ["--format=directory", f"--jobs={jobs}", "--file", str(partial / DATABASE)]
    result = BackupResult(output, program, 0, 0, None, "")
    try:
        indexing._lock(wait=True)  # no sync writes the index until it is copied
        locked = True
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                result.articles = article_count()
                result.queued = indexing.queue_size(cap=10**12)
                identity = engine.database_identity()
                if single_file:
                    result.index_note = "a single-file backup holds no index"
                else:
                    started = time.monotonic()
                    result.index_documents, result.index_note = _copy_index(partial / INDEX)
                    result.index_seconds = time.monotonic() - started
                indexing._unlock()  # pg_dump reads the snapshot taken with the lock held
                locked = False
                started = time.monotonic()
                done = subprocess.run(
                    command + [f"--snapshot={snapshot}", env["PGDATABASE"]],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                result.dump_seconds = time.monotonic() - started
                if done.returncode != 0:
                    raise BackupError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")
        finally:
            if locked:
                indexing._unlock()
        if not single_file:
            manifest = {
                "format": FORMAT_VERSION,
                "created": timezone.now().isoformat(),
                "database": DATABASE,
                "source_database": identity,
                "server_major": server_major(),
                "pg_dump_major": program.major,
                "articles": result.articles,
                "queued": result.queued,
                "index": None,
                "index_note": result.index_note,
            }
            if result.index_documents is not None:
                marker = json.loads((partial / INDEX / engine.MARKER).read_text())
                manifest["index"] = {
                    "folder": INDEX,
                    "documents": result.index_documents,
                    "schema_version": marker["schema_version"],
                    "time_zone": marker["time_zone"],
                }
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        remove(partial)
        raise
    remove(output)
    partial.replace(output)
    return result


def _copy_index(into: Path) -> tuple[int | None, str]:
    """Copy the search index folder into ``into`` (indexing lock held); return its
    document count, or None and why it was left out."""
    from articles.search import engine

    state, reason = engine.health()
    if state != "ok":
        return None, f"{reason} The restore rebuilds it."
    source = engine.index_dir()
    # Tantivy's lock files belong to the live index's writer, not to its state.
    shutil.copytree(source, into, ignore=shutil.ignore_patterns("*.lock"))
    documents = count_documents(into)
    return documents, f"index copied ({documents:,} documents)"
