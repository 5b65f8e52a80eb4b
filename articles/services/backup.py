"""Back up and restore the configured PostgreSQL database and its search index.

Used by the ``backup_database`` and ``restore_database`` commands (``make backup``,
``make restore``). Both work on whatever Django is configured with: ``DATABASE_URL``, or
the embedded server (``var/pgdata``), which is reached over its Unix socket directory
(``OPTIONS["host"]``).

A backup is a folder (the default) holding:

- ``database/``: a ``pg_dump --format=directory`` archive, dumped by ``--jobs`` workers;
- ``index/``: a copy of the search index folder (tantivy's files and ``newsroom.json``);
- ``manifest.json``: what the backup holds, and which database state the index reflects.

The index and the dump are one state of the database: the index is copied while the
indexing lock is held (no ``sync`` can write it), inside a REPEATABLE READ transaction
whose snapshot pg_dump then uses (``--snapshot``). Every committed change the index does
not have yet is a row of ``articles_indexqueue`` in that snapshot, so the restore copies
the index back and ``sync`` indexes exactly those rows. An index that cannot be used (not
there, built from another database, another schema version or time zone) is left out and
the restore rebuilds it from the database.

``--single-file`` writes the older single ``pg_dump -Fc`` archive instead (no index; its
restore rebuilds the index). ``restore_database`` reads both.

The client programs come from ``NEWSROOM_PG_BIN`` when set, else from the ``pgserver``
package (PostgreSQL 16, shipped with the embedded server) and ``PATH``. pg_dump must be at
least the server's major version, so the oldest one that is new enough is used (its
archive is readable by the most pg_restore versions); pg_restore reads archives of its own
and older versions, so the newest one is used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from django.db import connection, transaction
from django.utils import timezone


class BackupError(Exception):
    """pg_dump / pg_restore is missing, too old, or failed."""


@dataclass(frozen=True)
class PgProgram:
    path: str
    major: int


def _candidate_dirs() -> list[str]:
    """Directories that may hold PostgreSQL client programs, in order of preference."""
    override = os.environ.get("NEWSROOM_PG_BIN")
    if override:
        return [override]
    dirs = []
    try:
        import pgserver

        dirs.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    return dirs


@cache
def _major_version(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    match = re.search(r"\)\s+(\d+)", out.stdout)
    return int(match.group(1)) if match else None


def _candidates(name: str) -> list[PgProgram]:
    paths = [str(Path(d) / name) for d in _candidate_dirs()]
    if not os.environ.get("NEWSROOM_PG_BIN"):
        found = shutil.which(name)
        if found:
            paths.append(found)
    programs = []
    for path in dict.fromkeys(paths):
        if os.access(path, os.X_OK):
            major = _major_version(path)
            if major is not None:
                programs.append(PgProgram(path, major))
    return programs


def server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def find_pg_dump() -> PgProgram:
    """The oldest pg_dump at least as new as the server."""
    needed = server_major()
    programs = [p for p in _candidates("pg_dump") if p.major >= needed]
    if not programs:
        raise BackupError(
            f"No pg_dump of version {needed} or newer was found (looked in the pgserver "
            "package and on PATH; set NEWSROOM_PG_BIN to the folder that holds it)."
        )
    return min(programs, key=lambda p: p.major)


def find_pg_restore() -> PgProgram:
    """The newest pg_restore available (it reads archives of its version and older)."""
    programs = _candidates("pg_restore")
    if not programs:
        raise BackupError(
            "No pg_restore was found (looked in the pgserver package and on PATH; set "
            "NEWSROOM_PG_BIN to the folder that holds it)."
        )
    return max(programs, key=lambda p: p.major)


def connection_env() -> dict[str, str]:
    """The environment that points libpq programs at Django's default database."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS") or {}
    env = dict(os.environ)
    values = {
        "PGHOST": options.get("host") or settings.get("HOST"),
        "PGPORT": options.get("port") or settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    for key, value in values.items():
        if value not in (None, ""):
            env[key] = str(value)
        else:
            env.pop(key, None)
    return env


def database_url(name: str | None = None) -> str:
    """A ``DATABASE_URL`` for Django's default database (or another ``name`` on its server),
    for child processes: gunicorn in ``bench_load``, ``manage.py`` in the tests."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS") or {}
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    name = quote(name or settings["NAME"], safe="")
    if socket := options.get("host"):  # a Unix socket folder (the embedded server)
        return f"postgres://{credentials}/{name}?host={quote(socket, safe='/')}"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{settings.get('HOST') or 'localhost'}{port}/{name}"


def article_count() -> int:
    """How many articles the configured database holds (0 when the table does not exist)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('articles_article') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM articles_article")
        return cursor.fetchone()[0]


FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database"  # the pg_dump directory-format archive, inside a backup folder
INDEX = "index"  # the copy of the search index, inside a backup folder
# Settings of the restore's sessions: no wait for the WAL flush of each COPY's commit (a
# crash mid-restore means restoring again anyway) and memory for the index builds' sorts.
RESTORE_PGOPTIONS = "-c synchronous_commit=off -c maintenance_work_mem=512MB"


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
    _remove(partial)
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
        _remove(partial)
        raise
    _remove(output)
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
    documents = _documents(into)
    return documents, f"index copied ({documents:,} documents)"


def _documents(path: Path) -> int:
    """How many documents the index at ``path`` holds (it must open: a check of the copy)."""
    import tantivy

    index = tantivy.Index.open(str(path))
    index.reload()
    return index.searcher().num_docs


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def read_manifest(path: Path) -> dict | None:
    """The manifest of the backup folder ``path``; None for a single-file archive."""
    if path.is_file():
        return None
    try:
        return json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a backup folder: no readable {MANIFEST}.") from error


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
    changes it misses are the queue rows restored with the dump, for ``sync``.
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
        _remove(fresh)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(path / info.get("folder", INDEX), fresh)
        try:
            documents = _documents(fresh)
        except Exception as error:  # tantivy reports damage as ValueError or OSError
            _remove(fresh)
            return False, f"The backup's search index cannot be read: {error}."
        if documents != info.get("documents"):
            _remove(fresh)
            return False, (
                f"The backup's search index holds {documents:,} documents, not the "
                f"{info.get('documents'):,} it was backed up with."
            )
        marker_path = fresh / engine.MARKER
        marker = json.loads(marker_path.read_text())
        marker["database"] = engine.database_identity()  # the restored database is its own
        marker_path.write_text(json.dumps(marker))
        engine.install(fresh, target)
        state, reason = engine.health(target)
        if state != "ok":
            return False, reason
    finally:
        indexing._unlock()
    return True, f"Restored the search index from the backup ({documents:,} documents)."
