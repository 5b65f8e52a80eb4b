"""CPU seconds of the PostgreSQL server, read from ``/proc`` (benchmarks only).

``bench_import`` passes ``database_cpu_seconds`` to ``run_import`` so that its figures
include the server's share of an import: only for a PostgreSQL on this machine (the
embedded one); a remote server's processes cannot be read.
"""

from __future__ import annotations

import os

from django.db import connection

from bench.sql import scalar


def database_cpu_seconds() -> tuple[float, float] | None:
    """Return the CPU seconds used so far by this connection's backend and by the whole server.

    Read from ``/proc``, so only for a PostgreSQL running on this machine (the embedded
    one); None when its processes cannot be read. The server total covers the postmaster's
    children alive now (backends, WAL writer, checkpointer, autovacuum).
    """
    with connection.cursor() as cursor:
        backend = scalar(cursor, "SELECT pg_backend_pid()")
    stats = _proc_stats()
    mine = stats.get(backend)
    if mine is None or mine[0] != "postgres":
        return None
    postmaster = mine[1]
    server = sum(cpu for pid, (_, ppid, cpu) in stats.items() if postmaster in (pid, ppid))
    return mine[2], server


def _proc_stats() -> dict[int, tuple[str, int, float]]:
    """Return {pid: (command, parent pid, CPU seconds)} for the processes ``/proc`` shows."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    try:
        entries = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return stats
    for name in entries:
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                raw = f.read().decode("ascii", "replace")
        except OSError:
            continue  # the process has exited
        command = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # After the command: state, ppid, ... utime (11th), stime (12th), in clock ticks.
        stats[int(name)] = (command, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return stats
