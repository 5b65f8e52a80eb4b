"""Several readers, one writer: pages never fail while the index is written.

One writer at a time holds a PostgreSQL advisory lock; a second ``sync`` that must not
wait gives up at once (``skipped``) and pages say how many changes they do not include.
Readers are other processes reading pages (which may index a little themselves) while a
child process writes; the topic job's background thread is a writer too.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections

from articles.choices import ArticleStatus
from articles.models import Article, TopicApplyJob
from articles.pipeline.reextract import articles_reextract
from articles.search import engine as engines
from articles.search import indexing
from articles.services import curation
from tests.curation.conftest import article

from .helpers import (
    FRESH_SECONDS,
    create_articles,
    index_counts,
    listing,
    public_leads,
    topic_form_adding_embargo,
)
from .processes import spawn

# ---------------------------------------------------------------------------- the lock


@pytest.fixture
def other_session(db):
    """A second PostgreSQL session (another process's, as far as the server can tell)."""
    other = connections.create_connection("default")
    yield other
    other.close()


@pytest.mark.django_db
def test_a_second_writer_gives_up_while_the_lock_is_held(other_session, gazetteer):
    stories = [article(f"Envoys meet, round {n}", f"Round {n} of talks.") for n in range(3)]
    assert listing().total == 3
    curation.articles_set_status(articles=stories[:1], status=ArticleStatus.HIDDEN, user=None)
    assert indexing.queue_size() == 1

    with other_session.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [indexing.lock_key()])
    try:
        result = indexing.sync(wait=False)
        assert result.skipped and result.done == 0
        assert indexing.queue_size() == 1  # left for the writer that holds the lock
        # A page still answers, from the index as it is, and says what it lacks (its rows
        # are public ones only: the hidden article is not listed, though still counted).
        shown = listing()
        assert (shown.total, shown.pending) == (3, 1)
        assert stories[0].pk not in shown.ids
    finally:
        with other_session.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [indexing.lock_key()])

    shown = listing()
    assert (shown.total, shown.pending) == (2, 0)
    assert stories[0].pk not in shown.ids


def test_the_index_writer_is_closed_before_the_lock_is_released(monkeypatch, gazetteer):
    # Another process waiting for the lock (an import's or reextract's sync) gets it the
    # moment it is released, and opens tantivy's writer at once: it must be free by then.
    article("Envoys meet", "Talks resumed.")
    assert listing().total == 1
    attempts: list[str] = []
    release = indexing._unlock

    def release_then_write():
        release()
        try:
            engines.get_engine().index.writer(heap_size=15_000_000, num_threads=1)
        except ValueError as error:
            attempts.append(str(error))
        else:
            attempts.append("opened")

    monkeypatch.setattr(indexing, "_unlock", release_then_write)
    article("Envoys meet again", "Talks resumed again.")
    indexing.sync(wait=True)
    assert attempts == ["opened"]


# ---------------------------------------------------------------------------- processes

# Children start together once every one of them is ready (Django set up, first imports
# done), however slow the machine: each says so in the sync folder (argv[1]) under its
# name (argv[2]), then waits for the parent's "go", which holds the window's end.
START = """
import sys, time
from pathlib import Path

SYNC, NAME = Path(sys.argv[1]), sys.argv[2]


def window_end():
    (SYNC / f"ready-{NAME}").touch()
    go = SYNC / "go"
    while not go.exists():
        time.sleep(0.01)
    return float(go.read_text())
"""

READER = (
    START
    + """
import json, logging
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()  # responses carry their template context

errors, shown, reads = [], set(), 0


class Collect(logging.Handler):
    def emit(self, record):
        errors.append(record.getMessage() + (f" {record.exc_info[1]!r}" if record.exc_info else ""))


logging.getLogger().addHandler(Collect(level=logging.ERROR))
client = Client(raise_request_exception=False)
stop = window_end()
while time.time() < stop:
    for url in ("/articles/", "/articles/?q=envoys+round", "/api/articles/facets/"):
        response = client.get(url)
        reads += 1
        if response.status_code != 200:
            errors.append(f"{url}: HTTP {response.status_code}")
        elif url == "/articles/":
            shown.add((response.context["counts"].total, response.context["index_pending"]))
print(json.dumps({"reads": reads, "errors": errors[:10], "shown": sorted(shown)}))
"""
)

# Incremental: an editor-like change of 100 articles, then the writer's sync, in a loop.
SYNCING_WRITER = (
    START
    + """
import random
from articles.models import Article
from articles.search import indexing

ids = list(Article.objects.values_list("id", flat=True))
rng, cycles = random.Random(7), 0
stop = window_end()
while time.time() < stop:
    chosen = rng.sample(ids, 100)
    Article.objects.filter(pk__in=chosen[:50]).update(status="hidden")
    Article.objects.filter(pk__in=chosen[50:]).update(status="published")
    indexing.sync(wait=True)
    cycles += 1
print(cycles)
"""
)

# The operator's full rebuild, run again and again.
REBUILDING_WRITER = (
    START
    + """
from django.core.management import call_command

cycles = 0
stop = window_end()
while time.time() < stop:
    call_command("rebuild_index", "--workers", "1", verbosity=0)
    cycles += 1
print(cycles)
"""
)


