"""Start (or reuse) the embedded PostgreSQL server kept under ``var/pgdata``.

Used when ``DATABASE_URL`` is unset, so a fresh clone needs no PostgreSQL install.
The ``pgserver`` package ships PostgreSQL 16 binaries; several processes may share one
server (it counts handles and stops the server when the last one exits), which is what
lets ``make run`` and ``make test`` use it at the same time, each in its own database.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / "var" / "pgdata"

# Keep a reference so the server handle lives as long as the process.
_SERVER = None


def embedded_server_uri(pgdata: Path | None = None, database: str = "newsroom") -> str:
    """Return a connection URI for the embedded server, starting it when needed."""
    global _SERVER
    pgdata = Path(pgdata or os.environ.get("NEWSROOM_PGDATA") or DEFAULT_PGDATA)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # pgserver keeps its lock file under the XDG runtime dir; without one set,
    # platformdirs warns on every start. The fallback it picks is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        _SERVER = pgserver.get_server(pgdata, cleanup_mode="stop")
    _ensure_database(_SERVER, database)
    return _SERVER.get_uri(database)


def _ensure_database(server, database: str) -> None:
    """Create ``database`` on the embedded server if it does not exist yet."""
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
