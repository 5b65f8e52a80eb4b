"""Tests over the generated gazetteer files in ``articles/data/`` (pure: no database).

They check the facts the rest of the app relies on (press names, ambiguity flags,
officials merged across sources, dated appointments) and that the committed files are
exactly what ``scripts/build_reference.py`` produces from ``../shared/reference``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

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
        assert sum(a["kind"] == "city" for a in country["aliases"]) <= 8


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
            for bound in (appt["start"], appt["end"]):
                assert bound is None or ISO_DATE.match(bound)
            assert appt["sources"] and set(appt["sources"]) <= set(official["sources"])


def test_end_never_before_start(officials):
    for official in officials:
        for appt in official["appointments"]:
            if appt["start"] and appt["end"]:
                assert appt["end"] >= appt["start"], (official["key"], appt)


def test_no_overlapping_appointments_for_the_same_post(officials):
    for official in officials:
        by_post = defaultdict(list)
        for appt in official["appointments"]:
            by_post[(appt["post"], appt["country"], appt["organisation"])].append(appt)
        for post, appts in by_post.items():
            for i, a in enumerate(appts):
                for b in appts[i + 1 :]:
                    # Unknown bounds are open; handing over on the same day is not overlap.
                    overlap = (a["start"] or "0000") < (b["end"] or "9999") and (
                        b["start"] or "0000"
                    ) < (a["end"] or "9999")
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


def test_recent_un_speakers_are_present(officials):
    # Heads of state/government and foreign ministers who spoke at the UN up to 2024.
    spoke_2024 = [
        o
        for o in officials
        if any(
            "un-speakers" in a["sources"] and (a["end"] or "").startswith("2024")
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


# ------------------------------------------------------------------------ reproducibility


def test_files_are_what_the_builder_generates(tmp_path):
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not available at {REFERENCE}; cannot rebuild")
    spec = importlib.util.spec_from_file_location(
        "build_reference", REPO_ROOT / "scripts" / "build_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve string annotations through sys.modules, so register it first.
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    module.build(REFERENCE, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
