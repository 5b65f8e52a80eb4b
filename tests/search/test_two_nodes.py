"""Two web nodes, each with its own copy of the index, fed from one database.

The queue (``articles_indexqueue``) is one outbox with one consumer: a sync deletes the rows
it indexed, so a second node's copy never sees the changes the first node consumed. This
pins down today's behaviour, which docs/deployment.md describes ("The search index on
several nodes"): until the index keeps a cursor per node, run one node's index, or
rebuild the others (``rebuild_index``) after changes.
"""

from __future__ import annotations

import pytest

from articles.search import engine as engines
from articles.search.indexing import sync
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


@pytest.mark.xfail(
    strict=True, reason="one queue, one consumer: the node that syncs first takes the changes"
)
def test_a_second_copy_catches_up_with_changes_the_first_indexed(settings, tmp_path):
    ArticleFactory.create_batch(4)
    _documents(settings, tmp_path / "a"), _documents(settings, tmp_path / "b")
    ArticleFactory.create_batch(3)
    assert _documents(settings, tmp_path / "a") == 7
    assert _documents(settings, tmp_path / "b") == 7  # node b never saw the three
