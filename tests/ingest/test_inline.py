"""Furniture inside a paragraph (articles.ingest.inline), from tables of our own examples."""

from __future__ import annotations

import pytest

from articles.ingest.boilerplate import clean_body
from articles.ingest.inline import strip_inline

COUNTRIES = (
    "Albania Algeria Andorra Angola Argentina Armenia Aruba Australia Austria Bahamas "
    "Bahrain Belarus Belgium Belize Benin Bermuda Bhutan Bolivia Botswana Brazil Bulgaria "
    "Burundi Cambodia Cameroon Canada Chad Chile China Trinidad and Tobago Tuvalu"
)

# (name, paragraph, expected paragraph, pieces removed)
CASES = [
    (
        "a link-preview widget",
        "Senator Roe Jane Mary RoeRoe backs new sanctions bill Senate panel votes on envoy "
        "MORE said on Monday that the vote would wait.",
        "Senator Roe said on Monday that the vote would wait.",
        ("Jane Mary RoeRoe backs new sanctions bill Senate panel votes on envoy MORE",),
    ),
    (
        "a widget before a possessive",
        "The Doe John (Johnny) Paul DoeThe week in review: talks stall MORE’s inquiry went on.",
        "The Doe’s inquiry went on.",
        ("John (Johnny) Paul DoeThe week in review: talks stall MORE",),
    ),
    (
        "two widgets in one paragraph",
        "Roe Jane RoeRoe wins vote MORE and Doe John DoeDoe loses vote MORE met at noon.",
        "Roe and Doe met at noon.",
        ("Jane RoeRoe wins vote MORE", "John DoeDoe loses vote MORE"),
    ),
    (
        "a widget opening the paragraph",
        "Jane Mary RoeRoe backs new sanctions bill Senate panel votes on envoy MORE (Ohio)",
        "(Ohio)",
        ("Jane Mary RoeRoe backs new sanctions bill Senate panel votes on envoy MORE",),
    ),
    (
        "a country drop-down inside a paragraph",
        f"Choose your edition {COUNTRIES} The envoys met for three hours.",
        "Choose your edition The envoys met for three hours.",
        (COUNTRIES,),
    ),
    (
        "a menu paragraph alone",
        COUNTRIES,
        "",
        (COUNTRIES,),
    ),
]

# Prose that looks like it: kept whole.
KEPT = [
    ("MORE in capitals, nothing glued", "The crowd chanted MORE JOBS as the envoys left the hall."),
    ("glued words far from MORE", "The iPhone was found. " + "The talks went on. " * 40 + "We want MORE."),
    ("a list of a few countries", "Envoys from France, Germany, Italy, Spain and Poland met in Brussels."),
    ("a shouted sentence", "THE TALKS WENT ON AND ON AND THE ENVOYS SAID NOTHING AT ALL ABOUT THE PLAN THAT THEY MADE IN THE CAPITAL, they said."),
    ("a long Title Case headline quoted", "The report, “How The West Lost The Peace In The Balkans After The War Ended,” came out."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "paragraph", "expected", "removed"), CASES, ids=[c[0] for c in CASES]
)
def test_inline_furniture_is_removed(name, paragraph, expected, removed):
    assert strip_inline(paragraph) == (expected, removed)


@pytest.mark.parametrize(("name", "paragraph"), KEPT, ids=[c[0] for c in KEPT])
def test_prose_is_kept(name, paragraph):
    assert strip_inline(paragraph) == (paragraph, ())


# Paragraph furniture of the same round: promos and agency credits.
PARAGRAPHS = [
    ("a WATCH promo", "WATCH: The minister explains the plan in two minutes"),
    ("a NOW WATCH promo", "NOW WATCH: Envoys leave the talks"),
    ("a WATCH promo with no space", "WATCH:Envoys leave the talks"),
    ("a bracketed WATCH aside", "( WATCH: The summit in pictures )"),
    (
        "an agency credit before a teaser",
        "Envoys arrive for the talks in Geneva. | REUTERS Envoys meet again",
    ),
]


@pytest.mark.parametrize(("name", "furniture"), PARAGRAPHS, ids=[c[0] for c in PARAGRAPHS])
def test_promos_and_credits_are_removed(name, furniture):
    prose = "The envoys met for three hours and agreed to meet again next week in the capital."
    result = clean_body(f"{prose}\n\n{furniture}\n\n{prose}")
    assert result.body == f"{prose}\n\n{prose}" and result.removed == (furniture,)


def test_watch_in_prose_is_kept():
    text = "Watch: that word opens few sentences, yet here it is, and this one is prose. " * 3
    assert clean_body(text.strip()).body == text.strip()
