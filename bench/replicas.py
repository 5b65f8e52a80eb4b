"""``bench_load --replica``: serve from a primary with a streaming standby, then say who read.

The pair (``bench.standby.Pair``) holds a copy of the benchmarked database, made just before
the server starts (after the page cache was emptied), and the server runs with
``DATABASE_URL`` at its primary and ``DATABASE_REPLICA_URLS`` at its standby. Afterwards the
report gives each server's transactions and rows read during the run (``pg_stat_database``),
so it shows that the standby served the reads; then both are stopped and removed, also when
the run fails or is interrupted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from bench.standby import Pair, Unavailable, require_bin

# The copy's primary as the machine's server runs (fsync on, its memory); the test sets it
# False (fsync off: seconds, not tens of seconds, to restore and back up).
DURABLE = True


@contextmanager
def serving(stdout) -> Iterator[dict[str, str]]:
    """Start the pair; yield the server's environment; report the reads; stop the pair."""
    connection.ensure_connection()
    source = dict(connection.settings_dict)
    root = Path(tempfile.mkdtemp(prefix="newsroom-bench-replica-"))
    try:
        pair = Pair(require_bin(connection.pg_version // 10000), root, durable=DURABLE)
    except Unavailable as reason:
        shutil.rmtree(root, ignore_errors=True)
        raise CommandError(f"--replica: {reason}") from None
    servers = {"primary": pair.primary_port, "standby": pair.standby_port}
    try:
        started = time.monotonic()
        stdout.write(f"Copying {source['NAME']} to a primary with a streaming standby …")
        pair.start(source)
        pair.caught_up(timeout=300)
        stdout.write(
            f"replica: primary on port {pair.primary_port}, standby on port "
            f"{pair.standby_port}, caught up in {time.monotonic() - started:.0f} s"
        )
        env = {
            "DATABASE_URL": pair.url(pair.primary_port),
            "DATABASE_REPLICA_URLS": pair.url(pair.standby_port),
            "NEWSROOM_INDEX_DIR": str(root / "index"),
        }
        # Its own search index: the served one's position (a snapshot of the source
        # cluster's transactions) means nothing to the copy, whose pages would otherwise
        # rebuild it bit by bit during the run, and overwrite the source's copy.
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "rebuild_index"],
            cwd=settings.BASE_DIR,
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        pair.caught_up(timeout=300)
        stdout.write(f"replica: its search index built in {time.monotonic() - started:.0f} s")
        before = {name: pair.reads(port) for name, port in servers.items()}
        yield env
        time.sleep(1)  # the server's sessions flush their statistics as they close
        for name, port in servers.items():
            after = pair.reads(port)
            counts = ", ".join(f"{after[k] - before[name][k]:,} {k}" for k in after)
            stdout.write(f"read on the {name}: {counts}")
    finally:
        pair.stop()
        shutil.rmtree(root, ignore_errors=True)
