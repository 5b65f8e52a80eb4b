"""/articles/export.csv and .jsonl over 3,000 articles: every row, streamed in chunks, a
number of queries that grows per chunk, not per row.

The articles are committed once for the module (``bulk``) and removed after it, where each
test made them again (about 2 s a test); its own search index, like its data.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from articles.models import Article, ArticleCountry
from articles.search.indexing import sync
from articles.selectors import article_public_queryset, browse
from articles.selectors.export_formats import FLUSH_ROWS
from tests.api.helpers import csv_rows, export_text
from tests.conftest import remove_imported_world
from tests.factories import CountryFactory, SourceFactory

pytestmark = pytest.mark.django_db

N = 3_000  # far more than any page (25), API page (100) or peers' caps (250, ~950)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("bulk-index") / "index"


@pytest.fixture(autouse=True)
def search_index(settings, index_dir):
    """One index for the module, like its data (committed once, see ``bulk``)."""
    settings.SEARCH_INDEX_DIR = index_dir
    yield index_dir


@pytest.fixture(scope="module")
def bulk(django_db_setup, django_db_blocker, index_dir):
    """Commit N articles of one source, a third of them tagged Syria, one in 50 undated;
    index them like an import; remove everything after the module."""
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index_dir):
        source = SourceFactory(slug="bulk", name="Bulk")
        sy = CountryFactory(iso2="SY", name="Syria", slug="syria")
        start = datetime(2016, 1, 1, tzinfo=UTC)
        articles = Article.objects.bulk_create(
            Article(
                source=source,
                title=f"Bulletin {n}",
                body=f"Text {n}",
                content_hash=hashlib.sha256(f"bulk-{n}".encode()).hexdigest(),
                published_at=start + timedelta(minutes=n) if n % 50 else None,
            )
            for n in range(N)
        )
        ArticleCountry.objects.bulk_create(
            ArticleCountry(article=a, country=sy, published_at=a.published_at)
            for a in articles[::3]
        )
        sync(wait=True)  # written like an import, indexed like one (pages index 2,000 at most)
        yield articles
        remove_imported_world()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("params", [[], [("country", "sy")], [("date_from", "2016-01-02")]])
def test_export_has_every_row_the_list_counts(client, bulk, fmt, params):
    response, text = export_text(client, params, fmt)
    rows = csv_rows(text) if fmt == "csv" else [json.loads(line) for line in text.splitlines()]
    listed = client.get("/articles/", dict(params)).context["counts"]
    assert len(rows) == listed.total
    assert len({int(r["id"]) for r in rows}) == len(rows)
    filterset_total = browse.article_filter(
        article_public_queryset(),
        criteria=client.get("/articles/", dict(params)).context["criteria"],
    ).count()
    assert len(rows) == filterset_total
    if not params:
        assert len(rows) == N
    # Streamed in many chunks, not built whole in memory.
    assert response.streaming


def test_streaming_sends_many_chunks(client, bulk):
    response = client.get("/articles/export.jsonl")
    chunks = list(response.streaming_content)
    assert len(chunks) >= N // FLUSH_ROWS


def test_export_queries_grow_per_chunk_not_per_row(client, bulk, django_assert_max_num_queries):
    """3,000 rows: the queue check, then the rows and four lists per 2,000-row chunk."""
    sync(wait=True)
    with django_assert_max_num_queries(1 + 2 * 5 + 2):
        response = client.get("/articles/export.csv")
        rows = csv_rows(b"".join(response.streaming_content).decode())
    assert len(rows) == N
