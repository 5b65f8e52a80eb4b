"""Celery workers started for a benchmark, on the benchmark's database (bench_import)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from articles.services.backup.postgres import database_url
from bench.cpu import process_group_cpu_seconds

ROOT = Path(settings.BASE_DIR)


@contextmanager
def started_workers(count: int, database: str, index_dir: Path):
    """Start ``count`` one-process workers on ``database``; yield [(process, CPU before)]
    once they are ready, and stop them afterwards."""
    if not count:
        yield []
        return
    env = dict(os.environ, DATABASE_URL=database_url(database), NEWSROOM_INDEX_DIR=str(index_dir))
    logs = tempfile.TemporaryDirectory(prefix="bench-workers-")
    workers = []
    try:
        for n in range(count):
            log = Path(logs.name) / f"worker-{n}.log"
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "-c", "1",
                 "-l", "INFO", "-n", f"bench{n}@%h", "--without-gossip", "--without-mingle",
                 "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"),
                start_new_session=True,
            )  # fmt: skip
            workers.append((process, log))
        deadline = time.monotonic() + 120
        while not all(" ready." in log.read_text(errors="replace") for _, log in workers):
            if time.monotonic() > deadline or any(p.poll() is not None for p, _ in workers):
                raise RuntimeError("the Celery workers did not start: see " + logs.name)
            time.sleep(0.2)
        yield [(process, process_group_cpu_seconds(process.pid)) for process, _ in workers]
    finally:
        for process, _ in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _ in workers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        logs.cleanup()
