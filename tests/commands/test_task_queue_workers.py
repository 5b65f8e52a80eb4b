"""reextract, index rebuilds and topic applies on the task queue: real Celery workers on
the real brokers (issue 20), with the import test's machinery (test_import_queue.py).

A slice of allsides-diplomatic is imported, its candidate officials deleted and a topic
rule added; then ``reextract --reclean`` runs in-process on one copy of that database and
through two workers (Redis) on another, one worker killed with SIGKILL while it processes
the first batch: both copies end identical, with the same summary. An index rebuild goes
to its node's worker over RabbitMQ; a topic apply started by the service runs in a worker.
Each test skips with its reason when its broker is not reachable.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.commands.databases import connect, differences, export_articles, manage
from tests.commands.queue_workers import (
    corpus_slice,
    lose_a_worker,
    queue_env,
    rabbitmq_or_skip,
    redis_or_skip,
    run_command,
)

pytestmark = [pytest.mark.django_db]

REDIS = "redis://127.0.0.1:6379/10"  # a database of its own (the import's tests use 11)
BATCH = 150  # articles a batch (--batch-size)
RECORDS = BATCH + 40  # two batches of reextract (150 ids, then the rest)

CHANGE_THE_GAZETTEER = """
from articles.models import Official, Topic, TopicRule
Official.objects.filter(status="candidate").delete()
TopicRule.objects.create(topic=Topic.objects.order_by("id").first(), phrase="talks", weight=5.0)
"""


def _officials(database: str) -> list[tuple]:
    with connect(database) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT slug, name, status FROM articles_official ORDER BY slug")
        return cursor.fetchall()


def _without_time(summary: str) -> str:
    return re.sub(r" in [\d.]+s \(\d+/s\)", "", summary.strip())


def _queued_env(database, tmp_path, broker: str) -> dict:
    env = queue_env(database, tmp_path / f"{database}-index", broker)
    # The lost batch back sooner (a second delivery of a running one is skipped), and
    # batch 1 making way for it sooner.
    env.update(CELERY_VISIBILITY_TIMEOUT="6", CELERY_BATCH_ORDER_WAIT="1")
    return env


@pytest.mark.corpus
def test_reextract_with_a_worker_killed_mid_batch_ends_as_in_process(tmp_path, databases, workers):  # noqa: F811
    broker = redis_or_skip(REDIS)
    imported = databases("rx_imported")
    index = tmp_path / "imported-index"
    manage(imported, index, "import_corpus", str(corpus_slice(tmp_path, RECORDS)), "--workers", "2")
    manage(imported, index, "shell", "-c", CHANGE_THE_GAZETTEER)
    single, queued = (databases(name, template=imported) for name in ("rx_single", "rx_queued"))

    # The in-process run, a broker configured but --in-process given.
    done = run_command(
        _queued_env(single, tmp_path, broker), "reextract", "--reclean", "--in-process",
        "--batch-size", str(BATCH),
    )  # fmt: skip
    expected = export_articles(single)

    env = _queued_env(queued, tmp_path, broker)
    out, killed_pid, survivor = lose_a_worker(
        workers, env, "processing", "reextract", "--reclean", "--batch-size", str(BATCH)
    )

    assert differences(expected, export_articles(queued)) == []
    assert _officials(queued) == _officials(single)
    assert any(status == "candidate" for _, _, status in _officials(queued))  # made again
    assert _without_time(out) == _without_time(done.stdout)
    with connect(queued) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT status, batches_total FROM articles_taskrun")
        assert cursor.fetchall() == [("finished", 2)]
        cursor.execute("SELECT number, articles, worker FROM articles_taskbatch ORDER BY number")
        batches = cursor.fetchall()
    assert [b[0] for b in batches] == [0, 1] and sum(b[1] for b in batches) == len(expected)
    assert all(f"pid {killed_pid}" not in b[2] for b in batches), batches
    assert survivor.text().count("writing") == 2  # the lost batch 0, then batch 1


def test_an_index_rebuild_runs_on_its_nodes_worker(tmp_path, databases, workers):  # noqa: F811
    broker = rabbitmq_or_skip()
    database = databases("rx_index")
    node = f"test-node-{database}"
    folder = tmp_path / "wire"
    folder.mkdir()
    for n in range(3):
        (folder / f"story-{n}.txt").write_text(
            f"Talks resume in Vienna, day {n}\n\nThe ministers met again.\n", encoding="utf-8"
        )
    env = queue_env(database, tmp_path / "node-index", broker)
    run_command(env, "import_corpus", str(folder), "--source", "Meridian Wire", "--in-process")
    env["NEWSROOM_NODE"] = node
    # The node's worker consumes only its index queue here (no other test's tasks).
    (worker,) = workers(1, env, queues=f"index.{node}")
    elsewhere = queue_env(database, tmp_path / "another-machine", broker)
    done = run_command(elsewhere, "rebuild_index", "--node", node)
    assert "Indexed 3 article(s), removed 0" in done.stdout
    assert f"{node}: The search index in {tmp_path / 'node-index'} is ready" in done.stdout
    assert "index rebuild" in worker.text()
    assert not (tmp_path / "another-machine").exists()  # built where the node keeps it
    check = run_command(env, "rebuild_index", "--check")
    assert "is ready" in check.stdout and " 0 changed article(s) wait" in check.stdout

    missing = run_command(elsewhere, "rebuild_index", "--node", "nowhere", wait=False)
    assert missing.wait(timeout=60) == 1
    assert "No task queue worker consumes index.nowhere" in missing.stderr.read()


def test_a_topic_apply_runs_in_a_worker(tmp_path, databases, workers):  # noqa: F811
    broker = redis_or_skip(REDIS)
    database = databases("rx_topic")
    folder = tmp_path / "wire"
    folder.mkdir()
    stories = [
        "Embargo talks\n\nThe arms embargo on the region was discussed in Vienna.\n",
        "Harvest report\n\nFarmers expect a record wheat crop this summer.\n",
        "Shipping halted\n\nPorts closed as the new embargo took effect on Monday.\n",
    ]
    for n, story in enumerate(stories):
        (folder / f"story-{n}.txt").write_text(story, encoding="utf-8")
    env = queue_env(database, tmp_path / "topic-index", broker)
    run_command(env, "import_corpus", str(folder), "--source", "Meridian Wire", "--in-process")
    (worker,) = workers(1, env)
    start = (
        "from articles.models import Topic, TopicRule\n"
        "from articles.services.topics import topic_apply_start\n"
        "topic = Topic.objects.create(slug='embargo-q', name='Embargo', threshold=2.0)\n"
        "TopicRule.objects.create(topic=topic, phrase='embargo', weight=2.0)\n"
        "print(topic_apply_start(topic=topic).pk)\n"  # autocommit: sent at once
    )
    job = int(run_command(env, "shell", "-c", start).stdout.split()[-1])
    deadline = time.monotonic() + 60
    while True:
        with connect(database) as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT status, total, gained, lost, error FROM articles_topicapplyjob"
                " WHERE id = %s", [job],
            )  # fmt: skip
            row = cursor.fetchone()
        if row[0] in ("finished", "failed"):
            break
        assert time.monotonic() < deadline, (row, worker.text()[-2000:])
        time.sleep(0.2)
    assert row == ("finished", 2, 2, 0, "")
    assert f"topic apply job {job} in pid" in worker.text()
