"""Topic rules: table-driven cases, one per rule feature, on a small taxonomy of our own."""

from __future__ import annotations

import pytest

from articles.extract.gazetteer import gazetteer_from_files
from articles.extract.topics import TopicIndex, extract_topics, phrase_key
from articles.extract.types import ArticleText, Evidence, Gazetteer, TopicEntry, TopicRuleEntry


def _topic(n: int, slug: str, rules: list[tuple[str, float, str]], threshold: float = 2.0):
    return TopicEntry(
        id=n,
        slug=slug,
        threshold=threshold,
        rules=tuple(TopicRuleEntry(p, w, k) for p, w, k in rules),
    )


TOPICS = (
    _topic(
        1,
        "sanctions",
        [
            ("sanctions", 1.0, "include"),
            ("sanction", 0.5, "include"),
            ("arms embargo", 2.0, "include"),
            ("recipe", 0, "exclude"),
        ],
    ),
    _topic(
        2,
        "alliances",
        [
            ("NATO", 1.5, "include"),
            ("military exercises", 1.5, "include"),
            ("joint military exercises", 2.0, "include"),
        ],
    ),
    _topic(3, "summits", [("summit", 1.5, "include"), ("NATO summit", 2.0, "include")]),
    _topic(
        4,
        "conflict",
        [
            ("rebels", 1.0, "include"),
            ("cease-fire", 2.0, "include"),
            ("killed", 0.5, "include"),
            ("trade war", 0, "exclude"),
        ],
    ),
    _topic(5, "arms", [("S-400", 2.0, "include"), ("arms embargo", 1.0, "include")]),
    _topic(6, "strict", [("summit", 1.0, "include")], threshold=5.0),
)
INDEX = TopicIndex.build(Gazetteer(topics=TOPICS))
SLUGS = {t.id: t.slug for t in TOPICS}


def scores(article: ArticleText) -> dict[str, float]:
    return {SLUGS[m.topic_id]: m.score for m in extract_topics(article, INDEX)}


def body(text: str) -> ArticleText:
    return ArticleText(title="", body=text)


CASES = [
    # name, article, expected {slug: score}
    ("nothing", body("The weather was mild in the capital."), {}),
    (
        "case-insensitive",
        ArticleText(title="SANCTIONS", body="More Sanctions."),
        {"sanctions": 2.5},
    ),
    ("word boundary", body("Unsanctionsed? Natoism and sanctionsx."), {}),
    # 1 + 1/2 + 1/3 + 1/4: the k-th repetition counts 1/k.
    ("diminishing returns", body("sanctions, " * 4), {"sanctions": 2.083}),
    ("diminishing returns, 3 is not enough", body("sanctions, " * 3), {}),
    ("below threshold", body("New sanctions were announced."), {}),
    ("title weighs 2", ArticleText(title="Sanctions", body="Nothing else."), {"sanctions": 2.0}),
    (
        "lede weighs 1.5, heaviest counted first",
        ArticleText(title="", lede="Sanctions bite.", body="The sanctions hurt."),
        {"sanctions": 1.5 + 0.5},
    ),
    ("inflection of a stem phrase", body("It was sanctioned, sanctioning and sanctioned."), {}),
    (
        "exact form preferred over inflection",
        body("sanctions sanctions sanction sanctioned"),
        {"sanctions": 1.5 + 0.5 * 1.5},
    ),
    ("plural phrase finds singular", body("A rebel and rebels; one rebel more."), {}),
    ("separators: hyphen or spaces", body("A cease fire, then a cease - fire."), {"conflict": 3.0}),
    ("hyphen in text, space in phrase", body("The arms-embargo holds."), {"sanctions": 2.0}),
    ("acronyms do not inflect", body("NATOs NATOing S-400s"), {}),
    ("acronym with possessive", body("NATO's members; NATO."), {"alliances": 2.25}),
    (
        "longest phrase wins within a topic",
        body("joint military exercises began"),
        {"alliances": 2.0},
    ),
    (
        "phrase inside a longer one credits its topic",
        body("At the NATO summit; at the NATO summit."),
        {"summits": 3.0, "alliances": 2.25},
    ),
    ("same phrase, several topics", body("an arms embargo"), {"sanctions": 2.0}),
    (
        "same phrase, several topics, both above threshold",
        ArticleText(title="Arms embargo", body="The arms embargo stays."),
        {"sanctions": 5.0, "arms": 2.5},
    ),
    ("exclude removes the topic", body("sanctions sanctions sanctions sanctions; a recipe"), {}),
    ("exclude is per topic", body("cease-fire; the trade war; sanctions, sanctions"), {}),
    (
        "exclude is per topic (other topic kept)",
        body("cease-fire; the trade war; sanctions, sanctions, sanctions, sanctions"),
        {"sanctions": 2.083},
    ),
    ("per-topic threshold", body("summit summit summit"), {"summits": 2.75}),
    ("words across a line break", body("joint military\nexercises"), {"alliances": 2.0}),
]


