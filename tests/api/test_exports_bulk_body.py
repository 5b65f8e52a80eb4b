"""``fields=body`` over 3,000 articles of 4 kB: every row, streamed in chunks of 250 rows,
the process holding a few megabytes whatever the size of the export.

Committed once for the module and removed after it, as in test_exports_bulk.py.
"""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from articles.models import Article
from articles.search.indexing import sync
from articles.selectors.export import CHUNK_ROWS_WITH_BODY
from tests.api.helpers import csv_rows
from tests.conftest import remove_imported_world
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

N = 3_000
BODY_CHARS = 4_000  # 12 MB of text in all


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("bulk-body-index") / "index"


@pytest.fixture(autouse=True)
def search_index(settings, index_dir):
    settings.SEARCH_INDEX_DIR = index_dir
    yield index_dir


def body_of(n: int) -> str:
    return (f"Paragraph {n}. " * BODY_CHARS)[:BODY_CHARS]


@pytest.fixture(scope="module")
def bulk(django_db_setup, django_db_blocker, index_dir):
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index_dir):
        source = SourceFactory(slug="bulk", name="Bulk")
        start = datetime(2016, 1, 1, tzinfo=UTC)
        articles = Article.objects.bulk_create(
            Article(
                source=source,
                title=f"Bulletin {n}",
                lede=f"Lede {n}",
                body=body_of(n),
                content_hash=hashlib.sha256(f"bulk-body-{n}".encode()).hexdigest(),
                published_at=start + timedelta(minutes=n),
            )
            for n in range(N)
        )
        sync(wait=True)
        yield articles
        remove_imported_world()


def test_every_body_is_exported_whole(client, bulk):
    response = client.get("/articles/export.csv?fields=body")
    rows = csv_rows(b"".join(response.streaming_content).decode())
    assert len(rows) == N
    by_title = {r["title"]: r for r in rows}
    assert by_title["Bulletin 7"]["body"] == body_of(7)
    assert by_title["Bulletin 7"]["lede"] == "Lede 7"


def test_bodies_stream_with_bounded_memory_and_queries(client, bulk, django_assert_max_num_queries):
    """12 MB of bodies: read 250 rows at a time (five queries each), never all at once."""
    chunks = -(-N // CHUNK_ROWS_WITH_BODY)
    sync(wait=True)
    tracemalloc.start()
    try:
        with django_assert_max_num_queries(1 + chunks * 5 + 2):
            response = client.get("/articles/export.jsonl?fields=body")
            rows = written = 0
            for chunk in response.streaming_content:  # consumed as a client would: in turn
                rows += chunk.count(b"\n")
                written += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == N and written > N * BODY_CHARS
    print(f"{written / 1e6:.1f} MB written, peak {peak / 1e6:.1f} MB traced")
    assert peak < written / 2  # far less than the export: held a chunk at a time
    last = json.loads(
        b"".join(
            client.get("/articles/export.jsonl?fields=body&sort=oldest").streaming_content
        ).splitlines()[-1]
    )
    assert last["body"] == body_of(N - 1)
