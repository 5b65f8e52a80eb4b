"""The shared alias matching engine: leftmost-longest, word boundaries, offsets, focus."""

from __future__ import annotations

import pickle

import pytest

from articles.extract import matcher as m
from articles.extract.types import ArticleText, Evidence

PHRASES = [
    "Niger",
    "Nigeria",
    "Sudan",
    "South Sudan",
    "Congo",
    "Democratic Republic of the Congo",
    "U.S.",
    "US",
    "Guinea",
    "Guinea-Bissau",
    "Equatorial Guinea",
    "Papua New Guinea",
    "Dominica",
    "Dominican Republic",
    "People's Republic of China",
]

CASES = [
    {
        "name": "niger is not in nigeria",
        "text": "Nigeria and Niger",
        "expected": ["Nigeria", "Niger"],
    },
    {"name": "no match inside a word", "text": "Nigerien troops", "expected": []},
    {"name": "longest wins", "text": "South Sudan's army", "expected": ["South Sudan"]},
    {
        "name": "congo inside the long name",
        "text": "the Democratic Republic of the Congo and Congo",
        "expected": ["Democratic Republic of the Congo", "Congo"],
    },
    {
        "name": "guinea family",
        "text": "Guinea-Bissau, Equatorial Guinea, Papua New Guinea, Guinea",
        "expected": ["Guinea-Bissau", "Equatorial Guinea", "Papua New Guinea", "Guinea"],
    },
    {
        "name": "dominica and the dominican republic",
        "text": "Dominica and the Dominican Republic",
        "expected": ["Dominica", "Dominican Republic"],
    },
    {"name": "dotted abbreviation", "text": "the U.S.-led force", "expected": ["U.S."]},
    {"name": "case-sensitive", "text": "let us go to niger", "expected": []},
    {"name": "possessive", "text": "Sudan's capital", "expected": ["Sudan"]},
    {
        "name": "curly apostrophe variant",
        "text": "the People\u2019s Republic of China",
        "expected": ["People\u2019s Republic of China"],
    },
]


@pytest.fixture(scope="module")
def engine() -> m.AliasMatcher:
    return m.AliasMatcher(p for phrase in PHRASES for p in m.spelling_variants(phrase))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matching(engine, case):
    assert [x.group() for x in engine.finditer(case["text"])] == case["expected"]


def test_offsets(engine):
    text = "Sudan and South Sudan"
    assert [(x.start(), x.end()) for x in engine.finditer(text)] == [(0, 5), (10, 21)]


def test_pickles(engine):
    again = pickle.loads(pickle.dumps(engine))
    assert [x.group() for x in again.finditer("Niger, Nigeria")] == ["Niger", "Nigeria"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the state of Georgia voted", ["state of Georgia"]),
        ("Georgia voted; the state voted", ["Georgia"]),
        ("weSwatini and Eswatini", ["weSwatini", "Eswatini"]),
        ("state of Georgia, then Georgia", ["state of Georgia", "Georgia"]),
    ],
)
def test_phrases_without_a_capital_are_found_whether_or_not_the_text_has_them(text, expected):
    engine = m.AliasMatcher(["Georgia", "state of Georgia", "Eswatini", "weSwatini"])
    assert [found.group() for found in engine.finditer(text)] == expected


def test_empty_matcher_matches_nothing():
    assert list(m.AliasMatcher([]).finditer("anything")) == []


def test_fields_follow_full_text():
    article = ArticleText(title="T", lede="Lede", body="Body text")
    fields = m.Fields.of(article)
    assert article.full_text == "T\n\nLede\n\nBody text"
    assert [fields.name_at(i) for i in (0, 3, 9)] == ["title", "lede", "body"]
    assert fields.start_of("body") == 9
    assert m.Fields.of(ArticleText(title="", body="B")).start_of("title") is None


def test_byline_and_authors_are_masked():
    article = ArticleText(title="", body="By Jordan Ashby\n\nText", byline="By Jordan Ashby")
    assert m.masked_spans(article, article.full_text) == [(0, 15)]
    article = ArticleText(title="", body="Chad Smith wrote", authors=("Chad Smith",))
    assert m.masked_spans(article, article.full_text) == [(0, 10)]


def test_caps_context():
    assert m.caps_context("PLEASE LET US KNOW", 11, 13)
    assert not m.caps_context("the US said", 4, 6)


def _found(entity_id, start, field, direct=True):
    return m.Found(entity_id, Evidence("x", start, field, "name"), direct)


def test_aggregate_counts_offsets_focus_and_kind():
    found = [
        _found(1, 50, "body"),
        _found(2, 0, "title"),
        _found(1, 10, "body"),
        _found(3, 0, "dateline", direct=False),
        _found(4, 60, "body", direct=False),
    ]
    by_id = {x.entity_id: x for x in m.aggregate(found, with_kind=True)}
    assert by_id[1].count == 2 and by_id[1].first_offset == 10
    assert by_id[2].is_focus and not by_id[1].is_focus  # 2 body mentions are not dominance
    assert by_id[3].first_offset == 0 and by_id[3].kind == "place" and not by_id[3].is_focus
    assert by_id[4].kind == "place" and by_id[1].kind == "direct"
    assert [x.entity_id for x in m.aggregate(found, with_kind=True)] == [2, 3, 1, 4]


def test_dominant_in_body_is_focus():
    found = [_found(1, i, "body") for i in range(3)] + [_found(2, 9, "body")]
    by_id = {x.entity_id: x for x in m.aggregate(found, with_kind=False)}
    assert by_id[1].is_focus and not by_id[2].is_focus