@pytest.mark.parametrize(("name", "article", "expected"), CASES, ids=[c[0] for c in CASES])
def test_scores(name, article, expected):
    assert scores(article) == pytest.approx(expected, abs=1e-3)


def test_evidence_keeps_text_offset_field_and_rule():
    article = ArticleText(title="NATO summit opens", lede="Sanctions loom.", body="New sanctions.")
    found = {SLUGS[m.topic_id]: m for m in extract_topics(article, INDEX)}
    full = article.full_text
    assert found["summits"].evidence == (Evidence("NATO summit", 0, "title", "NATO summit"),)
    assert found["alliances"].evidence == (Evidence("NATO", 0, "title", "NATO"),)
    sanctions = found["sanctions"].evidence
    assert [(e.text, e.field, e.rule) for e in sanctions] == [
        ("Sanctions", "lede", "sanctions"),
        ("sanctions", "body", "sanctions"),
    ]
    for e in sanctions:
        assert full[e.start : e.start + len(e.text)] == e.text


def test_offsets_survive_text_whose_lowercase_changes_length():
    article = body("İstanbul hosted the NATO summit; summit talks followed.")
    found = {SLUGS[m.topic_id]: m for m in extract_topics(article, INDEX)}
    for m in found.values():
        for e in m.evidence:
            assert article.full_text[e.start : e.start + len(e.text)] == e.text
    assert found["summits"].score == pytest.approx(2.0 + 1.5)  # two rules, once each


def test_topics_come_best_first():
    article = ArticleText(title="Sanctions and summit", body="summit summit NATO summit")
    assert [SLUGS[m.topic_id] for m in extract_topics(article, INDEX)] == ["summits", "sanctions"]


@pytest.mark.parametrize(
    ("text", "key"),
    [("Cease-Fire", "cease fire"), ("  arms   embargo ", "arms embargo"), ("S-400", "s 400")],
)
def test_phrase_key(text, key):
    assert phrase_key(text) == key


def test_empty_taxonomy_and_empty_article():
    assert extract_topics(body("sanctions"), TopicIndex.build(Gazetteer())) == ()
    assert extract_topics(ArticleText(title="", body=""), INDEX) == ()


def test_reference_taxonomy_compiles():
    """Speed is measured by ``python -m bench.extract``, not by a timed test."""
    gazetteer = gazetteer_from_files()
    index = TopicIndex.build(gazetteer)
    slugs = {t.id: t.slug for t in gazetteer.topics}
    paragraph = (
        "Russia vetoed a draft resolution at the UN Security Council on Tuesday, as air "
        "strikes on rebel-held districts continued despite a ceasefire agreed in Geneva "
        "talks. Diplomats said new sanctions and an arms embargo were under discussion, "
        "while aid agencies warned of a humanitarian crisis as refugees crossed the border. "
    )
    article = ArticleText(title="Russia vetoes Security Council resolution", body=paragraph * 18)
    assert len(article.body.split()) > 850
    found = {slugs[m.topic_id] for m in extract_topics(article, index)}
    assert {"un-security-council", "armed-conflict", "sanctions", "refugees-migration"} <= found


PROBE = TopicIndex.build(
    Gazetteer(
        topics=(
            _topic(
                1,
                "probe",
                [
                    ("sanction", 1.0, "include"),
                    ("rebels", 1.0, "include"),
                    ("NATO", 1.0, "include"),
                    ("cease-fire", 1.0, "include"),
                    ("U.N. Security Council", 1.0, "include"),
                ],
                threshold=0.1,
            ),
        )
    )
)

MATCH_CASES = [
    # name, text, the texts matched
    ("word boundary", "Unsanctioned, sanctionsx, Natoism, preNATO", []),
    (
        "inflections of the last word",
        "sanctions sanctioned sanctioning",
        ["sanctions", "sanctioned", "sanctioning"],
    ),
    ("plural phrase finds its singular", "a rebel, two rebels", ["rebel", "rebels"]),
    ("acronyms do not inflect", "NATOs NATOed NATO's", ["NATO"]),
    (
        "hyphen or spaces between words",
        "cease fire, ceasefire, cease-fire",
        ["cease fire", "cease-fire"],
    ),
    ("punctuation inside a phrase", "the U.N. Security Council met", ["U.N. Security Council"]),
]


@pytest.mark.parametrize(("name", "text", "expected"), MATCH_CASES, ids=[c[0] for c in MATCH_CASES])
def test_matches(name, text, expected):
    found = extract_topics(body(text), PROBE)
    assert [e.text for m in found for e in m.evidence] == expected
