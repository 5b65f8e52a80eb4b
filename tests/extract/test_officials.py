"""Officials: table-driven cases on a small gazetteer of our own, the seed, and speed.

Every sentence here is written for these tests; none comes from the corpus.
"""

from __future__ import annotations

import gzip
import json
import pickle
from datetime import date

import pytest

from articles.extract.gazetteer import gazetteer_from_files
from articles.extract.normalize import name_key
from articles.extract.officials import OfficialIndex, extract_officials, post_held
from articles.extract.posts import Mention, post_kind
from articles.extract.types import (
    AliasEntry,
    AppointmentEntry,
    ArticleText,
    CountryEntry,
    EntityMatch,
    Gazetteer,
    OfficialEntry,
    OrganisationEntry,
    term_covers,
)
from tests.conftest import shared_path


def _appt(n, post, kind, country=None, org=None, start=None, end=None):
    return AppointmentEntry(
        n,
        post,
        kind,
        country,
        org,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
    )


COUNTRIES = (
    CountryEntry(1, "SY", "Syria"),
    CountryEntry(2, "RU", "Russia"),
    CountryEntry(3, "CN", "China"),
    CountryEntry(4, "US", "United States"),
    CountryEntry(5, "FR", "France"),
    CountryEntry(6, "KR", "South Korea"),
    CountryEntry(7, "LK", "Sri Lanka"),
    CountryEntry(8, "IL", "Israel"),
    CountryEntry(9, "IR", "Iran"),
    CountryEntry(10, "GB", "United Kingdom"),
)
COUNTRY_ALIASES = tuple(
    AliasEntry(alias, n, kind)
    for alias, n, kind in (
        ("Syria", 1, "name"),
        ("Syrian", 1, "demonym"),
        ("Russia", 2, "name"),
        ("Russian", 2, "demonym"),
        ("China", 3, "name"),
        ("Chinese", 3, "demonym"),
        ("United States", 4, "name"),
        ("U.S.", 4, "alternative"),
        ("US", 4, "alternative"),
        ("American", 4, "demonym"),
        ("France", 5, "name"),
        ("French", 5, "demonym"),
        ("Sri Lanka", 7, "name"),
        ("Tel Aviv", 8, "city"),
        ("Iranian", 9, "demonym"),
        ("British", 10, "demonym"),
        ("South Korea", 6, "name"),
        ("South Korean", 6, "demonym"),
    )
)
ORGS = (OrganisationEntry(1, "un", "United Nations", "UN"),)
OFFICIALS = (
    OfficialEntry(
        1,
        "Walid Mouallem",
        ("Walid Mouallem", "Walid al-Moallem", "Walid Muallem"),
        "SY",
        (_appt(11, "Foreign Minister", "foreign_minister", "SY", start="2006-02-11", end="2020-11-16"),),
    ),
    OfficialEntry(
        2,
        "Kofi Annan",
        ("Kofi Annan",),
        "GH",
        (
            _appt(21, "UN Secretary-General", "secretary_general", org="un", start="1997-01-01", end="2006-12-31"),
            _appt(22, "UN–Arab League Envoy for Syria", "envoy", org="un", start="2012-02-23", end="2012-08-31"),
        ),
    ),
    OfficialEntry(
        3,
        "Bashar al-Assad",
        ("Bashar al-Assad", "Bashar Assad"),
        "SY",
        (_appt(31, "President", "head_of_state", "SY", start="2000-07-17", end="2024-12-08"),),
    ),
    OfficialEntry(
        4,
        "Vladimir Putin",
        ("Vladimir Putin",),
        "RU",
        (
            _appt(41, "Prime Minister", "head_of_government", "RU", start="2008-05-08", end="2012-05-07"),
            _appt(42, "President", "head_of_state", "RU", start="2012-05-07"),
        ),
    ),
    OfficialEntry(
        5,
        "Recep Tayyip Erdogan",
        ("Recep Tayyip Erdogan", "Tayyip Erdogan"),
        "TR",
        (_appt(51, "President", "head_of_state", "TR", start="2014-08-28"),),
    ),
    OfficialEntry(
        6,
        "Muammar Gaddafi",
        ("Muammar Gaddafi",),
        "LY",
        (_appt(61, "Leader", "head_of_state", "LY", start="1969-09-01", end="2011-10-20"),),
    ),
    OfficialEntry(
        7,
        "Hillary Clinton",
        ("Hillary Clinton",),
        "US",
        (_appt(71, "Secretary of State", "foreign_minister", "US", start="2009-01-21", end="2013-02-01"),),
    ),
    OfficialEntry(
        8,
        "Moon Jae-in",
        ("Moon Jae-in",),
        "KR",
        (_appt(81, "President", "head_of_state", "KR", start="2017-05-10", end="2022-05-09"),),
    ),
    # Two namesakes: the article's date and countries must choose.
    OfficialEntry(9, "Ali Hassan", ("Ali Hassan",), "SY", (_appt(91, "Minister", "minister", "SY", start="2010-01-01"),)),
    OfficialEntry(10, "Ali Hassan", ("Ali Hassan",), "FR", (_appt(101, "Mayor", "official", "FR", start="1990-01-01", end="1995-01-01"),)),
    # Reference names with a middle name, titles the press adds, legislators, a place as alias.
    OfficialEntry(11, "William Jefferson Hague", ("William Jefferson Hague",), "GB", (_appt(111, "Foreign Secretary", "foreign_minister", "GB", start="2010-05-12", end="2014-07-14"),)),
    OfficialEntry(12, "Ali Khamenei", ("Ali Khamenei",), "IR", (_appt(121, "Supreme Leader", "head_of_state", "IR", start="1989-06-04"),)),
    OfficialEntry(13, "Chuck Grassley", ("Chuck Grassley", "Charles Grassley"), "US", (_appt(131, "Senator from Iowa", "legislator", "US", start="1981-01-03"),)),
    OfficialEntry(14, "Jean Kerrow", ("Jean Kerrow", "Tel Aviv"), "FR", (_appt(141, "Minister", "minister", "FR", start="2010-01-01"),)),
    OfficialEntry(16, "Enrique Peña Nieto", ("Enrique Peña Nieto",), "MX", (_appt(161, "President", "head_of_state", "MX", start="2012-12-01", end="2018-11-30"),)),
    OfficialEntry(17, "Donald Beyer Jr", ("Donald Beyer Jr",), "US", (_appt(171, "Representative", "legislator", "US", start="2015-01-06"),)),
    OfficialEntry(18, "Jean Syrien", ("Jean Syrien",), "SY", (_appt(181, "President", "head_of_state", "SY", start="2024-12-09"),)),
    OfficialEntry(15, "Igor Sechkin", ("Igor Sechkin",), "RU", (_appt(151, "Deputy Prime Minister", "deputy_minister", "RU", start="2008-05-12", end="2012-05-21"),)),
)  # fmt: skip
GAZ = Gazetteer(
    countries=COUNTRIES,
    country_aliases=COUNTRY_ALIASES,
    organisations=ORGS,
    organisation_aliases=(
        AliasEntry("UN", 1, "abbreviation"),
        AliasEntry("U.N.", 1, "alternative"),
    ),
    officials=OFFICIALS,
    rejected_names=frozenset({name_key("Ivan Nobody")}),
)
INDEX = OfficialIndex.build(GAZ)
D2012 = date(2012, 4, 9)


