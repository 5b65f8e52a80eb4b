"""Organisation extraction: a table of texts (the team's own sentences) and their slugs."""

from __future__ import annotations

import pickle

import pytest

from articles.extract.organisations import extract_organisations
from articles.extract.types import ArticleText
from tests.extract.helpers import organisation_index as index
from tests.extract.helpers import slug_of

CASES = [
    {"name": "un", "text": "The UN said so.", "expected": ["un"]},
    {"name": "dotted un", "text": "The U.N. said so.", "expected": ["un"]},
    {"name": "united nations", "text": "the United Nations", "expected": ["un"]},
    {
        "name": "security council is not also un",
        "text": "The UN Security Council met.",
        "expected": ["un-security-council"],
    },
    {
        "name": "dotted security council",
        "text": "The U.N. Security Council met.",
        "expected": ["un-security-council"],
    },
    {
        "name": "security council with the un",
        "text": "The UN warned. The Security Council met.",
        "expected": ["un", "un-security-council"],
    },
    {"name": "security council alone", "text": "The Security Council met.", "expected": []},
    {
        "name": "national security council",
        "text": "The UN said the National Security Council met.",
        "expected": ["un"],
    },
    {
        "name": "iran's supreme council",
        "text": "UN officials met the Supreme National Security Council.",
        "expected": ["un"],
    },
    {
        "name": "general assembly with the un",
        "text": "UN members met at the General Assembly.",
        "expected": ["un", "un-general-assembly"],
    },
    {
        "name": "state general assembly",
        "text": "The UN spoke; the Illinois General Assembly voted.",
        "expected": ["un"],
    },
    {
        "name": "eu and e.u.",
        "text": "The EU and the E.U. and the European Union",
        "expected": ["eu"],
    },
    {"name": "nato", "text": "NATO allies met; the alliance agreed.", "expected": ["nato"]},
    {
        "name": "generic references left alone",
        "text": "the Council, the bloc, the Union, the alliance, the agency",
        "expected": [],
    },
    {
        "name": "arab league",
        "text": "the Arab League and the League of Arab States",
        "expected": ["arab-league"],
    },
    {"name": "african union", "text": "the African Union (AU) met", "expected": ["african-union"]},
    {"name": "iaea", "text": "The IAEA and the UN nuclear watchdog", "expected": ["iaea"]},
    {"name": "asean", "text": "ASEAN ministers met.", "expected": ["asean"]},
    {"name": "who the organisation", "text": "The WHO declared a pandemic.", "expected": ["who"]},
    {"name": "who the pronoun", "text": "Those who voted left.", "expected": []},
    {"name": "who in caps", "text": "GUESS WHO IS COMING", "expected": []},
    {"name": "commonwealth needs its full name", "text": "The Commonwealth met.", "expected": []},
    {
        "name": "commonwealth of independent states",
        "text": "the Commonwealth of Independent States",
        "expected": ["cis"],
    },
    {"name": "ec needs the eu", "text": "The EC ruled.", "expected": []},
    {
        "name": "ec with the eu",
        "text": "The EU said the EC ruled.",
        "expected": ["eu", "european-commission"],
    },
    {
        "name": "british style acronyms",
        "text": "A Nato spokesman and Opec ministers",
        "expected": ["nato", "opec"],
    },
    {"name": "g20 spellings", "text": "G20 and G-20 and Group of 20", "expected": ["g20"]},
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_organisations(case):
    matches = extract_organisations(ArticleText(title="", body=case["text"]), index())
    assert [slug_of()[x.entity_id] for x in matches] == case["expected"]


def test_evidence_count_focus():
    article = ArticleText(title="NATO summit", body="Leaders of NATO met. The UN watched.")
    nato, un = extract_organisations(article, index())
    assert slug_of()[nato.entity_id] == "nato" and nato.count == 2 and nato.is_focus
    assert [(e.field, e.rule) for e in nato.evidence] == [("title", "name"), ("body", "name")]
    assert not un.is_focus and un.kind == "direct"
    assert article.full_text[un.first_offset : un.first_offset + 2] == "UN"


def test_dateline_is_not_a_mention():
    article = ArticleText(title="", body="Members voted.", dateline="UNITED NATIONS")
    assert extract_organisations(article, index()) == ()


def test_index_pickles():
    again = pickle.loads(pickle.dumps(index()))
    assert extract_organisations(ArticleText(title="EU", body=""), again)
