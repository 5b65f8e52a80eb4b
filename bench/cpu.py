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
    # And the backends that have exited (a Celery worker's connection closes after each
    # task): the postmaster's children's CPU, which the kernel adds up as it reaps them.
    return mine[2], server + _reaped_children_cpu(postmaster)


def _reaped_children_cpu(pid: int) -> float:
    """Return the CPU seconds of ``pid``'s children that have exited (cutime + cstime)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read().decode("ascii", "replace")
    except OSError:
        return 0.0
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


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


def process_group_cpu_seconds(pgid: int) -> float:
    """Return the CPU seconds of the live processes of process group ``pgid`` (a Celery
    worker started in a session of its own: its main process and its pool's)."""
    total = 0.0
    for pid, (_, _, cpu) in _proc_stats().items():
        try:
            if os.getpgid(pid) == pgid:
                total += cpu
        except OSError:
            continue
    return total
