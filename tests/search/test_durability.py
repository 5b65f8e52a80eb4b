"""``kill -9`` during indexing loses nothing: the next run catches up from the queue.

A child process rebuilds the index of committed articles, is killed with SIGKILL at a
chosen moment (the child announces the moment and waits there, so the kill is never a
race), then ``rebuild_index --sync`` runs as an operator would run it. The index must then
hold exactly one document per article: the public story leads the database counts, no
article missing, none twice.

Transactional tests (a child sees only committed rows); the tables are emptied afterwards.
Then, in this process: one sync reads and writes each queued article once.
"""

from __future__ import annotations

import pytest

from articles.search import engine as engines
from articles.search import indexing

from .helpers import create_articles, index_counts, listing, public_leads
from .processes import kill_9, manage, spawn, wait_for_line

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLES = 1_200
BATCH, COMMIT_EVERY = 100, 200  # the child's: several commits in a small rebuild

# The child: `rebuild_index` as the command runs it, with small batches and commits, and a
# pause at the moment to be killed (announced on stdout).
WRITER = f"""
import sys, time
from django.core.management import call_command
from articles.search import indexing

moment = sys.argv[1]
indexing.BATCH, indexing.COMMIT_EVERY = {BATCH}, {COMMIT_EVERY}
commits = 0
original_commit, original_documents = indexing._commit, indexing.documents


def commit(writer, seqs):
    global commits
    commits += 1
    if moment == "after-index-commit":
        writer.commit()  # the index has the documents; their queue rows are not deleted yet
        print("now", flush=True)
        time.sleep(600)
    original_commit(writer, seqs)


def documents(ids):
    for n, item in enumerate(original_documents(ids)):
        if moment == "mid-batch" and commits == 2 and n == len(ids) // 2:
            print("now", flush=True)  # two commits done, half a batch added, uncommitted
            time.sleep(600)
        yield item


indexing._commit, indexing.documents = commit, documents
call_command("rebuild_index", "--workers", "1", verbosity=0)
"""


@pytest.mark.parametrize("moment", ["mid-batch", "after-index-commit"])
def test_kill_9_during_indexing_loses_nothing(search_index, moment):
    create_articles(ARTICLES)
    expected = public_leads()
    assert 0 < expected < ARTICLES

    writer = spawn(WRITER, search_index, moment)
    try:
        wait_for_line(writer, "now")
    finally:
        kill_9(writer)
    waiting, (documents, _) = indexing.queue_size(), index_counts()
    if moment == "mid-batch":
        # Two commits done: their queue rows are gone, every other row still waits, and
        # the index holds exactly the committed documents (not the half batch).
        assert waiting == ARTICLES - 2 * COMMIT_EVERY
        assert documents == 2 * COMMIT_EVERY
    else:
        # The index committed, the queue rows were not deleted: all still wait (their
        # articles are indexed again, which rewrites the same documents).
        assert waiting == ARTICLES
        assert documents == COMMIT_EVERY

    # The operator's next run (or `make run`, or any page) catches up from the queue.
    result = manage(search_index, "rebuild_index", "--sync", "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Indexed" in result.stdout
    assert indexing.queue_empty()
    assert index_counts() == (ARTICLES, expected)
    assert listing().total == expected
    assert engines.health()[0] == "ok"


# ---------------------------------------------------------------------------- batches


@pytest.mark.django_db
def test_a_sync_indexes_each_queued_article_once():
    # Production batch sizes: 2,500 queued articles are 3 batches of BATCH (1,000) within
    # one COMMIT_EVERY (20,000). Each must be read and written once.
    create_articles(2_500)
    indexing.sync(wait=True, limit=1)  # creates the index (every article queued)
    assert indexing.queue_size() == 2_499
    result = indexing.sync(wait=True)
    assert indexing.queue_empty()
    assert result.indexed == 2_499, f"{result.indexed} documents written for 2,499 articles"
    assert index_counts()[0] == 2_500


@pytest.mark.django_db
def test_a_page_indexes_up_to_its_limit_of_distinct_articles():
    create_articles(2_500)
    indexing.sync(wait=True, limit=1)
    waiting = indexing.sync_for_page()  # what a page read does first (bounded)
    assert indexing.queue_size() == 2_499 - indexing.PAGE_SYNC_LIMIT
    assert waiting == 2_499 - indexing.PAGE_SYNC_LIMIT