def _run(text: str, *, title: str = "Talks go on", published=D2012, **kw):
    return extract_officials(ArticleText(title=title, body=text, published=published, **kw), INDEX)


def _summary(matches) -> list[tuple]:
    """Return (official id or candidate name, count, appointment, raw title) per match."""
    return [
        (m.official_id or m.candidate.name, m.count, m.appointment_id, m.raw_title) for m in matches
    ]


# {name, text, expected}: (official id | candidate name, count, appointment id, raw title)
CASES = [
    ("full name", "Walid Mouallem arrived in Moscow.", [(1, 1, 11, "")]),
    ("transliteration", "Walid Al-Mualem arrived.", [(1, 1, 11, "")]),
    ("alias without particle", "Bashar Assad spoke.", [(3, 1, 31, "")]),
    (
        "surname after full name counts",
        "Bashar al-Assad spoke. Later Assad left, and Assad's aides stayed.",
        [(3, 3, 31, "")],
    ),
    ("bare surname alone never counts", "Assad spoke to Putin.", []),
    (
        "surname before the full name does not count",
        "Assad spoke. Then Bashar Assad left.",
        [(3, 1, 31, "")],
    ),
    (
        "the text's title wins over the post held that day",
        "Russian President Vladimir Putin met envoys.",  # Prime Minister in April 2012
        [(4, 1, None, "President")],
    ),
    ("appointment on the date", "UN envoy Kofi Annan flew in.", [(2, 1, 22, "envoy")]),
    (
        "US title with of",
        "U.S. Secretary of State Hillary Clinton said so.",
        [(7, 1, 71, "Secretary of State")],
    ),
    (
        "appositive after a known name",
        "Walid Mouallem, Syria's foreign minister, said so.",
        [(1, 1, 11, "foreign minister")],
    ),
    (
        "unknown titled name becomes a candidate",
        "Russian Deputy Foreign Minister Gennady Gatilov said so. Gatilov added more.",
        [("Gennady Gatilov", 2, None, "Deputy Foreign Minister")],
    ),
    (
        "lower-case post between",
        "Chinese Foreign Ministry spokesman Liu Weimin told reporters.",
        [("Liu Weimin", 1, None, "Foreign Ministry spokesman")],
    ),
    (
        "post of country before the name",
        "The President of France, Emmanuel Macron, arrived.",
        [("Emmanuel Macron", 1, None, "President")],
    ),
    (
        "unknown name with appositive",
        "Jean Dupont, France's foreign minister, arrived.",
        [("Jean Dupont", 1, None, "foreign minister")],
    ),
    (
        "same unknown twice is one match",
        "French Foreign Minister Jean Dupont arrived. Later, Jean Dupont left.",
        [("Jean Dupont", 2, None, "Foreign Minister")],
    ),
    ("untitled unknown name is nobody", "Jean Dupont arrived in Paris.", []),
    ("rejected names are never proposed", "Russian Foreign Minister Ivan Nobody left.", []),
    (
        "weak post needs a nationality",
        "Opposition leader Omar Khalid spoke. Syrian army chief Rami Salem spoke.",
        [("Rami Salem", 1, None, "army chief")],
    ),
    ("analyst after the name", "said John Smith, an analyst at a think tank.", []),
    ("CEO before the name", "CEO Jane Roe said the talks were useful.", []),
    (
        "an analyst namesake blocks the later titled mention",
        "Walid Mouallem, a professor at a university, spoke.",
        [],
    ),
    (
        "titled surname on the date",
        "Prime Minister Putin spoke. President Assad too.",
        [(4, 1, 41, "Prime Minister"), (3, 1, 31, "President")],
    ),
    (
        "surname-first names",
        "South Korean President Moon Jae-in met Putin. Moon said talks went well.",
        [(8, 2, None, "President")],  # in 2012, years before his term: as written
    ),
    (
        "namesakes: the one in office on the date",
        "Ali Hassan said the plan would work.",
        [(9, 1, 91, "")],
    ),
    (
        "a shorter name joins the full name said before",
        "French Foreign Minister Jean Pierre Dupont arrived. Later Jean Dupont left.",
        [("Jean Pierre Dupont", 2, None, "Foreign Minister")],
    ),
    (
        "a key shared through vowels only is not the known name",
        "Defense Secretary Ala Hassen arrived.",
        [("Ala Hassen", 1, None, "Defense Secretary")],
    ),
    (
        "a weak post without a portfolio still needs a nationality",
        "Secretary Ala Hassen arrived.",
        [],
    ),
    (
        "plural post before a known name",
        "Presidents Bashar al-Assad of Syria and Omar Khalid of Nowhere met.",
        [(3, 1, 31, "Presidents")],
    ),
    (
        "military rank is a post",
        "The army spokesman, Senior Colonel Wu Dong, said so.",
        [("Wu Dong", 1, None, "Senior Colonel")],
    ),
    (
        "Said after bin is a family name, not a verb",
        "Syrian Foreign Minister Yusuf bin Said arrived.",
        [("Yusuf bin Said", 1, None, "Foreign Minister")],
    ),
    (
        "Ben as a given name",
        "Ben Carter, the American envoy, arrived.",
        [("Ben Carter", 1, None, "envoy")],
    ),
    (
        "appositive of five words",
        "Jean Dupont, White House deputy national security adviser, said so.",
        [("Jean Dupont", 1, None, "deputy national security adviser")],
    ),
    (
        "long-serving in a title",
        "Omar Haddad, the long-serving Syrian foreign minister, spoke.",
        [("Omar Haddad", 1, None, "long-serving foreign minister")],
    ),
    (
        "a post after an opening quote",
        "“President Jean Dupont will decide,” he said.",
        [("Jean Dupont", 1, None, "President")],
    ),
    (
        "a post at the end of the previous paragraph is not a title",
        "They met the new president\n\nJean Dupont, who writes, was there too.",
        [],
    ),
    (
        "photo credit is not a mention",
        "Leaders met (photo credit: REUTERS/Walid Mouallem) in Moscow.",
        [],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_officials_table(name, text, expected):
    assert _summary(_run(text)) == expected


# One person is one official; a candidate is a person's name. Published 2012-04-09.
PEOPLE = [
    ("an honorific between post and name", "Supreme Leader Ayatollah Ali Khamenei spoke.", [(12, 1, 121, "Supreme Leader")]),
    ("two honorifics", "Ayatollah Seyed Ali Khamenei spoke.", [(12, 1, 121, "")]),
    ("a middle name the press drops", "Foreign Secretary William Hague flew in.", [(11, 1, 111, "Foreign Secretary")]),
    ("words glued after a known name", "Sen. Chuck Grassley Charles (Chuck) Ernest GrassleyWhite House", [(13, 1, 131, "Sen.")]),
    ("a headline verb after a known name", "Sen. Chuck Grassley Arrives", [(13, 1, 131, "Sen.")]),
    ("a place is not a person", "Tel Aviv officials said so. President Sri Lanka said no.", []),
    ("a place is not a known person's alias", "Minister Tel Aviv spoke.", []),
    ("a fragment is not a candidate", "Syrian envoy Bashar Ja'afari spoke.", []),
    ("a headline verb is not a name", "Syrian envoy Omar Hamid Arrives", []),
    ("a candidate for office is no candidate official", "Republican candidate Jean Dupont spoke.", []),
    ("a legislator's party and state", "Rep. Jane Doe (D-N.Y.) and Eliot Roe (R-Ky.) spoke.",
     [("Jane Doe", 1, None, "Rep."), ("Eliot Roe", 1, None, "Member of Congress")]),
    ("a double surname alone", "President Pena Nieto spoke.", [(16, 1, None, "President")]),
    ("a non-state group's spokesman", "Taliban spokesman Omar Hamid said so.", []),
    ("a campaign's adviser", "Trump campaign foreign policy adviser Omar Hamid spoke.", []),
    ("a relative by the family name", "Senator Omar Hamid Jr. spoke.", []),
    ("a correction notice names nobody", "Talks went on.\n\nCORRECTION: An earlier version misnamed Minister Jean Dupont.", []),
    ("a middle initial is no acronym", "Sen. Jane Q. Doe spoke.", [("Jane Q. Doe", 1, None, "Sen.")]),
    ("a country of two words before a name", "U.S. Ambassador to the United Nations Jane Doe spoke.",
     [("Jane Doe", 1, None, "Ambassador to the United Nations")]),
    ("a titled surname's title must fit the post held", "Syrian Ambassador Mouallem spoke.", []),
    ("a party and state is no name", "Rep. R-New York spoke.", []),
    ("a post of a country's body, after the name", "Jean Dupont, director of France's civil aviation agency, said.",
     [("Jean Dupont", 1, None, "director")]),
    ("a head of a country's department", "French aviation department head Jean Dupont said.",
     [("Jean Dupont", 1, None, "aviation department head")]),
    ("a post for a body, then a comma", "It said so, a spokesman for the Foreign Ministry, Jean Dupont, said.",
     [("Jean Dupont", 1, None, "spokesman for the Foreign Ministry")]),
    ("a bare Representative sits in Congress", "Representative Jane Doe, a Democrat, said.", [("Jane Doe", 1, None, "Representative")]),
    ("a given name that is a stop word", "Chinese Vice Premier Liu He spoke. He left.", [("Liu He", 1, None, "Vice Premier")]),
    ("a short given name", "Foreign Secretary Bill Hague flew in.", [(11, 1, 111, "Foreign Secretary")]),
    ("a name cut before its particle", "President Jean Giscard d'Estaing spoke.", []),
    ("an analyst with a past rank", "Fox News military analyst retired Lt. Col. Jean Dupont said.", []),
    ("New Mexico is not Mexico", "Jean Dupont, the former New Mexico governor, said.", []),
    ("an inspector general is no general", "The Inspector General, Jean Dupont, said.", [("Jean Dupont", 1, None, "Inspector General")]),
    ("a repeated given name is cut", "Sen. Jane Doe Jane (Jane) Mary DoeWhite said.", [("Jane Doe", 1, None, "Sen.")]),
    ("a rank without its dot is no name", "Pentagon spokesman Col John Thomas said.", []),
    ("a company is no person", "French Defence Minister Dynamics Corp said.", []),
    ("a suffix is no surname", "Mr. Trump's son Donald Jr. said so.", []),
    ("a short form without the suffix", "Rep. Don Beyer said so.", [(17, 1, None, "Rep.")]),
    ("then- before a post", "It was then-Sen. Jane Doe who spoke.", [("Jane Doe", 1, None, "Sen.")]),
    ("an agency stands for its country", "Former FBI director Jean Dupont spoke.", [("Jean Dupont", 1, None, "director")]),
    ("a rank between post and name", "Pentagon spokesman Capt. Jean Dupont said so.", [("Jean Dupont", 1, None, "spokesman")]),
    ("a capitalised rank is a post", "General Jean Dupont said so; the general left.", [("Jean Dupont", 1, None, "General")]),
    ("a lower-case rank is not enough", "The general Jean Dupont said so.", []),
    ("the text's post wins over an ended one", "Rosneft president Igor Sechkin spoke.", [(15, 1, None, "president")]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "expected"), PEOPLE, ids=[c[0] for c in PEOPLE])
def test_one_person_one_official(name, text, expected):
    assert _summary(_run(text)) == expected


@pytest.mark.parametrize(
    ("text", "former", "kind", "country"),
    [
        ("It was then-Sen. Jane Doe who spoke.", True, "legislator", "US"),
        ("Former FBI director Jean Dupont spoke.", True, "official", "US"),
        ("White House press secretary Jean Dupont spoke.", False, "spokesperson", "US"),
        ("Chinese Vice Premier Jean Dupont spoke.", False, "deputy_minister", "CN"),
    ],
)
def test_titles_of_candidates(text, former, kind, country):
    (match,) = _run(text)
    assert (match.former, match.candidate.post_kind, match.candidate.country) == (
        former,
        kind,
        country,
    )


def test_candidates_keep_the_title_the_text_gives():
    (match,) = _run("Iranian Foreign Ministry spokesman Hamid Rezaei spoke.")
    assert match.raw_title == "Foreign Ministry spokesman"
    assert match.candidate.post == "Foreign Ministry spokesman"
    assert (match.candidate.country, match.candidate.post_kind) == ("IR", "spokesperson")


def test_legislators_are_us_by_their_title():
    (match,) = _run("Sen. Jane Doe spoke.")
    assert (match.candidate.country, match.candidate.post_kind) == ("US", "legislator")


HEADLINES = [
    (
        "title case yields no invented names",
        "Russia, China Increase Push To End Violence",
        "Talks.",
        [],
    ),
    (
        "surnames in a title case headline need full names",
        "Putin Meets Erdogan In Sochi",
        "They met.",
        [],
    ),
    (
        "headline surnames count once the body names them",
        "Putin Meets Erdogan In Sochi",
        "Vladimir Putin met Tayyip Erdogan.",
        [(4, 2, 41, ""), (5, 2, None, "")],  # no post before 2014
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "text", "expected"), HEADLINES, ids=[c[0] for c in HEADLINES]
)
def test_headlines(name, title, text, expected):
    assert _summary(_run(text, title=title)) == expected


def test_byline_authors_are_not_officials():
    text = "French Foreign Minister Jean Dupont met Walid Mouallem."
    matches = _run(text, byline="By Jean Dupont", authors=("Walid Mouallem",))
    assert _summary(matches) == []


def test_candidate_proposal_fields():
    (match,) = _run("Chinese Foreign Ministry spokesman Liu Weimin said so.")
    assert match.official_id is None and match.raw_name == "Liu Weimin"
    assert match.candidate.post_kind == "spokesperson" and match.candidate.country == "CN"
    (match,) = _run("UN envoy Omar Khalid said so.")
    assert (match.candidate.organisation, match.candidate.post_kind) == ("un", "envoy")


def test_evidence_offsets_and_focus():
    article = ArticleText(
        title="Syrian FM in Moscow",
        lede="Talks resume.",
        body="Syrian Foreign Minister Walid Mouallem met Hillary Clinton.",
        published=D2012,
    )
    matches = {m.official_id: m for m in extract_officials(article, INDEX)}
    for match in matches.values():
        for ev in match.evidence:
            assert article.full_text[ev.start : ev.start + len(ev.text)] == ev.text
            assert ev.field == "body"
    assert matches[1].is_focus  # "Syrian FM" in the title names his post
    assert not matches[7].is_focus


def test_country_context_breaks_ties():
    article = ArticleText(title="x", body="Ali Hassan spoke.", published=date(1993, 1, 1))
    (match,) = extract_officials(article, INDEX, countries=(EntityMatch(5, 1, 0, ()),))
    assert match.official_id == 10


def _titled(title: str, country: str | None = None) -> Mention:
    return Mention("x", "x", 0, "body", title=title, post=title.split()[-1] if title else "",
                   kind=post_kind(title) if title else "", country=country)  # fmt: skip


# (official, day, title as written, former cue) -> (appointment id or None, former)
@pytest.mark.parametrize(
    ("official", "day", "title", "cue", "expected"),
    [
        (1, date(2012, 4, 9), "", False, (22, False)),  # the post held that day
        (1, date(2012, 4, 9), "Secretary-General", False, (None, False)),  # envoy that day
        (1, None, "Secretary-General", False, (None, False)),  # undated: the text's title only
        (1, None, "", True, (None, True)),
        (1, date(2020, 1, 1), "", False, (22, True)),  # nothing held that day: the last, former
        (1, date(2020, 1, 1), "former", True, (22, True)),
        (1, date(2012, 4, 9), "former UN chief", True, (21, True)),  # the ended post
        (6, date(2005, 1, 1), "former Secretary of State", True, (None, True)),  # not yet held
        (6, date(2016, 8, 1), "former Secretary of State", True, (71, True)),
        (6, date(2016, 8, 1), "", False, (71, True)),  # Clinton in 2016: no longer in office
        (6, date(2016, 8, 1), "Democratic presidential candidate", False, (None, False)),
        (3, date(2019, 1, 1), "Prime Minister", False, (None, False)),  # the text's post wins
        (3, date(2019, 1, 1), "President", False, (42, False)),
        (3, date(2010, 1, 1), "President", False, (None, False)),  # PM that day: as written
        (3, date(2010, 1, 1), "", False, (41, False)),
        (3, date(2010, 1, 1), "French President", False, (None, False)),  # another country
    ],
)
def test_post_held(official, day, title, cue, expected):
    appointment, former = post_held(OFFICIALS[official], day, _titled(title), former=cue)
    assert (appointment.id if appointment else None, former) == expected


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Deputy Foreign Minister", "deputy_minister"),
        ("Foreign Ministry spokesman", "spokesperson"),
        ("Secretary of State", "foreign_minister"),
        ("FM", "foreign_minister"),
        ("Prime Minister", "head_of_government"),
        ("President", "head_of_state"),
        ("envoy", "envoy"),
        ("Ambassador to the UN", "ambassador"),
        ("Secretary-General", "secretary_general"),
        ("Defence Minister", "minister"),
        ("Pope", "head_of_state"),
        ("Sen.", "legislator"),
        ("Rep.", "legislator"),
        ("Representative", "legislator"),
        ("Special Representative", "envoy"),
        ("Conservative MP", "legislator"),
        ("House Speaker", "legislator"),
        ("Senate Majority Leader", "legislator"),
        ("Attorney General", "official"),
        ("Director General", "official"),
        ("Lt. Gen.", "military"),
        ("Navy Adm.", "military"),
        ("Quds Force commander", "military"),
        ("army chief", "military"),
        ("Republican presidential nominee", "candidate"),
        ("President-elect", "candidate"),
        ("Gov.", "official"),
        ("Mayor", "official"),
        ("diplomat", "envoy"),
    ],
)
def test_post_kind(title, kind):
    assert post_kind(title) == kind


