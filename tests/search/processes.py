"""Other processes on the test database: writers to kill, readers running beside a writer.

A child process runs a Python snippet with Django set up on the test database (the one
this test run created: ``DATABASE_URL`` built from the live connection) and the test's
own index folder (``NEWSROOM_INDEX_DIR``). It sees only committed rows: the tests that
use it are transactional.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

from tests.conftest import ROOT

PRELUDE = "import django\ndjango.setup()\n"


def database_url() -> str:
    """Return a ``DATABASE_URL`` naming this run's test database."""
    d = connection.settings_dict
    credentials = quote(d["USER"] or "")
    if d["PASSWORD"]:
        credentials += ":" + quote(d["PASSWORD"])
    host = d["HOST"] or ""
    if d["PORT"]:
        host += f":{d['PORT']}"
    options = {k: v for k, v in (d.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgresql://{credentials}@{host}/{quote(d['NAME'])}{query}"


def child_env(index_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        NEWSROOM_INDEX_DIR=str(index_dir),
        DJANGO_SETTINGS_MODULE="newsroom.settings.test",
        # Readers call the API in a loop from one address: no rate limit in the way.
        DJANGO_API_ANON_RATE="1000000/minute",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def spawn(script: str, index_dir: Path, *args: str) -> subprocess.Popen:
    """Start ``script`` (after Django's setup) in a child process; stdout is a pipe."""
    return subprocess.Popen(
        [sys.executable, "-c", PRELUDE + script, *args],
        cwd=ROOT,
        env=child_env(index_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def manage(index_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``manage.py`` with ``args`` in a child process; return its result."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env(index_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for_line(process: subprocess.Popen, expected: str, *, timeout: float = 30) -> None:
    """Read the child's stdout until a line equal to ``expected``; fail if it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.strip() == expected:
            return
        if not line and process.poll() is not None:
            raise AssertionError(
                f"the child exited ({process.returncode}) before saying {expected!r}: "
                f"{process.stderr.read()[-3000:]}"
            )
    process.kill()
    raise AssertionError(f"the child did not say {expected!r} within {timeout} s")


def kill_9(process: subprocess.Popen) -> None:
    """SIGKILL the child (no cleanup of any kind runs in it) and reap it."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