def run_together(index_dir, writer_script: str, *, readers: int = 2, seconds: float = 3.0):
    """Run a writer and ``readers`` reader processes over the same window.

    The window opens when every child is ready, so a busy machine shortens nobody's share
    of it. Return the writer's cycles, the readers' reports and every problem seen (a
    child that failed, a page that failed), so that one failure does not hide another.
    """
    with tempfile.TemporaryDirectory() as folder:
        sync = Path(folder)
        names = ["writer", *(f"reader-{n}" for n in range(1, readers + 1))]
        scripts = [writer_script] + [READER] * readers
        children = [
            spawn(script, index_dir, str(sync), name)
            for script, name in zip(scripts, names, strict=True)
        ]
        deadline = time.monotonic() + 180
        while not all((sync / f"ready-{name}").exists() for name in names):
            if time.monotonic() > deadline or any(c.poll() is not None for c in children):
                break  # the go below lets the others end; the failure is reported
            time.sleep(0.01)
        (sync / "go.tmp").write_text(repr(time.time() + seconds))
        (sync / "go.tmp").rename(sync / "go")
        outputs = [child.communicate(timeout=seconds + 120) for child in children]
    results, problems = [], []
    for n, (child, (out, err)) in enumerate(zip(children, outputs, strict=True)):
        role = "writer" if n == 0 else f"reader {n}"
        if child.returncode != 0:
            problems.append(f"{role} failed: {err.strip().splitlines()[-1]}")
            results.append(None)
        else:
            results.append(out.strip().splitlines()[-1])
    cycles = int(results[0]) if results[0] is not None else 0
    reports = [json.loads(r) for r in results[1:] if r is not None]
    for n, report in enumerate(reports, 1):
        problems += [f"reader {n}: {error}" for error in report["errors"]]
    return cycles, reports, problems


@pytest.mark.django_db(transaction=True)
def test_readers_never_fail_while_a_writer_syncs(search_index):
    create_articles(1_200)
    indexing.rebuild_index()
    cycles, readers, problems = run_together(search_index, SYNCING_WRITER)
    assert not problems, "\n".join(problems)
    assert cycles > 0 and all(reader["reads"] > 0 for reader in readers)
    indexing.sync(wait=True)
    assert index_counts() == (1_200, public_leads())


@pytest.mark.django_db(transaction=True)
def test_readers_never_fail_while_the_index_is_rebuilt(search_index):
    create_articles(1_200)
    indexing.rebuild_index()
    expected = public_leads()
    cycles, readers, problems = run_together(search_index, REBUILDING_WRITER)
    for n, reader in enumerate(readers, 1):
        # The exact number, or one that says how many changes it does not include yet.
        wrong = [(total, pending) for total, pending in reader["shown"] if total != expected]
        problems += [
            f"reader {n} showed {total} articles, {pending} pending"
            for total, pending in wrong
            if not pending
        ]
    assert not problems, "\n".join(problems)
    assert cycles > 0 and all(reader["reads"] > 0 for reader in readers)
    assert index_counts() == (1_200, expected)


# ---------------------------------------------------------------------------- topic job


@pytest.mark.django_db(transaction=True)
def test_the_topic_jobs_thread_reaches_the_pages(admin_client, gazetteer):
    # The admin's save commits, the job's thread starts and writes, a page shows it.
    topic = gazetteer["sanctions"]
    article("New sanctions on Syria", "The council agreed on the measures.")
    embargo = article("Arms embargo imposed", "An embargo on weapons starts today.")
    articles_reextract(workers=1)
    assert listing("topic=sanctions").total == 1

    response = admin_client.post(
        f"/admin/articles/topic/{topic.pk}/change/", topic_form_adding_embargo(topic)
    )
    saved = time.monotonic()
    assert response.status_code == 302
    shown = listing("topic=sanctions")
    while embargo.pk not in shown.ids and time.monotonic() - saved < FRESH_SECONDS:
        time.sleep(0.1)
        shown = listing("topic=sanctions")
    seconds = time.monotonic() - saved
    try:
        assert embargo.pk in shown.ids and shown.total == 2, "not on the page"
        assert seconds < FRESH_SECONDS
    finally:
        job = TopicApplyJob.objects.get()
        while job.status in (TopicApplyJob.Status.PENDING, TopicApplyJob.Status.RUNNING):
            time.sleep(0.05)  # the thread's connection must be closed before the flush
            job.refresh_from_db()
    assert job.status == TopicApplyJob.Status.FINISHED and job.gained == 1
    assert Article.objects.count() == 2


# ---------------------------------------------------------------------------- rebuild


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_rewrites_a_usable_index_in_place_and_drops_orphans(search_index, monkeypatch):
    create_articles(60)
    indexing.rebuild_index()
    expected = public_leads()
    # An article deleted while its queue row was lost: its document is an orphan.
    gone = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=gone.pk).delete()
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM articles_indexqueue")
    assert index_counts()[0] == 60

    seen_before_writing: list[tuple[int, int]] = []
    real_sync = indexing.sync

    def observe_then_sync(**options):
        seen_before_writing.append(index_counts())
        return real_sync(**options)

    monkeypatch.setattr(indexing, "sync", observe_then_sync)
    indexing.rebuild_index()
    # Between the queueing and the rewrite, readers still count every live article.
    lead_gone = int(gone.is_story_lead and gone.status == ArticleStatus.PUBLISHED)
    assert seen_before_writing == [(59, expected - lead_gone)]
    assert index_counts() == (59, public_leads())
    assert indexing.queue_size() == 0
