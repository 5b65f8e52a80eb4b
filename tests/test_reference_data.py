"""Tests over the generated gazetteer files in ``articles/data/`` (pure: no database).

They check the facts the rest of the app relies on (press names, ambiguity flags,
officials merged across sources, dated appointments) and that the committed files are
exactly what ``scripts/build_reference.py`` (the ``scripts/reference_build`` package)
produces from ``../shared/reference``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from scripts.reference_build.build import build
from scripts.reference_build.countries import COUNTRYINFO_FILE, FORMER_NAMES, countryinfo_blocks
from scripts.reference_build.merge import merge_records
from scripts.reference_build.names import abd_variants, name_marks, name_tokens
from scripts.reference_build.posts import classify_post
from scripts.reference_build.records import Appointment, Record
from scripts.reference_build.short_forms import add_short_forms, short_form
from scripts.reference_build.sources.countryinfo import plural_title
from scripts.reference_build.sources.us_congress import read_us_congress, us_names, us_post
from scripts.reference_build.terms import close_open_terms

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = REPO_ROOT / "articles" / "data"
REFERENCE = REPO_ROOT.parent / "shared" / "reference"
FILES = ("countries.json", "organisations.json", "officials.jsonl", "topics.json")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
POST_KINDS = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "minister",
    "deputy_minister",
    "ambassador",
    "envoy",
    "spokesperson",
    "secretary_general",
    "legislator",
    "military",
    "official",
    "other",
}


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    return json.loads((DATA / "countries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_iso(countries) -> dict[str, dict]:
    return {c["iso2"]: c for c in countries}


@pytest.fixture(scope="module")
def organisations() -> list[dict]:
    return json.loads((DATA / "organisations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def officials() -> list[dict]:
    lines = (DATA / "officials.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def by_key(officials) -> dict[str, dict]:
    return {o["key"]: o for o in officials}


@pytest.fixture(scope="module")
def topics() -> list[dict]:
    return json.loads((DATA / "topics.json").read_text(encoding="utf-8"))


def find_alias(country: dict, text: str) -> dict | None:
    return next((a for a in country["aliases"] if a["alias"] == text), None)


# ----------------------------------------------------------------------------- countries


def test_countries_cover_iso_and_extras(countries, by_iso):
    assert [c["iso2"] for c in countries] == sorted(c["iso2"] for c in countries)
    assert len(by_iso) == len(countries) >= 250
    for code in ("XK", "PS", "TW", "VA", "SY", "RU", "US", "GB", "CD", "CG", "KP", "KR"):
        assert code in by_iso
    for country in countries:
        assert re.fullmatch(r"[A-Z]{2}", country["iso2"])
        assert re.fullmatch(r"[A-Z]{3}", country["iso3"])
        assert country["slug"] == re.sub(r"[^a-z0-9]+", "-", country["slug"]).strip("-")
        assert country["name"] and country["region"] is not None


def test_each_country_has_exactly_one_name_matching_its_name(countries):
    for country in countries:
        names = [a for a in country["aliases"] if a["kind"] == "name"]
        assert len(names) == 1, country["iso2"]
        assert names[0]["alias"] == country["name"]


def test_aliases_nonempty_unique_per_country_and_kinds_valid(countries):
    for country in countries:
        seen = Counter(a["alias"].casefold() for a in country["aliases"])
        assert all(n == 1 for n in seen.values()), (country["iso2"], seen.most_common(3))
        for entry in country["aliases"]:
            assert entry["alias"].strip() == entry["alias"] != ""
            assert entry["kind"] in {"name", "alternative", "demonym", "capital", "city"}
            assert isinstance(entry["ambiguous"], bool)
        # At most eight cities, and the former names of cities ("Madras") beyond them.
        former = len(FORMER_NAMES.get("city", {}).get(country["iso2"], []))
        assert sum(a["kind"] == "city" for a in country["aliases"]) <= 8 + former


def test_shared_aliases_are_ambiguous_everywhere(countries):
    owners = defaultdict(list)
    for country in countries:
        for entry in country["aliases"]:
            owners[entry["alias"].casefold()].append(entry)
    for alias, entries in owners.items():
        if len(entries) > 1:
            assert all(e["ambiguous"] for e in entries), alias


@pytest.mark.parametrize(
    ("iso2", "alias", "kind", "ambiguous"),
    [
        ("SY", "Syria", "name", False),
        ("SY", "Syrian Arab Republic", "alternative", False),
        ("SY", "Syrian", "demonym", False),
        ("SY", "Syrians", "demonym", False),
        ("SY", "Damascus", "capital", False),
        ("SY", "Aleppo", "city", False),
        ("SY", "Homs", "city", False),
        ("RU", "Russia", "name", False),
        ("GB", "Britain", "name", False),
        ("GB", "United Kingdom", "alternative", False),
        ("GB", "UK", "alternative", False),
        ("GB", "British", "demonym", False),
        ("GB", "Britons", "demonym", False),
        ("MM", "Myanmar", "name", False),
        ("MM", "Burma", "alternative", False),
        ("KP", "North Korea", "name", False),
        ("KP", "DPRK", "alternative", False),
        ("KP", "Democratic People's Republic of Korea", "alternative", False),
        ("KR", "South Korea", "name", False),
        ("KR", "Republic of Korea", "alternative", False),
        ("KR", "Korea", "alternative", True),
        ("KR", "Korean", "demonym", True),
        ("KP", "Korean", "demonym", True),
        ("CI", "Ivory Coast", "name", False),
        ("CI", "Côte d'Ivoire", "alternative", False),
        ("CI", "Cote d'Ivoire", "alternative", False),
        ("CZ", "Czech Republic", "name", False),
        ("CZ", "Czechia", "alternative", False),
        ("TR", "Turkey", "name", True),
        ("TR", "Türkiye", "alternative", False),
        ("IR", "Iran", "name", False),
        ("LA", "Laos", "name", False),
        ("VN", "Vietnam", "name", False),
        ("BO", "Bolivia", "name", False),
        ("VE", "Venezuela", "name", False),
        ("TZ", "Tanzania", "name", False),
        ("MD", "Moldova", "name", False),
        ("MK", "North Macedonia", "name", False),
        ("MK", "Macedonia", "alternative", True),
        ("SZ", "Eswatini", "name", False),
        ("SZ", "Swaziland", "alternative", False),
        ("TL", "East Timor", "name", False),
        ("TL", "Timor-Leste", "alternative", False),
        ("CV", "Cape Verde", "name", False),
        ("CV", "Cabo Verde", "alternative", False),
        ("VA", "Vatican", "name", False),
        ("US", "United States", "name", False),
        ("US", "US", "alternative", True),
        ("US", "U.S.", "alternative", False),
        ("US", "USA", "alternative", False),
        ("US", "America", "alternative", True),
        ("US", "American", "demonym", False),
        ("US", "Americans", "demonym", False),
        ("US", "Washington", "capital", True),
        ("AE", "UAE", "alternative", False),
        ("AE", "Emirati", "demonym", False),
        ("CD", "DR Congo", "name", False),
        ("CD", "DRC", "alternative", False),
        ("CD", "Democratic Republic of the Congo", "alternative", False),
        ("CD", "Congo-Kinshasa", "alternative", False),
        ("CD", "Congolese", "demonym", True),
        ("CG", "Republic of the Congo", "name", False),
        ("CG", "Congo-Brazzaville", "alternative", False),
        ("CG", "Congo", "alternative", True),
        ("CG", "Congolese", "demonym", True),
        ("UA", "Crimea", "city", False),
        ("PS", "Gaza", "city", False),
        ("LY", "Benghazi", "city", False),
        ("IQ", "Mosul", "city", False),
        ("AF", "Kandahar", "city", False),
        ("GE", "Georgia", "name", True),
        ("JO", "Jordan", "name", True),
        ("TD", "Chad", "name", True),
        ("NE", "Niger", "name", True),
        ("GN", "Guinea", "name", True),
        ("DM", "Dominica", "name", True),
        ("JE", "Jersey", "name", True),
        ("SC", "Victoria", "capital", True),
        ("JM", "Kingston", "capital", True),
        ("ML", "Mali", "name", False),
        ("SD", "Sudan", "name", False),
        ("PA", "Panama", "name", False),
        ("CL", "Chile", "name", False),
        ("XK", "Kosovo", "name", False),
        ("TW", "Taiwan", "name", False),
        ("PS", "Palestine", "name", False),
        # Former names and spellings readers still type.
        ("UA", "Kiev", "capital", False),
        ("CN", "Peking", "capital", False),
        ("IN", "Madras", "city", False),
        ("IN", "Bombay", "city", False),
        ("LK", "Ceylon", "alternative", False),
        ("CD", "Zaire", "alternative", False),
        ("CD", "Zaïre", "alternative", False),
        ("TH", "Siam", "alternative", False),
        ("KZ", "Alma-Ata", "capital", False),
    ],
)
def test_required_country_aliases(by_iso, iso2, alias, kind, ambiguous):
    entry = find_alias(by_iso[iso2], alias)
    assert entry is not None, f"{alias!r} missing from {iso2}"
    assert entry["kind"] == kind
    assert entry["ambiguous"] is ambiguous


def test_no_supranational_demonyms_or_vague_aliases(countries):
    banned = {"arab", "western", "jewish", "european", "african", "asian", "latin", "gulf states"}
    for country in countries:
        for entry in country["aliases"]:
            assert entry["alias"].casefold() not in banned, (country["iso2"], entry["alias"])


# ------------------------------------------------------------------------- organisations


def test_organisations(organisations):
    slugs = [o["slug"] for o in organisations]
    assert slugs == sorted(slugs) and len(set(slugs)) == len(slugs)
    assert len(organisations) >= 40
    required = {
        "un", "un-security-council", "un-general-assembly", "un-human-rights-council", "unhcr",
        "unicef", "who", "wfp", "unesco", "eu", "european-commission", "european-parliament",
        "nato", "arab-league", "african-union", "asean", "opec", "iaea", "wto", "imf",
        "world-bank", "g7", "g8", "g20", "gcc", "osce", "brics", "sco", "oas", "oic", "ecowas",
        "commonwealth", "council-of-europe", "icc", "icj", "interpol", "oecd", "cis", "csto",
        "eaeu", "mercosur", "saarc", "apec", "opcw", "unrwa", "undp",
    }  # fmt: skip
    assert required <= set(slugs)
    banned = {"the council", "the bloc", "the union"}
    for org in organisations:
        kinds = Counter(a["kind"] for a in org["aliases"])
        assert kinds["name"] == 1 and set(kinds) <= {"name", "alternative", "abbreviation"}
        texts = [a["alias"].casefold() for a in org["aliases"]]
        assert len(texts) == len(set(texts)) and all(texts)
        assert not banned & set(texts)


@pytest.mark.parametrize(
    ("slug", "alias", "kind", "ambiguous"),
    [
        ("un", "United Nations", "name", False),
        ("un", "UN", "abbreviation", False),
        ("un", "U.N.", "abbreviation", False),
        ("eu", "European Union", "name", False),
        ("eu", "EU", "abbreviation", False),
        ("eu", "E.U.", "abbreviation", False),
        ("un-security-council", "UN Security Council", "name", False),
        ("un-security-council", "United Nations Security Council", "alternative", False),
        ("un-security-council", "Security Council", "alternative", True),
        ("un-security-council", "UNSC", "abbreviation", False),
        ("arab-league", "League of Arab States", "alternative", False),
        ("gcc", "Gulf Cooperation Council", "name", False),
        ("sco", "Shanghai Cooperation Organisation", "name", False),
        ("icc", "International Criminal Court", "name", False),
    ],
)
def test_required_organisation_aliases(organisations, slug, alias, kind, ambiguous):
    org = next(o for o in organisations if o["slug"] == slug)
    entry = next((a for a in org["aliases"] if a["alias"] == alias), None)
    assert entry is not None, f"{alias!r} missing from {slug}"
    assert (entry["kind"], entry["ambiguous"]) == (kind, ambiguous)


# ----------------------------------------------------------------------------- officials


def test_officials_shape(officials, by_iso, organisations):
    assert len(officials) >= 5000
    keys = [o["key"] for o in officials]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    org_slugs = {o["slug"] for o in organisations}
    for official in officials:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", official["key"])
        assert official["name"] and official["name"] != official["name"].upper()
        assert official["nationality"] is None or official["nationality"] in by_iso
        assert official["appointments"], official["key"]
        aliases = [a.casefold() for a in official["aliases"]]
        assert all(a.strip() for a in aliases) and len(aliases) == len(set(aliases))
        for appt in official["appointments"]:
            assert appt["post"] and appt["post_kind"] in POST_KINDS
            assert (appt["country"] is None) != (appt["organisation"] is None)
            assert appt["country"] is None or appt["country"] in by_iso
            assert appt["organisation"] is None or appt["organisation"] in org_slugs
            for bound in (appt["start"], appt["end"], appt["known_until"]):
                assert bound is None or ISO_DATE.match(bound)
            assert appt["sources"] and set(appt["sources"]) <= set(official["sources"])


def test_end_never_before_start(officials):
    for official in officials:
        for appt in official["appointments"]:
            if appt["start"] and appt["end"]:
                assert appt["end"] >= appt["start"], (official["key"], appt)


def test_known_until_dates_open_terms_only(officials):
    open_terms = [a for o in officials for a in o["appointments"] if a["end"] is None]
    assert open_terms
    for official in officials:
        for appt in official["appointments"]:
            if appt["end"] is not None:
                assert appt["known_until"] is None, (official["key"], appt)
            elif appt["known_until"] and appt["start"]:
                assert appt["known_until"] >= appt["start"], (official["key"], appt)
    # Every source dates what it lists as open (its coverage date): none is left undated.
    assert all(a["known_until"] for a in open_terms)


def test_no_overlapping_appointments_for_the_same_post(officials):
    for official in officials:
        by_post = defaultdict(list)
        for appt in official["appointments"]:
            by_post[(appt["post"], appt["country"], appt["organisation"])].append(appt)
        for post, appts in by_post.items():
            for i, a in enumerate(appts):
                for b in appts[i + 1 :]:
                    # An open term claims the post until its known_until; unknown bounds
                    # are open; handing over on the same day is not overlap.
                    a_end, b_end = (x["end"] or x["known_until"] or "9999" for x in (a, b))
                    overlap = (a["start"] or "0000") < b_end and (b["start"] or "0000") < a_end
                    assert not overlap, (official["key"], post, a, b)


def posts_of(official: dict) -> set[tuple]:
    return {(a["post_kind"], a["country"] or a["organisation"]) for a in official["appointments"]}


def test_walid_mouallem_variants_are_one_official(officials, by_key):
    walid = by_key["walid-mouallem"]
    assert walid["name"] == "Walid Mouallem" and walid["nationality"] == "SY"
    for variant in ("Walid Mouallem", "Walid al-Moallem", "Walid Muallem", "Walid al-Muallem"):
        assert variant in walid["aliases"]
        holders = [o["key"] for o in officials if variant in o["aliases"]]
        assert holders == ["walid-mouallem"], variant
    fm = [a for a in walid["appointments"] if a["post_kind"] == "foreign_minister"]
    assert len(fm) == 1 and fm[0]["country"] == "SY" and fm[0]["start"] == "2006-02-11"
    assert {"phoenix", "un-speakers"} <= set(fm[0]["sources"])


def appointment(official: dict, kind: str, where: str, start_year: str) -> dict:
    matches = [
        a
        for a in official["appointments"]
        if a["post_kind"] == kind
        and where in (a["country"], a["organisation"])
        and (a["start"] or "").startswith(start_year)
    ]
    assert matches, (official["key"], kind, where, start_year)
    return matches[0]


def test_required_officials(by_key):
    assert appointment(by_key["bashar-al-assad"], "head_of_state", "SY", "2000")["start"] == (
        "2000-07-17"
    )
    putin = by_key["vladimir-putin"]
    assert appointment(putin, "head_of_state", "RU", "2000")["end"].startswith("2008")
    assert appointment(putin, "head_of_state", "RU", "2012")
    assert appointment(putin, "head_of_government", "RU", "1999")
    assert appointment(putin, "head_of_government", "RU", "2008")["end"].startswith("2012")
    assert appointment(by_key["sergey-lavrov"], "foreign_minister", "RU", "2004")
    assert appointment(by_key["gennady-gatilov"], "deputy_minister", "RU", "2011")
    assert appointment(by_key["liu-weimin"], "spokesperson", "CN", "2011")
    assert ("spokesperson", "CN") in posts_of(by_key["hua-chunying"])
    annan = by_key["kofi-annan"]
    sg = appointment(annan, "secretary_general", "un", "1997")
    assert (sg["start"], sg["end"]) == ("1997-01-01", "2006-12-31")
    envoy = appointment(annan, "envoy", "un", "2012")
    assert (envoy["start"], envoy["end"]) == ("2012-02-23", "2012-08-31")
    assert envoy["post"] == "UN–Arab League Joint Special Envoy for Syria"
    ban = appointment(by_key["ban-ki-moon"], "secretary_general", "un", "2007")
    assert ban["end"].startswith("2016")
    assert appointment(by_key["antonio-guterres"], "secretary_general", "un", "2017")
    assert appointment(by_key["barack-obama"], "head_of_state", "US", "2009")
    clinton = appointment(by_key["hillary-clinton"], "foreign_minister", "US", "2009")
    assert clinton["end"].startswith("2013")
    assert appointment(by_key["john-kerry"], "foreign_minister", "US", "2013")
    erdogan = by_key["recep-tayyip-erdogan"]
    assert "Recep Tayyip Erdoğan" in erdogan["aliases"]
    assert appointment(erdogan, "head_of_state", "TR", "2014")
    gaddafi = by_key["muammar-gaddafi"]
    for spelling in ("Muammar Qaddafi", "Moamer Kadhafi", "Muammar Gadhafi"):
        assert spelling in gaddafi["aliases"]
    assert ("head_of_state", "FR") in posts_of(by_key["emmanuel-macron"])
    assert ("head_of_state", "CN") in posts_of(by_key["xi-jinping"])
    assert ("head_of_state", "IR") in posts_of(by_key["hassan-rouhani"])
    assert ("head_of_government", "IL") in posts_of(by_key["benjamin-netanyahu"])


def held_on(appt: dict, day: str) -> bool:
    """Whether the data shows ``appt`` held on ``day``: an open end stops at known_until."""
    last = appt["end"] or appt["known_until"] or "9999-12-31"
    return (appt["start"] or "0000-01-01") <= day <= last


def posts_on(official: dict, day: str) -> set[tuple]:
    return {(a["post"], a["country"] or a["organisation"]) for a in official["appointments"] if held_on(a, day)}  # fmt: skip


def holders(officials: list[dict], alias: str) -> list[dict]:
    return [o for o in officials if alias in o["aliases"]]


def test_father_and_son_bush_are_two_officials(by_key, officials):
    father, son = by_key["george-h-w-bush"], by_key["george-w-bush"]
    assert "George H. W. Bush" in father["aliases"] and "George H. W. Bush" not in son["aliases"]
    assert "George W. Bush" in son["aliases"] and "George W. Bush" not in father["aliases"]
    assert [a["start"] for a in father["appointments"] if a["post"] == "President"] == [
        "1989-01-20"
    ]
    assert [a["start"] for a in son["appointments"] if a["post"] == "President"] == ["2001-01-20"]
    # The bare "George Bush" of the 1991 UN list and of CountryInfo went to the father.
    president = appointment(father, "head_of_state", "US", "1989")
    assert {"un-speakers", "countryinfo", "us-congress"} <= set(president["sources"])
    assert ("Vice President", "US") in posts_on(father, "1985-06-01")
    # Both were called "George Bush"; nobody else in the US is.
    assert {o["key"] for o in holders(officials, "George Bush")} == {"george-h-w-bush", "george-w-bush"}  # fmt: skip


@pytest.mark.parametrize(
    ("key", "post", "day"),
    [
        # The stale terms: open-ended in the sources, taken as current.
        ("igor-sechin", ("Deputy Prime Minister", "RU"), "2014-06-01"),
        ("jean-claude-juncker", ("Minister of Finance", "LU"), "2014-06-01"),
        ("nicolas-maduro", ("Foreign Minister", "VE"), "2019-01-15"),
        ("theresa-may", ("Secretary of State for the Home Department", "GB"), "2020-01-15"),
        ("william-jefferson-hague", ("Foreign Secretary", "GB"), "2016-01-15"),
        ("susan-rice", ("Ambassador to the UN", "US"), "2014-01-15"),
    ],
)
def test_open_terms_are_not_current_years_later(by_key, key, post, day):
    official = by_key[key]
    assert post in {(a["post"], a["country"]) for a in official["appointments"]}
    assert post not in posts_on(official, day)


@pytest.mark.parametrize(
    ("key", "post", "day"),
    [
        ("igor-sechin", ("Deputy Prime Minister", "RU"), "2010-06-01"),
        ("nicolas-maduro", ("Foreign Minister", "VE"), "2011-09-15"),
        ("theresa-may", ("Secretary of State for the Home Department", "GB"), "2010-12-01"),
        ("vladimir-putin", ("President", "RU"), "2024-06-01"),  # team facts: as of the table
        ("sergey-lavrov", ("Foreign Minister", "RU"), "2024-06-01"),
        ("ali-khamenei", ("Supreme Leader", "IR"), "2010-06-01"),  # Archigos does not end it
    ],
)
def test_terms_are_held_while_the_sources_show_them(by_key, key, post, day):
    assert post in posts_on(by_key[key], day)


def test_terms_closed_by_the_next_holder_or_a_later_post(by_key):
    # Maduro's foreign ministry ends when the UN list shows his successor (2013).
    maduro = appointment(by_key["nicolas-maduro"], "foreign_minister", "VE", "2006")
    assert (maduro["end"], maduro["known_until"]) == ("2013-09-01", None)
    # Juncker's premiership: Archigos dates it to 2013-12, Bettel follows on the UN list.
    juncker = appointment(by_key["jean-claude-juncker"], "head_of_government", "LU", "1995")
    assert juncker["end"] == "2014-09-01"
    # Open CountryInfo cabinet posts are dated by the file's cut-off (Feb 2011).
    sechin = appointment(by_key["igor-sechin"], "minister", "RU", "2008")
    assert (sechin["end"], sechin["known_until"]) == (None, "2011-02-28")


def test_us_congress_and_executive(by_key, officials):
    legislators = [o for o in officials if any(a["post_kind"] == "legislator" for a in o["appointments"])]  # fmt: skip
    assert len(legislators) >= 530  # 537 members of the current Congress, and a few more
    aoc = by_key["alexandria-ocasio-cortez"]
    seat = appointment(aoc, "legislator", "US", "2019")
    assert seat["post"] == "Representative for New York's 14th district"
    assert seat["sources"] == ["us-congress"] and seat["end"] >= "2027-01-03"
    senators = [a for o in legislators for a in o["appointments"] if a["post"].startswith("Senator from ")]  # fmt: skip
    assert len({a["post"] for a in senators}) == 50
    sanders = next(o for o in officials if "Bernie Sanders" in o["aliases"])
    assert ("Senator from Vermont", "US") in posts_on(sanders, "2020-01-01")
    # Name forms: official name, first + last, nickname + last, initials, suffix.
    johnson = next(o for o in officials if "Hank Johnson" in o["aliases"])
    assert {"Henry C. Johnson Jr.", "Henry Johnson", "Henry C. Johnson"} <= set(johnson["aliases"])
    # Executive: every president; vice presidents as the builder files them ("official").
    assert ("Vice President", "US") in posts_on(by_key["george-h-w-bush"], "1983-01-01")
    washington = appointment(by_key["george-washington"], "head_of_state", "US", "1789")
    assert washington["end"] == "1797-03-04"
    # A senator merged with the same person from another source: one official, all posts.
    assert len(holders(officials, "Bernie Sanders")) == 1


@pytest.mark.parametrize(
    ("alias", "kind", "where", "day"),
    [
        # No source has these: hand-written team facts.
        ("Nikki Haley", "ambassador", "US", "2018-03-01"),
        ("Mark Esper", "minister", "US", "2020-03-01"),
        ("Samantha Power", "ambassador", "US", "2015-03-01"),
        ("Mohammed bin Salman", "official", "SA", "2019-03-01"),
        ("Dmitry Peskov", "spokesperson", "RU", "2019-03-01"),
        # In the sources under a form the press does not use: now an alias.
        ("Adel al-Jubeir", "foreign_minister", "SA", "2017-09-15"),
        ("William Hague", "foreign_minister", "GB", "2010-09-01"),
        ("Adil Abdul Mahdi", "minister", "IQ", "2008-01-01"),
    ],
)
def test_well_known_people_are_present(officials, alias, kind, where, day):
    found = holders(officials, alias)
    assert len(found) == 1, alias
    assert any(
        a["post_kind"] == kind and a["country"] == where and held_on(a, day)
        for a in found[0]["appointments"]
    )


def test_gazetteer_from_files_carries_known_until():
    from datetime import date

    from articles.extract.gazetteer import gazetteer_from_files

    gazetteer = gazetteer_from_files(DATA)
    sechin = next(o for o in gazetteer.officials if o.name == "Igor Sechin")
    (post,) = sechin.appointments
    assert (post.end, post.known_until) == (None, date(2011, 2, 28))


def test_recent_un_speakers_are_present(officials):
    # Heads of state/government and foreign ministers who spoke at the UN up to 2024.
    spoke_2024 = [
        o
        for o in officials
        if any(
            "un-speakers" in a["sources"]
            and (a["end"] or a["known_until"] or "").startswith("2024")
            for a in o["appointments"]
        )
    ]
    assert len(spoke_2024) >= 150
    hungary_fm = [o for o in spoke_2024 if "Péter Szijjártó" in o["aliases"]]
    assert len(hungary_fm) == 1 and ("foreign_minister", "HU") in posts_of(hungary_fm[0])


def test_un_speaker_rows_merge_into_known_people(by_key):
    lavrov_fm = appointment(by_key["sergey-lavrov"], "foreign_minister", "RU", "2004")
    assert {"team", "un-speakers", "phoenix"} <= set(lavrov_fm["sources"])


# -------------------------------------------------------------------------------- topics


def test_topics(topics):
    slugs = [t["slug"] for t in topics]
    assert slugs == sorted(slugs) and len(set(slugs)) == len(slugs) and len(topics) >= 20
    required = {
        "ceasefires-peace-talks", "sanctions", "nuclear-programmes", "arms-trade",
        "un-security-council", "elections", "trade-tariffs", "terrorism", "refugees-migration",
        "human-rights", "armed-conflict", "summits-state-visits", "territorial-disputes",
        "humanitarian-aid", "energy", "cyber-espionage", "climate-diplomacy",
        "alliances-defence", "diplomatic-relations", "international-justice",
    }  # fmt: skip
    assert required <= set(slugs)
    for topic in topics:
        assert topic["name"] and topic["description"] and topic["threshold"] > 0
        assert topic["parent"] is None or topic["parent"] in slugs
        includes = [r for r in topic["rules"] if r["kind"] == "include"]
        assert includes and all(r["weight"] > 0 for r in includes)
        phrases = [r["phrase"].casefold() for r in topic["rules"]]
        assert len(phrases) == len(set(phrases)) and all(p.strip() for p in phrases)
        assert all(r["kind"] in {"include", "exclude"} for r in topic["rules"])
    sanctions = next(t for t in topics if t["slug"] == "sanctions")
    assert {"sanctions", "embargo"} <= {r["phrase"] for r in sanctions["rules"]}


# ----------------------------------------------------------------- the builder's rules


@pytest.mark.parametrize(
    ("name", "text", "initials", "suffixes"),
    [
        ("middle initials", "George H. W. Bush", {("h", "w")}, set()),
        ("one initial", "George W. Bush", {("w",)}, set()),
        ("no marks", "George Bush", set(), set()),
        ("middle names in full are no marks", "George Herbert Walker Bush", set(), set()),
        ("Phoenix spelling", "GEORGE_W._BUSH_", {("w",)}, set()),
        ("suffix after a comma", "Joseph R. Biden, Jr", {("r",)}, {"Jr."}),
        ("regnal number", "Abdullah II ibn Al Hussein", set(), {"II"}),
        ("quoted nickname", 'Henry C. "Hank" Johnson, Jr.', {("c",)}, {"Jr."}),
        ("a title is no initial", "Dr. H. E. Mahmoud Abbas", set(), set()),
        ("leading initials are a title", "R.M. Marty Natalegawa", set(), set()),
        ("leading initials, then a middle one", "R.M. Marty M. Natalegawa", {("m",)}, set()),
        ("particles are skipped", "Aboubakr A. al-Qirbi", {("a",)}, set()),
    ],
)
def test_name_marks(name, text, initials, suffixes):
    marks = name_marks(text)
    assert (set(marks.initials), set(marks.suffixes)) == (initials, suffixes), name


@pytest.mark.parametrize(
    ("name", "a", "b", "conflict"),
    [
        ("father and son by initials", "George H. W. Bush", "George W. Bush", True),
        ("same initials", "George W. Bush", "George W Bush", False),
        ("a bare name conflicts with nothing", "George Bush", "George W. Bush", False),
        ("Jr. and Sr.", "Randy K. Weber Sr.", "Randy K. Weber Jr.", True),
        ("II and III", "John Smith II", "John Smith III", True),
        ("suffix on one side, initials agree", "Joseph R. Biden Jr.", "Joseph R. Biden", False),
        ("suffix on one side, nothing agrees", "William Howard Taft IV", "William H. Taft", True),
        ("bare and suffixed", "Joe Biden", "Joseph R. Biden Jr.", False),
    ],
)
def test_marks_conflict(name, a, b, conflict):
    marks_a, marks_b = name_marks(a), name_marks(b)
    assert marks_a.conflicts(marks_b) is conflict, name
    assert marks_b.conflicts(marks_a) is conflict, name


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Adil Abd al Mahdi", ["adil", "abdul", "mahdi"]),
        ("Adel Abdul-Mahdi", ["adil", "abdul", "mahdi"]),
        ("Adel Abdel Mahdi", ["adil", "abdul", "mahdi"]),
        ("Abdelaziz Bouteflika", ["abdul", "aziz", "butiflika"]),
        ("Abdullah Gul", ["abdulah", "gul"]),
        ("Abdulahi Yusuf", ["abdulahi", "iusuf"]),
        ("Abdi Farah", ["abdi", "farah"]),
    ],
)
def test_name_tokens_spell_abd_compounds_one_way(text, tokens):
    assert name_tokens(text) == tokens


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("Adil Abd al Mahdi", ["Adil Abdul Mahdi"]),
        ("Adel Abdul-Mahdi", ["Adel Abd al-Mahdi"]),
        ("Abdel Fattah el-Sisi", ["Abd al-Fattah el-Sisi"]),
        ("Abdullah Gul", []),
    ],
)
def test_abd_variants(text, variants):
    assert abd_variants(text) == variants


@pytest.mark.parametrize(
    ("text", "nationality", "short"),
    [
        ("William Jefferson Hague", "GB", "William Hague"),
        ("Adel Ahmed al-Jubeir", "SA", "Adel al-Jubeir"),
        ("Igor Ivanovich Sechin", "RU", "Igor Sechin"),
        ("Nicolas Maduro Moros", "VE", "Nicolas Maduro"),
        ("Abdullah bin Zayed Al Nahyan", "AE", "Abdullah bin Zayed"),
        ("Jean Claude Juncker", "LU", None),  # a compound given name
        ("Kim Jong Un", "KP", None),  # family name first
        ("Adil Abd al Mahdi", "IQ", None),  # two parts already
        ("Herbert C. H. Conaway", "US", None),  # initials: no guess
    ],
)
def test_short_form(text, nationality, short):
    assert short_form(text, nationality) == short


def test_short_forms_are_never_shared():
    people = [("Adel Ahmed al-Jubeir", "SA"), ("Adel Hamad al-Jubeir", "SA"), ("William Jefferson Hague", "GB")]  # fmt: skip
    aliases = [[name] for name, _ in people]
    assert add_short_forms(people, aliases) == 1
    assert aliases == [["Adel Ahmed al-Jubeir"], ["Adel Hamad al-Jubeir"], ["William Jefferson Hague", "William Hague"]]  # fmt: skip
    taken = [["William Jefferson Hague"], ["William Hague"]]
    assert add_short_forms([("William Jefferson Hague", "GB"), ("William Hague", "GB")], taken) == 0  # fmt: skip


@pytest.mark.parametrize(
    ("term", "post"),
    [
        ({"type": "sen", "state": "AZ"}, ("Senator from Arizona", "legislator")),
        (
            {"type": "rep", "state": "NY", "district": 16},
            ("Representative for New York's 16th district", "legislator"),
        ),  # fmt: skip
        (
            {"type": "rep", "state": "NC", "district": 2},
            ("Representative for North Carolina's 2nd district", "legislator"),
        ),  # fmt: skip
        (
            {"type": "rep", "state": "TX", "district": 23},
            ("Representative for Texas's 23rd district", "legislator"),
        ),  # fmt: skip
        (
            {"type": "rep", "state": "CA", "district": 11},
            ("Representative for California's 11th district", "legislator"),
        ),  # fmt: skip
        (
            {"type": "rep", "state": "AK", "district": 0},
            ("Representative for Alaska's at-large district", "legislator"),
        ),  # fmt: skip
        (
            {"type": "rep", "state": "PR", "district": 0},
            ("Resident Commissioner for Puerto Rico", "legislator"),
        ),  # fmt: skip
        ({"type": "prez"}, ("President", "head_of_state")),
        ({"type": "viceprez"}, ("Vice President", "official")),
    ],
)
def test_us_post(term, post):
    assert us_post(term) == post


@pytest.mark.parametrize(
    ("name", "namesake", "forms"),
    [
        (
            {
                "first": "Sanford",
                "middle": "D.",
                "last": "Bishop",
                "suffix": "Jr.",
                "official_full": "Sanford D. Bishop, Jr.",
            },  # fmt: skip
            False,
            ["Sanford D. Bishop Jr.", "Sanford Bishop", "Sanford Bishop Jr.", "Sanford D. Bishop"],
        ),
        (
            {
                "first": "Henry",
                "middle": "C.",
                "last": "Johnson",
                "suffix": "Jr.",
                "nickname": "Hank",
                "official_full": 'Henry C. "Hank" Johnson, Jr.',
            },  # fmt: skip
            False,
            [
                "Henry C. Johnson Jr.",
                "Henry Johnson",
                "Henry Johnson Jr.",
                "Henry C. Johnson",
                "Hank Johnson",
            ],  # fmt: skip
        ),
        (
            {"first": "George", "middle": "Herbert Walker", "last": "Bush"},
            True,
            ["George H. W. Bush", "George Bush", "George Herbert Walker Bush"],
        ),
        (
            {"first": "William", "middle": "Jefferson", "last": "Clinton", "nickname": "Bill"},
            False,
            ["Bill Clinton", "William Clinton", "William J. Clinton", "William Jefferson Clinton"],
        ),
        (
            {
                "first": "James David",
                "nickname": "J.D.",
                "last": "Vance",
                "official_full": "J.D. Vance",
            },  # fmt: skip
            False,
            ["J.D. Vance", "James David Vance", "JD Vance"],
        ),
        (  # the initial she uses is not her middle name's
            {
                "first": "Laurel",
                "middle": "Frances",
                "last": "Lee",
                "official_full": "Laurel M. Lee",
            },  # fmt: skip
            False,
            ["Laurel M. Lee", "Laurel Lee", "Laurel Frances Lee"],
        ),
    ],
)
def test_us_names(name, namesake, forms):
    assert us_names(name, namesake) == forms


def test_read_us_congress(tmp_path):
    folder = tmp_path / "us-congress"
    folder.mkdir()
    (folder / "legislators-current.yaml").write_text(
        "- name: {first: Maria, last: Cantwell, official_full: Maria Cantwell}\n"
        "  terms:\n"
        "  - {type: rep, start: '1993-01-05', end: '1995-01-03', state: WA, district: 1}\n"
        "  - {type: sen, start: '2001-01-03', end: '2007-01-03', state: WA}\n"
        "  - {type: sen, start: '2007-01-04', end: '2031-01-03', state: WA}\n"
    )
    (folder / "executive.yaml").write_text(
        "- name: {first: Mike, last: Pence}\n"
        "  terms: [{type: viceprez, start: '2017-01-20', end: '2021-01-20'}]\n"
    )
    cantwell, pence = read_us_congress(tmp_path)
    assert cantwell.names[0] == "Maria Cantwell" and cantwell.countries == {"US"}
    seats = [(a.post, a.post_kind, a.start, a.end, a.seen) for a in cantwell.appointments]
    assert seats == [
        (
            "Representative for Washington's 1st district",
            "legislator",
            "1993-01-05",
            "1995-01-03",
            "1995-01-03",
        ),  # fmt: skip
        ("Senator from Washington", "legislator", "2001-01-03", "2007-01-03", "2007-01-03"),
        # A term ending ahead is evidence only up to the newest start in the files.
        ("Senator from Washington", "legislator", "2007-01-04", "2031-01-03", "2017-01-20"),
    ]
    assert [(a.post, a.post_kind) for a in pence.appointments] == [("Vice President", "official")]


@pytest.mark.parametrize(
    ("title", "singular"),
    [
        ("Secretary of State", "Secretary of State"),
        (
            "U.S. Representatives to the United Nations",
            "U.S. Representative to the United Nations",
        ),  # fmt: skip
        ("Directors of Central Intelligence", "Director of Central Intelligence"),
        ("Senate majority leaders", "Senate majority leader"),
        ("Presidents pro tempore of the Senate", "President pro tempore of the Senate"),
        (
            "Chairman, Board of Governors, Federal Reserve",
            "Chairman, Board of Governors, Federal Reserve",
        ),  # fmt: skip
    ],
)
def test_plural_title(title, singular):
    assert plural_title(title) == singular


@pytest.mark.parametrize(
    ("text", "country", "posts"),
    [
        (
            "Secretary of State for Foreign and Commonwealth Affairs",
            "GB",
            [("Foreign Secretary", "foreign_minister")],
        ),  # fmt: skip
        (
            "Minister of State for Foreign Affairs",
            "GB",
            [("Deputy Foreign Minister", "deputy_minister")],
        ),  # fmt: skip
        (
            "U.S. Representative to the United Nations",
            "US",
            [("Ambassador to the UN", "ambassador")],
        ),  # fmt: skip
    ],
)
def test_classify_post(text, country, posts):
    assert classify_post(text, country) == posts


def test_countryinfo_comment_tags_open_no_block(tmp_path):
    folder = tmp_path / "countryinfo"
    folder.mkdir()
    (folder / COUNTRYINFO_FILE).write_bytes(
        b"<Country>\n<CountryCode>USA</CountryCode>\n"
        b"#<Government> field does not contain information on USA\n"
        b"<Leaders>\n\t<Presidents>\n\t\tGEORGE_BUSH_ [19890120 - 19930120]\n\t</Presidents>\n"
        b"</Leaders>\n<Government>\n#<Secretary of State>\n"
        b"\tHENRY_KISSINGER_ [USAGOV 19730922 - 19770120]\n</Government>\n</Country>\n"
    )
    usa = countryinfo_blocks(tmp_path)["USA"]
    assert "GEORGE_BUSH_" in "".join(usa["Leaders"])
    assert "#<Secretary of State>" in usa["Government"]


def appt(post, kind, country, start, end=None, seen=None, coverage=None):
    made = Appointment(post, kind, country, None, start, end, {"test"}, seen=seen)
    made.coverage = coverage
    return made


def test_close_open_terms():
    fm, pm, home = "foreign_minister", "head_of_government", "minister"
    # 0: an open foreign minister; 1: the successor, a year later.
    maduro = [appt("Foreign Minister", fm, "VE", "2006-09-01", seen="2011-09-30")]
    jaua = [appt("Foreign Minister", fm, "VE", "2013-09-01", "2013-09-30")]
    # 2: a home secretary who became prime minister the year after the last evidence.
    may = [
        appt("Home Secretary", home, "GB", "2010-06-01", coverage="2011-02-28"),
        appt("Prime Minister", pm, "GB", "2012-09-01", "2018-09-30"),
    ]
    # 3: an open post whose "successor" comes six years after the last evidence.
    sby = [appt("President", "head_of_state", "ID", "2004-10-20", seen="2014-09-30")]
    jokowi = [appt("President", "head_of_state", "ID", "2020-09-01", "2020-09-30")]
    # 5: a successor that started before the last dated evidence is ignored.
    a = [appt("Prime Minister", pm, "LU", "1995-01-20", seen="2013-12-04")]
    b = [appt("Prime Minister", pm, "LU", "2009-09-01", "2009-09-30")]
    c = [appt("Prime Minister", pm, "LU", "2014-09-01", "2014-09-30")]
    # 8: several deputies at a time: no successor closes them.
    deputy = [appt("Deputy Prime Minister", home, "RU", "2008-06-01", coverage="2011-02-28")]  # fmt: skip
    other_deputy = [appt("Deputy Prime Minister", home, "RU", "2010-01-01")]
    people = [maduro, jaua, may, sby, jokowi, a, b, c, deputy, other_deputy]
    counts = close_open_terms(people)
    assert maduro[0].end == "2013-09-01"
    assert (may[0].end, may[0].known_until()) == ("2012-09-01", None)
    assert (sby[0].end, sby[0].known_until()) == (None, "2014-09-30")
    assert a[0].end == "2014-09-01"
    assert (deputy[0].end, deputy[0].known_until()) == (None, "2011-02-28")
    assert counts["by the next holder"] == 2 and counts["by a later post"] == 1


def test_a_combined_title_does_not_end_the_post_it_comes_with():
    # The UN list: "President" 2015-16, then "President and Head of Government" 2018.
    christian = [
        appt("President", "head_of_state", "FM", "2015-09-01", seen="2016-09-30"),
        appt("President", "head_of_state", "FM", "2018-09-01", seen="2018-09-30"),
        appt(
            "Prime Minister", "head_of_government", "FM", "2018-09-01", seen="2018-09-30"
        ),  # fmt: skip
    ]
    close_open_terms([christian])
    assert [(a.end, a.known_until()) for a in christian] == [
        (None, "2016-09-30"),
        (None, "2018-09-30"),
        (None, "2018-09-30"),
    ]


def test_close_open_terms_skips_the_holder_under_another_name():
    long_name = [appt("President", "head_of_state", "AR", "2007-12-10", coverage="2012-01-16")]  # fmt: skip
    short_name = [appt("President", "head_of_state", "AR", "2010-09-01", "2015-09-30")]
    names = [{frozenset({"kristina", "firnandiz", "kirchnir"})}, {frozenset({"kristina", "firnandiz"})}]  # fmt: skip
    close_open_terms([long_name, short_name], names)
    assert (long_name[0].end, long_name[0].known_until()) == (None, "2012-01-16")


def test_merge_keeps_father_and_son_apart():
    def record(source, names, post, start, end):
        appointment = appt(post, "head_of_state", "US", start, end)
        return Record(names, {"US"}, [appointment], source, "US")

    records = [
        record(
            "us-congress",
            ["George H. W. Bush", "George Bush"],
            "President",
            "1989-01-20",
            "1993-01-20",
        ),  # fmt: skip
        record(
            "us-congress",
            ["George W. Bush", "George Bush"],
            "President",
            "2001-01-20",
            "2009-01-20",
        ),  # fmt: skip
        record("un-speakers", ["George Bush"], "President", "1991-09-01", "1992-09-30"),
        record("un-speakers", ["George W. Bush"], "President", "2001-09-01", "2008-09-30"),
        record("countryinfo", ["George Bush"], "Vice President", "1981-01-20", "1989-01-20"),
        # No date fits either son or father: it joins neither.
        record("phoenix", ["George Bush"], "Ambassador", "1950-01-01", "1951-01-01"),
    ]
    groups = merge_records(records)
    found = sorted(sorted(r.appointments[0].start for r in group) for group in groups)
    assert found == [
        ["1950-01-01"],
        ["1981-01-20", "1989-01-20", "1991-09-01"],
        ["2001-01-20", "2001-09-01"],
    ]


# ------------------------------------------------------------------------ reproducibility


def test_files_are_what_the_builder_generates(tmp_path):
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not available at {REFERENCE}; cannot rebuild")
    build(REFERENCE, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
