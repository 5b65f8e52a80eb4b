"""Automatic grouping keeps editors' story decisions: imports, re-grouping, re-extraction.

Real imports (MinHash signatures and bands) of one wire story at three outlets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.ingest import dedup, signing
from articles.ingest.copy_text import copy_escape
from articles.ingest.records import BODY_FIELD, CONTENT_COLUMNS, PreparedRecord
from articles.models import Article, ArticleBand, NearDuplicateGroup
from articles.pipeline.imports import run_import
from articles.pipeline.reextract import articles_reextract
from articles.services import stories
from articles.services.imports.groups import Groups, group_near_duplicates
from articles.services.imports.rows import NewArticle
from tests.curation.helpers import assert_consistent, where
from tests.texts import WIRE_BODY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_stories_yet(db):
    """Start from no stories: these tests count every story in the database. (A story row
    committed by an earlier test's subprocess outlives its rolled-back transaction.)"""
    NearDuplicateGroup.objects.all().delete()


OUTLETS = [
    ("https://dispatch.example/truce", "Capital Dispatch", " Reporting by the Dispatch desk."),
    ("https://harbour.example/truce", "Harbour Times", " Additional reporting by Ana Ribeiro."),
    ("https://ledger.example/truce", "Evening Ledger", " Editing by the Ledger night desk."),
]


def records(outlets) -> list[dict]:
    return [
        {
            "url": url,
            "source": source,
            "title": "Thirty-day truce agreed in Geneva",
            "date_publish": "2015-03-03T19:05:00",
            "text": WIRE_BODY + ending,
        }
        for url, source, ending in outlets
    ]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def wire(tmp_path):
    """The wire story imported from three outlets: one story, the first outlet leading."""
    path = write_jsonl(tmp_path / "wire.jsonl", records(OUTLETS))
    run_import([str(path)], workers=1)
    a, b, c = (Article.objects.get(url=url) for url, _, _ in OUTLETS)
    group = NearDuplicateGroup.objects.get()
    assert where(a, b, c) == [(group.pk, True), (group.pk, False), (group.pk, False)]
    return {"path": path, "group": group, "articles": (a, b, c)}


def regroup_as_new(article: Article) -> tuple[NewArticle, Groups]:
    """Run the import's grouping for a stored article as if its record came in again
    (an updated text: its bands are written again after grouping, so none are stored)."""
    ArticleBand.objects.filter(article=article).delete()
    signature = tuple(article.minhash)
    content = ["\\N"] * len(CONTENT_COLUMNS)  # the row text, its body only
    content[BODY_FIELD] = copy_escape(article.body)
    record = PreparedRecord(
        origin="test",
        external_id="",
        raw=b"",
        signature=signature,
        bands=signing.band_hashes(signature),
        copy_parts=(b"", "\t".join(content).encode()),
    )
    new = NewArticle(record, article.source_id)
    new.id = new.pk = article.pk
    groups = group_near_duplicates([new], dedup.NEAR_DUPLICATE_THRESHOLD)
    return new, groups


def test_import_grouping_never_joins_articles_kept_apart(wire, editor):
    a, b, c = wire["articles"]
    decision = stories.story_remove_article(article=c, user=editor)
    c.refresh_from_db()
    # Every similar article is in the story c was taken out of: it stays on its own.
    again, _ = regroup_as_new(c)
    assert (again.duplicate_group_id, again.is_story_lead) == (None, True)
    # Undone, the decision no longer counts: the same text joins the story.
    stories.story_decision_undo(decision=decision, user=editor)
    again, _ = regroup_as_new(c)
    assert again.duplicate_group_id == wire["group"].pk


def test_import_grouping_passes_over_kept_apart_stories_to_an_allowed_copy(wire, editor, tmp_path):
    a, b, c = wire["articles"]
    stories.story_remove_article(article=b, user=editor)  # b apart from a and c
    fourth = ("https://fourth.example/truce", "Fourth Wire", " Written by the wire desk.")
    run_import([str(write_jsonl(tmp_path / "d.jsonl", records([fourth])))], workers=1)
    d = Article.objects.get(url=fourth[0])
    assert where(d) == [(wire["group"].pk, False)]  # joined a and c
    stories.story_remove_article(article=d, user=editor)  # d apart from a and c, not b
    b.refresh_from_db()
    again, groups = regroup_as_new(b)
    # a and c (earlier, similar) are barred; d is not: b joins d, which leads a new story.
    assert not again.is_story_lead
    assert groups.created == {again.duplicate_group_id: [d.pk, 2]}
    assert groups.stored_leads == {d.pk: again.duplicate_group_id}


def test_reimport_keeps_the_split_and_new_copies_join_an_allowed_story(wire, editor, tmp_path):
    a, b, c = wire["articles"]
    stories.story_remove_article(article=c, user=editor)
    summary = run_import([str(wire["path"])], workers=1)
    assert summary.outcomes["unchanged"] == 3
    assert where(a, b, c) == [
        (wire["group"].pk, True),
        (wire["group"].pk, False),
        (None, True),
    ]
    # A fourth outlet's copy joins the earliest similar story: the editors' one of a and b.
    later = ("https://fourth.example/truce", "Fourth Wire", " Written by the wire desk.")
    run_import([str(write_jsonl(tmp_path / "more.jsonl", records([later])))], workers=1)
    d = Article.objects.get(url=later[0])
    assert where(d, c) == [(wire["group"].pk, False), (None, True)]
    assert_consistent()


def test_reextract_after_a_split_keeps_the_editors_stories(wire, editor):
    a, b, c = wire["articles"]
    decision = stories.story_split(articles=[b, c], user=editor)
    made = where(a, b, c)
    assert made == [(None, True), (decision.new_story, True), (decision.new_story, False)]
    # Stored bodies carrying furniture the cleaner now removes: re-cleaning changes them
    # (and with them, where re-extraction regroups, the stories are decided again).
    for article in (a, b, c):
        Article.objects.filter(pk=article.pk).update(
            body=article.body + "\n\nSign up for our morning briefing.", cleaner_version=0
        )
    articles_reextract(article_ids=[a.pk, b.pk, c.pk], workers=1, reclean_all=True)
    assert where(a, b, c) == made
    assert_consistent()
