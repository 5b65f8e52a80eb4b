"""A throwaway PostgreSQL primary and its streaming standby, for replica tests and benches.

``Pair`` runs the machine's PostgreSQL server binaries (``pg_bin``: the same major version
as the database being copied, since ``pg_dump`` refuses a newer server) under a temporary
folder: ``initdb`` a primary on a free port, restore a copy of one database into it, then
``pg_basebackup -R`` a hot standby from it on another port. A copy rather than a standby of
the machine's own server: that one need not accept replication connections (Debian's
default ``pg_hba.conf`` has no ``replication`` line) and its configuration is not ours to
change. Used by tests/web/test_replicas.py and ``bench_load --replica``.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "pg_restore", "postgres")
DATABASE = "newsroom"  # the copy's name on the pair


class Unavailable(Exception):
    """The pair cannot be started here (no server binaries, no user to run them as)."""


def pg_bin(major: int) -> Path | None:
    """Server binaries of PostgreSQL ``major``: NEWSROOM_PG_BIN, the embedded server's own
    (pgserver ships them), the machine's (/usr/lib/postgresql/*/bin), then PATH."""
    candidates = [os.environ.get("NEWSROOM_PG_BIN", "")]
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += [str(Path(shutil.which("pg_ctl") or "/nonexistent").parent)]
    for folder in candidates:
        if folder and all((Path(folder) / tool).exists() for tool in TOOLS):
            version = subprocess.run(
                [str(Path(folder) / "postgres"), "--version"], capture_output=True, text=True
            ).stdout  # "postgres (PostgreSQL) 16.2"
            found = re.search(r"(\d+)(?:\.\d+)?", version)
            if found and int(found.group(1)) == major:
                return Path(folder)
    return None


def require_bin(major: int) -> Path:
    """``pg_bin(major)``, or ``Unavailable`` saying where it was looked for."""
    found = pg_bin(major)
    if found is None:
        raise Unavailable(
            f"no PostgreSQL {major} server binaries ({', '.join(TOOLS)}) in NEWSROOM_PG_BIN, "
            "the embedded server's, /usr/lib/postgresql/*/bin or PATH: the streaming replica "
            "cannot be started"
        )
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pair:
    """A primary and its streaming standby under ``root``, run as a non-root user.

    ``durable``: the primary keeps fsync on and the machine server's memory settings (for
    measuring); otherwise fsync is off and memory small (for tests, seconds to start).
    """

    def __init__(self, bin_dir: Path, root: Path, *, durable: bool = False):
        self.bin, self.root, self.durable = bin_dir, root, durable
        self.primary_port, self.standby_port = free_port(), free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable(
                    "running as root and there is no 'postgres' user to run a server"
                ) from None
            os.chown(root, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def url(self, port: int) -> str:
        return f"postgres://root@127.0.0.1:{port}/{DATABASE}"

    def run(self, *args: str, server: bool = True) -> None:
        command = [*(self.as_user if server else []), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")

    def start(self, source: dict) -> None:
        """Start the primary holding a copy of Django database ``source``, then its standby."""
        primary, standby = self.root / "primary", self.root / "standby"
        self.run(str(self.bin / "initdb"), "-D", str(primary), "-U", "root", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        memory = (
            "shared_buffers = 128MB\nmax_connections = 100\n"
            if self.durable
            else "fsync = off\nshared_buffers = 32MB\nmax_connections = 40\n"
        )
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.primary_port}\n"
                f"unix_socket_directories = '{self.root}'\nwal_level = replica\n{memory}"
            )
        self._ctl(primary, "start")
        self.psql(self.primary_port, "postgres", f"CREATE DATABASE {DATABASE}")
        host = source["HOST"] or source.get("OPTIONS", {}).get("host") or "127.0.0.1"
        dump = subprocess.Popen(
            [str(self.bin / "pg_dump"), "-Fc", "-h", host, "-p", str(source["PORT"] or 5432),
             "-U", source["USER"], source["NAME"]],
            stdout=subprocess.PIPE, env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
        )  # fmt: skip
        subprocess.run(
            [str(self.bin / "pg_restore"), "--no-owner", "--no-acl", "-h", "127.0.0.1",
             "-p", str(self.primary_port), "-U", "root", "-d", DATABASE],
            stdin=dump.stdout, check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
        if dump.wait():
            raise RuntimeError(f"pg_dump of {source['NAME']} failed")
        self.psql(self.primary_port, DATABASE, "ANALYZE")  # as the source's statistics
        self.run(str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
                 "-U", "root", "-D", str(standby), "-R", "-X", "stream", "--checkpoint=fast")  # fmt: skip
        self._ctl(standby, "start", f"-p {self.standby_port}")

    def _ctl(self, data: Path, action: str, options: str = "") -> None:
        args = [str(self.bin / "pg_ctl"), "-D", str(data), "-l", f"{data}.log", "-w", action]
        self.run(*args, *(["-o", options] if options else []))

    def psql(self, port: int, database: str, sql: str) -> str:
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "root", "-d", database, "-Atc", sql],
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return out.stdout.strip()

    def caught_up(self, timeout: float = 10) -> None:
        """Wait until the standby has replayed everything the primary wrote."""
        target = self.psql(self.primary_port, DATABASE, "SELECT pg_current_wal_lsn()")
        sql = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        deadline = time.monotonic() + timeout
        while self.psql(self.standby_port, DATABASE, sql) != "t":
            if time.monotonic() > deadline:
                raise RuntimeError(f"the standby did not catch up within {timeout:.0f} s")
            time.sleep(0.05)

    def reads(self, port: int) -> dict[str, int]:
        """The copy's transactions and rows read so far on the server at ``port``."""
        row = self.psql(
            port,
            DATABASE,
            "SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database "
            f"WHERE datname = '{DATABASE}'",
        )
        return dict(
            zip(
                ("transactions", "rows returned", "rows fetched"),
                map(int, row.split("|")),
                strict=True,
            )
        )

    def stop(self) -> None:
        for name in ("standby", "primary"):
            if (self.root / name / "postmaster.pid").exists():
                subprocess.run(
                    [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.root / name),
                     "-m", "immediate", "stop"],
                    capture_output=True, timeout=60,
                )  # fmt: skip
