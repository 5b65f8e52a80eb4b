"""Reading the public pages as a visitor does, with their exact numbers."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import tantivy
from django.test import Client

from articles.choices import ArticleStatus
from articles.models import Article
from articles.search import engine as engines
from tests.curation.helpers import topic_change_form
from tests.factories import SourceFactory

# Visible on the public pages within this many seconds of an action completing (issue).
FRESH_SECONDS = 5.0


@dataclass
class Listing:
    """What the public list shows for one query: its exact numbers, as a visitor reads them."""

    total: int
    ids: list[int]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    pending: int = 0
    seconds: float = 0.0


def listing(query: str = "") -> Listing:
    """GET ``/articles/?query`` as an anonymous visitor (a fresh client each time)."""
    started = time.monotonic()
    response = Client().get(f"/articles/?{query}")
    seconds = time.monotonic() - started
    assert response.status_code == 200, response.content[:500]
    context = response.context
    facets = {
        kind: {item.key: item.count for item, _url in items}
        for kind, _title, items in context["facet_groups"]
    }
    return Listing(
        total=context["counts"].total,
        ids=[row.pk for row in context["page"].rows],
        facets=facets,
        pending=context["index_pending"],
        seconds=seconds,
    )


def fresh(query: str = "") -> Listing:
    """Return the listing read right after an action, checking it took under the limit."""
    shown = listing(query)
    assert shown.pending == 0, f"{shown.pending} changes not on the page yet"
    assert shown.seconds < FRESH_SECONDS
    return shown


def api_facets(query: str = "") -> dict:
    response = Client().get(f"/api/articles/facets/?{query}")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def create_articles(n: int) -> None:
    """Create ``n`` articles in one statement: every 7th hidden, every 5th a later copy."""
    sources = [SourceFactory(slug=f"outlet-{i}", name=f"Outlet {i}") for i in range(3)]
    Article.objects.bulk_create(
        Article(
            source=sources[i % 3],
            title=f"Envoys meet, round {i}",
            body=f"Envoys met for round {i} of the talks.",
            raw_text=f"Envoys meet, round {i}\n\nEnvoys met for round {i} of the talks.",
            content_hash=hashlib.sha256(f"round {i}".encode()).hexdigest(),
            status=ArticleStatus.HIDDEN if i % 7 == 0 else ArticleStatus.PUBLISHED,
            is_story_lead=i % 5 != 0,
        )
        for i in range(n)
    )


def public_leads() -> int:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, is_story_lead=True).count()


def index_counts() -> tuple[int, int]:
    """Return (documents, public story leads) in the index as a fresh reader sees it."""
    engines._forget(engines.index_dir())  # read from disk as a new process would
    engine = engines.get_engine()
    searcher = engine.searcher()
    leads = tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.term_query(engine.schema, name, 1))
            for name in ("public", "lead")
        ]
    )
    return searcher.num_docs, searcher.search(leads, limit=1, count=True).count


def topic_form_adding_embargo(topic) -> dict:
    """Return the admin's topic change form: its one "sanctions" rule, plus "embargo"."""
    return topic_change_form(topic, "embargo")
