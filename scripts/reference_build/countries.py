"""countries.json: every ISO 3166-1 country plus Kosovo, with press names, alternative
names, demonyms, capitals and a few cities (hand-written facts in data/countries.json)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from articles.extract.normalize import strip_accents

from .datafiles import load
from .text import alias, slugify, squash, underscore_to_words

DATA = load("countries.json")

# The name the English-language press uses, where it differs from mledoze's common name.
PRESS_NAMES: dict[str, str] = DATA["press_names"]

# Other press names, official names and abbreviations (kind "alternative"). Plain "Congo"
# is ambiguous between CG and CD; it lives under CG (flagged), and the loader treats it
# specially.
EXTRA_ALTERNATIVES: dict[str, list[str]] = DATA["extra_alternatives"]

# Adjectival and plural demonyms beyond mledoze's single demonym per country.
EXTRA_DEMONYMS: dict[str, list[str]] = DATA["extra_demonyms"]

# Demonyms that name a region or a people rather than a country: never an alias.
FORBIDDEN_ALIASES = frozenset(DATA["forbidden_aliases"])

# Aliases that collide with common words, people's names, US places or other countries.
AMBIGUOUS_ALIASES = frozenset(DATA["ambiguous_aliases"])

# Capitals used as metonyms that mledoze spells differently ("Washington D.C.").
EXTRA_CAPITALS: dict[str, list[str]] = DATA["extra_capitals"]

# Capitals / cities per country added by hand (well-known places in diplomatic news).
# (Lebanon has no "Tripoli": in the news it is Libya's capital.)
EXTRA_CITIES: dict[str, list[str]] = DATA["extra_cities"]

# City names from CountryInfo we do not want: they equal common English words, people's
# names, or are foreign-language doublets of a city already listed.
CITY_STOPLIST = frozenset(DATA["city_stoplist"])

# Former names and older spellings readers still type ("Ceylon", "Kiev", "Peking",
# "Madras"), by kind; a former city name is kept beyond the city cap.
FORMER_NAMES: dict[str, dict[str, list[str]]] = {
    kind: names for kind, names in DATA["former_names"].items() if not kind.startswith("_")
}
MAX_CITIES = 8


COUNTRYINFO_FILE = "CountryInfo.120116.txt"


def countryinfo_blocks(reference: Path) -> dict[str, dict[str, list[str]]]:
    """Parse CountryInfo.txt into ``{ISO3: {tag: [lines]}}`` (lines still raw).

    The file is "almost XML" and partly Latin-1; blocks are keyed on <CountryCode>, which
    is correct where the ISO tags are not (MYANMAR carries Mozambique's ISO codes), and for
    dependent territories (``USAGUM``) we fall back to the ISO3166-alpha3 tag.
    """
    text = (reference / "countryinfo" / COUNTRYINFO_FILE).read_bytes().decode("latin-1")
    # A tag inside a comment is not a tag: "#<Government> field does not contain
    # information on USA" would otherwise swallow the USA's <Leaders>. Section headings
    # in comments ("#<Secretary of State>") have no closing tag and stay as they are.
    text = re.sub(
        r"#[^\n]*",
        lambda m: re.sub(r"<(/?[A-Za-z][^<>]*)>", neutral_tag, m.group(0)),
        text,
    )
    blocks: dict[str, dict[str, list[str]]] = {}
    for chunk in text.split("<Country>")[1:]:
        chunk = chunk.split("</Country>")[0]
        tags: dict[str, list[str]] = {}
        for match in re.finditer(r"<([A-Za-z][^>/]*)>(.*?)</\1>", chunk, re.S):
            tags[match.group(1)] = match.group(2).splitlines()
        code = squash("".join(tags.get("CountryCode", [""])))
        if len(code) != 3:
            code = squash("".join(tags.get("ISO3166-alpha3", [""])))
        if code:
            blocks[code] = tags
    return blocks


def neutral_tag(match: re.Match) -> str:
    """Write a commented-out block tag (``<Leaders>``) so that it opens no block."""
    name = match.group(1).lstrip("/")
    return f"«{match.group(1)}»" if name in COUNTRYINFO_TAGS else match.group(0)


COUNTRYINFO_TAGS = frozenset(DATA["countryinfo_tags"])


def build_countries(reference: Path, ci_blocks: dict) -> list[dict]:
    """Build the countries list (see module docstring) sorted by ISO2."""
    raw = json.loads((reference / "countries" / "countries.json").read_text(encoding="utf-8"))
    out = []
    for country in raw:
        iso2, iso3 = country["cca2"], country["cca3"]
        name = PRESS_NAMES.get(iso2, country["name"]["common"])
        entries: list[dict] = [alias(name, "name")]

        alternatives = [country["name"]["common"], country["name"]["official"]]
        # altSpellings mixes codes and native-language names; keep English-looking ones.
        for spelling in country.get("altSpellings", []):
            if len(spelling) <= 3 or not spelling.isascii():
                continue
            alternatives.append(spelling)
        alternatives += EXTRA_ALTERNATIVES.get(iso2, [])
        entries += [alias(a, "alternative") for a in alternatives]

        demonyms = []
        eng = country.get("demonyms", {}).get("eng", {})
        for form in (eng.get("m"), eng.get("f")):
            # mledoze sometimes gives the country name as demonym ("Vatican"): no plural then.
            if form and form != country["name"]["common"]:
                demonyms += [form, plural_demonym(form)]
        demonyms += EXTRA_DEMONYMS.get(iso2, [])
        entries += [alias(d, "demonym") for d in demonyms if d]

        capitals = [*country.get("capital", []), *EXTRA_CAPITALS.get(iso2, [])]
        entries += [alias(c, "capital") for c in capitals]

        # Hand-picked places win; CountryInfo's lists mix in historical and foreign-language
        # names ("Elisabethville", "Dubayy"), so they are only used where we have none.
        cities = list(EXTRA_CITIES.get(iso2, []))
        if not cities:
            for line in ci_blocks.get(iso3, {}).get("MajorCities", []):
                for token in line.split("#")[0].split():
                    city = underscore_to_words(token)
                    if len(city) > 2 and not re.match(r"(al|el|the) ", city):
                        cities.append(city)
        entries += [alias(c, "city") for c in cities]
        for kind, names in FORMER_NAMES.items():
            entries += [{**alias(n, kind), "_former": True} for n in names.get(iso2, [])]

        out.append(
            {
                "iso2": iso2,
                "iso3": iso3,
                "name": name,
                "slug": slugify(name),
                "region": country.get("region", ""),
                "subregion": country.get("subregion", ""),
                "aliases": entries,
                "_independent": bool(country.get("independent")),
            }
        )
    return finalise_country_aliases(out)


def plural_demonym(form: str) -> str | None:
    """Guess the plural noun of a demonym ("Syrian" -> "Syrians"); None if invariant."""
    if form.endswith(("ese", "ish", "ch", "ss", "sh")) or " " in form and form.endswith("s"):
        return None
    if form.endswith(("an", "i", "er", "ot", "ite", "ani")) and not form.endswith("s"):
        return form + "s"
    return None


def finalise_country_aliases(countries: list[dict]) -> list[dict]:
    """Clean, de-duplicate and flag aliases; return countries sorted by ISO2.

    Within a country an alias is kept once (first kind wins: name, alternative, demonym,
    capital, city).  Cities are capped and filtered through CITY_STOPLIST and must not
    equal any country-level name.  Across the file, an alias that occurs on more than one
    country is flagged ambiguous on every country that has it.
    """
    kind_order = ["name", "alternative", "demonym", "capital", "city"]
    country_level = set()
    for country in countries:
        for entry in country["aliases"]:
            if entry["kind"] in ("name", "alternative", "demonym"):
                country_level.add(entry["alias"].casefold())

    for country in countries:
        seen: set[str] = set()
        kept: list[dict] = []
        n_cities = 0
        for entry in sorted(country["aliases"], key=lambda e: kind_order.index(e["kind"])):
            text = squash(entry["alias"])
            key = text.casefold()
            if not text or key in FORBIDDEN_ALIASES:
                continue
            variants = [text]
            # Also index an accent-free spelling ("Bogotá" -> "Bogota").
            if strip_accents(text) != text:
                variants.append(strip_accents(text))
            for variant in variants:
                vkey = variant.casefold()
                if vkey in seen or vkey in FORBIDDEN_ALIASES:
                    continue
                if entry["kind"] == "city" and not entry.get("_former"):
                    if vkey in CITY_STOPLIST or vkey in country_level or n_cities >= MAX_CITIES:
                        continue
                    if variant is text:
                        n_cities += 1
                seen.add(vkey)
                # The accent-free copy of the press name is an alternative, not a second name.
                kind = (
                    "alternative"
                    if entry["kind"] == "name" and variant is not text
                    else entry["kind"]
                )
                kept.append(alias(variant, kind, vkey in AMBIGUOUS_ALIASES))
        country["aliases"] = kept

    owners: dict[str, set[str]] = defaultdict(set)
    for country in countries:
        for entry in country["aliases"]:
            owners[entry["alias"].casefold()].add(country["iso2"])
    # A dependency sharing a sovereign state's word ("American" on US Minor Outlying
    # Islands, "French" on French territories) loses it: the state is what news means.
    independent = {c["iso2"] for c in countries if c.pop("_independent")}
    for key, isos in owners.items():
        states = isos & independent
        if len(isos) > 1 and len(states) == 1:
            for country in countries:
                if country["iso2"] in isos - states:
                    country["aliases"] = [
                        a
                        for a in country["aliases"]
                        if a["alias"].casefold() != key or a["kind"] == "name"
                    ]
            owners[key] = states | {
                c["iso2"]
                for c in countries
                if c["iso2"] in isos and any(a["alias"].casefold() == key for a in c["aliases"])
            }
    for country in countries:
        for entry in country["aliases"]:
            if len(owners[entry["alias"].casefold()]) > 1:
                entry["ambiguous"] = True
    return sorted(countries, key=lambda c: c["iso2"])
