"""Country extraction: a table of texts (the team's own sentences) and their countries.

``expected`` maps ISO alpha-2 codes to the mention kind ("direct" or "place"); a country
not listed must not be found. The last test scores the whole bundled sample corpus
against the expectation table of its README.
"""

from __future__ import annotations

import pickle
import re

import pytest

from articles.extract.countries import extract_countries
from articles.extract.types import ArticleText
from tests.conftest import SAMPLE_CORPUS
from tests.extract.helpers import country_index as index
from tests.extract.helpers import iso_of

D, P = "direct", "place"

CASES = [
    # Leftmost-longest on word boundaries.
    {
        "name": "niger and nigeria",
        "text": "Niger and Nigeria closed the border.",
        "expected": {"NE": D, "NG": D},
    },
    {"name": "nigeria alone", "text": "Nigeria held elections.", "expected": {"NG": D}},
    {"name": "nigerien demonym", "text": "The Nigerien army took power.", "expected": {"NE": D}},
    {
        "name": "sudan and south sudan",
        "text": "Sudan and South Sudan signed a deal.",
        "expected": {"SD": D, "SS": D},
    },
    {"name": "south sudan alone", "text": "South Sudan's president spoke.", "expected": {"SS": D}},
    {
        "name": "southern sudan",
        "text": "Voters in Southern Sudan chose to secede.",
        "expected": {"SS": D},
    },
    {
        "name": "guinea-bissau is not guinea",
        "text": "Guinea-Bissau held a vote.",
        "expected": {"GW": D},
    },
    {"name": "equatorial guinea", "text": "Equatorial Guinea exports oil.", "expected": {"GQ": D}},
    {"name": "papua new guinea", "text": "Papua New Guinea hosted APEC.", "expected": {"PG": D}},
    {"name": "new guinea the island", "text": "Birds of New Guinea were counted.", "expected": {}},
    {
        "name": "dominican republic",
        "text": "The Dominican Republic and Haiti met.",
        "expected": {"DO": D, "HT": D},
    },
    {
        "name": "dominica alone is ambiguous",
        "text": "She moved to Dominica last year.",
        "expected": {},
    },
    {
        "name": "drc long name",
        "text": "the Democratic Republic of the Congo said",
        "expected": {"CD": D},
    },
    {
        "name": "congo with kinshasa",
        "text": "Rebels in Congo advanced on Goma, near Kinshasa's reach.",
        "expected": {"CD": D},
    },
    {
        "name": "congo with brazzaville",
        "text": "Congo's leader returned to Brazzaville.",
        "expected": {"CG": D},
    },
    {"name": "congo unresolved", "text": "Congo was discussed.", "expected": {}},
    {"name": "possessive", "text": "Syria's government rejected it.", "expected": {"SY": D}},
    # Demonyms, capitals for governments, places inside countries.
    {
        "name": "demonyms",
        "text": "Syrian forces and Chinese officials",
        "expected": {"SY": D, "CN": D},
    },
    {
        "name": "capitals as governments",
        "text": "Washington and Beijing agreed. Moscow said no.",
        "expected": {"US": D, "CN": D, "RU": D},
    },
    {"name": "capital as a venue", "text": "Talks in Vienna ended.", "expected": {"AT": P}},
    {
        "name": "venue list",
        "text": "Talks in Moscow and Beijing ended.",
        "expected": {"RU": P, "CN": P},
    },
    {"name": "summit named after a capital", "text": "the Vilnius summit", "expected": {"LT": P}},
    {"name": "city only", "text": "Shelling hit Aleppo.", "expected": {"SY": P}},
    {
        "name": "city and name",
        "text": "Shelling hit Aleppo in northern Syria.",
        "expected": {"SY": D},
    },
    {
        "name": "crimea and gaza",
        "text": "Crimea and Gaza were discussed.",
        "expected": {"UA": P, "PS": P},
    },
    {
        "name": "seat of government",
        "text": "The Kremlin denied it; the White House agreed.",
        "expected": {"RU": D, "US": D},
    },
    {"name": "geneva stands for the un", "text": "Geneva hosted the talks.", "expected": {"CH": P}},
    {
        "name": "niger delta is nigeria",
        "text": "Militants in the Niger Delta attacked.",
        "expected": {"NG": P},
    },
    {
        "name": "northern ireland is the uk",
        "text": "Northern Ireland voted to remain.",
        "expected": {"GB": P},
    },
    # Phrases that only look like countries.
    {"name": "washington post", "text": "The Washington Post reported it.", "expected": {}},
    {"name": "jerusalem post", "text": "The Jerusalem Post reported it.", "expected": {}},
    {"name": "new york times", "text": "The New York Times reported it.", "expected": {}},
    {"name": "new york is a city", "text": "He spoke in New York.", "expected": {"US": P}},
    {
        "name": "new mexico and new jersey",
        "text": "New Mexico and New Jersey voted.",
        "expected": {},
    },
    {"name": "new england", "text": "New England had snow.", "expected": {}},
    {
        "name": "chinese food",
        "text": "They ate Chinese food at a Chinese restaurant.",
        "expected": {},
    },
    {
        "name": "thanksgiving turkey",
        "text": "The Thanksgiving Turkey was roasted for dinner.",
        "expected": {},
    },
    {"name": "turkey the country", "text": "Turkey closed its airspace.", "expected": {"TR": D}},
    {
        "name": "turkey on a menu",
        "text": "Turkey with cranberry sauce is the classic dinner.",
        "expected": {},
    },
    {"name": "michael jordan", "text": "Michael Jordan played in Chicago.", "expected": {"US": P}},
    {"name": "jordan peterson", "text": "Jordan Peterson gave a talk.", "expected": {}},
    {
        "name": "jordan with amman",
        "text": "Jordan closed its border, officials in Amman said.",
        "expected": {"JO": D},
    },
    {
        "name": "jordan with jordanian",
        "text": "Jordan and the Jordanian army",
        "expected": {"JO": D},
    },
    {
        "name": "jordan with the king",
        "text": "In Jordan, King Abdullah spoke.",
        "expected": {"JO": D},
    },
    {
        "name": "jordan in a list",
        "text": "Egypt and Jordan signed peace treaties.",
        "expected": {"EG": D, "JO": D},
    },
    {"name": "jordan alone", "text": "He flew to Jordan.", "expected": {}},
    {"name": "israel katz", "text": "Foreign Minister Israel Katz said no.", "expected": {}},
    {"name": "israel", "text": "Israel struck targets.", "expected": {"IL": D}},
    {"name": "chad smith", "text": "Chad Smith plays drums.", "expected": {}},
    {"name": "chad junta", "text": "Chad's junta extended its rule.", "expected": {"TD": D}},
    {
        "name": "georgia the us state",
        "text": "The Carter Center in Atlanta, Georgia, sent observers.",
        "expected": {},
    },
    {
        "name": "georgia with governor",
        "text": "Georgia's governor signed the bill in Atlanta.",
        "expected": {},
    },
    {
        "name": "georgia with tbilisi",
        "text": "Georgia's leaders met in Tbilisi.",
        "expected": {"GE": D},
    },
    {
        "name": "georgia in a list",
        "text": "Ukraine, Georgia and Moldova signed pacts.",
        "expected": {"UA": D, "GE": D, "MD": D},
    },
    {"name": "georgia alone", "text": "Storms hit Georgia.", "expected": {}},
    {"name": "mali", "text": "Mali expelled the envoy.", "expected": {"ML": D}},
    # US and America.
    {"name": "us the country", "text": "The US imposed sanctions.", "expected": {"US": D}},
    {"name": "us in all caps", "text": "PLEASE LET US KNOW WHAT YOU THINK", "expected": {}},
    {"name": "us dollar is the country", "text": "paid in US dollars", "expected": {"US": D}},
    {"name": "america", "text": "America will respond.", "expected": {"US": D}},
    {
        "name": "latin america",
        "text": "Latin America and South America and Central America",
        "expected": {},
    },
    {
        "name": "voice of america",
        "text": "Voice of America broadcast it. America First.",
        "expected": {},
    },
    {
        "name": "organization of american states",
        "text": "the Organization of American States",
        "expected": {},
    },
    # Korea.
    {
        "name": "korean peninsula is a region",
        "text": "tension on the Korean Peninsula",
        "expected": {},
    },
    {
        "name": "korea with seoul",
        "text": "Korea's exports rose, Seoul said.",
        "expected": {"KR": D},
    },
    {"name": "korea alone", "text": "Korea was discussed.", "expected": {}},
    {
        "name": "korean with pyongyang",
        "text": "Korean troops paraded in Pyongyang.",
        "expected": {"KP": D},
    },
    {
        "name": "north and south",
        "text": "North Korea and South Korea",
        "expected": {"KP": D, "KR": D},
    },
    # Names of people, firms and outlets found in real articles.
    {
        "name": "surname after a first name",
        "text": "David French wrote; Morgan Stanley said.",
        "expected": {},
    },
    {
        "name": "reporter named holland",
        "text": "By Steve Holland and Andrew Osborn",
        "expected": {},
    },
    {"name": "douglas the economist", "text": "said Douglas Holtz-Eakin", "expected": {}},
    {"name": "usa today", "text": "Sean Rossman, USA TODAY", "expected": {}},
    {"name": "island is a word", "text": "near Belitung Island", "expected": {}},
    {"name": "gulf of oman", "text": "tankers attacked in the Gulf of Oman", "expected": {}},
    {"name": "oslo peace process", "text": "the Oslo peace process", "expected": {}},
    {
        "name": "congolese goes to the nearest congo",
        "text": "Firms in the Democratic Republic of Congo. Later, the son of Congolese "
        "President Denis Sassou Nguesso appeared.",
        "expected": {"CD": D, "CG": D},
    },
    # Words that name no country.
    {
        "name": "regional adjectives",
        "text": "Arab, Western, Jewish, European, African and Latin leaders",
        "expected": {},
    },
    {
        "name": "treaty names",
        "text": "the Paris climate agreement and the Treaty of Lisbon",
        "expected": {},
    },
    {"name": "lower case", "text": "roast turkey and chad and jordan", "expected": {}},
]


