"""Several copies of the index read one queue, each from its own position (committed rows).

Transactional tests: changes commit, as on a site, and a second PostgreSQL session
(psycopg2, as another web process) commits while the copies sync. Each copy is a folder of
its own, as each node has; the tables are emptied afterwards.
"""

from __future__ import annotations

from datetime import timedelta

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from articles.choices import ArticleStatus
from articles.models import Article, IndexNode, IndexQueue
from articles.search import engine as engines
from articles.search import position as positions
from articles.search.indexing import queue_size, sync
from tests.factories import ArticleFactory

from .helpers import create_articles, index_counts, public_leads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def node(settings, tmp_path):
    """Return a function that makes ``name``'s copy the configured one and syncs it."""

    def use(name: str, *, limit: int | None = None) -> tuple[int, int]:
        settings.SEARCH_INDEX_DIR = tmp_path / name
        sync(wait=True, limit=limit)
        return index_counts()

    return use


@pytest.fixture
def other_process():
    """A second session, outside Django: its transaction stays open until it commits."""
    other = psycopg2.connect(**connection.get_connection_params())
    yield other
    other.close()


def _retitle(cursor, pk: int, word: str) -> None:
    # A title, not a status: a status change takes the day's count row, which would make
    # the two sessions wait for each other.
    cursor.execute("UPDATE articles_article SET title = %s WHERE id = %s", [f"Talks {word}", pk])


def _indexed(*words: str) -> list[str]:
    """Return which of ``words`` the configured copy has in a title."""
    engines._forget(engines.index_dir())
    engine = engines.get_engine()
    searcher = engine.searcher()
    return [
        word
        for word in words
        if searcher.search(engine.index.parse_query(word, ["title"]), limit=1, count=True).count
    ]


def _public_leads_ids(n: int) -> list[int]:
    rows = Article.objects.filter(status=ArticleStatus.PUBLISHED, is_story_lead=True)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:n])


def test_a_change_committed_after_a_later_one_is_not_skipped(node, other_process):
    create_articles(20)
    assert node("a") == (20, public_leads())
    first, second = _public_leads_ids(2)
    with other_process.cursor() as cursor:
        _retitle(cursor, first, "quokka")  # its queue row comes first, its commit last
    with connection.cursor() as cursor:
        _retitle(cursor, second, "wombat")  # commits now

    node("a")
    assert _indexed("quokka", "wombat") == ["wombat"]  # the first is not committed yet
    assert queue_size() == 0
    other_process.commit()
    assert queue_size() == 1
    node("a")
    assert _indexed("quokka", "wombat") == ["quokka", "wombat"]
    assert queue_size() == 0
    assert node("b") == node("a") == (20, public_leads())
    assert _indexed("quokka", "wombat") == ["quokka", "wombat"]


def test_a_sync_cut_short_resumes_where_it_stopped(node, other_process):
    create_articles(10)
    node("a")
    words = ["quokka", "wombat", "numbat", "dingo"]
    leads = _public_leads_ids(4)
    with other_process.cursor() as cursor:
        _retitle(cursor, leads[0], words[0])  # open across the cut-short syncs
    with connection.cursor() as cursor:
        for pk, word in zip(leads[1:], words[1:], strict=True):
            _retitle(cursor, pk, word)  # three transactions
    node("a", limit=1)
    assert queue_size() == 2
    other_process.commit()
    assert queue_size() == 3
    node("a", limit=1)
    node("a", limit=1)
    assert queue_size() == 1
    node("a")
    assert queue_size() == 0
    assert _indexed(*words) == words


def test_a_node_that_starts_late_catches_up_completely(node):
    create_articles(30)
    node("a")
    Article.objects.filter(pk__in=_public_leads_ids(3)).update(status=ArticleStatus.HIDDEN)
    Article.objects.filter(pk__in=Article.objects.order_by("-pk").values("pk")[:2]).delete()
    ArticleFactory.create_batch(5)
    expected = (Article.objects.count(), public_leads())
    assert node("a") == expected
    assert node("b") == expected  # built from the article table, then the queue
    ArticleFactory.create_batch(2)
    Article.objects.filter(pk__in=_public_leads_ids(1)).update(status=ArticleStatus.HIDDEN)
    expected = (Article.objects.count(), public_leads())
    assert node("b") == node("a") == expected


def test_queue_rows_are_deleted_once_every_node_has_read_them(node):
    create_articles(5)
    node("a"), node("b")
    ArticleFactory.create_batch(3)
    waiting = IndexQueue.objects.count()
    assert waiting >= 3
    node("a")
    assert IndexQueue.objects.count() == waiting  # node b has not read them
    node("b")
    assert IndexQueue.objects.count() == 0
    assert IndexNode.objects.count() == 2


def test_a_node_not_seen_for_the_timeout_no_longer_holds_rows(node, settings, tmp_path):
    create_articles(5)
    node("a"), node("b")
    b = positions.node_name()
    ArticleFactory.create_batch(3)
    node("a")
    assert IndexQueue.objects.exists()  # held for node b
    IndexNode.objects.filter(name=b).update(
        last_seen=timezone.now() - timedelta(seconds=settings.SEARCH_NODE_FORGET_AFTER + 60)
    )
    ArticleFactory.create_batch(1)
    node("a")
    assert not IndexQueue.objects.exists()
    assert not IndexNode.objects.filter(name=b).exists()

    # Node b comes back (its process last checked its copy long ago): the rows it had not
    # read are gone, so its copy is rebuilt, complete.
    positions.forget_cache()
    settings.SEARCH_INDEX_DIR = tmp_path / "b"
    assert queue_size() == Article.objects.count()
    assert node("b") == (Article.objects.count(), public_leads())


def test_an_older_copy_of_a_folder_put_back_is_rebuilt(node, settings, tmp_path):
    import shutil

    create_articles(5)
    node("a")
    shutil.copytree(tmp_path / "a", tmp_path / "a-copy")  # an operator's copy of the folder
    ArticleFactory.create_batch(2)
    node("a")
    node("b")  # both read the two: their rows are deleted
    assert not IndexQueue.objects.exists()
    shutil.rmtree(tmp_path / "a")
    (tmp_path / "a-copy").rename(tmp_path / "a")  # put back: it lacks the two articles
    positions.forget_cache()
    assert node("a") == (7, public_leads())
