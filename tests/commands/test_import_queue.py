"""import_corpus on the task queue: Celery workers on the real brokers (issue 20).

Two ``celery -A newsroom worker`` processes (Redis broker) import a slice of
allsides-diplomatic that ``import_corpus`` sends them; one worker is killed with SIGKILL
(its whole process group: a machine lost) while it prepares its first batch. Its batch is
redone by the other worker, and the database ends identical to an in-process import of the
same file, with the run's counts adding up. A smaller run uses RabbitMQ. Each test skips
with its reason when its broker is not reachable; the corpus test skips without ../shared.
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

from articles.ingest import prepare
from tests.commands.test_import_history_corpus import (  # noqa: F401 - the fixture
    _connect,
    _database_url,
    _differences,
    _export,
    _manage,
    databases,
)
from tests.conftest import ROOT, shared_path

pytestmark = [pytest.mark.django_db]

REDIS = (
    "redis://127.0.0.1:6379/11"  # a database of its own (the web tier tests use 13), emptied first
)
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
RECORDS = 2 * prepare.CHUNK_SIZE  # two batches


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _redis_or_skip(url: str = REDIS) -> str:
    if not _reachable(6379):
        pytest.skip("no Redis on 127.0.0.1:6379: the queue's Redis tests need one")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def _rabbitmq_or_skip() -> str:
    if not _reachable(5672):
        pytest.skip("no RabbitMQ on 127.0.0.1:5672: the queue's RabbitMQ test needs one")
    return RABBITMQ


def _env(database: str, index_dir: Path, broker: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(database),
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
    """A ``celery -A newsroom worker`` process (one pool process), its log in a file."""

    def __init__(self, name: str, env: dict, log: Path, queues: str | None = None):
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "-c", "1",
             "-l", "INFO", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
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


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []

    def start(
        count: int, env: dict, first: int = 0, wait: bool = True, queues: str | None = None
    ) -> list[Worker]:
        numbers = range(first, first + count)
        new = [Worker(f"w{i}", env, tmp_path / f"worker-{i}.log", queues) for i in numbers]
        started.extend(new)
        deadline = time.monotonic() + 60
        while wait and not all(" ready." in w.text() for w in new):
            assert time.monotonic() < deadline, [w.text()[-2000:] for w in new]
            assert all(w.process.poll() is None for w in new), [w.text()[-2000:] for w in new]
            time.sleep(0.1)
        return new

    yield start
    for worker in started:
        worker.kill()


def _import(env: dict, *args: str, wait: bool = True):
    return _command(env, "import_corpus", *args, wait=wait)


def _command(env: dict, name: str, *args: str, wait: bool = True):
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
    running = _command(env, *command, wait=False)
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


def _run_rows(database: str):
    with _connect(database) as conn, conn.cursor() as cursor:
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


def _slice(tmp_path: Path, records: int) -> Path:
    corpus = shared_path("corpus", "allsides-diplomatic.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        lines = list(islice(handle, records))
    path = tmp_path / "slice.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.corpus
def test_a_worker_killed_mid_batch_loses_nothing(tmp_path, databases, workers):  # noqa: F811
    broker = _redis_or_skip()
    whole = _slice(tmp_path, RECORDS)

    single = databases("single")
    _manage(single, tmp_path / "single-index", "import_corpus", str(whole), "--workers", "1")
    expected = _export(single)
    expected_run, _ = _run_rows(single)

    queued = databases("queued")
    env = _env(queued, tmp_path / "queued-index", broker)
    # One worker takes the first batch; the second starts as the first is killed preparing
    # it, so the second gets batch 1 first and must not write it before the lost batch 0.
    out, killed_pid, survivor = lose_a_worker(
        workers, env, "preparing", "import_corpus", str(whole)
    )

    assert _differences(expected, _export(queued)) == []
    run, batches = _run_rows(queued)
    # The same outcomes as the in-process run, each record counted once.
    assert run[1:8] == expected_run[1:8] and run[1] == "finished"
    assert run[2] == RECORDS == sum(b[1] for b in batches) == sum(b[2] for b in batches)
    assert [b[0] for b in batches] == list(range(run[8])) and run[8] == 2
    assert all(f"pid {killed_pid}" not in b[3] for b in batches), batches
    assert f"Import #{run[0]}: {RECORDS} records read" in out
    # The survivor wrote both, batch 1 after the lost batch 0 (its worker's second try).
    assert {b[3] for b in batches} == {batches[0][3]} and survivor.text().count("writing") >= 2


def test_rabbitmq_as_broker(tmp_path, databases, workers):  # noqa: F811
    broker = _rabbitmq_or_skip()
    folder = tmp_path / "wire"
    folder.mkdir()
    for n in range(5):
        (folder / f"story-{n}.txt").write_text(
            f"Talks resume in Vienna, day {n}\n\nThe foreign ministers met for the {n}th "
            "time on Monday to discuss the agreement, officials said.\n",
            encoding="utf-8",
        )
    database = databases("rabbit")
    env = _env(database, tmp_path / "rabbit-index", broker)
    (worker,) = workers(1, env)
    done = _import(env, str(folder), "--source", "Meridian Wire")
    run, batches = _run_rows(database)
    assert run[1:4] == ("finished", 5, 5), done.stdout
    assert [(b[0], b[1], b[2]) for b in batches] == [(0, 5, 5)]
    assert "batch 0: writing" in worker.text()
    assert f"Import #{run[0]}: 5 records read: 5 inserted" in done.stdout


def test_without_workers_the_command_says_so(tmp_path):
    broker = _redis_or_skip()
    env = _env("unused", tmp_path / "index", broker)
    record = tmp_path / "one.txt"
    record.write_text("Talks resume\n\nThe ministers met.\n", encoding="utf-8")
    command = [sys.executable, "manage.py", "import_corpus", str(record)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "No task queue worker answers on CELERY_BROKER_URL" in done.stderr
