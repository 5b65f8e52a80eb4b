"""Correction notices through the import, its update path and reextract's re-cleaning.

A notice names what a story got wrong ("… cited Iran instead of Iraq"): it is stored in
``Article.corrections``, never in the body, so extraction never tags from it.
"""

from __future__ import annotations

import json

import pytest

from articles.choices import CountryAliasKind
from articles.ingest import boilerplate
from articles.models import Article, ArticleCountry
from articles.pipeline.imports import run_import
from articles.pipeline.reextract import articles_reextract
from tests.factories import CountryAliasFactory, CountryFactory

pytestmark = pytest.mark.django_db

URL = "https://ledger.example/2019/03/water-talks"
NOTICE = "CORRECTION: An earlier version of this story cited Iran instead of Iraq."
FIXED = (
    "Iraq and its neighbours agreed on Tuesday to share the river's water in dry years.\n\n"
    "A delegation from Iraq said the accord would be signed in Baghdad next month."
)
WRONG = FIXED.replace("A delegation from Iraq", "A delegation from Iran")


@pytest.fixture
def gazetteer(db):
    """Iran and Iraq, each known by its name."""
    for iso2, name in (("IR", "Iran"), ("IQ", "Iraq")):
        country = CountryFactory(iso2=iso2, iso3=f"{iso2}X", name=name, slug=name.lower())
        CountryAliasFactory(country=country, alias=name, kind=CountryAliasKind.NAME)


def write(tmp_path, text: str, name: str = "ledger.jsonl"):
    record = {"title": "Neighbours agree to share river water", "text": text, "url": URL}
    path = tmp_path / name
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def tagged(article) -> set[str]:
    return set(
        ArticleCountry.objects.filter(article=article, suppressed=False).values_list(
            "country__iso2", flat=True
        )
    )


def test_an_imported_notice_is_stored_apart_and_not_tagged(gazetteer, tmp_path):
    run_import([str(write(tmp_path, f"{FIXED}\n\n{NOTICE}"))], workers=1)
    article = Article.objects.get()
    assert article.corrections == NOTICE
    assert article.body == FIXED
    assert NOTICE in article.raw_text
    assert tagged(article) == {"IQ"}  # not Iran, which only the notice names


def test_a_reimport_that_adds_a_notice_updates_the_article(gazetteer, tmp_path):
    run_import([str(write(tmp_path, WRONG, "first.jsonl"))], workers=1)
    article = Article.objects.get()
    assert (article.corrections, tagged(article)) == ("", {"IR", "IQ"})

    corrected = write(tmp_path, f"{FIXED}\n\n{NOTICE}", "second.jsonl")
    summary = run_import([str(corrected)], workers=1)
    assert summary.outcomes["updated"] == 1
    article.refresh_from_db()
    assert (article.body, article.corrections) == (FIXED, NOTICE)
    assert tagged(article) == {"IQ"}

    # The notice alone changes: still an update (the body is the same).
    again = write(tmp_path, f"{FIXED}\n\n{NOTICE}\n\nWe regret the error.", "third.jsonl")
    assert run_import([str(again)], workers=1).outcomes["updated"] == 1
    article.refresh_from_db()
    assert article.corrections == f"{NOTICE}\n\nWe regret the error."
    # The same text again changes nothing.
    assert run_import([str(again)], workers=1).outcomes["unchanged"] == 1


def test_reclean_moves_a_stored_notice_out_of_the_body(gazetteer, tmp_path):
    run_import([str(write(tmp_path, f"{FIXED}\n\n{NOTICE}"))], workers=1)
    # An article stored before notices were kept apart: the notice is in its body.
    Article.objects.update(
        body=f"{FIXED}\n\n{NOTICE}", corrections="", cleaner_version=boilerplate.CLEANER_VERSION
    )
    articles_reextract(workers=1)  # the cleaner version is current: nothing re-cleaned
    article = Article.objects.get()
    assert (article.body, article.corrections) == (f"{FIXED}\n\n{NOTICE}", "")

    articles_reextract(reclean_all=True, workers=1)
    article.refresh_from_db()
    assert (article.body, article.corrections) == (FIXED, NOTICE)
    assert tagged(article) == {"IQ"}
