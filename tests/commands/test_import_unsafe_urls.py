"""Issue 17: an imported javascript:/data: url is kept, warned about, and never linked."""

from __future__ import annotations

import json
import re

import pytest

from articles.ingest.parse import URL_SCHEME_WARNING
from articles.models import Article, ImportRun, RecordWarning
from articles.pipeline.imports import run_import
from tests.texts import write

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(document.cookie)</script>",
    "JaVaScRiPt:alert(2)",
    "java\tscript:alert(3)",
]
DANGEROUS_HREF = re.compile(r"""href\s*=\s*["']?\s*(javascript|data|vbscript)\s*:""", re.I)


@pytest.fixture
def imported(tmp_path):
    records = [
        {
            "url": url,
            "source": "Capital Dispatch",
            "title": f"Envoys meet again, round {n}",
            "date_publish": "2015-03-03T19:05:00",
            "text": f"Round {n}: the envoys met for three hours and agreed to meet next week.",
        }
        for n, url in enumerate(HOSTILE)
    ]
    records.append(
        {
            "url": "https://dispatch.example/safe",
            "source": "Capital Dispatch",
            "title": "A safe story",
            "date_publish": "2015-03-04T19:05:00",
            "text": "Ministers met in the capital and agreed on a timetable for the talks.",
        }
    )
    path = write(tmp_path / "hostile.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    summary = run_import([str(path)], workers=1)
    assert summary.outcomes["inserted"] == len(HOSTILE) + 1
    return {a.url: a for a in Article.objects.all()}


def test_unsafe_urls_are_imported_as_is_with_a_warning(imported):
    assert set(imported) == {*HOSTILE, "https://dispatch.example/safe"}  # nothing lost
    run = ImportRun.objects.get()
    warned = RecordWarning.objects.filter(import_run=run, message=URL_SCHEME_WARNING)
    assert sorted(w.record_key for w in warned) == sorted(HOSTILE)
    assert run.warnings >= len(HOSTILE)


def assert_no_dangerous_href(text: str):
    assert not DANGEROUS_HREF.search(text), DANGEROUS_HREF.search(text)


def test_public_page_shows_an_unsafe_url_as_text(client, imported):
    for url in HOSTILE:
        response = client.get(imported[url].get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert_no_dangerous_href(page)
        assert "address not linked" in page
        assert "<script>alert" not in page  # the data: url is escaped text
    page = client.get(imported["https://dispatch.example/safe"].get_absolute_url())
    assert 'href="https://dispatch.example/safe"' in page.content.decode()


def test_admin_change_form_shows_an_unsafe_url_as_text(editor_client, imported):
    for url in HOSTILE:
        response = editor_client.get(f"/admin/articles/article/{imported[url].pk}/change/")
        assert response.status_code == 200
        page = response.content.decode()
        assert_no_dangerous_href(page)
        assert "not linked: not an http(s) address" in page
        assert "<script>alert" not in page
    safe = imported["https://dispatch.example/safe"]
    page = editor_client.get(f"/admin/articles/article/{safe.pk}/change/").content.decode()
    assert 'href="https://dispatch.example/safe"' in page
    listed = editor_client.get("/admin/articles/recordwarning/").content.decode()
    assert URL_SCHEME_WARNING in listed
    assert_no_dangerous_href(listed)


def test_feed_links_to_the_site_never_to_the_imported_url(client, imported):
    response = client.get("/articles/feed.atom")
    assert response.status_code == 200
    feed = response.content.decode()
    assert_no_dangerous_href(feed)
    links = re.findall(r'<link href="([^"]+)"', feed)
    for article in imported.values():
        assert any(link.endswith(article.get_absolute_url()) for link in links)
    assert not any("dispatch.example" in link for link in links)


def test_api_gives_the_url_as_data_never_as_a_link(client, imported):
    for url in HOSTILE:
        response = client.get(f"/api/articles/{imported[url].pk}/")
        assert response.status_code == 200
        assert response.json()["url"] == url
        assert_no_dangerous_href(response.content.decode())
