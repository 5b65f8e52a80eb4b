"""Two web nodes, each with its own copy of the index, fed from one database.

Each copy reads the queue (``articles_indexqueue``) from its own position (a PostgreSQL
snapshot kept in its folder and in ``articles_indexnode``): every copy indexes every
change, and a row is deleted once every live copy has read it.
"""

from __future__ import annotations

import pytest

from articles.models import Article, IndexNode, IndexQueue
from articles.search import engine as engines
from articles.search.indexing import queue_size, sync
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _documents(settings, folder) -> int:
    settings.SEARCH_INDEX_DIR = folder
    sync(wait=True)
    engine = engines.get_engine()
    engine.index.reload()
    return engine.index.searcher().num_docs


def test_two_copies_built_from_one_database_count_the_same(settings, tmp_path):
    ArticleFactory.create_batch(4)
    assert _documents(settings, tmp_path / "a") == _documents(settings, tmp_path / "b") == 4


def test_a_second_copy_catches_up_with_changes_the_first_indexed(settings, tmp_path):
    ArticleFactory.create_batch(4)
    _documents(settings, tmp_path / "a"), _documents(settings, tmp_path / "b")
    ArticleFactory.create_batch(3)
    assert _documents(settings, tmp_path / "a") == 7
    assert _documents(settings, tmp_path / "b") == 7  # the rows node a read are still there
    Article.objects.filter(pk=Article.objects.order_by("pk")[0].pk).delete()
    assert _documents(settings, tmp_path / "b") == 6
    assert _documents(settings, tmp_path / "a") == 6


def test_each_node_counts_what_it_has_not_indexed(settings, tmp_path):
    ArticleFactory.create_batch(2)
    _documents(settings, tmp_path / "a"), _documents(settings, tmp_path / "b")
    ArticleFactory.create_batch(3)
    _documents(settings, tmp_path / "a")
    assert queue_size() == 0
    settings.SEARCH_INDEX_DIR = tmp_path / "b"
    assert queue_size() == 3
    assert IndexNode.objects.count() == 2
    assert IndexQueue.objects.exists()
