"""import_corpus on the task queue: Celery workers on the real brokers (issue 20).

Two ``celery -A newsroom worker`` processes (Redis broker) import a slice of
allsides-diplomatic that ``import_corpus`` sends them; one worker is killed with SIGKILL
(its whole process group: a machine lost) while it prepares its first batch. Its batch is
redone by the other worker, and the database ends identical to an in-process import of the
same file, with the run's counts adding up. A smaller run uses RabbitMQ. Each test skips
with its reason when its broker is not reachable; the corpus test skips without ../shared.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.commands.databases import differences, export_articles, manage
from tests.commands.queue_workers import (
    corpus_slice,
    import_corpus,
    lose_a_worker,
    queue_env,
    rabbitmq_or_skip,
    redis_or_skip,
    run_rows,
)
from tests.conftest import ROOT

pytestmark = [pytest.mark.django_db]

BATCH = 250  # records a batch (--batch-size): each worker's share comes back sooner
RECORDS = 2 * BATCH  # two batches


@pytest.mark.corpus
def test_a_worker_killed_mid_batch_loses_nothing(tmp_path, databases, workers):  # noqa: F811
    broker = redis_or_skip()
    whole = corpus_slice(tmp_path, RECORDS)

    single = databases("single")
    manage(
        single, tmp_path / "single-index", "import_corpus", str(whole),
        "--workers", "1", "--batch-size", str(BATCH),
    )  # fmt: skip
    expected = export_articles(single)
    expected_run, _ = run_rows(single)

    queued = databases("queued")
    env = queue_env(queued, tmp_path / "queued-index", broker)
    env["CELERY_VISIBILITY_TIMEOUT"] = "8"  # above a batch of 250's time, even under load
    # One worker takes the first batch; the second starts as the first is killed preparing
    # it, so the second gets batch 1 first and must not write it before the lost batch 0.
    out, killed_pid, survivor = lose_a_worker(
        workers, env, "preparing", "import_corpus", str(whole), "--batch-size", str(BATCH)
    )

    assert differences(expected, export_articles(queued)) == []
    run, batches = run_rows(queued)
    # The same outcomes as the in-process run, each record counted once.
    assert run[1:8] == expected_run[1:8] and run[1] == "finished"
    assert run[2] == RECORDS == sum(b[1] for b in batches) == sum(b[2] for b in batches)
    assert [b[0] for b in batches] == list(range(run[8])) and run[8] == 2
    assert all(f"pid {killed_pid}" not in b[3] for b in batches), batches
    assert f"Import #{run[0]}: {RECORDS} records read" in out
    # The survivor wrote both, batch 1 after the lost batch 0 (its worker's second try).
    assert {b[3] for b in batches} == {batches[0][3]} and survivor.text().count("writing") >= 2


def test_rabbitmq_as_broker(tmp_path, databases, workers):  # noqa: F811
    broker = rabbitmq_or_skip()
    folder = tmp_path / "wire"
    folder.mkdir()
    for n in range(5):
        (folder / f"story-{n}.txt").write_text(
            f"Talks resume in Vienna, day {n}\n\nThe foreign ministers met for the {n}th "
            "time on Monday to discuss the agreement, officials said.\n",
            encoding="utf-8",
        )
    database = databases("rabbit")
    env = queue_env(database, tmp_path / "rabbit-index", broker)
    (worker,) = workers(1, env)
    done = import_corpus(env, str(folder), "--source", "Meridian Wire")
    run, batches = run_rows(database)
    assert run[1:4] == ("finished", 5, 5), done.stdout
    assert [(b[0], b[1], b[2]) for b in batches] == [(0, 5, 5)]
    assert "batch 0: writing" in worker.text()
    assert f"Import #{run[0]}: 5 records read: 5 inserted" in done.stdout


def test_without_workers_the_command_says_so(tmp_path):
    broker = redis_or_skip()
    env = queue_env("unused", tmp_path / "index", broker)
    record = tmp_path / "one.txt"
    record.write_text("Talks resume\n\nThe ministers met.\n", encoding="utf-8")
    command = [sys.executable, "manage.py", "import_corpus", str(record)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "No task queue worker answers on CELERY_BROKER_URL" in done.stderr