def test_index_pickles():
    assert pickle.loads(pickle.dumps(INDEX)).full_keys == INDEX.full_keys


@pytest.fixture(scope="module")
def full_index():
    return OfficialIndex.build(gazetteer_from_files())


def test_seed(full_index):
    seed = shared_path("seeds", "000_6137c64db4d1fcfb.txt")
    from articles.ingest.parse import parse_document
    from articles.ingest.types import RawDocument

    parsed = parse_document(
        RawDocument(origin="seed", external_id="seed", format="txt", raw=b"", text=seed.read_text())
    )
    article = ArticleText(
        title=parsed.title,
        lede=parsed.lede,
        body=parsed.body,
        published=parsed.published_at.date() if parsed.published_at else None,
    )
    found = {}
    for m in extract_officials(article, full_index):
        entry = full_index.officials[m.official_id] if m.official_id else None
        post = next(a.post for a in entry.appointments if a.id == m.appointment_id) if entry else ""
        found[entry.name if entry else m.raw_name] = (m.raw_title, post)
    assert found == {
        "Walid Mouallem": ("Foreign Minister", "Foreign Minister"),
        "Gennady Gatilov": ("Deputy Foreign Minister", "Deputy Foreign Minister"),
        "Liu Weimin": ("Foreign Ministry spokesman", "Foreign Ministry Spokesperson"),
        "Bashar al-Assad": ("President", "President"),
        "Kofi Annan": ("mediator", "UN–Arab League Joint Special Envoy for Syria"),
    }


