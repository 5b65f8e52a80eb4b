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
not have yet is a row of ``articles_indexqueue`` in that snapshot its position has not
read (the folder's ``position.json``, copied with it), so the restore copies the index
back, gives those rows the restored database's transaction id
(``indexing.adopt_restored``) and ``sync`` indexes exactly them. An index that cannot be used (not
there, built from another database, another schema version or time zone) is left out and
the restore rebuilds it from the database.

``--single-file`` writes the older single ``pg_dump -Fc`` archive instead (no index; its
restore rebuilds the index). ``restore_database`` reads both.

``postgres`` finds the client programs and points them at the database; ``folder`` is a
backup folder's layout and manifest; ``dump`` and ``restore`` are the two directions.
Callers use this package's names (``backup.dump``, ``backup.restore``, …).
"""

from .dump import BackupResult, dump
from .folder import DATABASE, FORMAT_VERSION, INDEX, MANIFEST, read_manifest
from .postgres import (
    BackupError,
    PgProgram,
    article_count,
    connection_env,
    database_url,
    find_pg_dump,
    find_pg_restore,
    server_major,
)
from .restore import (
    ADMIN_INDEX,
    RESTORE_PGOPTIONS,
    RestoreResult,
    admin_index_exists,
    admin_index_wanted,
    build_admin_index,
    concurrent_statement,
    restore,
    restore_index,
)

__all__ = [
    "ADMIN_INDEX",
    "DATABASE",
    "FORMAT_VERSION",
    "INDEX",
    "MANIFEST",
    "RESTORE_PGOPTIONS",
    "BackupError",
    "BackupResult",
    "PgProgram",
    "RestoreResult",
    "admin_index_exists",
    "admin_index_wanted",
    "article_count",
    "build_admin_index",
    "concurrent_statement",
    "connection_env",
    "database_url",
    "dump",
    "find_pg_dump",
    "find_pg_restore",
    "read_manifest",
    "restore",
    "restore_index",
    "server_major",
]
