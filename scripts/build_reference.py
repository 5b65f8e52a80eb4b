#!/usr/bin/env python3
"""Build the gazetteer reference data (countries, organisations, officials, topics).

Reads the public reference datasets under ``../shared/reference`` (override with
``--reference DIR``) and writes four committed data files into ``articles/data/``
(override with ``--out DIR``):

* ``countries.json``      -- every ISO 3166-1 country plus Kosovo, with press names,
                             alternative names, demonyms, capitals and a few cities.
* ``organisations.json``  -- intergovernmental organisations (hand-curated facts).
* ``officials.jsonl``     -- one person per line with dated appointments.
* ``topics.json``         -- our own diplomatic topic taxonomy with phrase rules.

Only facts are taken from the sources (names, codes, posts, dates); the output is
sorted and serialised deterministically so that re-running gives identical bytes.

Sources for officials, in the order they are read
-------------------------------------------------
``team``        hand-written facts in this file (authoritative, see TEAM_OFFICIALS).
``un-speakers`` who addressed the UN General Assembly each year, with their post.
``countryinfo`` CountryInfo.txt <Leaders> and <Government> blocks, plus the R-extracted
                ``people_leaders.csv`` / ``people_gov.csv`` tables.
``phoenix``     Phoenix.Countries.actors.txt / Phoenix.International.actors.txt: spelling
                variants and date-bounded role codes.
``archigos``    effective heads of state/government with start and end dates.

Merge rules (one person = one official)
---------------------------------------
1. Every source row becomes a *record*: name variants, the countries it is tied to
   (nationality and the states of its posts; organisation posts use ``org:<slug>``)
   and its appointments.
2. Each name variant is reduced to a *name key*: ASCII-folded, lower-cased,
   punctuation and hyphens split into tokens, honorifics (Mr, Dr, Sheikh...) and
   particles (al, el, bin, ibn, de, van...) and single-letter initials dropped, and
   transliteration variants collapsed per token (kh->k, q->k, gh->g, dh->d, th->t,
   ph->f, ou/oo/o->u, e/y->i, doubled letters -> one). So ``WALID_MUALEM``,
   ``Walid Al-Moualem``, ``Walid al-Moallem`` and ``Walid Muallem`` share ``walid mualim``.
3. Records that share a country and a full name key are merged (union-find).
4. A record with a long name (``Sergey Viktorovich Lavrov``) is also merged with records
   whose two-token name equals its first + last token (``Sergey Lavrov``) in the same
   country -- but only when exactly one long-name group has that first+last key, so
   that ``Abdullah bin Abdulaziz Al Saud`` and ``Abdullah bin Faisal Al Saud`` stay apart.
5. Surname-only names (Archigos ``Putin``/``Calmy-Rey``, UN ``Mr. KHADDAM``) are merged
   only into a unique group of the same country with that last token whose posts overlap
   in time (UN speakers: or are of the same kind), otherwise dropped.
6. Phoenix entries without a dated role only contribute spelling variants to a group
   they match; groups made only of such entries are dropped (they are often not people).
7. Within a merged official, appointments with the same post title and the same
   country/organisation are merged when they overlap or touch (within 31 days); an
   unknown start/end counts as open.  ``team`` appointments win: same-post appointments
   overlapping a ``team`` appointment are absorbed into it (only their sources are kept).
   Untitled Phoenix roles (``[SYRGOV >060301]``) are dropped when a titled appointment of
   the same person and country overlaps them, otherwise kept as "Government official".
   Archigos spells enrich an overlapping head-of-state/government appointment (source)
   and only create a "Leader" appointment when the person has none there.
   A UN-speaker-only interval joins a same-post interval less than a year away (the list
   samples each September, so a gap is no evidence of leaving office).
9. Names are cleaned before matching and display: honorifics and post-nominals removed,
   "Surname, Given" reordered, Windows-1252 mojibake repaired; the display name is the
   first clean multi-word name by source priority (team, UN list, Archigos, CountryInfo,
   Phoenix); groups without any clean name are dropped.
8. UN speakers: a speaker in session year Y held the post in September of Y; runs of
   consecutive years become one appointment from Y1-09-01 to Y2-09-30.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_OUT = REPO_ROOT / "articles" / "data"

# --------------------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Return ``text`` with accents removed (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A few letters do not decompose; map them by hand so keys stay ASCII.
    return folded.translate(
        str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "đ": "d", "ß": "ss"})
    )


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug with hyphens (``"Walid Mouallem"`` -> ``walid-mouallem``)."""
    ascii_text = fold(text).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def squash(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    return re.sub(r"\s+", " ", text).strip()


def alias(text: str, kind: str, ambiguous: bool = False) -> dict:
    """Build one alias entry in the committed format."""
    return {"alias": text, "kind": kind, "ambiguous": ambiguous}


# --------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------

# The name the English-language press uses, where it differs from mledoze's common name.
PRESS_NAMES = {
    "GB": "Britain",
    "US": "United States",
    "RU": "Russia",
    "KP": "North Korea",
    "KR": "South Korea",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "TR": "Turkey",
    "IR": "Iran",
    "SY": "Syria",
    "LA": "Laos",
    "VN": "Vietnam",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "MK": "North Macedonia",
    "SZ": "Eswatini",
    "TL": "East Timor",
    "CV": "Cape Verde",
    "VA": "Vatican",
    "AE": "United Arab Emirates",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "PS": "Palestine",
    "TW": "Taiwan",
    "MM": "Myanmar",
    "XK": "Kosovo",
    "BN": "Brunei",
    "FM": "Micronesia",
    "CN": "China",
}

# Other press names, official names and abbreviations (kind "alternative").
EXTRA_ALTERNATIVES = {
    "GB": ["United Kingdom", "UK", "U.K.", "Great Britain"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "RU": ["Russian Federation"],
    "MM": ["Burma"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "ROK", "Korea"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CZ": ["Czechia"],
    "TR": ["Türkiye", "Turkiye"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "LA": ["Lao PDR"],
    "VN": ["Viet Nam"],
    "MK": ["Macedonia", "FYROM", "Former Yugoslav Republic of Macedonia"],
    "SZ": ["Swaziland"],
    "TL": ["Timor-Leste"],
    "CV": ["Cabo Verde"],
    "VA": ["Vatican City", "Holy See"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": [
        "DRC",
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "Congo-Kinshasa",
    ],
    # Plain "Congo" is ambiguous between CG and CD; it lives under CG (flagged), and the
    # loader treats it specially.
    "CG": ["Congo-Brazzaville", "Republic of Congo", "Congo"],
    "PS": ["Palestinian territories", "State of Palestine", "Palestinian Territories"],
    "TW": ["Republic of China"],
    "CN": ["People's Republic of China", "PRC"],
    "NL": ["Holland"],
    "BA": ["Bosnia"],
    "DE": ["Federal Republic of Germany"],
    "SA": ["KSA"],
}

# Adjectival and plural demonyms beyond mledoze's single demonym per country.
EXTRA_DEMONYMS = {
    "GB": ["British", "Britons"],
    "US": ["American", "Americans"],
    "AE": ["Emirati", "Emiratis"],
    "NL": ["Dutch"],
    "FR": ["French"],
    "CN": ["Chinese"],
    "JP": ["Japanese"],
    "CH": ["Swiss"],
    "KP": ["North Korean", "North Koreans", "Korean", "Koreans"],
    "KR": ["South Korean", "South Koreans", "Korean", "Koreans"],
    "IL": ["Israeli", "Israelis"],
    "PS": ["Palestinian", "Palestinians"],
    "TR": ["Turk", "Turks", "Turkish"],
    "PL": ["Poles"],
    "DK": ["Danes", "Danish"],
    "SE": ["Swedes", "Swedish"],
    "FI": ["Finns", "Finnish"],
    "ES": ["Spaniards", "Spanish"],
    "IE": ["Irish"],
    "SA": ["Saudi", "Saudis"],
    "IQ": ["Iraqi", "Iraqis"],
    "PH": ["Filipinos", "Filipino"],
    "CD": ["Congolese"],
    "CG": ["Congolese"],
}

# fmt: off
# Demonyms that name a region or a people rather than a country: never an alias.
FORBIDDEN_ALIASES = {
    "arab", "arabs", "western", "jewish", "european", "europeans", "african", "africans",
    "asian", "asians", "latin", "the council", "the bloc", "the union", "gulf states",
    "islamic", "muslim", "christian", "kurdish", "kurds", "persian",
}

# Aliases that collide with common words, people's names, US places or other countries.
AMBIGUOUS_ALIASES = {
    "georgia", "georgian", "georgians", "jordan", "chad", "niger", "turkey", "congo", "korea",
    "korean", "koreans", "guinea", "guinean", "guineans", "dominica", "dominican", "washington",
    "us", "america", "victoria", "kingston", "georgetown", "hamilton", "jamestown", "plymouth",
    "santiago", "san jose", "san josé", "wellington", "sucre", "male", "jersey", "polish",
    "macedonia", "emirates", "reunion", "congolese", "panama city", "la paz", "valencia",
    "cordoba", "córdoba", "kingstown", "saint john's", "st. john's", "charlotte amalie",
}

# Capitals used as metonyms that mledoze spells differently ("Washington D.C.").
EXTRA_CAPITALS = {"US": ["Washington", "Washington, D.C."], "PS": ["East Jerusalem"]}

# Capitals / cities per country added by hand (well-known places in diplomatic news).
EXTRA_CITIES = {
    "SY": ["Aleppo", "Homs", "Hama", "Idlib", "Latakia", "Raqqa", "Deir ez-Zor", "Daraa"],
    "IQ": ["Mosul", "Basra", "Fallujah", "Kirkuk", "Erbil", "Ramadi", "Tikrit", "Najaf"],
    "LY": ["Benghazi", "Misrata", "Sirte", "Derna", "Tobruk"],
    "AF": ["Kandahar", "Helmand", "Herat", "Mazar-i-Sharif", "Jalalabad", "Kunduz"],
    "UA": ["Crimea", "Donetsk", "Luhansk", "Kharkiv", "Odesa", "Odessa", "Mariupol", "Sevastopol"],
    "PS": ["Gaza", "Gaza Strip", "West Bank", "Hebron", "Rafah", "Khan Younis", "Jenin", "Nablus"],
    "IL": ["Tel Aviv", "Haifa", "Golan Heights", "Jaffa", "Eilat", "Beersheba"],
    "YE": ["Aden", "Hodeidah", "Taiz", "Marib", "Mukalla"],
    "RU": ["St Petersburg", "Saint Petersburg", "St. Petersburg", "Chechnya", "Vladivostok", "Kaliningrad", "Grozny", "Sochi"],
    "CN": ["Shanghai", "Xinjiang", "Tibet", "Guangzhou", "Shenzhen", "Wuhan", "Tianjin", "Chongqing"],
    "HK": ["Kowloon"],
    "EG": ["Alexandria", "Sinai", "Port Said", "Suez", "Aswan", "Sharm el-Sheikh"],
    "LB": ["Sidon", "Tyre", "Baalbek"],  # "Tripoli" in the news is Libya's capital
    "PK": ["Karachi", "Lahore", "Peshawar", "Waziristan", "Quetta", "Rawalpindi", "Abbottabad"],
    "IN": ["Mumbai", "Kashmir", "Kolkata", "Chennai", "Bangalore", "Bombay", "Hyderabad", "Calcutta"],
    "IR": ["Isfahan", "Natanz", "Fordow", "Bushehr", "Mashhad", "Qom", "Tabriz", "Shiraz"],
    "KP": ["Yongbyon", "Kaesong", "Panmunjom"],
    "KR": ["Busan", "Pusan", "Incheon", "Daegu", "Gwangju"],
    "TR": ["Istanbul", "Izmir", "Incirlik", "Diyarbakir", "Gaziantep", "Adana"],
    "US": ["New York", "Pentagon", "White House", "Capitol Hill", "Los Angeles", "Chicago", "San Francisco"],
    "GB": ["Downing Street", "Whitehall", "Westminster", "Edinburgh", "Belfast", "Manchester", "Birmingham"],
    "FR": ["Marseille", "Lyon", "Strasbourg", "Bordeaux", "Toulouse", "Elysee", "Élysée"],
    "DE": ["Munich", "Hamburg", "Frankfurt", "Cologne", "Bonn", "Dresden", "Leipzig"],
    "IT": ["Milan", "Naples", "Turin", "Venice", "Sicily", "Lampedusa"],
    "ES": ["Barcelona", "Catalonia", "Seville", "Bilbao", "Malaga"],
    "CH": ["Geneva", "Zurich", "Davos", "Lausanne", "Basel"],
    "AT": ["Salzburg", "Innsbruck", "Graz", "Linz"],
    "BE": ["Antwerp", "Ghent", "Bruges", "Liege", "Charleroi"],
    "NL": ["Rotterdam", "The Hague", "Den Haag", "Utrecht", "Eindhoven"],
    "SE": ["Gothenburg", "Malmo", "Malmö", "Uppsala"],
    "NO": ["Bergen", "Stavanger", "Trondheim"],
    "DK": ["Aarhus", "Odense", "Aalborg"],
    "PL": ["Krakow", "Kraków", "Gdansk", "Gdańsk", "Wroclaw", "Lodz", "Poznan"],
    "CZ": ["Brno", "Ostrava", "Pilsen"],
    "GR": ["Thessaloniki", "Piraeus", "Lesbos", "Patras"],
    "PT": ["Porto", "Oporto", "Braga"],
    "BY": ["Gomel", "Grodno", "Vitebsk"],
    "KZ": ["Almaty", "Astana", "Nur-Sultan"],
    "SA": ["Jeddah", "Mecca", "Medina", "Dammam", "Jiddah"],
    "AE": ["Dubai", "Sharjah"],
    "QA": ["Al Udeid"],
    "JO": ["Aqaba", "Zarqa", "Irbid"],
    "SD": ["Darfur", "Omdurman", "Port Sudan", "Khartoum North", "El Fasher"],
    "SS": ["Malakal"],
    "SO": ["Kismayo", "Puntland", "Somaliland", "Baidoa"],
    "ML": ["Timbuktu", "Gao", "Kidal", "Mopti"],
    "NG": ["Lagos", "Maiduguri", "Kano", "Borno", "Port Harcourt", "Ibadan"],
    "MA": ["Casablanca", "Marrakech", "Tangier", "Fez"],
    "DZ": ["Oran", "Constantine", "Annaba", "In Amenas"],
    "TN": ["Sfax", "Sousse", "Sidi Bouzid"],
    "AZ": ["Nagorno-Karabakh", "Ganja"],
    "AM": ["Gyumri"],
    "GE": ["Batumi", "Abkhazia", "South Ossetia"],
    "MD": ["Transnistria", "Tiraspol"],
    "RS": ["Novi Sad"],
    "CU": ["Guantanamo", "Guantanamo Bay", "Santiago de Cuba"],
    "VE": ["Maracaibo", "Barquisimeto"],
    "CO": ["Medellin", "Medellín", "Cali", "Cartagena", "Barranquilla"],
    "MX": ["Guadalajara", "Monterrey", "Tijuana", "Ciudad Juarez", "Acapulco"],
    "BR": ["Sao Paulo", "São Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife"],
    "AR": ["Mendoza"],
    "CA": ["Toronto", "Montreal", "Vancouver", "Calgary", "Quebec"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"],
    "JP": ["Osaka", "Okinawa", "Hiroshima", "Nagasaki", "Fukushima", "Kyoto"],
    "TW": ["Kaohsiung", "Taichung", "Tainan"],
    "VN": ["Ho Chi Minh City", "Saigon", "Haiphong", "Da Nang"],
    "PH": ["Mindanao", "Cebu", "Davao", "Marawi"],
    "ID": ["Surabaya", "Bali", "Aceh"],
    "MY": ["Penang"],
    "TH": ["Chiang Mai", "Phuket"],
    "MM": ["Yangon", "Rangoon", "Mandalay", "Rakhine"],
    "CI": ["Abidjan"],
    "CD": ["Goma", "Kisangani", "Lubumbashi", "North Kivu", "South Kivu"],
    "KE": ["Mombasa", "Kisumu"],
    "ET": ["Tigray", "Mekelle"],
    "ZA": ["Johannesburg", "Cape Town", "Durban", "Soweto"],
    "PR": ["San Juan"],
}

# City names from CountryInfo we do not want: they equal common English words, people's
# names, or are foreign-language doublets of a city already listed.
CITY_STOPLIST = {
    "halab", "alep", "al ladhiqiya", "victoria", "george", "mobile", "nice", "reading", "bath",
    "split", "of", "york", "hamilton", "lincoln", "jackson", "florence", "salvador",
    "santa cruz", "san juan", "santiago", "la plata", "concepcion", "cordoba", "valencia",
    "granada", "trinidad", "mercedes", "colon", "jesus",
    "kingston", "orange", "durban", "george town", "georgetown", "richmond", "columbia",
    "roma", "napoli", "milano", "torino", "munchen", "koln", "wien", "praha", "warszawa",
    "moskva", "kobenhavn", "lisboa", "athinai", "bucuresti", "beograd",
    "cork", "tara", "volta", "constantina", "maarianhamina", "mariehamn", "redonda", "durazzo",
    "nova lisboa", "tammerfors", "kovna", "kovno", "memel", "ragusa", "stabroek", "samarcand",
    "punto arenas", "pango pango", "santa ana",
}
MAX_CITIES = 8
# fmt: on


def countryinfo_blocks(reference: Path) -> dict[str, dict[str, list[str]]]:
    """Parse CountryInfo.txt into ``{ISO3: {tag: [lines]}}`` (lines still raw).

    The file is "almost XML" and partly Latin-1; blocks are keyed on <CountryCode>, which
    is correct where the ISO tags are not (MYANMAR carries Mozambique's ISO codes), and for
    dependent territories (``USAGUM``) we fall back to the ISO3166-alpha3 tag.
    """
    text = (reference / "countryinfo" / "CountryInfo.120116.txt").read_bytes().decode("latin-1")
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


def underscore_to_words(token: str) -> str:
    """Turn a CountryInfo/Phoenix ``UPPER_SNAKE_`` entry into title-cased words."""
    words = token.strip().strip("_").replace("_", " ").lower()
    small = {"of", "the", "al", "el", "de", "la", "del"}
    return " ".join(
        "-".join(p.capitalize() for p in w.split("-")) if w not in small else w
        for w in words.split()
    )


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
            if fold(text) != text:
                variants.append(fold(text))
            for variant in variants:
                vkey = variant.casefold()
                if vkey in seen or vkey in FORBIDDEN_ALIASES:
                    continue
                if entry["kind"] == "city":
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


# --------------------------------------------------------------------------------------
# Organisations (hand-curated facts)
# --------------------------------------------------------------------------------------

# fmt: off
# (slug, name, abbreviation, [alternatives], [extra abbreviations], [ambiguous alternatives])
ORGANISATIONS = [
    ("un", "United Nations", "UN", ["United Nations Organization"], ["U.N."], []),
    ("un-security-council", "UN Security Council", "UNSC", ["United Nations Security Council", "U.N. Security Council"], [], ["Security Council"]),
    ("un-general-assembly", "UN General Assembly", "UNGA", ["United Nations General Assembly", "U.N. General Assembly"], [], ["General Assembly"]),
    ("un-human-rights-council", "UN Human Rights Council", "UNHRC", ["United Nations Human Rights Council", "U.N. Human Rights Council"], [], ["Human Rights Council"]),
    ("unhcr", "UNHCR", "UNHCR", ["UN Refugee Agency", "United Nations High Commissioner for Refugees", "UN refugee agency", "Office of the United Nations High Commissioner for Refugees"], [], []),
    ("unicef", "UNICEF", "UNICEF", ["United Nations Children's Fund", "UN Children's Fund"], [], []),
    ("who", "World Health Organization", "WHO", ["World Health Organisation"], [], []),
    ("wfp", "World Food Programme", "WFP", ["World Food Program", "UN World Food Programme"], [], []),
    ("unesco", "UNESCO", "UNESCO", ["United Nations Educational, Scientific and Cultural Organization"], [], []),
    ("unrwa", "UNRWA", "UNRWA", ["United Nations Relief and Works Agency", "UN Relief and Works Agency"], [], []),
    ("undp", "UN Development Programme", "UNDP", ["United Nations Development Programme"], [], []),
    ("ohchr", "UN Human Rights Office", "OHCHR", ["Office of the High Commissioner for Human Rights", "UN High Commissioner for Human Rights", "United Nations High Commissioner for Human Rights"], [], []),
    ("ocha", "UN Office for the Coordination of Humanitarian Affairs", "OCHA", ["United Nations Office for the Coordination of Humanitarian Affairs"], ["UNOCHA"], []),
    ("ilo", "International Labour Organization", "ILO", ["International Labor Organization"], [], []),
    ("fao", "Food and Agriculture Organization", "FAO", ["UN Food and Agriculture Organization"], [], []),
    ("eu", "European Union", "EU", [], ["E.U."], []),
    ("european-commission", "European Commission", "EC", ["EU Commission"], [], []),
    ("european-parliament", "European Parliament", "EP", ["EU Parliament"], [], []),
    ("european-council", "European Council", None, [], [], []),
    ("nato", "NATO", "NATO", ["North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"], ["Nato"], []),
    ("arab-league", "Arab League", None, ["League of Arab States"], [], []),
    ("african-union", "African Union", "AU", [], [], []),
    ("asean", "ASEAN", "ASEAN", ["Association of Southeast Asian Nations", "Association of South East Asian Nations"], [], []),
    ("opec", "OPEC", "OPEC", ["Organization of the Petroleum Exporting Countries"], [], []),
    ("iaea", "International Atomic Energy Agency", "IAEA", ["UN nuclear watchdog"], [], []),
    ("wto", "World Trade Organization", "WTO", ["World Trade Organisation"], [], []),
    ("imf", "International Monetary Fund", "IMF", [], [], []),
    ("world-bank", "World Bank", None, ["World Bank Group"], [], []),
    ("g7", "G7", "G7", ["Group of Seven", "G-7"], [], []),
    ("g8", "G8", "G8", ["Group of Eight", "G-8"], [], []),
    ("g20", "G20", "G20", ["Group of 20", "Group of Twenty", "G-20"], [], []),
    ("gcc", "Gulf Cooperation Council", "GCC", ["Cooperation Council for the Arab States of the Gulf"], [], []),
    ("osce", "OSCE", "OSCE", ["Organization for Security and Co-operation in Europe", "Organization for Security and Cooperation in Europe"], [], []),
    ("brics", "BRICS", "BRICS", [], [], []),
    ("sco", "Shanghai Cooperation Organisation", "SCO", ["Shanghai Cooperation Organization"], [], []),
    ("oas", "Organization of American States", "OAS", [], [], []),
    ("oic", "Organisation of Islamic Cooperation", "OIC", ["Organization of Islamic Cooperation", "Organisation of the Islamic Conference", "Organization of the Islamic Conference"], [], []),
    ("ecowas", "ECOWAS", "ECOWAS", ["Economic Community of West African States"], [], []),
    ("commonwealth", "Commonwealth of Nations", None, ["Commonwealth Secretariat"], [], ["Commonwealth"]),
    ("council-of-europe", "Council of Europe", "CoE", [], [], []),
    ("icc", "International Criminal Court", "ICC", [], [], []),
    ("icj", "International Court of Justice", "ICJ", ["World Court"], [], []),
    ("interpol", "Interpol", None, ["International Criminal Police Organization"], [], []),
    ("oecd", "OECD", "OECD", ["Organisation for Economic Co-operation and Development", "Organization for Economic Cooperation and Development"], [], []),
    ("cis", "Commonwealth of Independent States", "CIS", [], [], []),
    ("csto", "Collective Security Treaty Organization", "CSTO", ["Collective Security Treaty Organisation"], [], []),
    ("eaeu", "Eurasian Economic Union", "EAEU", [], ["EEU"], []),
    ("mercosur", "Mercosur", None, ["Mercosul", "Southern Common Market"], [], []),
    ("saarc", "SAARC", "SAARC", ["South Asian Association for Regional Cooperation"], [], []),
    ("apec", "APEC", "APEC", ["Asia-Pacific Economic Cooperation"], [], []),
    ("opcw", "Organisation for the Prohibition of Chemical Weapons", "OPCW", ["Organization for the Prohibition of Chemical Weapons"], [], []),
    ("ctbto", "CTBTO", "CTBTO", ["Comprehensive Nuclear-Test-Ban Treaty Organization"], [], []),
    ("middle-east-quartet", "Middle East Quartet", None, ["Quartet on the Middle East"], [], []),
    ("african-development-bank", "African Development Bank", "AfDB", [], [], []),
    ("asian-development-bank", "Asian Development Bank", "ADB", [], [], []),
    ("un-peacekeeping", "UN peacekeeping", "DPKO", ["UN Department of Peacekeeping Operations", "United Nations peacekeeping"], [], []),
    ("iom", "International Organization for Migration", "IOM", [], [], []),
    ("icrc", "International Committee of the Red Cross", "ICRC", [], [], []),
]
# fmt: on


def build_organisations() -> list[dict]:
    """Expand ORGANISATIONS into the committed format, sorted by slug."""
    out = []
    for slug, name, abbreviation, alternatives, abbreviations, ambiguous in ORGANISATIONS:
        entries = [alias(name, "name")]
        entries += [alias(a, "alternative") for a in alternatives]
        entries += [alias(a, "alternative", True) for a in ambiguous]
        if abbreviation and abbreviation != name:
            entries.append(alias(abbreviation, "abbreviation"))
        entries += [alias(a, "abbreviation") for a in abbreviations]
        seen, unique = set(), []
        for entry in entries:
            if entry["alias"].casefold() in seen or entry["alias"].casefold() in FORBIDDEN_ALIASES:
                continue
            seen.add(entry["alias"].casefold())
            unique.append(entry)
        out.append({"slug": slug, "name": name, "abbreviation": abbreviation, "aliases": unique})
    return sorted(out, key=lambda o: o["slug"])


ORG_NAMES = {slug: name for slug, name, *_ in ORGANISATIONS}

# fmt: off
# Phoenix IGO codes (after the "IGO" prefix) -> organisation slug; longest prefix wins.
IGO_CODES = {
    "UNO": "un", "UNOHLHWHO": "who", "UNOKID": "unicef", "UNOIAE": "iaea", "UNOREFHCR": "unhcr",
    "UNOWFP": "wfp", "UNODEVWBK": "world-bank", "UNOWBK": "world-bank", "BUSIMF": "imf",
    "WSTNAT": "nato", "EUREEC": "eu", "EUR": "eu", "MEAARL": "arab-league", "AFRAFU": "african-union",
    "AFROAU": "african-union", "SEAASN": "asean", "BUSOPC": "opec", "BUSWTO": "wto", "OAS": "oas",
    "MOSOIC": "oic", "WAFWAS": "ecowas", "CWN": "commonwealth", "JUDICC": "icc",
    "UNOJUDICJ": "icj", "UNOLABILO": "ilo", "UNOHRIHCH": "ohchr", "UNOAGRFAO": "fao",
    "UNODEV": "undp", "CASCIS": "cis",
}
# fmt: on


# --------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------

# fmt: off
HEAD_OF_STATE_WORDS = {
    "king": "King", "queen": "Queen", "emir": "Emir", "amir": "Emir", "sultan": "Sultan",
    "grand duke": "Grand Duke", "supreme leader": "Supreme Leader", "head of state": "Head of State",
    "emperor": "Emperor", "paramount ruler": "Paramount Ruler", "chairman of the presidency": "Chairman of the Presidency",
}

NOT_PRESIDENT = ("vice", "deputy", "senate", "assembly", "court", "bank", "parliament", "chamber",
                 "commission", "congress", "council of", "party", "committee", "union", "board",
                 "general assembly", "european", "regional", "tribunal", "national council")
# fmt: on


def foreign_minister_title(country: str | None) -> str:
    """The usual English title of a country's foreign minister."""
    return {"US": "Secretary of State", "GB": "Foreign Secretary"}.get(
        country or "", "Foreign Minister"
    )


def head_of_government_title(country: str | None) -> str:
    """The usual English title of a country's head of government."""
    return {"DE": "Chancellor", "AT": "Chancellor"}.get(country or "", "Prime Minister")


def classify_post(description: str, country: str | None) -> list[tuple[str, str]]:
    """Map a free-text post description to ``[(post title, post_kind), ...]``.

    A combined description ("Prime Minister and Minister for Foreign Affairs") yields one
    entry per top-level role; otherwise the single best match is returned.  Unknown
    descriptions keep their (cleaned) text as the title with kind "official".
    """
    text = squash(
        description.replace("Foregn", "Foreign").replace("Affaires", "Affairs").replace("_", " ")
    )
    text = re.sub(r"(?i)governor[ -]general", "Governor-General", text)
    low = text.lower()
    if not low or low in {
        "delegation",
        "chair of the delegation",
        "chair of delegation",
        "chairman",
    }:
        return []
    posts: list[tuple[str, str]] = []
    if "spokes" in low:
        title = "Foreign Ministry Spokesperson" if "foreign" in low else "Government Spokesperson"
        return [(title, "spokesperson")]
    if re.search(
        r"(permanent representative|ambassador|amb\.?|representative) to (the )?(un|u\.n\.|united nations)\b|^un representative|^permanent representative",
        low,
    ):
        return [("Ambassador to the UN", "ambassador")]
    deputy_fm = re.search(
        r"(deputy|vice|state|first deputy)[ -](foreign minister|minister (of|for) foreign)|minister of state for foreign|deputy secretary of state|under-?secretary",
        low,
    )
    fm = re.search(
        r"(minister|secretary|ministry)( responsible)? (of|for) (foreign|external)|foreign (affairs )?minister|foreign secretary|secretary for foreign",
        low,
    )
    # "Secretary of State" is the foreign minister only in the US; elsewhere a junior post.
    if low == "secretary of state":
        return [("Secretary of State", "foreign_minister" if country == "US" else "minister")]
    if deputy_fm and not re.search(r"^(deputy prime minister|prime minister)", low):
        return [("Deputy Foreign Minister", "deputy_minister")]
    # Only a leading or co-ordinated "Prime Minister" is the head of government: not
    # "Deputy Prime Minister", "Minister of the Prime Minister's Court" or the Exchequer.
    if re.search(
        r"(^|, |and |& )(prime minister|premier|head of government)\b(?!'?s\b)", low
    ) or re.match(
        r"(chairman|president) of the (council of minister|government\b)|(federal )?chancellor$",
        low,
    ):
        posts.append((head_of_government_title(country), "head_of_government"))
    if (
        low.startswith("president")
        and not any(w in low for w in NOT_PRESIDENT)
        or low in {"constitutional president", "interim president", "acting president"}
    ):
        posts.append(("President", "head_of_state"))
    for word, title in HEAD_OF_STATE_WORDS.items():
        if re.match(rf"(reigning )?{word}\b", low):
            posts.append((title, "head_of_state"))
            break
    if fm and "deputy minister" not in low and "vice minister" not in low:
        posts.append((foreign_minister_title(country), "foreign_minister"))
    if re.search(r"^(deputy|vice|first deputy)[ -](prime minister|premier)", low):
        posts.insert(0, ("Deputy Prime Minister", "minister"))
    if posts:
        return posts
    first = re.split(r" & |;|, and | and (?=minister)", text)[0].strip(" ,")
    if first.isupper():
        first = (
            re.sub(r"\bMin\.", "Minister", first.title())
            .replace(" Of ", " of ")
            .replace(" And ", " and ")
        )
    first_low = first.lower()
    # CountryInfo comments are sometimes editors' notes rather than titles.
    if len(first) > 90 or re.search(
        r"\b(because|looks like|inconsisten|need|check|iffy|killed|captured)", first_low
    ):
        return []
    first = first[:1].upper() + first[1:]
    if re.search(r"vice[ -]president", first_low):
        return [("Vice President", "official")]
    if (
        "defen" in first_low
        and "minister" in first_low
        and not re.search(r"deputy|vice|state", first_low)
    ):
        return [("Defence Minister", "minister")]
    if re.search(r"secretary[ -]general", first_low):
        return [(first, "secretary_general")]
    if re.search(r"\b(envoy|special representative|special coordinator)\b", first_low):
        return [(first, "envoy")]
    if "ambassador" in first_low:
        return [(first, "ambassador")]
    if re.search(r"\b(deputy|vice) minister|\bminister of state\b|\bassistant minister", first_low):
        return [(first, "deputy_minister")]
    if "minister" in first_low or re.match(r"secretary (of|for) ", first_low):
        return [(first, "minister")]
    if re.match(
        r"(governor|governor general|governor-general|administrator|high commissioner|commissioner)\b",
        first_low,
    ):
        return [(first, "other")]
    return [(first, "official")]


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------

# fmt: off
PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "della", "der", "van",
             "von", "la", "le", "du", "dos", "das", "do", "y", "ul", "ud", "ben", "abu", "ould", "ag", "ter"}
LOWER_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "della", "der", "van",
                   "von", "la", "le", "du", "dos", "das", "do", "y", "ul", "ud", "ould", "ter", "den"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "h", "e", "he", "sir", "bey", "acting",
              "pasha", "prince", "princess", "king", "queen", "president", "general", "gen", "lord",
              "mme", "madame", "monsieur", "hrh", "excellency", "his", "her", "sayyid", "haji",
              "hon", "honourable", "honorable", "lt", "col", "colonel", "marshal", "admiral",
              "major", "captain", "emir", "amir", "sultan", "rev", "reverend", "father", "baron",
              "dame", "mister", "minister", "prime", "senor", "don", "dona", "dato", "datuk", "tun",
              "tan", "sri", "ii", "iii", "iv", "jr", "sr", "first", "secretary", "ambassador"}

# Surface words that mark a Phoenix synonym as a role phrase or a group, not a name.
NON_NAME_WORDS = {
    "minister", "president", "presidents", "secretary", "ambassador", "government", "regime",
    "administration", "foreign", "prime", "premier", "spokesman", "spokeswoman", "envoy",
    "chairman", "leader", "king", "general", "party", "forces", "army", "mr", "mrs", "ms",
    "dr", "sheikh", "chief", "official", "officials", "supporters", "loyalists", "camp",
    "family", "clan", "ministry", "office", "deputy", "vice", "council", "senator", "governor",
    "secretary-general", "un", "u.n.", "united", "nations", "russian", "syrian", "american",
    "chinese", "iranian", "israeli", "president-elect", "colonel", "brother", "son", "wife",
    "regime's", "junta", "commander", "head", "director", "emir", "amir", "prince",
    # group and place words: Phoenix lists militias, parties and provinces as actors too
    "jaysh", "jaish", "brigade", "brigades", "front", "movement", "city", "province",
    "governorate", "committee", "people's", "popular", "national", "republic", "islamic",
    "militia", "union", "group", "organization", "organisation", "agency", "authority", "house",
    "assembly", "parliament", "court", "bank", "police", "guard", "guards", "service",
    "chancellor", "kanzler", "bundeskanzler", "sir", "dame", "lord", "excellency", "dato'", "datuk",
    "services", "department", "district", "region", "state", "kingdom", "alliance", "coalition",
}

TRANSLITERATIONS = [("kh", "k"), ("q", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"),
                    ("ck", "k"), ("ou", "u"), ("oo", "u"), ("o", "u"), ("ee", "i"), ("e", "i"),
                    ("y", "i"), ("w", "u")]
# fmt: on


def name_tokens(name: str) -> list[str]:
    """Tokenise a name into normalised matching tokens (see merge rule 2)."""
    text = fold(name).lower()
    text = re.sub(r"['’`]", "", text)
    tokens = re.split(r"[^a-z]+", text)
    out = []
    for token in tokens:
        if len(token) <= 1 or token in PARTICLES or token in HONORIFICS:
            continue
        for old, new in TRANSLITERATIONS:
            token = token.replace(old, new)
        token = re.sub(r"(.)\1+", r"\1", token)
        out.append(token)
    return out


def display_name(raw: str) -> str:
    """Convert ``BASHAR_AL-ASSAD_`` / ``Mr. KHADDAM`` to normal case with lower particles."""
    text = squash(raw.replace("_", " ").strip())
    # CountryInfo marks caretakers in the name field ("PETER_TALI_COLEMAN_(ACTING)").
    text = re.sub(r"[\s(]+(acting|interim)\)?$", "", text, flags=re.I)
    words = []
    for i, word in enumerate(text.split(" ")):
        parts = word.split("-")
        fixed = []
        for j, part in enumerate(parts):
            low = part.lower()
            if re.fullmatch(r"[ivx]+", low) and i > 0:
                fixed.append(part.upper())
            elif (
                (i > 0 or j > 0)
                and low in LOWER_PARTICLES
                and (j < len(parts) - 1 or i < len(text.split(" ")) - 1)
            ):
                fixed.append(low)
            elif part.isupper() or part.islower():
                fixed.append(title_word(low))
            else:
                fixed.append(part)
        words.append("-".join(fixed))
    return " ".join(words)


def title_word(word: str) -> str:
    """Capitalise one lower-case word, handling Mc/O'/D' prefixes."""
    if not word:
        return word
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    match = re.match(r"^([a-z])'([a-z].*)$", word)
    if match:
        return match.group(1).upper() + "'" + match.group(2).capitalize()
    return word[:1].upper() + word[1:]


# fmt: off
POST_NOMINALS = {"jr", "sr", "mp", "obe", "cbe", "kbe", "gcfr", "gcmg", "kstj", "mbbs", "md", "gol",
                 "ch", "cf", "qc", "kc", "phd", "gcb", "kcmg", "cmg", "gcvo", "pc"}
# fmt: on


def clean_text(text: str) -> str:
    """Repair Windows-1252 bytes decoded as Latin-1 ("Ga\x9aparovic") and drop controls."""
    out = []
    for ch in text:
        if "\x80" <= ch <= "\x9f":
            out.append(bytes([ord(ch)]).decode("cp1252", errors="ignore"))
        elif ch.isprintable() or ch == " ":
            out.append(ch)
    return "".join(out)


def strip_honorifics(name: str) -> str:
    """Reduce a listed name to the person's name.

    Removes leading titles ("Mr.", "H.E.", "Rt. Hon. Sir"), trailing post-nominals
    (", MP", ", GCMG"), peerages (", Baron X"), nicknames in quotes, notes in brackets,
    and turns "Surname, Given" into "Given Surname".
    """
    text = squash(clean_text(name)).replace("’", "'")
    text = re.sub(r"\([^)]*\)?|\"[^\"]*\"?", " ", text).replace("`", "'").replace("‘", "'")
    # "Sheikh" stays: for many Gulf and South Asian leaders it is part of the name used.
    pattern = (
        r"^(mr|mrs|ms|dr|h\.\s?e|sir|don|dona|doña|mme|madame|his excellency|her excellency|"
        r"his majesty|hrh|general|gen|president|lord|dame|grand chief|chief|rt\.? hon|"
        r"right honourable|the honourable|hon|lieutenant general|lt\.? gen|haji|"
        r"dato'? s(e)?ri|dato'?|datuk s(e)?ri|datuk|tan sri|tun)\.?\s+"
    )
    while True:
        new = re.sub(pattern, "", text, flags=re.I)
        if new == text:
            break
        text = new
    text = re.sub(r"\s+(bey|pasha|acting)$", "", squash(text), flags=re.I)
    parts = [p.strip() for p in text.split(",")]
    parts = [
        p
        for p in parts
        if p
        and p.lower().strip(".") not in POST_NOMINALS
        and not re.match(r"(baron|viscount|earl|lord|marquess|duke)\b", p, re.I)
    ]
    if len(parts) == 2 and " " not in parts[0]:
        parts = [parts[1], parts[0]]  # "Duvalier, Francois" -> "Francois Duvalier"
    return " ".join(parts).strip(" ,.")


def is_person_alias(text: str) -> bool:
    """True when a name variant looks like a person's name of at least two words."""
    words = [w.lower() for w in re.split(r"[\s]+", text) if w]
    if len(words) < 2 or not all(re.match(r"[^\W\d_]", w) for w in words):
        return False
    if re.search(r"[&¡\ufffd]", text):
        return False  # mojibake or a title fragment, not a clean name
    if any(w.strip(".,'") in NON_NAME_WORDS for w in words):
        return False
    if len(name_tokens(text)) < 2:
        return False  # surname plus initials ("K. Annan", "Al-Assad H.") is too vague
    return bool(re.fullmatch(r"[\w.'’\- ]+", text)) and not any(ch.isdigit() for ch in text)


def name_variants(name: str) -> list[str]:
    """Extra surface variants: accent-free spelling and the name without an "al-" particle."""
    out = [name]
    if fold(name) != name:
        out.append(fold(name))
    for variant in list(out):
        bare = re.sub(r"\b(?:al|el|Al|El)-(?=[A-Z])", "", variant)
        if bare != variant:
            out.append(bare)
    return out


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------


def parse_date(raw: str) -> str | None:
    """Parse ``YYYYMMDD`` / ``YYMMDD`` / ``YYYY-MM-DD`` into ISO, clamping impossible days."""
    digits = re.sub(r"[^0-9]", "", raw or "")
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year < 30 else 1900 + year}{digits[2:]}"
    if len(digits) != 8:
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1800 <= year <= 2100 or not 1 <= month <= 12:
        return None
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_bounds(text: str) -> tuple[str | None, str | None] | None:
    """Parse a TABARI date restriction (``>20060211``, ``<031231``, ``a - b``, ``a-b``)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(">"):
        start = parse_date(text[1:])
        return (start, None) if start else None
    if text.startswith("<"):
        end = parse_date(text[1:])
        return (None, end) if end else None
    match = re.fullmatch(r"(\d{6,8})\s*-\s*(\d{6,8})", text)
    if match:
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
        if start and end and end < start:
            start, end = end, start
        return (start, end) if start or end else None
    return None


def days_between(a: str, b: str) -> int:
    """Whole days from ISO date ``a`` to ``b`` (negative when b is earlier)."""
    from datetime import date

    return (date.fromisoformat(b) - date.fromisoformat(a)).days


# --------------------------------------------------------------------------------------
# Records and merging
# --------------------------------------------------------------------------------------


@dataclass
class Appointment:
    """One dated post held by a person."""

    post: str
    post_kind: str
    country: str | None
    organisation: str | None
    start: str | None
    end: str | None
    sources: set[str]
    titled: bool = True  # False for Phoenix roles whose post is unknown
    leader_spell: bool = False  # True for Archigos spells (enrichment only)

    def scope(self) -> tuple:
        """The post identity used for merging and overlap checks."""
        return (self.post, self.country, self.organisation)


@dataclass
class Record:
    """One source row about a person, before merging."""

    names: list[str]
    countries: set[str]
    appointments: list[Appointment]
    source: str
    nationality: str | None = None
    enrich_only: bool = False
    order: int = 0
    keys: list[tuple[str, ...]] = field(default_factory=list)


SOURCE_PRIORITY = {"team": 0, "un-speakers": 1, "archigos": 2, "countryinfo": 3, "phoenix": 4}


class UnionFind:
    """Minimal union-find over record indices (smaller index becomes the root)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        """Return the root of ``i`` with path halving."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        """Join the groups of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_records(records: list[Record]) -> list[list[Record]]:
    """Group records into people following merge rules 3-6; return groups in stable order."""
    for i, record in enumerate(records):
        record.order = i
        cleaned = [strip_honorifics(n) for n in record.names]
        record.names = list(dict.fromkeys([n for n in cleaned if n] + record.names))
        record.keys = [tuple(t) for t in (name_tokens(n) for n in record.names) if t]
        # Archigos and old UN rows often give a surname only, hyphenated or not
        # ("Calmy-Rey"): match those on the last token alone (rule 5).
        if record.source in ("archigos", "un-speakers") and " " not in cleaned[0]:
            record.keys = sorted({k[-1:] for k in record.keys})
    uf = UnionFind(len(records))

    # Rule 3: same country + same full key.
    full: dict[tuple, int] = {}
    for record in records:
        for country in sorted(record.countries):
            for key in record.keys:
                if len(key) < 2:
                    continue
                bucket = (country, key)
                if bucket in full:
                    uf.union(full[bucket], record.order)
                else:
                    full[bucket] = record.order

    # Rule 4: first+last of a long name matches a two-token name, if unambiguous.
    long_groups: dict[tuple, set[int]] = defaultdict(set)
    short_members: dict[tuple, set[int]] = defaultdict(set)
    for record in records:
        for country in record.countries:
            for key in record.keys:
                if len(key) > 2:
                    long_groups[(country, key[0], key[-1])].add(record.order)
                elif len(key) == 2:
                    short_members[(country, key[0], key[-1])].add(record.order)
    for bucket, members in sorted(long_groups.items()):
        roots = {uf.find(m) for m in members}
        if len(roots) == 1 and bucket in short_members:
            anchor = min(members)
            for other in sorted(short_members[bucket]):
                uf.union(anchor, other)

    # Rule 5: surname-only names join a unique same-country group with that last token.
    last_index: dict[tuple, set[int]] = defaultdict(set)
    for record in records:
        if not record.enrich_only and any(len(k) >= 2 for k in record.keys):
            for country in record.countries:
                for key in record.keys:
                    if len(key) >= 2:
                        last_index[(country, key[-1])].add(record.order)
    dropped: set[int] = set()
    for record in records:
        if any(len(k) >= 2 for k in record.keys):
            continue
        # Candidates must also have held a post in that country at an overlapping time,
        # so that Archigos "Al-Assad H." (1971-2000) does not land on Bashar al-Assad.
        candidates = set()
        for country in record.countries:
            for key in record.keys:
                candidates |= last_index.get((country, key[-1]), set())
        # UN speakers of the 1990s are often surname-only and predate CountryInfo's
        # cabinets (2003+): for them the same kind of post in that country is enough.
        roots = {
            uf.find(m)
            for m in candidates
            if any(
                a.country == b.country
                and (
                    overlaps(a, b, 0)
                    or (record.source == "un-speakers" and a.post_kind == b.post_kind)
                )
                for a in records[m].appointments
                for b in record.appointments
            )
        }
        if len(roots) == 1:
            uf.union(roots.pop(), record.order)
        else:
            dropped.add(record.order)

    groups: dict[int, list[Record]] = defaultdict(list)
    for record in records:
        if record.order not in dropped:
            groups[uf.find(record.order)].append(record)
    # Rule 6: groups made only of enrichment records are not people we know posts for.
    return [g for _, g in sorted(groups.items()) if not all(r.enrich_only for r in g)]


def overlaps(a: Appointment, b: Appointment, slack: int = 31) -> bool:
    """True when two appointments overlap or touch (within ``slack`` days); None = open."""
    a_start, a_end = a.start or "0000-01-01", a.end or "9999-12-31"
    b_start, b_end = b.start or "0000-01-01", b.end or "9999-12-31"
    if a_end < b_start:
        return a.end is not None and b.start is not None and days_between(a_end, b_start) <= slack
    if b_end < a_start:
        return b.end is not None and a.start is not None and days_between(b_end, a_start) <= slack
    return True


def merge_slack(a: Appointment, b: Appointment) -> int:
    """Days of gap still treated as one term when merging two same-post appointments.

    UN speakers are sampled once a year (September), so a gap of under a year next to a
    UN-only interval is no evidence that the person left the post in between.
    """
    if a.sources == {"un-speakers"} or b.sources == {"un-speakers"}:
        return 366
    return 31


def merge_appointments(appointments: list[Appointment]) -> list[Appointment]:
    """Apply merge rule 7 to one person's appointments and return them sorted."""
    team = [a for a in appointments if "team" in a.sources]
    titled = [
        a for a in appointments if "team" not in a.sources and a.titled and not a.leader_spell
    ]
    untitled = [a for a in appointments if not a.titled]
    spells = [a for a in appointments if a.leader_spell]

    # Team facts absorb overlapping same-post appointments from the sources.
    remaining = []
    for appt in titled:
        owner = next((t for t in team if t.scope() == appt.scope() and overlaps(t, appt, 0)), None)
        if owner:
            owner.sources |= appt.sources
        else:
            remaining.append(appt)

    merged: list[Appointment] = list(team)
    by_scope: dict[tuple, list[Appointment]] = defaultdict(list)
    for appt in remaining:
        by_scope[appt.scope()].append(appt)
    for scope in sorted(by_scope, key=lambda s: tuple(x or "" for x in s)):
        pending = sorted(by_scope[scope], key=lambda a: (a.start or "", a.end or "9999"))
        current: list[Appointment] = []
        for appt in pending:
            target = next((c for c in current if overlaps(c, appt, merge_slack(c, appt))), None)
            if target is None:
                current.append(appt)
                continue
            target.start = (
                None
                if target.start is None or appt.start is None
                else min(target.start, appt.start)
            )
            target.end = (
                None if target.end is None or appt.end is None else max(target.end, appt.end)
            )
            target.sources |= appt.sources
        # Merging can make earlier-separate intervals overlap; repeat until stable.
        changed = True
        while changed:
            changed = False
            for i in range(len(current)):
                for j in range(i + 1, len(current)):
                    a, b = current[i], current[j]
                    if overlaps(a, b, merge_slack(a, b)):
                        a.start = (
                            None if a.start is None or b.start is None else min(a.start, b.start)
                        )
                        a.end = None if a.end is None or b.end is None else max(a.end, b.end)
                        a.sources |= b.sources
                        del current[j]
                        changed = True
                        break
                if changed:
                    break
        merged += current

    # Untitled Phoenix roles only add a source when a titled post covers them.
    for appt in untitled:
        cover = [
            m
            for m in merged
            if m.country == appt.country
            and m.organisation == appt.organisation
            and overlaps(m, appt, 0)
        ]
        if cover:
            for m in cover:
                m.sources |= appt.sources
            continue
        same = next(
            (m for m in merged if not m.titled and m.scope() == appt.scope() and overlaps(m, appt)),
            None,
        )
        if same:
            same.start = (
                None if same.start is None or appt.start is None else min(same.start, appt.start)
            )
            same.end = None if same.end is None or appt.end is None else max(same.end, appt.end)
            same.sources |= appt.sources
        else:
            merged.append(appt)

    # Archigos spells enrich an overlapping leader post, or stand alone as "Leader".
    for spell in spells:
        cover = [
            m
            for m in merged
            if m.country == spell.country
            and m.post_kind in ("head_of_state", "head_of_government")
            and overlaps(m, spell, 0)
        ]
        if cover:
            for m in cover:
                m.sources |= spell.sources
            continue
        same = next(
            (
                m
                for m in merged
                if m.leader_spell and m.country == spell.country and overlaps(m, spell)
            ),
            None,
        )
        if same:
            same.start = (
                min(x for x in (same.start, spell.start) if x)
                if same.start and spell.start
                else None
            )
            same.end = None if same.end is None or spell.end is None else max(same.end, spell.end)
            same.sources |= spell.sources
        else:
            merged.append(spell)
    return sorted(
        merged,
        key=lambda a: (
            a.start or "",
            a.end or "9999",
            a.post,
            a.country or "",
            a.organisation or "",
        ),
    )


def choose_name(group: list[Record]) -> str | None:
    """Pick the display name: the best source's first multi-word name (None: no clean name)."""
    ranked = sorted(group, key=lambda r: (SOURCE_PRIORITY[r.source], r.order))
    for record in ranked:
        for name in record.names:
            name = strip_honorifics(name)
            if len(name.split()) >= 2 and is_person_alias(name):
                return name
    fallback = strip_honorifics(ranked[0].names[0])
    # A one-word name ("Suharto") is fine; fragments and mojibake are not.
    return fallback if re.fullmatch(r"[A-Z][a-z'\-]+", fallback) else None


def build_officials(records: list[Record]) -> tuple[list[dict], dict]:
    """Merge records into officials in the committed format; also return statistics."""
    groups = merge_records(records)
    officials = []
    merged_records = 0
    for group in groups:
        appointments = merge_appointments([a for r in group for a in r.appointments])
        if not appointments:
            continue
        if len(group) > 1:
            merged_records += len(group)
        name = choose_name(group)
        if name is None:
            continue
        aliases: list[str] = []
        seen: set[str] = set()
        for record in sorted(group, key=lambda r: (SOURCE_PRIORITY[r.source], r.order)):
            for raw in [name, *record.names]:
                for variant in name_variants(raw):
                    if variant.casefold() not in seen and is_person_alias(variant):
                        seen.add(variant.casefold())
                        aliases.append(variant)
        if name.casefold() not in seen:
            aliases.insert(0, name)
        nationality = next(
            (
                r.nationality
                for r in sorted(group, key=lambda r: (SOURCE_PRIORITY[r.source], r.order))
                if r.nationality
            ),
            None,
        )
        if nationality is None:
            counts = Counter(a.country for a in appointments if a.country)
            nationality = min(counts, key=lambda c: (-counts[c], c)) if counts else None
        sources = sorted({s for a in appointments for s in a.sources} | {r.source for r in group})
        officials.append(
            {
                "key": "",
                "name": name,
                "nationality": nationality,
                "aliases": aliases,
                "appointments": [
                    {
                        "post": a.post,
                        "post_kind": a.post_kind,
                        "country": a.country,
                        "organisation": a.organisation,
                        "start": a.start,
                        "end": a.end,
                        "sources": sorted(a.sources),
                    }
                    for a in appointments
                ],
                "sources": sources,
            }
        )
    # Stable keys: sort by slug and then by content, suffix collisions with -2, -3...
    officials.sort(
        key=lambda o: (slugify(o["name"]), json.dumps(o, sort_keys=True, ensure_ascii=False))
    )
    used: Counter = Counter()
    for official in officials:
        base = slugify(official["name"]) or "official"
        used[base] += 1
        official["key"] = base if used[base] == 1 else f"{base}-{used[base]}"
    officials.sort(key=lambda o: o["key"])
    stats = {"records": len(records), "groups": len(groups), "merged_records": merged_records}
    return officials, stats


# --------------------------------------------------------------------------------------
# Source readers for officials
# --------------------------------------------------------------------------------------


class Codes:
    """Country code lookups shared by the readers."""

    def __init__(self, reference: Path) -> None:
        raw = json.loads((reference / "countries" / "countries.json").read_text(encoding="utf-8"))
        self.iso3_to_2 = {c["cca3"]: c["cca2"] for c in raw}
        # CAMEO / UN-list codes that are not ISO 3166 alpha-3.
        self.iso3_to_2.update(
            {"KSV": "XK", "TMP": "TL", "SRP": "RS", "POR": "PT", "ROM": "RO", "ZAR": "CD"}
        )
        self.gw_to_2: dict[str, str] = {}
        with (reference / "country-converter" / "country_data.tsv").open(
            encoding="utf-8"
        ) as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                gw = (row.get("GWcode") or "").strip().split(".")[0]
                iso2 = row["ISO2"].strip()
                # Some rows carry a regex in ISO2 ("^GR$|^EL$"); only real codes count.
                if gw and re.fullmatch(r"[A-Z]{2}", iso2) and gw not in self.gw_to_2:
                    self.gw_to_2[gw] = iso2
        self.name_to_2: dict[str, str] = {}

    def country(self, code: str) -> str | None:
        """ISO2 for an ISO3/CAMEO code, or None."""
        return self.iso3_to_2.get(code.strip().upper())


def read_countryinfo(reference: Path, codes: Codes, blocks: dict) -> list[Record]:
    """Records from CountryInfo.txt <Leaders>/<Government> and the two people CSVs."""
    records: list[Record] = []
    for code, tags in sorted(blocks.items()):
        iso2 = codes.country(code)
        if not iso2:
            continue
        name_key = squash(" ".join(tags.get("CountryName", [""]))).strip("_").lower()
        codes.name_to_2[name_key] = iso2
        # <Leaders> holds sub-tags naming the post; parse line by line to track them.
        section = None
        for line in "\n".join(tags.get("Leaders", [])).splitlines():
            line = line.split("#")[0]
            opener = re.match(r"\s*<([^/][^>]*)>", line)
            if opener:
                section = opener.group(1)
                continue
            if re.match(r"\s*</", line) or not line.strip() or section is None:
                continue
            names, rest = split_names(line)
            spans = [parse_bounds(s) for s in re.findall(r"\[([^\]:]*)\]", rest)]
            posts = classify_post(leader_section_title(section), iso2)
            appts = [
                Appointment(p, k, iso2, None, s[0], s[1], {"countryinfo"})
                for s in spans
                if s
                for p, k in posts
            ]
            if names and appts:
                records.append(Record(names, {iso2}, appts, "countryinfo", iso2))
        for line in tags.get("Government", []):
            if "[" not in line:
                continue
            body, _, comment = line.partition("#")
            names, rest = split_names(body)
            spans = []
            for match in re.finditer(r"\[([A-Z]{3})[A-Z]*\s*([^\]]*)\]", rest):
                bounds = parse_bounds(match.group(2))
                if bounds:
                    spans.append(bounds)
            posts = classify_post(comment, iso2)
            if not names or not spans or not posts:
                continue
            appts = [
                Appointment(p, k, iso2, None, s[0], s[1], {"countryinfo"})
                for s in spans
                for p, k in posts
            ]
            records.append(Record(names, {iso2}, appts, "countryinfo", iso2))

    # The R-extracted tables come from an older CountryInfo revision and are lossy: "<d"
    # and ">d" bounds were flattened (20161201 stands for "still in office").  Use a row only
    # for people the .txt does not have for that country.
    known = {(c, tuple(name_tokens(n))) for r in records for c in r.countries for n in r.names}
    base = reference / "countryinfo"
    for filename, column in (("people_leaders.csv", "title"), ("people_gov.csv", "description")):
        with (base / filename).open(encoding="latin-1") as handle:
            for row in csv.DictReader(handle):
                iso2 = codes.name_to_2.get(row["country"].strip().lower()) or CSV_COUNTRY_FIX.get(
                    row["country"]
                )
                if not iso2:
                    continue
                start, end = parse_date(row["startYr"]), parse_date(row["endYr"])
                end = None if end == "2016-12-01" else end
                # The R extraction truncated some titles to their first word.
                title = {"prime": "prime minister", "high": "high commissioner"}.get(
                    row[column].strip().lower(), row[column]
                )
                if title.strip().lower() in {"first", "secretary"}:
                    continue
                posts = classify_post(title, iso2)
                names = [display_name(n.upper()) for n in row["name"].split("|") if n.strip("_ ")]
                if not posts or not names or not (start or end):
                    continue
                if any((iso2, tuple(name_tokens(n))) in known for n in names):
                    continue
                appts = [
                    Appointment(p, k, iso2, None, start, end, {"countryinfo"}) for p, k in posts
                ]
                records.append(Record(names, {iso2}, appts, "countryinfo", iso2))
    return records


# fmt: off
CSV_COUNTRY_FIX = {
    "brunei_darussalam": "BN", "cote_divoire": "CI", "madagaskar": "MG", "republic_of_south_africa": "ZA",
    "russian_federation": "RU", "united_republic_of_tanzania": "TZ", "united_states_of_america": "US",
    "faeroe_islands": "FO", "north_korea": "KP", "south_korea": "KR", "democratic_republic_of_the_congo": "CD",
    "congo": "CG", "timor_leste": "TL", "guinea_bissau": "GW", "laos": "LA", "vietnam": "VN",
    "micronesia": "FM", "macedonia": "MK", "swaziland": "SZ", "cape_verde": "CV", "palestine": "PS",
    "taiwan": "TW", "syria": "SY", "iran": "IR", "moldova": "MD", "bolivia": "BO", "venezuela": "VE",
    "british_virgin_islands": "VG", "saint_lucia": "LC", "saint_vincent_and_the_grenadines": "VC",
    "sao_tome_and_principe": "ST", "falkland_islands": "FK", "isle_of_man": "IM", "hong_kong": "HK",
    "south_sudan": "SS", "czech_republic": "CZ", "bahamas": "BS", "gambia": "GM",
}
# fmt: on


def leader_section_title(section: str) -> str:
    """Turn a <Leaders> sub-tag ("Prime ministers", "Kings/QUEENS") into a singular title."""
    title = section.split("(")[0].split("/")[0].replace("_", " ").strip().lower()
    title = title.replace("chairmen", "chairman").replace("secretaries", "secretary")
    # Singularise the head noun: "prime ministers of x" -> "prime minister of x".
    head, sep, tail = title.partition(" of ")
    head = re.sub(r"s$", "", head) if not head.endswith("ss") else head
    head = re.sub(r"(governor|commissioner|minister|president|administrator)s\b", r"\1", head)
    return head + sep + tail


def split_names(text: str) -> tuple[list[str], str]:
    """Split a CountryInfo line into display names (``{A_}{B_}`` variants) and the rest."""
    text = text.strip()
    names = []
    variants = re.findall(r"\{([^}]*)\}", text.split("[")[0])
    if variants:
        names = [display_name(v) for v in variants]
        rest = text[text.rfind("}") + 1 :]
    else:
        head, _, tail = text.partition("[")
        if head.strip():
            names = [display_name(head)]
        rest = "[" + tail if tail else ""
    return [n for n in names if n], rest


def read_phoenix(reference: Path, codes: Codes) -> list[Record]:
    """Records from the Phoenix country and international actor dictionaries."""
    records: list[Record] = []
    for filename in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        path = reference / "phoenix" / filename
        entries: list[tuple[str, list[str], list[str]]] = []
        for line in path.read_bytes().decode("latin-1").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("+"):
                if entries:
                    entries[-1][1].append(line[1:].split("#")[0].split("[")[0])
            elif line[0] in " \t":
                if entries:
                    entries[-1][2].append(line)
            else:
                head = line.split("#")[0]
                root = head.split("[")[0].strip()
                entries.append((root, [], [line[len(root) :]] if "[" in head else []))
        for root, synonyms, code_lines in entries:
            record = phoenix_record(root, synonyms, code_lines, codes)
            if record:
                records.append(record)
    return records


def phoenix_record(
    root: str, synonyms: list[str], code_lines: list[str], codes: Codes
) -> Record | None:
    """Build one record from a Phoenix entry; None when it is not a person in a post."""
    if not root or root.startswith("<") or "!" in root:
        return None
    names = [display_name(n) for n in [root, *synonyms] if n.strip()]
    names = [n for n in names if is_person_alias(n)]
    if not names:
        return None
    appointments: list[Appointment] = []
    countries: set[str] = set()
    undated = False
    for line in code_lines:
        comment = line.partition("#")[2].strip()
        for match in re.finditer(r"\[([A-Z]{3,})\s*([^\]]*)\]", line.split("#")[0]):
            code, bounds_text = match.group(1), match.group(2)
            bounds = parse_bounds(bounds_text)
            if code.startswith("IGO"):
                org = igo_slug(code[3:])
                if not org:
                    continue
                countries.add(f"org:{org}")
                if bounds:
                    appointments.append(
                        Appointment(
                            f"{ORG_NAMES[org]} official",
                            "official",
                            None,
                            org,
                            bounds[0],
                            bounds[1],
                            {"phoenix"},
                            titled=False,
                        )
                    )
                continue
            iso2 = codes.country(code[:3])
            sector = code[3:6]
            if not iso2 or sector != "GOV":
                # ELI (elites), OPP, REB... are not posts; still tie the name to the country.
                if iso2:
                    countries.add(iso2)
                continue
            countries.add(iso2)
            if not bounds:
                undated = True
                continue
            # Phoenix comments are editors' notes as often as titles: trust only recognised posts.
            posts = (
                [(p, k) for p, k in classify_post(comment, iso2) if k not in ("official", "other")]
                if comment
                else []
            )
            if posts:
                appointments += [
                    Appointment(p, k, iso2, None, bounds[0], bounds[1], {"phoenix"})
                    for p, k in posts
                ]
            else:
                appointments.append(
                    Appointment(
                        "Government official",
                        "official",
                        iso2,
                        None,
                        bounds[0],
                        bounds[1],
                        {"phoenix"},
                        titled=False,
                    )
                )
    if not countries:
        return None
    nationality = next((c for c in sorted(countries) if not c.startswith("org:")), None)
    enrich = not appointments
    if enrich and not undated and not countries:
        return None
    return Record(names, countries, appointments, "phoenix", nationality, enrich_only=enrich)


def igo_slug(code: str) -> str | None:
    """Map a Phoenix IGO sub-code to an organisation slug by longest known prefix."""
    for length in range(len(code), 2, -1):
        if code[:length] in IGO_CODES:
            return IGO_CODES[code[:length]]
    return None


def read_un_speakers(reference: Path, codes: Codes) -> list[Record]:
    """Records from the UN General Debate speakers list (merge rule 8)."""
    runs: dict[tuple, list[int]] = defaultdict(list)
    # Spellings of one speaker vary by year ("De Croo"/"de Croo"): runs are keyed on the
    # normalised name, and every spelling is kept as a variant (most recent first).
    names: dict[tuple, dict[str, int]] = defaultdict(dict)
    path = reference / "un-speakers" / "Speakers_by_session.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["ISO Code"].strip()
            iso2 = codes.country(code)
            org = "eu" if code in ("EU", "EC") else None
            if not iso2 and not org:
                continue
            raw_name = strip_honorifics(row["Name of Person Speaking"])
            if not raw_name or row["Post"].strip().lower() in {"", "not indicated"}:
                continue
            name = (
                display_name(raw_name)
                if raw_name.isupper() or raw_name.islower()
                else display_name_mixed(raw_name)
            )
            for post, kind in classify_post(row["Post"], iso2):
                if org:
                    post = f"{post} of the European Council" if post == "President" else post
                key = (" ".join(name_tokens(name)) or name, iso2, org, post, kind)
                runs[key].append(int(row["Year"]))
                names[key][name] = max(names[key].get(name, 0), int(row["Year"]))
    records = []
    for key in sorted(runs, key=lambda k: tuple(x or "" for x in k)):
        _, iso2, org, post, kind = key
        spellings = sorted(names[key], key=lambda n: (-names[key][n], n))
        years = sorted(set(runs[key]))
        appts = []
        first = prev = years[0]
        for year in [*years[1:], None]:
            if year is not None and year == prev + 1:
                prev = year
                continue
            appts.append(
                Appointment(
                    post, kind, iso2, org, f"{first}-09-01", f"{prev}-09-30", {"un-speakers"}
                )
            )
            if year is not None:
                first = prev = year
        countries = {iso2} if iso2 else {f"org:{org}"}
        records.append(Record(spellings, countries, appts, "un-speakers", iso2))
    return records


def display_name_mixed(name: str) -> str:
    """Normalise a mixed-case UN-list name: title-case any all-caps surname tokens."""
    words = (display_name(w) if w.isupper() and len(w) > 2 else w for w in name.split())
    # "Nuri Al-Maliki" -> "Nuri al-Maliki": the article stays lower-case inside a name.
    text = re.sub(r"(?<=\s)(Al|El)-(?=[A-Z])", lambda m: m.group(1).lower() + "-", " ".join(words))
    return re.sub(r"(?<=\s)(Bin|Ibn|Al|El)(?=\s+[A-Z])", lambda m: m.group(1).lower(), text)


def read_archigos(reference: Path, codes: Codes) -> list[Record]:
    """Records from Archigos leader spells (rule 7: enrichment or a "Leader" post)."""
    records = []
    path = reference / "archigos" / "Archigos_4.1.csv"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle):
            iso2 = codes.gw_to_2.get(row["ccode"].strip()) or codes.country(row["idacr"])
            start, end = parse_date(row["startdate"]), parse_date(row["enddate"])
            if not iso2 or not start or (end and end < "1946-01-01"):
                continue
            if row.get("exit", "").strip() == "Still in Office":
                end = None
            name = squash(row["leader"])
            if not name:
                continue
            appt = Appointment(
                "Leader", "head_of_state", iso2, None, start, end, {"archigos"}, leader_spell=True
            )
            records.append(Record([name], {iso2}, [appt], "archigos", iso2))
    return records


# --------------------------------------------------------------------------------------
# Hand-written facts (sources: ["team"])
# --------------------------------------------------------------------------------------

# fmt: off
# (name, nationality, [aliases], [(post, kind, country, organisation, start, end), ...])
TEAM_OFFICIALS = [
    ("Walid Mouallem", "SY", ["Walid al-Moallem", "Walid Muallem", "Walid al-Muallem", "Walid Moallem", "Walid al-Mouallem", "Walid Al-Moualem", "Walid Mualem", "Walid al-Moualem"],
     [("Foreign Minister", "foreign_minister", "SY", None, "2006-02-11", "2020-11-16")]),
    ("Bashar al-Assad", "SY", ["Bashar Assad", "Bashar al-Asad", "Bashar Al-Assad"],
     [("President", "head_of_state", "SY", None, "2000-07-17", "2024-12-08")]),
    ("Vladimir Putin", "RU", ["Vladimir Vladimirovich Putin", "Wladimir Putin"],
     [("Prime Minister", "head_of_government", "RU", None, "1999-08-16", "2000-05-07"),
      ("President", "head_of_state", "RU", None, "2000-05-07", "2008-05-07"),
      ("Prime Minister", "head_of_government", "RU", None, "2008-05-08", "2012-05-07"),
      ("President", "head_of_state", "RU", None, "2012-05-07", None)]),
    ("Dmitry Medvedev", "RU", ["Dmitri Medvedev", "Dmitriy Medvedev"],
     [("President", "head_of_state", "RU", None, "2008-05-07", "2012-05-07"),
      ("Prime Minister", "head_of_government", "RU", None, "2012-05-08", "2020-01-16")]),
    ("Sergey Lavrov", "RU", ["Sergei Lavrov", "Sergey Viktorovich Lavrov"],
     [("Ambassador to the UN", "ambassador", "RU", None, "1994-09-22", "2004-03-09"),
      ("Foreign Minister", "foreign_minister", "RU", None, "2004-03-09", None)]),
    ("Gennady Gatilov", "RU", ["Gennadiy Gatilov", "Gennadi Gatilov"],
     [("Deputy Foreign Minister", "deputy_minister", "RU", None, "2011-07-26", "2017-08-10")]),
    ("Maria Zakharova", "RU", ["Mariya Zakharova"],
     [("Foreign Ministry Spokesperson", "spokesperson", "RU", None, "2015-08-10", None)]),
    ("Liu Weimin", "CN", [], [("Foreign Ministry Spokesperson", "spokesperson", "CN", None, "2011-01-01", "2013-06-30")]),
    ("Kim Jong Un", "KP", ["Kim Jong-un", "Kim Jong-Un", "Kim Jong Eun"],
     [("Supreme Leader", "head_of_state", "KP", None, "2011-12-17", None)]),
    ("Mike Pence", "US", ["Michael Pence", "Mike R. Pence"],
     [("Vice President", "official", "US", None, "2017-01-20", "2021-01-20")]),
    ("Mevlut Cavusoglu", "TR", ["Mevlüt Çavuşoğlu", "Mevlut Çavuşoğlu"],
     [("Foreign Minister", "foreign_minister", "TR", None, "2014-08-29", "2015-08-28"),
      ("Foreign Minister", "foreign_minister", "TR", None, "2015-11-24", "2023-06-04")]),
    ("Steven Mnuchin", "US", ["Steve Mnuchin"],
     [("Treasury Secretary", "minister", "US", None, "2017-02-13", "2021-01-20")]),
    ("Elaine Chao", "US", [],
     [("Transportation Secretary", "minister", "US", None, "2017-01-31", "2021-01-11")]),
    ("H.R. McMaster", "US", ["H. R. McMaster", "Herbert Raymond McMaster"],
     [("National Security Advisor", "official", "US", None, "2017-02-20", "2018-04-09")]),
    ("Jim Mattis", "US", ["James Mattis", "James N. Mattis"],
     [("Secretary of Defense", "minister", "US", None, "2017-01-20", "2019-01-01")]),
    ("John Bolton", "US", ["John R. Bolton"],
     [("Ambassador to the UN", "ambassador", "US", None, "2005-08-02", "2006-12-31"),
      ("National Security Advisor", "official", "US", None, "2018-04-09", "2019-09-10")]),
    ("Qaboos bin Said", "OM", ["Sultan Qaboos", "Qaboos bin Said al Said", "Qabus Bin Said"],
     [("Sultan", "head_of_state", "OM", None, "1970-07-23", "2020-01-10")]),
    ("Haitham bin Tariq Al Said", "OM", ["Haitham bin Tariq", "Sultan Haitham"],
     [("Sultan", "head_of_state", "OM", None, "2020-01-11", None)]),
    ("Muhammadu Buhari", "NG", [],
     [("President", "head_of_state", "NG", None, "2015-05-29", "2023-05-29")]),
    ("Patrice Talon", "BJ", [],
     [("President", "head_of_state", "BJ", None, "2016-04-06", None)]),
    ("Hua Chunying", "CN", [], [("Foreign Ministry Spokesperson", "spokesperson", "CN", None, "2012-09-01", None)]),
    ("Kofi Annan", "GH", ["Kofi Atta Annan"],
     [("UN Secretary-General", "secretary_general", None, "un", "1997-01-01", "2006-12-31"),
      ("UN–Arab League Joint Special Envoy for Syria", "envoy", None, "un", "2012-02-23", "2012-08-31")]),
    ("Lakhdar Brahimi", "DZ", [],
     [("UN–Arab League Joint Special Representative for Syria", "envoy", None, "un", "2012-09-01", "2014-05-31")]),
    ("Staffan de Mistura", "SE", [], [("UN Special Envoy for Syria", "envoy", None, "un", "2014-07-10", "2018-12-31")]),
    ("Geir Pedersen", "NO", [], [("UN Special Envoy for Syria", "envoy", None, "un", "2019-01-07", None)]),
    ("Ban Ki-moon", "KR", ["Ban Ki Moon", "Ban Ki-Moon"],
     [("Foreign Minister", "foreign_minister", "KR", None, "2004-01-17", "2006-11-09"),
      ("UN Secretary-General", "secretary_general", None, "un", "2007-01-01", "2016-12-31")]),
    ("Antonio Guterres", "PT", ["António Guterres"],
     [("Prime Minister", "head_of_government", "PT", None, "1995-10-28", "2002-04-06"),
      ("UN High Commissioner for Refugees", "secretary_general", None, "unhcr", "2005-06-15", "2015-12-31"),
      ("UN Secretary-General", "secretary_general", None, "un", "2017-01-01", None)]),
    ("Barack Obama", "US", ["Barack H. Obama", "Barack Hussein Obama"],
     [("President", "head_of_state", "US", None, "2009-01-20", "2017-01-20")]),
    ("Joe Biden", "US", ["Joseph R. Biden", "Joseph Biden", "Joseph R. Biden Jr."],
     [("Vice President", "official", "US", None, "2009-01-20", "2017-01-20"),
      ("President", "head_of_state", "US", None, "2021-01-20", "2025-01-20")]),
    ("Donald Trump", "US", ["Donald J. Trump"],
     [("President", "head_of_state", "US", None, "2017-01-20", "2021-01-20"),
      ("President", "head_of_state", "US", None, "2025-01-20", None)]),
    ("Hillary Clinton", "US", ["Hillary Rodham Clinton"],
     [("Secretary of State", "foreign_minister", "US", None, "2009-01-21", "2013-02-01")]),
    ("John Kerry", "US", ["John F. Kerry"],
     [("Secretary of State", "foreign_minister", "US", None, "2013-02-01", "2017-01-20")]),
    ("Rex Tillerson", "US", [], [("Secretary of State", "foreign_minister", "US", None, "2017-02-01", "2018-03-31")]),
    ("Mike Pompeo", "US", ["Michael Pompeo", "Michael R. Pompeo"],
     [("Secretary of State", "foreign_minister", "US", None, "2018-04-26", "2021-01-20")]),
    ("Antony Blinken", "US", ["Antony J. Blinken", "Tony Blinken"],
     [("Secretary of State", "foreign_minister", "US", None, "2021-01-26", "2025-01-20")]),
    ("Recep Tayyip Erdogan", "TR", ["Recep Tayyip Erdoğan", "Tayyip Erdogan", "Tayyip Erdoğan"],
     [("Prime Minister", "head_of_government", "TR", None, "2003-03-14", "2014-08-28"),
      ("President", "head_of_state", "TR", None, "2014-08-28", None)]),
    ("Ahmet Davutoglu", "TR", ["Ahmet Davutoğlu"],
     [("Foreign Minister", "foreign_minister", "TR", None, "2009-05-01", "2014-08-29"),
      ("Prime Minister", "head_of_government", "TR", None, "2014-08-29", "2016-05-24")]),
    ("Muammar Gaddafi", "LY", ["Muammar Qaddafi", "Muammar al-Gaddafi", "Muammar al-Qaddafi", "Moammar Gadhafi", "Muammar Gadhafi", "Moamer Kadhafi", "Muammar Kadhafi", "Moammar Qaddafi", "Muammar el-Qaddafi"],
     [("Leader", "head_of_state", "LY", None, "1969-09-01", "2011-10-20")]),
    ("Emmanuel Macron", "FR", [], [("President", "head_of_state", "FR", None, "2017-05-14", None)]),
    ("Xi Jinping", "CN", [],
     [("Vice President", "official", "CN", None, "2008-03-15", "2013-03-14"),
      ("President", "head_of_state", "CN", None, "2013-03-14", None)]),
    ("Wang Yi", "CN", [],
     [("Foreign Minister", "foreign_minister", "CN", None, "2013-03-16", "2022-12-30"),
      ("Foreign Minister", "foreign_minister", "CN", None, "2023-07-25", None)]),
    ("Hassan Rouhani", "IR", ["Hasan Rouhani", "Hassan Rohani"],
     [("President", "head_of_state", "IR", None, "2013-08-03", "2021-08-03")]),
    ("Mohammad Javad Zarif", "IR", ["Javad Zarif", "Mohammad-Javad Zarif"],
     [("Foreign Minister", "foreign_minister", "IR", None, "2013-08-15", "2021-08-25")]),
    ("Benjamin Netanyahu", "IL", ["Binyamin Netanyahu"],
     [("Prime Minister", "head_of_government", "IL", None, "1996-06-18", "1999-07-06"),
      ("Prime Minister", "head_of_government", "IL", None, "2009-03-31", "2021-06-13"),
      ("Prime Minister", "head_of_government", "IL", None, "2022-12-29", None)]),
    ("Jens Stoltenberg", "NO", [],
     [("NATO Secretary-General", "secretary_general", None, "nato", "2014-10-01", "2024-10-01")]),
    ("Catherine Ashton", "GB", [],
     [("EU High Representative for Foreign Affairs", "foreign_minister", None, "eu", "2009-12-01", "2014-10-31")]),
    ("Federica Mogherini", "IT", [],
     [("EU High Representative for Foreign Affairs", "foreign_minister", None, "eu", "2014-11-01", "2019-11-30")]),
    ("Nabil Elaraby", "EG", ["Nabil el-Araby", "Nabil al-Arabi"],
     [("Arab League Secretary-General", "secretary_general", None, "arab-league", "2011-07-01", "2016-07-03")]),
]
# fmt: on


def team_records() -> list[Record]:
    """Records for TEAM_OFFICIALS; they also match on every country and org they served."""
    records = []
    for name, nationality, aliases, posts in TEAM_OFFICIALS:
        appts = [Appointment(p, k, c, o, s, e, {"team"}) for p, k, c, o, s, e in posts]
        countries = (
            {nationality}
            | {a.country for a in appts if a.country}
            | {f"org:{a.organisation}" for a in appts if a.organisation}
        )
        records.append(Record([name, *aliases], countries, appts, "team", nationality))
    return records


# --------------------------------------------------------------------------------------
# Topics (our own taxonomy)
# --------------------------------------------------------------------------------------


def rules(include: dict[str, float], exclude: tuple[str, ...] = ()) -> list[dict]:
    """Expand ``{phrase: weight}`` and exclusions into rule dicts."""
    out = [{"phrase": p, "weight": w, "kind": "include"} for p, w in include.items()]
    out += [{"phrase": p, "weight": 0, "kind": "exclude"} for p in exclude]
    return out


# fmt: off
TOPICS = [
    ("ceasefires-peace-talks", "Ceasefires and peace talks", None, "Truces, negotiations and peace agreements between warring parties.", 2.0,
     rules({"ceasefire": 1.5, "cease-fire": 1.5, "truce": 1.5, "peace talks": 2.0, "peace process": 2.0, "peace deal": 2.0, "peace agreement": 2.0, "peace plan": 1.5, "armistice": 1.5, "negotiated settlement": 1.5, "Geneva talks": 1.5, "Astana talks": 2.0, "de-escalation zone": 1.5, "mediation": 1.0, "mediator": 1.0, "peace conference": 1.5, "roadmap for peace": 1.5, "humanitarian pause": 1.5})),
    ("sanctions", "Sanctions", None, "Economic and diplomatic penalties imposed on states, firms or people.", 2.0,
     rules({"sanctions": 1.0, "sanction": 0.5, "embargo": 1.0, "arms embargo": 1.5, "sanctions relief": 1.5, "asset freeze": 1.5, "assets frozen": 1.5, "travel ban": 1.0, "blacklist": 1.0, "blacklisted": 1.0, "Sanctions Act": 1.5, "punitive measures": 1.0, "Treasury Department": 0.5, "OFAC": 1.5, "export controls": 1.0, "secondary sanctions": 1.5}, ("recipe",))),
    ("nuclear-programmes", "Nuclear programmes", None, "Nuclear weapons, enrichment, inspections and non-proliferation.", 2.0,
     rules({"nuclear programme": 2.0, "nuclear program": 2.0, "uranium enrichment": 2.0, "enriched uranium": 2.0, "enrichment": 0.5, "centrifuges": 1.5, "nuclear weapon": 2.0, "nuclear weapons": 2.0, "nuclear test": 2.0, "nuclear deal": 2.0, "JCPOA": 2.0, "Joint Comprehensive Plan of Action": 2.0, "non-proliferation": 1.5, "Non-Proliferation Treaty": 2.0, "NPT": 1.0, "IAEA": 1.5, "denuclearization": 2.0, "denuclearisation": 2.0, "plutonium": 1.5, "nuclear talks": 2.0, "ballistic missile": 1.0, "warhead": 1.0}, ("nuclear family",))),
    ("arms-trade", "Arms trade", None, "Sales, transfers and control of weapons between states.", 2.0,
     rules({"arms deal": 2.0, "arms sales": 2.0, "arms sale": 2.0, "arms exports": 2.0, "weapons sales": 2.0, "arms shipment": 1.5, "arms supplies": 1.5, "military aid": 1.0, "fighter jets": 1.0, "missile defence system": 1.0, "missile defense system": 1.0, "S-400": 1.5, "F-35": 1.0, "arms control": 1.5, "Arms Trade Treaty": 2.0, "defence contract": 1.0, "defense contract": 1.0, "arms dealer": 1.5})),
    ("un-security-council", "UN Security Council", None, "Deliberations, resolutions and vetoes in the Security Council.", 2.0,
     rules({"Security Council": 1.5, "UN Security Council": 2.0, "U.N. Security Council": 2.0, "Security Council resolution": 2.0, "veto": 1.0, "vetoed": 1.5, "draft resolution": 1.5, "permanent members": 1.0, "UNSC": 2.0, "Resolution 2254": 2.0, "Chapter VII": 1.5}, ("student council", "city council"))),
    ("elections", "Elections", None, "Votes, campaigns, referendums and their outcomes.", 2.0,
     rules({"election": 1.0, "elections": 1.0, "presidential election": 2.0, "parliamentary elections": 2.0, "polling stations": 1.5, "ballot": 1.0, "voters": 1.0, "turnout": 1.0, "referendum": 1.5, "runoff": 1.5, "electoral commission": 1.5, "vote rigging": 2.0, "election observers": 2.0, "re-election": 1.0, "election fraud": 2.0, "exit poll": 1.5})),
    ("trade-tariffs", "Trade and tariffs", None, "Trade deals, tariffs, trade wars and market access.", 2.0,
     rules({"tariffs": 1.5, "tariff": 1.0, "trade war": 2.0, "trade deal": 2.0, "trade agreement": 2.0, "free trade": 1.5, "trade deficit": 1.5, "trade talks": 2.0, "anti-dumping": 1.5, "import duties": 1.5, "World Trade Organization": 1.5, "WTO": 1.0, "trade dispute": 1.5, "customs union": 1.5, "NAFTA": 1.5, "USMCA": 1.5, "TPP": 1.0, "Trans-Pacific Partnership": 1.5})),
    ("terrorism", "Terrorism", None, "Terrorist attacks, militant groups and counter-terrorism.", 2.0,
     rules({"terrorist": 1.0, "terrorists": 1.0, "terrorism": 1.5, "terror attack": 2.0, "terrorist attack": 2.0, "suicide bomber": 2.0, "suicide bombing": 2.0, "counter-terrorism": 1.5, "counterterrorism": 1.5, "Islamic State": 1.5, "ISIS": 1.5, "ISIL": 1.5, "Daesh": 1.5, "al-Qaeda": 1.5, "al Qaeda": 1.5, "Boko Haram": 1.5, "al-Shabaab": 1.5, "Taliban": 1.0, "jihadist": 1.5, "jihadists": 1.5, "extremists": 1.0, "car bomb": 1.5}, ("war on drugs",))),
    ("refugees-migration", "Refugees and migration", None, "Displacement, asylum, migrant flows and border policy.", 2.0,
     rules({"refugees": 1.5, "refugee": 1.0, "refugee camp": 2.0, "asylum seekers": 2.0, "asylum": 1.0, "migrants": 1.5, "migrant crisis": 2.0, "migration": 1.0, "displaced": 1.0, "internally displaced": 2.0, "UNHCR": 1.5, "deportation": 1.0, "deported": 1.0, "border crossing": 1.0, "people smugglers": 1.5, "resettlement": 1.0, "Global Compact for Migration": 2.0})),
    ("human-rights", "Human rights", None, "Abuses, freedoms, political prisoners and rights monitoring.", 2.0,
     rules({"human rights": 1.5, "human rights abuses": 2.0, "rights groups": 1.0, "Amnesty International": 1.5, "Human Rights Watch": 1.5, "political prisoners": 2.0, "torture": 1.5, "extrajudicial": 2.0, "freedom of speech": 1.0, "freedom of expression": 1.0, "press freedom": 1.5, "crackdown": 1.0, "dissidents": 1.5, "arbitrary detention": 2.0, "Human Rights Council": 1.5, "persecution": 1.0, "death penalty": 1.0}, ("human rights lawyer turned actor",))),
    ("armed-conflict", "Armed conflict", None, "Fighting, offensives, air strikes and casualties of war.", 2.0,
     rules({"airstrikes": 1.5, "air strikes": 1.5, "airstrike": 1.5, "air strike": 1.5, "shelling": 1.5, "offensive": 0.5, "military offensive": 1.5, "rebels": 1.0, "insurgents": 1.0, "civil war": 1.5, "clashes": 1.0, "killed": 0.5, "casualties": 1.0, "troops": 0.5, "ground offensive": 1.5, "militants": 0.5, "bombardment": 1.5, "siege": 1.0, "front line": 1.0, "frontline": 1.0, "invasion": 1.0, "war crimes": 1.0, "barrel bombs": 2.0, "chemical attack": 1.5}, ("price war", "trade war", "video game"))),
    ("summits-state-visits", "Summits and state visits", None, "Leaders' meetings, summits, official visits and bilateral talks.", 2.0,
     rules({"summit": 1.5, "state visit": 2.0, "official visit": 2.0, "bilateral talks": 1.5, "bilateral meeting": 1.5, "talks with": 0.5, "met with": 0.5, "G20 summit": 2.0, "G7 summit": 2.0, "NATO summit": 2.0, "EU summit": 2.0, "joint statement": 1.0, "joint press conference": 1.5, "head of state": 0.5, "visited": 0.5, "hosted": 0.5, "summit meeting": 2.0}, ("summit of mount",))),
    ("territorial-disputes", "Territorial disputes", None, "Contested borders, islands and annexations.", 2.0,
     rules({"territorial dispute": 2.0, "territorial disputes": 2.0, "disputed territory": 2.0, "disputed islands": 2.0, "sovereignty": 1.0, "annexation": 2.0, "annexed": 1.5, "South China Sea": 1.5, "East China Sea": 1.5, "Senkaku": 2.0, "Diaoyu": 2.0, "Spratly": 2.0, "Kashmir": 1.0, "Crimea": 1.0, "Falklands": 1.5, "Golan Heights": 1.5, "Western Sahara": 1.5, "Nagorno-Karabakh": 1.5, "border dispute": 2.0, "Line of Control": 1.5, "nine-dash line": 2.0})),
    ("humanitarian-aid", "Humanitarian aid", None, "Relief operations, aid convoys, famine and disaster response.", 2.0,
     rules({"humanitarian aid": 2.0, "humanitarian assistance": 2.0, "aid convoy": 2.0, "aid agencies": 1.5, "humanitarian crisis": 1.5, "relief supplies": 1.5, "food aid": 1.5, "famine": 1.5, "aid workers": 1.5, "humanitarian corridor": 2.0, "World Food Programme": 1.5, "OCHA": 1.5, "donor conference": 1.5, "pledged": 0.5, "Red Cross": 1.0, "emergency relief": 1.5, "malnutrition": 1.0})),
    ("energy", "Energy", None, "Oil, gas, pipelines and energy security between states.", 2.0,
     rules({"oil prices": 1.5, "crude oil": 1.5, "natural gas": 1.5, "gas pipeline": 2.0, "pipeline": 1.0, "Nord Stream": 2.0, "OPEC": 1.5, "oil production": 1.5, "oil exports": 1.5, "energy security": 2.0, "LNG": 1.5, "liquefied natural gas": 2.0, "gas supplies": 1.5, "oil field": 1.5, "oilfield": 1.5, "barrels per day": 1.5, "nuclear power plant": 1.0, "renewable energy": 1.0, "Gazprom": 1.5}, ("olive oil", "essential oil"))),
    ("cyber-espionage", "Cyber attacks and espionage", None, "Hacking, spying, intelligence operations and election interference.", 2.0,
     rules({"cyber attack": 2.0, "cyberattack": 2.0, "cyber-attack": 2.0, "hackers": 1.5, "hacking": 1.5, "hacked": 1.0, "espionage": 2.0, "spy": 1.0, "spying": 1.5, "spies": 1.5, "surveillance": 1.0, "intelligence agency": 1.0, "election interference": 2.0, "election meddling": 2.0, "malware": 1.5, "ransomware": 1.5, "NSA": 1.0, "Snowden": 1.5, "cyber security": 1.0, "cybersecurity": 1.0, "nerve agent": 1.0, "Novichok": 1.5}, ("spy novel", "spy film"))),
    ("climate-diplomacy", "Climate diplomacy", None, "International climate negotiations, targets and agreements.", 2.0,
     rules({"climate change": 1.5, "Paris Agreement": 2.0, "Paris climate agreement": 2.0, "Paris climate accord": 2.0, "Kyoto Protocol": 2.0, "COP21": 2.0, "COP26": 2.0, "climate summit": 2.0, "climate talks": 2.0, "greenhouse gas": 1.5, "emissions targets": 1.5, "carbon emissions": 1.5, "global warming": 1.5, "UNFCCC": 2.0, "net zero": 1.0, "climate finance": 2.0})),
    ("alliances-defence", "Alliances and defence", None, "Military alliances, defence pacts, deployments and exercises.", 2.0,
     rules({"NATO": 1.5, "military alliance": 2.0, "defence pact": 2.0, "defense pact": 2.0, "mutual defence": 2.0, "mutual defense": 2.0, "Article 5": 1.5, "joint military exercises": 2.0, "military exercises": 1.5, "war games": 1.5, "troop deployment": 1.5, "military base": 1.0, "defence spending": 1.5, "defense spending": 1.5, "defence ministers": 1.0, "security guarantees": 1.5, "missile defence": 1.5, "missile defense": 1.5, "collective defence": 2.0, "CSTO": 1.5})),
    ("diplomatic-relations", "Diplomatic relations", None, "Embassies, envoys, recognition, expulsions and breaks in relations.", 2.0,
     rules({"diplomatic relations": 2.0, "diplomatic ties": 2.0, "expelled diplomats": 2.0, "expelled": 0.5, "expulsion of diplomats": 2.0, "expels diplomats": 2.0, "persona non grata": 2.0, "recalled its ambassador": 2.0, "recalled ambassador": 2.0, "summoned the ambassador": 2.0, "summoned ambassador": 2.0, "embassy": 1.0, "ambassador": 0.5, "consulate": 1.0, "severed ties": 2.0, "cut ties": 1.5, "restored relations": 2.0, "normalisation of relations": 2.0, "normalization of relations": 2.0, "diplomatic row": 2.0, "envoy": 0.5, "recognition": 0.5})),
    ("international-justice", "International justice", None, "International courts, tribunals, war-crimes cases and arrest warrants.", 2.0,
     rules({"International Criminal Court": 2.0, "ICC": 1.0, "International Court of Justice": 2.0, "ICJ": 1.0, "war crimes": 1.5, "crimes against humanity": 2.0, "genocide": 1.5, "tribunal": 1.0, "arrest warrant": 1.5, "indictment": 1.0, "The Hague": 1.0, "special tribunal": 2.0, "prosecutor": 0.5, "accountability": 0.5, "extradition": 1.0})),
    ("coups-unrest", "Coups and unrest", None, "Coups, uprisings, mass protests and crackdowns on them.", 2.0,
     rules({"coup": 1.5, "coup attempt": 2.0, "military coup": 2.0, "junta": 1.5, "uprising": 1.5, "protesters": 1.0, "protests": 1.0, "demonstrators": 1.0, "riot police": 1.5, "tear gas": 1.5, "unrest": 1.0, "martial law": 1.5, "state of emergency": 1.0, "overthrow": 1.5, "ousted": 1.0, "curfew": 1.0, "revolution": 0.5}, ("coup de grace",))),
    ("maritime-security", "Maritime security", None, "Naval incidents, piracy, shipping lanes and freedom of navigation.", 2.0,
     rules({"piracy": 1.5, "pirates": 1.5, "freedom of navigation": 2.0, "naval": 1.0, "warship": 1.5, "warships": 1.5, "coast guard": 1.0, "territorial waters": 1.5, "Strait of Hormuz": 2.0, "shipping lanes": 1.5, "tanker": 1.0, "oil tanker": 1.5, "navy": 1.0, "aircraft carrier": 1.5, "maritime": 1.0, "Red Sea": 1.0, "seized vessel": 2.0}, ("software piracy", "video piracy"))),
    ("chemical-weapons", "Chemical and biological weapons", "nuclear-programmes", "Use, investigation and destruction of chemical or biological weapons.", 2.0,
     rules({"chemical weapons": 2.0, "chemical weapon": 2.0, "chemical attack": 2.0, "sarin": 2.0, "nerve agent": 1.5, "chlorine gas": 2.0, "OPCW": 2.0, "mustard gas": 2.0, "biological weapons": 2.0, "Chemical Weapons Convention": 2.0, "VX": 1.0})),
    ("development-finance", "Development and finance", None, "Loans, debt, aid budgets and international financial institutions.", 2.0,
     rules({"IMF": 1.5, "International Monetary Fund": 2.0, "World Bank": 1.5, "bailout": 1.5, "debt relief": 2.0, "sovereign debt": 2.0, "loan": 0.5, "development aid": 2.0, "Belt and Road": 2.0, "debt restructuring": 2.0, "budget support": 1.5, "credit line": 1.0, "foreign investment": 1.0})),
    ("peacekeeping", "Peacekeeping", "un-security-council", "UN and regional peacekeeping missions and their mandates.", 2.0,
     rules({"peacekeepers": 2.0, "peacekeeping": 2.0, "peacekeeping mission": 2.0, "blue helmets": 2.0, "UNIFIL": 2.0, "MONUSCO": 2.0, "MINUSMA": 2.0, "UNMISS": 2.0, "AMISOM": 2.0, "mandate renewal": 1.5, "observer mission": 1.5, "monitoring mission": 1.5})),
]
# fmt: on


def build_topics() -> list[dict]:
    """Return the topic taxonomy sorted by slug."""
    out = [
        {
            "slug": slug,
            "name": name,
            "parent": parent,
            "description": description,
            "threshold": threshold,
            "rules": topic_rules,
        }
        for slug, name, parent, description, threshold, topic_rules in TOPICS
    ]
    return sorted(out, key=lambda t: t["slug"])


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def write_json(path: Path, data: object) -> None:
    """Write pretty, stable JSON (UTF-8, newline at end)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write one compact JSON object per line."""
    text = "".join(
        json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows
    )
    path.write_text(text, encoding="utf-8")


def build(reference: Path, out: Path) -> dict:
    """Build every file from ``reference`` into ``out``; return a summary for printing."""
    out.mkdir(parents=True, exist_ok=True)
    blocks = countryinfo_blocks(reference)
    countries = build_countries(reference, blocks)
    organisations = build_organisations()

    codes = Codes(reference)
    # Team facts first so they anchor merges; then the most current/normal-case names.
    records = team_records()
    records += read_un_speakers(reference, codes)
    records += read_countryinfo(reference, codes, blocks)
    records += read_phoenix(reference, codes)
    records += read_archigos(reference, codes)
    officials, stats = build_officials(records)

    write_json(out / "countries.json", countries)
    write_json(out / "organisations.json", organisations)
    write_jsonl(out / "officials.jsonl", officials)
    write_json(out / "topics.json", build_topics())
    stats.update(
        countries=len(countries),
        aliases=dict(sorted(Counter(a["kind"] for c in countries for a in c["aliases"]).items())),
        organisations=len(organisations),
        officials=len(officials),
        appointments=sum(len(o["appointments"]) for o in officials),
        topics=len(TOPICS),
    )
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference", type=Path, default=DEFAULT_REFERENCE, help="reference data folder"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder not found: {args.reference}", file=sys.stderr)
        return 2
    stats = build(args.reference, args.out)
    print(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