@pytest.mark.corpus
def test_real_articles(full_index):
    """Real articles go through without error and name officials (speed: the bench)."""
    corpus = shared_path("corpus", "allsides-diplomatic.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(300), handle, strict=False)]
    articles = [
        ArticleText(title=r.get("title") or "", body=r.get("content_original") or "") for r in rows
    ]
    found = [m for article in articles for m in extract_officials(article, full_index)]
    assert sum(m.official_id is not None for m in found) > 100


# (name, text, day, [(official id or candidate name, former)])
FORMER = [
    ("former, no post on the date", "Former UN chief Kofi Annan visited Accra.", "2015-05-01", [(2, True)]),
    ("the late", "Tributes poured in for the late Kofi Annan.", "2018-08-20", [(2, True)]),
    ("no qualifier, no post that day: former by the dates", "Kofi Annan visited Accra.", "2015-05-01", [(2, True)]),
    ("post held on the date wins", "Former envoy Kofi Annan, now mediator, spoke.", "2012-04-09", [(2, True)]),
    (
        "former in the first titled mention, bare name later",
        "Former UN chief Kofi Annan visited Accra. Kofi Annan smiled.",
        "2015-05-01",
        [(2, True)],
    ),
    ("then", "The then UN envoy Kofi Annan spoke.", "2015-05-01", [(2, True)]),
    ("then-", "Then-Secretary of State Hillary Clinton spoke.", "2015-05-01", [(7, True)]),
    ("ousted", "Ousted Libyan leader Muammar Gaddafi fled.", "2012-04-09", [(6, True)]),
    (
        "former in an earlier sentence does not count",
        "They used a former base. Secretary of State Hillary Clinton spoke.",
        "2012-05-01",
        [(7, False)],
    ),
    ("former others are not the name's", "Some former US officials said President Bashar al-Assad lied.", "2012-05-01", [(3, False)]),
    ("later is not late", "Later President Bashar al-Assad spoke.", "2012-05-01", [(3, False)]),
    (
        "a former candidate keeps its title",
        "Former French Foreign Minister Jean Dupont spoke.",
        "2015-05-01",
        [("Jean Dupont", True)],
    ),
    ("a former title names the ended post", "Kofi Annan spoke. Former chief Kofi Annan smiled.", "2012-05-01", [(2, True)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "day", "expected"), FORMER, ids=[c[0] for c in FORMER])
def test_former_office_holders_are_tagged_as_former(name, text, day, expected):
    matches = _run(text, published=date.fromisoformat(day))
    assert [(m.official_id or m.candidate.name, m.former) for m in matches] == expected


def test_honorific_surname_needs_a_post_on_the_date_and_the_country_in_context():
    from articles.extract.types import EntityMatch

    text = "Walid Mouallem is not named here. Mr. Assad said on Monday that talks would go on."
    syria = EntityMatch(
        entity_id=next(iter(INDEX.country_iso)), count=1, first_offset=0, evidence=()
    )
    without_context = extract_officials(ArticleText(title="t", body=text, published=D2012), INDEX)
    assert 3 not in [m.official_id for m in without_context]
    sy_id = next(i for i, iso in INDEX.country_iso.items() if iso == "SY")
    syria = EntityMatch(entity_id=sy_id, count=1, first_offset=0, evidence=())
    with_context = extract_officials(
        ArticleText(title="t", body=text, published=D2012), INDEX, countries=(syria,)
    )
    assert 3 in [m.official_id for m in with_context]


def test_confirmed_officials_outrank_candidates():
    """A candidate an import proposed (undated post) never hides the confirmed official."""
    candidates = (
        OfficialEntry(
            90, "Vladimir Putin Putin", ("Vladimir Putin Putin",), "RU",
            (_appt(901, "President", "head_of_state", "RU"),), status="candidate",
        ),
        OfficialEntry(
            91, "Vladimir Putin", ("Vladimir Putin",), "RU",
            (_appt(911, "President", "head_of_state", "RU"),), status="candidate",
        ),
    )  # fmt: skip
    index = OfficialIndex.build(
        Gazetteer(
            countries=COUNTRIES,
            country_aliases=COUNTRY_ALIASES,
            officials=(*candidates, *OFFICIALS),
        )
    )
    text = "Vladimir Putin spoke. Later, Russian President Putin left."
    matches = extract_officials(
        ArticleText(title="t", body=text, published=date(2016, 1, 1)), index
    )
    assert [(m.official_id, m.count) for m in matches] == [(4, 2)]
    titled = "President Putin spoke on Monday."
    matches = extract_officials(
        ArticleText(title="t", body=titled, published=date(2016, 1, 1)), index
    )
    assert [m.official_id for m in matches] == [4]


@pytest.mark.parametrize(
    "text",
    [
        "Bashar al-Assad met Sheikh Tamim. Abdel Fattah el-Sissi did not.",
        "Bashar Assad met Sheikh Tamim. Abdel Fattah Sissi did not; a long-awaited visit.",
        "ash-Shara and ad-Dawla, as-Sabah: then Mr. Smith spoke with the U.S. envoy",
    ],
)
def test_name_sequences_are_those_of_the_full_pattern(text):
    """Texts without "al-", "el-" ... are scanned by a faster pattern: same sequences."""
    from articles.extract.posts import names

    assert [m.span() for m in names._sequence_pattern(text).finditer(text)] == [
        m.span() for m in names.NAME_SEQ_RE.finditer(text)
    ]


@pytest.mark.parametrize(
    "text",
    ["", "  ", "UN-Arab League envoy", "the Syrian\u00a0foreign\tminister,\n", "long-time UN-Led"],
)
@pytest.mark.parametrize("last", [None, 1, 5, 6])
def test_split_words_splits_like_the_word_pattern(text, last):
    from articles.extract.posts import names

    words = [w for w in names._WORD_SPLIT_RE.split(text) if w]
    assert names._split_words(text, last=last) == (words[-last:] if last else words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Walid al-Moallem", "walid al moallem"),
        ("WALID_MUALEM", "walid mualem"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Iİı", "iii"),
        ("  O'Brien -- Jr.  ", "o brien jr"),
        ("", ""),
    ],
)
def test_fold_ascii_and_accented(text, expected):
    from articles.extract.normalize import fold

    assert fold(text) == expected


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (("Gaddafi", "Qaddafi", "Kadhafi"), True),
        (("Walid al-Moallem", "Walid Muallem", "WALID_MUALEM"), True),
        (("Khamenei", "Hamenei"), False),
        (("Sharif", "Shareef"), True),
        (("Mouallem", "Muallem"), True),
        (("Adil Abd al-Mahdi", "Adil Abdul Mahdi", "Adel Abdel Mahdi"), True),
        (("Abd Rabbuh", "Abdul Rabbuh"), False),  # no particle: "Abd" stays a word
    ],
)
def test_name_key_transliteration_variants(names, same):
    assert (len({name_key(n) for n in names}) == 1) is same


