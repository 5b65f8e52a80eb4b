"""Reach the configured PostgreSQL from its client programs: pg_dump, pg_restore, URLs.

The client programs come from ``NEWSROOM_PG_BIN`` when set, else from the ``pgserver``
package (PostgreSQL 16, shipped with the embedded server) and ``PATH``. pg_dump must be at
least the server's major version, so the oldest one that is new enough is used (its
archive is readable by the most pg_restore versions); pg_restore reads archives of its own
and older versions, so the newest one is used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from django.db import connection


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
