"""Restore a backup's database (the admin's full-text index last) and its search index."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from .folder import DATABASE, INDEX, count_documents, read_manifest, remove
from .postgres import BackupError, PgProgram, connection_env, find_pg_restore

# Settings of the restore's sessions: no wait for the WAL flush of each COPY's commit (a
# crash mid-restore means restoring again anyway) and memory for the index builds' sorts.
RESTORE_PGOPTIONS = "-c synchronous_commit=off -c maintenance_work_mem=512MB"


# The full-text GIN index on ``articles_article.search_vector``. Only the admin's article
# search and topic-rule matching use it (public pages and the API search the tantivy
# index), and PostgreSQL 15 builds it on one core after the table is loaded: most of a
# restore's time. The restore leaves it out of pg_restore and builds it last (or leaves it
# to a ``CREATE INDEX CONCURRENTLY`` with the site up): see ``restore``.
ADMIN_INDEX = "article_search_gin"
_ADMIN_INDEX_ENTRY = re.compile(rf"^\d+; \d+ \d+ INDEX \S+ {ADMIN_INDEX}(?: |$)")


@dataclass
class RestoreResult:
    program: PgProgram
    # The statement that builds the admin's full-text index (``ADMIN_INDEX``), left out of
    # pg_restore; None when the archive has no such index (a backup from older code).
    admin_index_sql: str | None = None


def restore(path: Path, *, jobs: int = 1) -> RestoreResult:
    """Restore the database of backup ``path`` (a folder or a ``-Fc`` file), replacing the
    objects it holds, all but the admin's full-text index (``ADMIN_INDEX``), whose
    ``CREATE INDEX`` statement is returned for ``build_admin_index``.

    pg_restore gets a ``--use-list`` of the archive's contents without that index entry.
    Everything else is restored (with ``jobs`` parallel workers): tables, their other
    indexes, constraints and triggers, so the site is complete for readers and the API.
    """
    manifest = read_manifest(path)
    archive = path / manifest.get("database", DATABASE) if manifest else path
    program = find_pg_restore()
    env = connection_env()
    options = RESTORE_PGOPTIONS
    if _has_lz4():
        # The article texts are most of the data: lz4 compresses them several times
        # faster than the default pglz (values written later use the server's default).
        options += " -c default_toast_compression=lz4"
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {options}".strip()
    # Our own idle session holds no locks, but close it: the restore drops every table.
    connection.close()
    contents = _run(program, ["--list", str(archive)], env).stdout.splitlines()
    left_out = [line for line in contents if _ADMIN_INDEX_ENTRY.match(line)]
    result = RestoreResult(program)
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as scratch:
        everything_else = Path(scratch) / "restore.list"
        everything_else.write_text(
            "\n".join(f";{line}" if line in left_out else line for line in contents) + "\n"
        )
        if left_out:
            only_index = Path(scratch) / "index.list"
            only_index.write_text("\n".join(left_out) + "\n")
            script = _run(
                program, ["--file=-", f"--use-list={only_index}", str(archive)], env
            ).stdout
            result.admin_index_sql = _create_index_statement(script)
        _run(
            program,
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                f"--jobs={jobs}",
                f"--use-list={everything_else}",
                f"--dbname={env['PGDATABASE']}",
                str(archive),
            ],
            env,
        )
    return result


def _run(program: PgProgram, args: list[str], env: dict[str, str]):
    done = subprocess.run([program.path, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed ({done.returncode}): {done.stderr.strip()}")
    return done


def _create_index_statement(script: str) -> str:
    """The ``CREATE INDEX`` statement of ``ADMIN_INDEX`` in a pg_restore SQL script."""
    for line in script.splitlines():
        if line.startswith("CREATE INDEX ") and f" {ADMIN_INDEX} " in line:
            return line.strip()
    raise BackupError(f"The backup's entry for index {ADMIN_INDEX} holds no CREATE INDEX.")


def admin_index_wanted() -> bool:
    """Whether the current models still declare the admin's full-text index (a migration
    could drop it; a backup's copy of it is then not rebuilt)."""
    from articles.models import Article

    return any(index.name == ADMIN_INDEX for index in Article._meta.indexes)


def admin_index_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [ADMIN_INDEX])
        return cursor.fetchone()[0]


def concurrent_statement(sql: str) -> str:
    """``sql`` (the archive's ``CREATE INDEX name ON …``) as ``CREATE INDEX CONCURRENTLY IF
    NOT EXISTS``, to build the index while the site runs (it blocks no writes)."""
    return sql.replace("CREATE INDEX ", "CREATE INDEX CONCURRENTLY IF NOT EXISTS ", 1)


def build_admin_index(sql: str) -> None:
    """Build the admin's full-text index with the archive's statement (a no-op when it
    exists, e.g. created by a migration of an older backup). It takes a SHARE lock on
    ``articles_article``: reads go on, writes wait until it is built."""
    statement = sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        try:
            cursor.execute(statement)
        finally:
            cursor.execute("RESET maintenance_work_mem")


def _has_lz4() -> bool:
    """Whether the server was built with lz4 (a value of default_toast_compression)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def restore_index(path: Path, manifest: dict | None) -> tuple[bool, str]:
    """Put the backup's copy of the search index in place of the configured one.

    Returns (restored, a sentence saying what was done or why not). Not restored — the
    caller rebuilds the index — when the backup has none, or one this Newsroom cannot use
    (another schema version or time zone), or when the copy does not open with the
    documents the backup counted. The restored index is marked as this database's; the
    changes it misses are the queue rows restored with the dump, for ``sync``
    (``indexing.adopt_restored``).
    """
    from django.conf import settings

    from articles.search import engine, indexing
    from articles.search.schema import SCHEMA_VERSION

    info = (manifest or {}).get("index")
    if not info:
        note = (manifest or {}).get("index_note") or "a single-file backup holds no index"
        return False, f"The backup holds no search index ({note})."
    if info.get("schema_version") != SCHEMA_VERSION:
        return False, (
            f"The backup's search index has schema version {info.get('schema_version')}; "
            f"this Newsroom needs version {SCHEMA_VERSION}."
        )
    if info.get("time_zone") != settings.TIME_ZONE:
        return False, (
            f"The backup's search index counts days in {info.get('time_zone')}; this "
            f"site's TIME_ZONE is {settings.TIME_ZONE}."
        )
    target = engine.index_dir()
    fresh = target.with_name(f"{target.name}.restoring")
    indexing._lock(wait=True)
    try:
        remove(fresh)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(path / info.get("folder", INDEX), fresh)
        try:
            documents = count_documents(fresh)
        except Exception as error:  # tantivy reports damage as ValueError or OSError
            remove(fresh)
            return False, f"The backup's search index cannot be read: {error}."
        if documents != info.get("documents"):
            remove(fresh)
            return False, (
                f"The backup's search index holds {documents:,} documents, not the "
                f"{info.get('documents'):,} it was backed up with."
            )
        marker_path = fresh / engine.MARKER
        marker = json.loads(marker_path.read_text())
        marker["database"] = engine.database_identity()  # the restored database is its own
        marker_path.write_text(json.dumps(marker))
        indexing.adopt_restored(fresh)  # the queue rows it lacks, in this database's history
        engine.install(fresh, target)
        state, reason = engine.health(target)
        if state != "ok":
            return False, reason
    finally:
        indexing._unlock()
    return True, f"Restored the search index from the backup ({documents:,} documents)."
