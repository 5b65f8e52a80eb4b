"""Datelines and correction notices: tables of articles and what their countries become.

``expected`` maps ISO alpha-2 codes to (kind, is_focus); a country not listed must not
be found. Organisations in correction notices are skipped too (last table).
"""

from __future__ import annotations

import pytest

from articles.extract.countries import extract_countries
from articles.extract.organisations import extract_organisations
from articles.extract.types import ArticleText
from tests.extract.helpers import country_index as index
from tests.extract.helpers import iso_of, organisation_index, slug_of

D, P = "direct", "place"
FINLAND = "Finland joins NATO"

DATELINES = [
    # A dateline alone never makes a focus: the place is tagged, as a place.
    {
        "name": "given dateline",
        "title": FINLAND,
        "dateline": "BRUSSELS",
        "body": "Finland became the 31st member.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    {
        "name": "given title case dateline",
        "title": FINLAND,
        "dateline": "Brussels",
        "body": "Finland became the 31st member.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    {
        "name": "caps dateline opening the lede",
        "title": FINLAND,
        "lede": "BRUSSELS (AP) \u2014 Finland became the 31st member of the alliance.",
        "body": "The flag was raised.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    {
        "name": "country named inside the lede's dateline",
        "title": FINLAND,
        "lede": "BRUSSELS, Belgium (AP) \u2014 Finland became the 31st member.",
        "body": "The flag was raised.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    {
        "name": "title case lede dateline with a wire",
        "title": FINLAND,
        "lede": "Brussels (Reuters) - Finland became the 31st member.",
        "body": "The flag was raised.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    {
        "name": "lede dateline with a region and no wire",
        "title": "Plane crash kills 10",
        "lede": "SAN JOSE, Costa Rica - Investigators are looking into the crash.",
        "body": "Ten people died.",
        "expected": {"CR": (P, False)},
    },
    {
        "name": "place inside a country as the lede's dateline",
        "title": "Court indicts teenage girl",
        "lede": "RAMALLAH, West Bank (AP) - An Israeli military court indicted her.",
        "body": "She was 16.",
        "expected": {"PS": (P, False), "IL": (D, True)},
    },
    {
        "name": "body dateline with a date",
        "title": FINLAND,
        "body": "BRUSSELS, Belgium, April 4 (Reuters) - Finland became the 31st member.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    {
        "name": "title case body dateline with a wire",
        "title": FINLAND,
        "body": "Brussels (Reuters) - Finland became the 31st member.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    # The title before a body's opening still counts (it was skipped with the dateline).
    {
        "name": "title before a caps opening",
        "title": "Israel's Peres believes Obama will order attack on Iran",
        "body": "EXCLUSIVE: Israeli President Shimon Peres said Thursday he believes it.",
        "expected": {"IL": (D, True), "IR": (D, True)},
    },
    {
        "name": "title before a body dateline",
        "title": FINLAND,
        "body": "BRUSSELS - Finland became the 31st member.",
        "expected": {"FI": (D, True), "BE": (P, False)},
    },
    # Other evidence in the title or lede still makes the dateline's country a focus.
    {
        "name": "dateline country named in the title",
        "title": "Belgium hosts NATO summit",
        "dateline": "BRUSSELS",
        "body": "Leaders arrived.",
        "expected": {"BE": (D, True)},
    },
    {
        "name": "dateline country named after the lede's dateline",
        "title": "Talks end",
        "lede": "MOSCOW (AP) \u2014 Russia said the talks had ended.",
        "body": "No deal.",
        "expected": {"RU": (D, True)},
    },
    # Not datelines: no wire after a Title Case word, no dash.
    {
        "name": "title case opening without a wire",
        "title": "Talks resume",
        "lede": "Iran: talks resume in Vienna.",
        "body": "Diplomats arrived.",
        "expected": {"IR": (D, True), "AT": (P, True)},
    },
    {
        "name": "title case opening with a parenthesis that is no wire",
        "title": "Summit opens",
        "lede": "Belgium (pictured) - the host - welcomed leaders.",
        "body": "Leaders arrived.",
        "expected": {"BE": (D, True)},
    },
]

NOTICES = [
    {
        "name": "caps correction cites the wrong country",
        "body": "Iraq's parliament met.\n\n"
        "CORRECTION: An earlier version of this story cited Iran instead of Iraq.",
        "expected": {"IQ": (D, False)},
    },
    {
        "name": "correction label, article updated",
        "body": "Iraq's parliament met.\n\n"
        "Correction: This article has been updated to say Iraq, not Iran.",
        "expected": {"IQ": (D, False)},
    },
    {
        "name": "earlier version misstated",
        "body": "Iraq's parliament met.\n\n"
        "An earlier version of this article misstated the capital of Iran.",
        "expected": {"IQ": (D, False)},
    },
    {
        "name": "story corrected",
        "body": "Iraq's parliament met. This story has been corrected to remove Iran.",
        "expected": {"IQ": (D, False)},
    },
    {
        "name": "notice as the lede",
        "lede": "Correction: An earlier version of this story named Iran.",
        "body": "Iraq's parliament met.",
        "expected": {"IQ": (D, False)},
    },
    {
        "name": "a country named in the story and the notice stays",
        "body": "Iran and Iraq met.\n\nCORRECTION: An earlier version misspelled Iran.",
        "expected": {"IR": (D, False), "IQ": (D, False)},
    },
    {
        "name": "market correction is the story",
        "body": "Iran's market correction deepened. Correction officers in Iraq struck.",
        "expected": {"IR": (D, False), "IQ": (D, False)},
    },
]


def found(case: dict) -> dict[str, tuple[str, bool]]:
    article = ArticleText(
        title=case.get("title", ""),
        lede=case.get("lede", ""),
        body=case["body"],
        dateline=case.get("dateline", ""),
    )
    return {
        iso_of()[m.entity_id]: (m.kind, m.is_focus) for m in extract_countries(article, index())
    }


@pytest.mark.parametrize("case", DATELINES, ids=[c["name"] for c in DATELINES])
def test_a_dateline_alone_is_no_focus(case):
    assert found(case) == case["expected"]


@pytest.mark.parametrize("case", NOTICES, ids=[c["name"] for c in NOTICES])
def test_countries_in_correction_notices_are_skipped(case):
    assert found(case) == case["expected"]


def test_lede_dateline_evidence_is_a_dateline():
    article = ArticleText(
        title=FINLAND, lede="BRUSSELS, Belgium (AP) \u2014 Finland joined.", body="Flags."
    )
    belgium = next(m for m in extract_countries(article, index()) if iso_of()[m.entity_id] == "BE")
    assert [(e.text, e.field, e.rule) for e in belgium.evidence] == [
        ("BRUSSELS", "dateline", "dateline"),
        ("Belgium", "dateline", "dateline"),
    ]
    text = article.full_text
    assert all(text[e.start : e.start + len(e.text)] == e.text for e in belgium.evidence)


ORGANISATIONS = [
    {
        "name": "organisation named only in a notice",
        "text": "NATO met.\n\nCorrection: An earlier version of this story said the IMF.",
        "expected": ["nato"],
    },
    {
        "name": "organisation in the story and the notice",
        "text": "NATO met.\n\nThis story has been corrected to say NATO, not the EU.",
        "expected": ["nato"],
    },
    {
        "name": "no notice",
        "text": "NATO met. The IMF agreed to a correction of its forecast.",
        "expected": ["nato", "imf"],
    },
]


@pytest.mark.parametrize("case", ORGANISATIONS, ids=[c["name"] for c in ORGANISATIONS])
def test_organisations_in_correction_notices_are_skipped(case):
    article = ArticleText(title="", body=case["text"])
    matches = extract_organisations(article, organisation_index())
    assert [slug_of()[m.entity_id] for m in matches] == case["expected"]