@pytest.mark.parametrize(
    ("start", "end", "known_until", "day", "covered"),
    [
        (None, None, None, "2020-01-01", True),  # nothing dates it: open
        ("2010-01-01", None, None, "2009-12-31", False),
        ("2010-01-01", "2012-05-21", None, "2012-05-21", True),
        ("2010-01-01", "2012-05-21", None, "2012-05-22", False),
        ("2008-05-12", None, "2012-01-16", "2012-12-31", True),  # within a year of evidence
        ("2008-05-12", None, "2012-01-16", "2014-03-01", False),  # not stretched to today
        ("2008-05-12", "2013-01-01", "2012-01-16", "2012-12-31", True),  # an end wins
    ],
)
def test_term_covers(start, end, known_until, day, covered):
    parse = lambda s: date.fromisoformat(s) if s else None  # noqa: E731
    assert term_covers(parse(start), parse(end), parse(known_until), parse(day)) is covered


def test_a_term_known_only_until_a_date_is_no_post_years_later():
    sechin = OfficialEntry(
        50, "Igor Sechkin", ("Igor Sechkin",), "RU",
        (AppointmentEntry(501, "Deputy Prime Minister", "deputy_minister", "RU", None,
                          date(2008, 5, 12), None, known_until=date(2012, 1, 16)),),
    )  # fmt: skip
    assert post_held(sechin, date(2014, 3, 1), _titled("")) == (None, False)
    assert post_held(sechin, date(2011, 3, 1), _titled(""))[0].id == 501


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        ((EntityMatch(2, 3, 0, (), is_focus=True),), [("Jean Dupont", "RU")]),  # about Russia
        ((EntityMatch(2, 3, 0, ()),), [("Jean Dupont", "RU")]),  # the one country named
        ((EntityMatch(2, 3, 0, ()), EntityMatch(5, 1, 0, ())), []),  # two: whose governor?
        ((), []),
    ],
)
def test_a_public_office_takes_the_country_the_article_is_about(countries, expected):
    article = ArticleText(title="x", body="Regional governor Jean Dupont said so.", published=D2012)
    matches = extract_officials(article, INDEX, countries=countries)
    assert [(m.raw_name, m.candidate.country) for m in matches] == expected