def found(article: ArticleText) -> dict[str, str]:
    return {iso_of()[x.entity_id]: x.kind for x in extract_countries(article, index())}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_countries(case):
    assert found(ArticleText(title="", body=case["text"])) == case["expected"]


DATELINES = [
    {
        "name": "given dateline",
        "dateline": "BEIJING",
        "body": "Officials met.",
        "expected": {"CN": P},
    },
    {
        "name": "united nations is no country",
        "dateline": "UNITED NATIONS",
        "body": "A vote.",
        "expected": {},
    },
    {
        "name": "city and country",
        "dateline": "ST. PETERSBURG, Russia",
        "body": "Talks.",
        "expected": {"RU": P},
    },
    {"name": "washington", "dateline": "WASHINGTON", "body": "A vote.", "expected": {"US": P}},
    {
        "name": "caps opening",
        "dateline": "",
        "body": "MOSCOW - Officials met.",
        "expected": {"RU": P},
    },
    {
        "name": "caps opening with agency",
        "dateline": "",
        "body": "KABUL (Wire) \u2014 Talks.",
        "expected": {"AF": P},
    },
    {
        "name": "dateline and name",
        "dateline": "MOSCOW",
        "body": "Russia said.",
        "expected": {"RU": D},
    },
    {"name": "no caps opening", "dateline": "", "body": "Officials - met.", "expected": {}},
]


