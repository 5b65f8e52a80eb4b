"""Learned furniture kept on the Source: stored by imports, used by later imports and by
re-cleaning, which learns it again from the stored raw texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.html import escape

from articles.ingest.boilerplate import CLEANER_VERSION, paragraph_key
from articles.models import Article, Source
from articles.pipeline.imports import run_import
from tests.factories import ArticleFactory, SourceFactory
from tests.texts import BIO, SIDEBAR, story

pytestmark = pytest.mark.django_db

SIDEBAR_KEY, BIO_KEY = paragraph_key(SIDEBAR), paragraph_key(BIO)


def record(n: int, source: str, *extra: str) -> dict:
    """Return a JSON record of ``source``: a distinct story with ``extra`` paragraphs in it."""
    slug = source.lower().replace(" ", "-")
    return {
        "title": f"Harbour talks, day {n}",
        "text": story(n, *extra, at=n % 4),
        "source": source,
        "url": f"https://{slug}.example/{n}",
    }


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def corpus(tmp_path: Path) -> Path:
    """The Ledger repeats a sidebar in 6 of 12 articles and a bio in 2; the Courier, whose
    2 articles carry the same sidebar, learns nothing from the Ledger's."""
    ledger = [
        record(n, "Harbour Ledger", *([SIDEBAR] if n < 6 else []), *([BIO] if n in (7, 9) else []))
        for n in range(12)
    ]
    courier = [record(100 + n, "Harbour Courier", SIDEBAR) for n in range(2)]
    return write_jsonl(tmp_path / "first.jsonl", ledger + courier)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_import_stores_what_it_learned_and_a_later_small_import_drops_it(tmp_path, workers):
    run_import([str(corpus(tmp_path))], workers=workers)
    ledger = Source.objects.get(name="Harbour Ledger")
    assert SIDEBAR_KEY in ledger.learned_furniture
    assert BIO_KEY not in ledger.learned_furniture  # two articles: kept in their bodies
    assert Source.objects.get(name="Harbour Courier").learned_furniture == []
    bodies = dict(Article.objects.values_list("url", "body"))
    assert not any(SIDEBAR in bodies[f"https://harbour-ledger.example/{n}"] for n in range(6))
    assert BIO in bodies["https://harbour-ledger.example/7"]
    assert SIDEBAR in bodies["https://harbour-courier.example/100"]

    # Two more of the Ledger's articles: too few to learn anything, yet the sidebar goes.
    later = [record(50, "Harbour Ledger", SIDEBAR), record(51, "Harbour Ledger", BIO)]
    run_import([str(write_jsonl(tmp_path / "later.jsonl", later))], workers=workers)
    new = dict(Article.objects.filter(url__contains="/5").values_list("url", "body"))
    assert new["https://harbour-ledger.example/50"] == story(50)
    assert BIO in new["https://harbour-ledger.example/51"]
    assert SIDEBAR_KEY in Source.objects.get(name="Harbour Ledger").learned_furniture


def test_stored_furniture_is_added_to_and_capped(monkeypatch):
    from articles.services import furniture

    source = SourceFactory(learned_furniture=["older promo of the outlet", "zz kept key"])
    furniture.source_furniture_store(learned={source.pk: {"a new promo of the outlet"}})
    source.refresh_from_db()
    assert source.learned_furniture == [
        "a new promo of the outlet",
        "older promo of the outlet",
        "zz kept key",
    ]
    monkeypatch.setattr(furniture, "MAX_STORED", 2)
    furniture.source_furniture_store(learned={source.pk: {"the newest promo of all"}})
    source.refresh_from_db()
    # Over the cap, what the run learned is kept first.
    assert source.learned_furniture == ["a new promo of the outlet", "the newest promo of all"]


def old_article(source: Source, n: int, *extra: str, cleaner_version: int) -> Article:
    """An article stored by an older cleaner: the furniture still in its body."""
    text = story(n, *extra, at=n % 4)
    return ArticleFactory(
        source=source,
        url=f"https://{source.slug}.example/{n}",
        title=f"Harbour talks, day {n}",
        raw_text=text,
        body=text,
        cleaner_version=cleaner_version,
    )


@pytest.mark.parametrize(
    ("arguments", "cleaner_version"),
    [(["--reclean"], CLEANER_VERSION), ([], CLEANER_VERSION - 1)],
    ids=["--reclean", "an older cleaner's bodies"],
)
def test_reclean_learns_furniture_again_from_stored_raw_texts(arguments, cleaner_version):
    ledger = SourceFactory(name="Harbour Ledger", slug="harbour-ledger")
    courier = SourceFactory(name="Harbour Courier", slug="harbour-courier")
    for n in range(12):
        extra = [SIDEBAR] if n < 6 else [BIO] if n in (7, 9) else []
        old_article(ledger, n, *extra, cleaner_version=cleaner_version)
    for n in range(2):
        old_article(courier, 100 + n, SIDEBAR, cleaner_version=cleaner_version)

    call_command("reextract", *arguments, "--workers", "1", verbosity=0)

    ledger.refresh_from_db()
    assert SIDEBAR_KEY in ledger.learned_furniture and BIO_KEY not in ledger.learned_furniture
    bodies = dict(Article.objects.values_list("url", "body"))
    for n in range(6):
        assert bodies[f"https://harbour-ledger.example/{n}"] == story(n)
    assert BIO in bodies["https://harbour-ledger.example/7"]
    assert SIDEBAR in bodies["https://harbour-courier.example/100"]
    assert Source.objects.get(pk=courier.pk).learned_furniture == []
    assert set(Article.objects.values_list("cleaner_version", flat=True)) == {CLEANER_VERSION}


def test_reextract_without_recleaning_learns_nothing(monkeypatch):
    from articles.pipeline import reextract as extraction

    ledger = SourceFactory(name="Harbour Ledger", slug="harbour-ledger")
    for n in range(6):
        old_article(ledger, n, SIDEBAR, cleaner_version=CLEANER_VERSION)
    monkeypatch.setattr(
        extraction, "source_furniture_relearn", lambda **kw: pytest.fail("learned again")
    )
    summary = extraction.articles_reextract(workers=1)
    assert (summary.recleaned, summary.relearned_sources) == (0, 0)
    assert SIDEBAR in Article.objects.first().body


def test_the_source_admin_shows_learned_furniture(editor_client):
    source = SourceFactory(learned_furniture=[SIDEBAR_KEY, "read the harbour ledger daily"])
    page = editor_client.get(f"/admin/articles/source/{source.pk}/change/").content.decode()
    assert "2 paragraphs repeated across this source" in page
    assert "read the harbour ledger daily" in page and escape(SIDEBAR_KEY[:300]) in page