def test_a_military_rank_needs_no_country():
    (match,) = _run("Retired Gen. Jean Dupont said so.")
    assert (match.candidate.post_kind, match.former) == ("military", True)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("Critics say Putin's conduct backfired. Later Putin said no.", "2012-06-01", [(4, 2, 42)]),
        ("Critics say Putin's conduct backfired.", "2012-06-01", []),  # once: not enough
        (
            "Critics say Mouallem's move backfired. Mouallem said no.",
            "2021-06-01",
            [],
        ),  # out of office
        ("They met Annan's aides. Annan said no.", "2012-06-01", []),  # an envoy: not a leader
        ("Critics say Assad's move backfired. Assad said no.", "2025-06-01", []),  # former
        ("The Assad administration said no. The Assad government agreed.", "2025-06-01", []),
    ],
)
def test_a_leader_in_office_named_by_surname_alone(text, day, expected):
    matches = _run(text, published=date.fromisoformat(day))
    assert [(m.official_id, m.count, m.appointment_id) for m in matches] == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Another held the post that day: the titled post had ended, former.
        ("Syrian President Bashar al-Assad spoke.", "2025-06-01", (31, True)),
        # No successor known: the text's title as written, not former (the reference may
        # miss a term).
        ("Libyan President Muammar Gaddafi spoke.", "2013-06-01", (None, False)),
        # No title: the dates decide.
        ("Muammar Gaddafi spoke.", "2013-06-01", (61, True)),
    ],
)
def test_a_titled_post_is_former_only_when_another_held_it(text, day, expected):
    (match,) = _run(text, published=date.fromisoformat(day))
    assert (match.appointment_id, match.former) == expected