@pytest.mark.parametrize("case", DATELINES, ids=[c["name"] for c in DATELINES])
def test_datelines(case):
    article = ArticleText(title="", body=case["body"], dateline=case["dateline"])
    assert found(article) == case["expected"]


def test_evidence_offsets_fields_and_rules():
    article = ArticleText(
        title="Syria talks", lede="Damascus said yes.", body="Syrian troops left Syria."
    )
    (syria,) = extract_countries(article, index())
    text = article.full_text
    assert [(e.text, e.field, e.rule) for e in syria.evidence] == [
        ("Syria", "title", "name"),
        ("Damascus", "lede", "capital"),
        ("Syrian", "body", "demonym"),
        ("Syria", "body", "name"),
    ]
    assert all(text[e.start : e.start + len(e.text)] == e.text for e in syria.evidence)
    assert syria.count == 4 and syria.first_offset == 0 and syria.is_focus


def test_dateline_split_off_has_offset_zero_and_no_focus():
    article = ArticleText(title="Talks", body="Officials met.", dateline="MOSCOW")
    (russia,) = extract_countries(article, index())
    assert russia.evidence[0].field == "dateline" and russia.first_offset == 0
    assert not russia.is_focus


def test_focus_title_lede_or_dominant_body():
    body = "Iran said. Iran added. Iran warned. Iraq replied."
    article = ArticleText(title="Talks end", lede="Oman hosted them.", body=body)
    focus = {iso_of()[x.entity_id]: x.is_focus for x in extract_countries(article, index())}
    assert focus == {"OM": True, "IR": True, "IQ": False}


def test_sorted_by_first_offset():
    article = ArticleText(title="", body="Peru, Chile and Bolivia")
    assert [iso_of()[x.entity_id] for x in extract_countries(article, index())] == [
        "PE",
        "CL",
        "BO",
    ]


def test_byline_does_not_count():
    body = "By Jordan Ashby | Capital Dispatch\n\nTalks in Cairo ended. Egypt said."
    article = ArticleText(title="", body=body, byline="By Jordan Ashby | Capital Dispatch")
    assert found(article) == {"EG": D}


def test_index_pickles():
    again = pickle.loads(pickle.dumps(index()))
    assert extract_countries(ArticleText(title="Syria", body=""), again)


def _split(cell: str) -> set[str]:
    return set() if cell in ("-", "") else {c.strip() for c in cell.split(",")}


def test_sample_corpus_quality():
    """Score the bundled corpus against its README table (places are neither right nor wrong)."""
    from articles.ingest.parse import parse_document
    from articles.ingest.readers import iter_documents
    from articles.ingest.types import RejectedRecord

    rows = {}
    for line in (SAMPLE_CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 10 and re.match(r"`[^`]+/[^`]+`$", cells[0]):
            rows[cells[1]] = (_split(cells[4]), _split(cells[5]))  # by title
    tp = fp = fn = 0
    for doc in iter_documents([SAMPLE_CORPUS]):
        try:
            parsed = parse_document(doc)
        except RejectedRecord:
            continue
        expected, optional = rows[parsed.title]
        article = ArticleText(
            title=parsed.title,
            lede=parsed.lede,
            body=parsed.body,
            dateline=parsed.dateline,
            byline=parsed.byline,
            authors=parsed.authors,
        )
        matches = extract_countries(article, index())
        predicted = {iso_of()[x.entity_id] for x in matches}
        direct = {iso_of()[x.entity_id] for x in matches if x.kind == "direct"}
        tp += len(predicted & expected)
        fp += len(direct - expected - optional)
        fn += len(expected - predicted)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.97, (precision, recall)
