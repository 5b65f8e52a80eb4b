"""Celery workers for the command tests that run work on the task queue (issue 20): the
real brokers (each test skips with its reason when one is not reachable), worker processes
and their logs, ``manage.py`` runs with a broker configured, and a worker lost mid-batch.

The ``workers`` fixture (tests/commands/conftest.py) starts workers and kills them after
the test.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

import pytest

from tests.commands.databases import connect, database_url
from tests.conftest import ROOT, shared_path

REDIS = (
    "redis://127.0.0.1:6379/11"  # a database of its own (the web tier tests use 13), emptied first
)
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def redis_or_skip(url: str = REDIS) -> str:
    if not reachable(6379):
        pytest.skip("no Redis on 127.0.0.1:6379: the queue's Redis tests need one")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def rabbitmq_or_skip() -> str:
    if not reachable(5672):
        pytest.skip("no RabbitMQ on 127.0.0.1:5672: the queue's RabbitMQ test needs one")
    return RABBITMQ


def queue_env(database: str, index_dir: Path, broker: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(database),
        NEWSROOM_INDEX_DIR=str(index_dir),
        DJANGO_SETTINGS_MODULE="newsroom.settings.local",
        CELERY_BROKER_URL=broker,
        # A lost worker's batch comes back within seconds (production: minutes).
        CELERY_VISIBILITY_TIMEOUT="12",  # above a batch's time: no second delivery of a running batch
        CELERY_RESTORE_INTERVAL="1",
        CELERY_BATCH_ORDER_WAIT="3",
    )
    return env


class Worker:
    """A ``celery -A newsroom worker`` process (one pool process), its log in a file.

    Its node name carries the test process's pid: RabbitMQ lets one connection at a time
    hold a node's (exclusive) control queue, and two pytest-xdist workers may each start a
    ``w0`` at once."""

    def __init__(self, name: str, env: dict, log: Path, queues: str | None = None):
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "-c", "1",
             "-l", "INFO", "-n", f"{name}-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat", *(["-Q", queues] if queues else [])],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"),
            start_new_session=True,
        )  # fmt: skip

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def import_corpus(env: dict, *args: str, wait: bool = True):
    return run_command(env, "import_corpus", *args, wait=wait)


def run_command(env: dict, name: str, *args: str, wait: bool = True):
    """Run ``manage.py name args`` with ``env``; its result (or, not waited for, its process)."""
    command = [sys.executable, "manage.py", name, *args]
    if not wait:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def lose_a_worker(workers, env: dict, stage: str, *command: str) -> tuple[str, str, Worker]:
    """Run ``manage.py command`` with one worker, kill it (SIGKILL, its process group: a
    machine lost) once its log says batch 0 is at ``stage``, start a second worker; return
    the command's output, the killed pool process's pid and the surviving worker."""
    (doomed,) = workers(1, env, first=0)
    running = run_command(env, *command, wait=False)
    killed_pid = wait_in_log(doomed, rf"batch 0: {stage} in pid (\d+)", running).group(1)
    (survivor,) = workers(1, env, first=1, wait=False)
    doomed.kill()  # the worker and its pool process, mid-batch
    out, err = running.communicate(timeout=180)
    assert running.returncode == 0, err[-3000:]
    return out, killed_pid, survivor


def wait_in_log(worker: Worker, pattern: str, command: subprocess.Popen) -> re.Match:
    """Wait (two minutes at most) until ``worker``'s log matches ``pattern``; return the
    match. Fails at once if ``command``, the run the worker serves, ends meanwhile."""
    deadline = time.monotonic() + 120
    while not (found := re.search(pattern, worker.text())):
        assert command.poll() is None, command.communicate()[1][-3000:]
        assert time.monotonic() < deadline, worker.text()[-2000:]
        time.sleep(0.05)
    return found


def run_rows(database: str):
    with connect(database) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT id, status, records_read, inserted, updated, unchanged, duplicate, rejected,"
            " batches_total FROM articles_importrun ORDER BY id DESC LIMIT 1"
        )
        run = cursor.fetchone()
        cursor.execute(
            "SELECT number, records, inserted + updated + unchanged + duplicate + rejected,"
            " worker FROM articles_importbatch WHERE import_run_id = %s ORDER BY number",
            [run[0]],
        )
        return run, cursor.fetchall()


def corpus_slice(tmp_path: Path, records: int) -> Path:
    corpus = shared_path("corpus", "allsides-diplomatic.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, records))
    path = tmp_path / "slice.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path
