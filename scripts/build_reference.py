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
``us-congress`` every member of the current US Congress with all their terms, and every
                US president and vice president (``legislators-current.yaml``,
                ``executive.yaml``; read with PyYAML, a development-time dependency).
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
   The Arabic "servant of" compound is spelt one way: ``Abd al Mahdi``, ``Abdul-Mahdi``
   and ``Abdel Mahdi`` all give ``abdul mahdi`` (``Abdullah`` is a name of its own).
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
   first clean multi-word name by source priority (team, US Congress, UN list, Archigos,
   CountryInfo, Phoenix); groups without any clean name are dropped.
8. UN speakers: a speaker in session year Y held the post in September of Y; runs of
   consecutive years become one appointment from Y1-09-01 to Y2-09-30 while merging. The
   end is a last sighting, not an end: unless another source ends the term, it becomes
   its ``known_until`` (below).
10. Father and son stay apart: a name's *marks* are its generational suffix (Jr., Sr.,
   II, III...) and its middle initials as written ("George H. W. Bush": H, W). Groups
   whose marks conflict (different suffixes, or different written initials) are never
   merged, whatever rule proposes it; a suffix on one side only conflicts unless the
   written initials agree. A name without marks ("George Bush") that two such groups
   share is assigned by dates: to the one group with an appointment in the same country
   overlapping its own (else holding the same post within two years), otherwise to
   neither (it stays its own official). A name without a suffix joins a group with one
   (``Joe Biden`` / ``Joseph R. Biden Jr.``) only by dates too: "X" and "X Jr." are
   often father and son.

Open-ended terms (``end`` / ``known_until``)
--------------------------------------------
An appointment's end is never assumed open. A term no source ends is closed by
  (a) the next holder's start, for posts one person holds at a time (heads of state and
      government, foreign ministers, a country's UN ambassador, a named ministry such as
      "Minister of Finance": the same post title and country), when that start is not
      before the last date a source dated the term (UN years, closed terms, team facts)
      and the "successor" is not the holder under another name;
  (b) the person's own later post where that implies leaving: a later head-of-state or
      head-of-government post of the same country ends a minister's (or the other
      leader's) term, a later foreign-minister post ends a junior post there, a later
      secretary-general post of an organisation ends a national post;
  both only when the new start is at most two years after the last evidence of the term:
  a start long after says when the term had ended at the latest, not when it ended.
An Archigos spell covering an open leader's term dates it (held at least until the spell
ends) but does not end it: Archigos follows the effective ruler, not the office.
Otherwise ``end`` stays null and ``known_until`` records the last date a source shows
the person in the post (it is set only when ``end`` is null; null when nothing dates it):
  * CountryInfo <Government>: ">date" means "in office in Feb-2011" (the file's own
    documentation), so 2011-02-28; an entry starting later was added by an update and
    carries the file's version date; the R-extracted CSVs, from an older revision, too;
  * CountryInfo <Leaders>: ">date" means "at the last update of the file": its version,
    dated by the file name (CountryInfo.120116 = 2012-01-16, YYMMDD);
  * Phoenix: a role open since before the CountryInfo cut-off carries that cut-off (the
    dictionary was generated from CountryInfo and did not close them: Sechin is still
    Deputy Premier there); a role added later carries the dictionary's generation date
    (its header: 2014-01-30);
  * Archigos: "Still in Office" (and any spell ending on the data set's last day) means
    in office on that last day, 2015-12-31; the spell is then open, not ended;
  * UN speakers: the last September the list shows the person in the post; other
    closed terms merged into an open one: their end; team facts: the newest date in the
    team table (the facts were checked then); US Congress: the term's end, or the
    newest start date in the files when the end lies ahead.
``CountryInfo.260718.json`` is not a second snapshot: it is a (lossy) JSON conversion of
the same text (it lists the same people, Sechin included), so presence in it is no
evidence and absence (often a conversion failure: Argentina has no government) none either.
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


COUNTRYINFO_TAGS = {
    "Country", "CountryCode", "CountryName", "COW-Alpha", "COW-Numeric", "FIPS-10", "IMF",
    "ISO3166-numeric", "ISO3166-alpha2", "ISO3166-alpha3", "Nationality", "Capital",
    "MajorCities", "Regions", "GeogFeatures", "Leaders", "Government", "Comment", "Doc",
}  # fmt: skip


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
        r"(minister|secretary|ministry)( responsible)? (of|for) (foreign|external)|foreign (affairs )?minister|foreign secretary|secretary (of state )?for foreign",
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


# "Abd al-Mahdi", "Abd el Mahdi", "Abdul-Mahdi", "Abdel Mahdi", "Abdelmahdi": "abdul mahdi".
ABD_COMPOUND_RE = re.compile(
    r"""\babd                  # "servant (of)"
        (?![aeu]l{1,2}ah)       # but "Abdullah", "Abdallah", "Abdulahi" are names of their own
        (?: [ -]? [aeu]l [ -]*  # the article, written apart, hyphenated or joined
          | [ -]+ )             # or no article, but a separate word follows
        (?=[a-z])               # the divine name it is joined to""",
    re.VERBOSE,
)


def name_tokens(name: str) -> list[str]:
    """Tokenise a name into normalised matching tokens (see merge rule 2)."""
    text = fold(name).lower()
    text = re.sub(r"['’`]", "", text)
    text = ABD_COMPOUND_RE.sub("abdul ", text)
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


def abd_variants(name: str) -> list[str]:
    """The other press spelling of an "Abd al-" compound ("Abd al Mahdi" <-> "Abdul Mahdi").

    The extractor's name keys keep "Abd" and "Abdul" apart (vowels fold, words do not), so
    each official gets both spellings as aliases when one of them is written.
    """
    out = []
    apart = re.sub(r"\bAbd[ -](?:[ae]l|ul)[ -]+(?=[A-Z])", "Abdul ", name, flags=re.I)
    if apart != name:
        out.append(apart)
    joined = re.sub(r"\bAbd(?:ul|el)[ -](?=[A-Z])", "Abd al-", name)
    if joined != name:
        out.append(joined)
    return out


# Generational (and regnal) suffixes: "X Jr." and "X Sr." are two people, as are "II", "III".
GENERATIONAL = {"jr": "Jr.", "junior": "Jr.", "sr": "Sr.", "senior": "Sr.", "ii": "II",
                "iii": "III", "iv": "IV", "vi": "VI", "vii": "VII", "viii": "VIII"}  # fmt: skip


@dataclass(frozen=True)
class Marks:
    """What tells namesakes apart (merge rule 10): written middle initials and suffixes."""

    initials: frozenset[tuple[str, ...]] = frozenset()  # ("h", "w") for "George H. W. Bush"
    suffixes: frozenset[str] = frozenset()  # {"Jr."} for "Joseph R. Biden Jr."

    def __or__(self, other: Marks) -> Marks:
        return Marks(self.initials | other.initials, self.suffixes | other.suffixes)

    @property
    def marked(self) -> bool:
        """True when the name says which of several namesakes it is."""
        return bool(self.initials or self.suffixes)

    def conflicts(self, other: Marks) -> bool:
        """True when two marked names cannot be one person.

        Different suffixes or different written initials conflict. A suffix on one side
        only ("William Howard Taft IV" / "William H. Taft") conflicts too, unless written
        initials agree ("Joseph R. Biden Jr." / "Joseph R. Biden"). A name without marks
        conflicts with nothing (rule 10 places it by dates).
        """
        if not (self.marked and other.marked):
            return False
        if self.suffixes != other.suffixes:
            if self.suffixes and other.suffixes:
                return True
            if not self.initials & other.initials:
                return True
        return bool(self.initials and other.initials and self.initials.isdisjoint(other.initials))


def name_marks(name: str) -> Marks:
    """Return the marks of one name: its written middle initials and its suffix.

    Initials count only between the first and the last word, as written ("George W.
    Bush": W; "Herbert Raymond McMaster" has none: names written in full vary too much,
    e.g. Spanish double surnames, to tell people apart).
    """
    raw_words = re.findall(r"[a-z]+", fold(clean_text(name)).lower())
    suffixes = frozenset(GENERATIONAL[w] for w in raw_words[1:] if w in GENERATIONAL)
    # Initials from the cleaned name: "H. E." (His Excellency) is a title, not initials.
    text = re.sub(r"['’`]", "", fold(strip_honorifics(name)).lower())
    words = [
        w
        for w in re.findall(r"[a-z]+", text)
        if w not in GENERATIONAL and w not in PARTICLES and (w not in HONORIFICS or len(w) == 1)
    ]
    # Leading initials ("R.M. Marty Natalegawa": a Javanese title; "G.H.W. Bush") leave
    # no first name to count middle initials from: the name starts at its first word.
    while len(words) > 1 and len(words[0]) == 1:
        words = words[1:]
    middle = words[1:-1]
    initials = frozenset()
    if any(len(w) == 1 for w in middle):
        initials = frozenset({tuple(w[0] for w in middle)})
    return Marks(initials, suffixes)


def marks_signature(name: str) -> str:
    """A short string of a name's marks ("h.w", "r|Jr."), empty when it has none."""
    marks = name_marks(name)
    initials = ".".join(next(iter(marks.initials), ()))
    return "|".join(x for x in (initials, ",".join(sorted(marks.suffixes))) if x)


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
    # The last date a source dates the term itself (a closed term's end, a UN year, a
    # team fact): evidence strong enough that a successor starting earlier is ignored.
    seen: str | None = None
    # The coverage date of a snapshot that lists the term as open (CountryInfo, Phoenix,
    # Archigos "Still in Office"): a dated successor's start overrides it.
    coverage: str | None = None
    # The end is only the last sighting of a yearly sample (the UN list): after merging,
    # it becomes evidence (known_until), not an end.
    sampled_end: bool = False

    def __post_init__(self) -> None:
        if self.seen is None and self.end is not None:
            self.seen = self.end

    def scope(self) -> tuple:
        """The post identity used for merging and overlap checks."""
        return (self.post, self.country, self.organisation)

    def absorb(self, other: Appointment) -> None:
        """Take ``other``'s sources and its evidence dates (the bounds stay as they are)."""
        self.sources |= other.sources
        self.seen = latest(self.seen, other.seen)
        self.coverage = latest(self.coverage, other.coverage)

    def widen(self, other: Appointment) -> None:
        """Merge ``other`` (same post, overlapping) in: the union of bounds, open wins."""
        self.start = (
            None if self.start is None or other.start is None else min(self.start, other.start)
        )
        if self.end is not None and other.end is not None:
            if other.end > self.end:
                self.sampled_end = other.sampled_end
            elif other.end == self.end:
                self.sampled_end = self.sampled_end and other.sampled_end
        self.end = None if self.end is None or other.end is None else max(self.end, other.end)
        self.absorb(other)

    def unsample(self) -> None:
        """Turn an end that is only a last sighting into evidence: the term stays open."""
        if self.sampled_end and self.end is not None:
            self.seen = latest(self.seen, self.end)
            self.end = None

    def known_until(self) -> str | None:
        """The last date a source shows the post held, for a term with no end."""
        if self.end is not None or not (self.seen or self.coverage):
            return None
        return latest(self.start, self.seen, self.coverage)


def latest(*dates: str | None) -> str | None:
    """The latest of ISO dates, ignoring None (None when all are)."""
    known = [d for d in dates if d]
    return max(known) if known else None


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
    marks: Marks = field(default_factory=Marks)


SOURCE_PRIORITY = {
    "team": 0,
    "us-congress": 1,
    "un-speakers": 2,
    "archigos": 3,
    "countryinfo": 4,
    "phoenix": 5,
}


class UnionFind:
    """Union-find over record indices (smaller index becomes the root) that refuses to
    join groups whose name marks conflict (merge rule 10)."""

    def __init__(self, marks: list[Marks]) -> None:
        self.parent = list(range(len(marks)))
        self.marks = list(marks)

    def find(self, i: int) -> int:
        """Return the root of ``i`` with path halving."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        """Join the groups of ``a`` and ``b``; False (and no change) when marks conflict."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.marks[ra].conflicts(self.marks[rb]):
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        self.marks[root] = self.marks[ra] | self.marks[rb]
        return True


def merge_records(records: list[Record]) -> list[list[Record]]:
    """Group records into people following merge rules 3-6 and 10; return groups in order."""
    for i, record in enumerate(records):
        record.order = i
        cleaned = [strip_honorifics(n) for n in record.names]
        record.names = list(dict.fromkeys([n for n in cleaned if n] + record.names))
        record.keys = [tuple(t) for t in (name_tokens(n) for n in record.names) if t]
        record.marks = Marks()
        for name in record.names:
            record.marks |= name_marks(name)
        # Archigos and old UN rows often give a surname only, hyphenated or not
        # ("Calmy-Rey"): match those on the last token alone (rule 5).
        if record.source in ("archigos", "un-speakers") and " " not in cleaned[0]:
            record.keys = sorted({k[-1:] for k in record.keys})
    uf = UnionFind([r.marks for r in records])

    # Rule 3: same country + same full key. Records with marks first, so that namesakes
    # form their own groups; then the unmarked ones (rule 10).
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for record in records:
        for country in sorted(record.countries):
            for key in dict.fromkeys(record.keys):
                if len(key) >= 2:
                    buckets[(country, key)].append(record.order)
    for members in buckets.values():
        marked = [m for m in members if records[m].marks.marked]
        for i, member in enumerate(marked):
            for other in marked[:i]:
                if uf.union(other, member):
                    break
    # A bucket shared by several marked groups (or one with a suffix) is contested: its
    # unmarked records wait for rule 10's dates, in every bucket they are in.
    marked_roots = {
        bucket: list(dict.fromkeys(uf.find(m) for m in members if records[m].marks.marked))
        for bucket, members in buckets.items()
    }
    contested: dict[int, list[tuple]] = defaultdict(list)  # record -> contested buckets
    for bucket, members in buckets.items():
        roots = marked_roots[bucket]
        if len(roots) > 1 or (roots and uf.marks[roots[0]].suffixes):
            for member in members:
                if not records[member].marks.marked:
                    contested[member].append(bucket)
    for bucket, members in buckets.items():
        plain = [m for m in members if not records[m].marks.marked and m not in contested]
        roots = marked_roots[bucket]
        for member in plain:
            uf.union(roots[0] if roots else plain[0], member)
    assign_by_dates(records, uf, contested, marked_roots)

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
                if other in contested:
                    continue  # rule 10 decided (by dates) where it belongs
                if records[other].marks.marked or not uf.marks[uf.find(anchor)].suffixes:
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
        if len(roots) != 1 or not uf.union(roots.pop(), record.order):
            dropped.add(record.order)

    groups: dict[int, list[Record]] = defaultdict(list)
    for record in records:
        if record.order not in dropped:
            groups[uf.find(record.order)].append(record)
    # Rule 6: groups made only of enrichment records are not people we know posts for.
    return [g for _, g in sorted(groups.items()) if not all(r.enrich_only for r in g)]


def assign_by_dates(
    records: list[Record],
    uf: UnionFind,
    contested: dict[int, list[tuple]],
    marked_roots: dict[tuple, list[int]],
) -> None:
    """Rule 10: give each unmarked name its namesake group by dates, or none.

    ``contested`` maps a record to the name buckets it shares with several marked groups
    (or with one carrying a suffix). It joins the one group with an appointment in the
    same country overlapping one of its own; failing that, the one group holding the
    same post within two years of it (the UN list writes "Surangel Whipps Jr" one year,
    "Surangel Whipps" two years later). When none or several fit, it joins neither; such
    records join each other on the same terms. Every decision is taken on the groups as
    they stand before any of them, so the order does not matter.
    """
    members_of: dict[int, list[int]] = defaultdict(list)
    for record in records:
        members_of[uf.find(record.order)].append(record.order)

    def fits(appointments: list[Appointment], candidates: dict[int, list[Appointment]]) -> list:
        for near in (lambda a, b: overlaps(a, b, 0), same_post_nearby):
            found = [
                root
                for root, theirs in candidates.items()
                if any(a.country == b.country and near(a, b) for a in theirs for b in appointments)
            ]
            if found:
                return found
        return []

    decisions: list[tuple[int, int | None, tuple]] = []
    for order, waiting in contested.items():
        roots = dict.fromkeys(uf.find(r) for bucket in waiting for r in marked_roots[bucket])
        candidates = {
            root: [a for m in members_of[root] for a in records[m].appointments] for root in roots
        }
        found = fits(records[order].appointments, candidates)
        decisions.append((order, found[0] if len(found) == 1 else None, waiting[0]))
    left: dict[tuple, list[int]] = defaultdict(list)
    for order, root, bucket in decisions:
        if root is None or not uf.union(root, order):
            left[bucket].append(order)
    for members in left.values():
        for i, member in enumerate(members):
            earlier = {m: records[m].appointments for m in members[:i]}
            found = fits(records[member].appointments, earlier)
            if found:
                uf.union(found[0], member)


def same_post_nearby(a: Appointment, b: Appointment) -> bool:
    """True for the same post held within two years (a gap in a yearly sample)."""
    return a.scope() == b.scope() and overlaps(a, b, 731)


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
            owner.absorb(appt)
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
            else:
                target.widen(appt)
        # Merging can make earlier-separate intervals overlap; repeat until stable.
        changed = True
        while changed:
            changed = False
            for i in range(len(current)):
                for j in range(i + 1, len(current)):
                    a, b = current[i], current[j]
                    if overlaps(a, b, merge_slack(a, b)):
                        a.widen(b)
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
            same.widen(appt)
        else:
            merged.append(appt)

    # Archigos spells enrich an overlapping leader post, or stand alone as "Leader". An
    # open post they cover learns that it was held at least until the spell's end (not
    # that it ended then: Khamenei's spell ends in 1989, when the presidency became the
    # effective office, but he stayed Supreme Leader).
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
                if m.end is None:
                    m.seen = latest(m.seen, spell.end)
                    m.coverage = latest(m.coverage, spell.coverage)
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
            same.widen(spell)
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
            if len(name.split()) >= 2 and (record.source == "team" or is_person_alias(name)):
                return name  # the team's own spellings stand ("H.R. McMaster")
    fallback = strip_honorifics(ranked[0].names[0])
    # A one-word name ("Suharto") is fine; fragments and mojibake are not.
    return fallback if re.fullmatch(r"[A-Z][a-z'\-]+", fallback) else None


def build_officials(records: list[Record]) -> tuple[list[dict], dict]:
    """Merge records into officials in the committed format; also return statistics."""
    groups = merge_records(records)
    people: list[tuple[list[Record], str, list[Appointment]]] = []
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
        for appointment in appointments:
            appointment.unsample()
        people.append((group, name, appointments))
    closed = close_open_terms(
        [appointments for _, _, appointments in people],
        [
            {frozenset(name_tokens(n)) for r in group for n in r.names if len(name_tokens(n)) > 1}
            for group, _, _ in people
        ],
    )
    aliases_of = [official_aliases(group, name) for group, name, _ in people]
    short_forms = add_short_forms(
        [(name, official_nationality(group, appts)) for group, name, appts in people],
        aliases_of,
    )
    officials = []
    for (group, name, appointments), aliases in zip(people, aliases_of, strict=True):
        sources = sorted({s for a in appointments for s in a.sources} | {r.source for r in group})
        officials.append(
            {
                "key": "",
                "name": name,
                "nationality": official_nationality(group, appointments),
                "aliases": aliases,
                "appointments": [
                    {
                        "post": a.post,
                        "post_kind": a.post_kind,
                        "country": a.country,
                        "organisation": a.organisation,
                        "start": a.start,
                        "end": a.end,
                        "known_until": a.known_until(),
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
    stats = {
        "records": len(records),
        "groups": len(groups),
        "merged_records": merged_records,
        "closed_open_terms": dict(sorted(closed.items())),
        "short_form_aliases": short_forms,
    }
    return officials, stats


def official_aliases(group: list[Record], name: str) -> list[str]:
    """Every clean name variant of a group, best source first, the display name leading."""
    aliases: list[str] = []
    seen: set[str] = set()
    for record in sorted(group, key=lambda r: (SOURCE_PRIORITY[r.source], r.order)):
        for raw in [name, *record.names]:
            for variant in name_variants(raw):
                for spelling in [variant, *abd_variants(variant)]:
                    if spelling.casefold() not in seen and (
                        record.source == "team" or is_person_alias(spelling)
                    ):
                        seen.add(spelling.casefold())
                        aliases.append(spelling)
    if name.casefold() not in seen:
        aliases.insert(0, name)
    return aliases


def official_nationality(group: list[Record], appointments: list[Appointment]) -> str | None:
    """The best source's nationality, else the country of most appointments."""
    ranked = sorted(group, key=lambda r: (SOURCE_PRIORITY[r.source], r.order))
    nationality = next((r.nationality for r in ranked if r.nationality), None)
    if nationality is None:
        counts = Counter(a.country for a in appointments if a.country)
        nationality = min(counts, key=lambda c: (-counts[c], c)) if counts else None
    return nationality


# --------------------------------------------------------------------------------------
# Open-ended terms (module docstring: "Open-ended terms")
# --------------------------------------------------------------------------------------

LEADER_KINDS = ("head_of_state", "head_of_government")
# Posts several people hold at once, even under one title: never closed by a successor.
SHARED_POST_RE = re.compile(
    r"\b(deputy|vice|assistant|advis[eo]r|delegate|member|counsel|counsell?or|councillor|"
    r"spokes\w*|official|chief of staff|without portfolio)\b"
    r"|\bminister of state\b|\bstate (minister|secretary)\b",  # junior ministers
    re.I,
)


def single_holder(appt: Appointment) -> bool:
    """True for a post one person holds at a time (a successor's start ends the term).

    Heads of state and government, foreign ministers and secretaries-general by kind; a
    country's UN ambassador; and a named ministry ("Minister of Finance", "Secretary of
    Defense", "Defence Minister") -- not deputies, ministers of state or advisers.
    """
    if appt.post_kind in (*LEADER_KINDS, "foreign_minister", "secretary_general"):
        return True
    if appt.post_kind == "ambassador":
        return appt.post == "Ambassador to the UN"
    if appt.post_kind == "minister":
        return bool(
            re.match(r"(minister|secretary)\b|\w+ (minister|secretary)$", appt.post, re.I)
        ) and not SHARED_POST_RE.search(appt.post)
    return False


def supersedes(later: Appointment, earlier: Appointment) -> bool:
    """True when taking up ``later`` implies having left the open post ``earlier``."""
    if earlier.post_kind == "legislator" or later.scope() == earlier.scope():
        return False
    if later.organisation and later.post_kind == "secretary_general":
        return earlier.country is not None
    if later.country is None or later.country != earlier.country:
        return False
    if later.post_kind in LEADER_KINDS:
        # A president who becomes prime minister leaves the presidency; a monarch does not.
        return earlier.post_kind != "head_of_state" or (
            earlier.post == "President" and later.post_kind == "head_of_government"
        )
    if later.post_kind == "foreign_minister":
        return earlier.post_kind not in (*LEADER_KINDS, "foreign_minister")
    return False


# A successor or a later post starting longer than this after the last date a source
# shows the term says when it had ended at the latest, not when it ended (the UN list
# first shows Joko Widodo in 2020, six years after Yudhoyono's last sighting): the term
# then keeps its known_until instead of an end.
MAX_UNSEEN_DAYS = 730


def close_open_terms(
    people: list[list[Appointment]], names: list[set[frozenset[str]]] | None = None
) -> Counter:
    """End the open terms that a successor or the person's own later post ends.

    ``people`` holds each official's merged appointments (ends are set in place) and
    ``names`` each official's name keys as token sets. A candidate end must fall after
    the term's start, not before the last date a source dated the term itself
    (``seen``), and at most MAX_UNSEEN_DAYS after the last evidence of it; the earliest
    candidate wins. A "successor" whose name contains the holder's, or the reverse
    ("Cristina Fernández" / "Cristina Fernandez de Kirchner"), is the holder under a
    name the merge did not join, and is skipped. Returns how many terms each rule
    closed, and how many stay open with and without ``known_until``.
    """
    names = names or [set() for _ in people]
    holders: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for index, appointments in enumerate(people):
        for appt in appointments:
            if appt.start and single_holder(appt):
                holders[appt.scope()].append((appt.start, index))
    for starts in holders.values():
        starts.sort()

    def same_name(i: int, j: int) -> bool:
        return any(a <= b or b <= a for a in names[i] for b in names[j])

    counts: Counter = Counter()
    for index, appointments in enumerate(people):
        for appt in appointments:
            if appt.end is not None:
                continue
            if appt.start is None:
                counts["open, start unknown"] += 1
                continue
            seen = latest(appt.start, appt.seen)
            evidence = latest(seen, appt.coverage) or seen
            limit = shift_days(evidence, MAX_UNSEEN_DAYS)
            candidates: list[tuple[str, str]] = []
            if single_holder(appt):
                successor = next(
                    (
                        start
                        for start, other in holders[appt.scope()]
                        if start > appt.start
                        and start >= seen
                        and other != index
                        and not same_name(index, other)
                    ),
                    None,
                )
                if successor and successor <= limit:
                    candidates.append((successor, "by the next holder"))
            for later in appointments:
                if (
                    later.start
                    and later.start > appt.start
                    and seen <= later.start <= limit
                    and supersedes(later, appt)
                    and not held_again(appt, later.start, appointments)
                ):
                    candidates.append((later.start, "by a later post"))
            if candidates:
                appt.end, rule = min(candidates)
                counts[rule] += 1
            elif appt.known_until():
                counts["open, known_until set"] += 1
            else:
                counts["open, undated"] += 1
    return counts


def held_again(appt: Appointment, day: str, appointments: list[Appointment]) -> bool:
    """True when the person is shown in ``appt``'s post again by ``day``: the later post
    came with it ("President and Head of Government"), it did not replace it."""
    return any(
        other is not appt and other.scope() == appt.scope() and appt.start < other.start <= day
        for other in appointments
        if other.start
    )


def shift_days(day: str, days: int) -> str:
    """The ISO date ``days`` after ``day``."""
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


# Where the press shortens a three-part name to its first and last part: English middle
# names ("William Jefferson Hague"), Arabic father's names ("Adel Ahmed al-Jubeir") and
# East Slavic patronymics ("Igor Ivanovich Sechin"). Elsewhere the middle part is often
# part of the given name ("Jean Claude Juncker") or the family name comes first.
FIRST_LAST_PRESS = {
    "US", "GB", "IE", "CA", "AU", "NZ",
    "SA", "AE", "QA", "KW", "BH", "OM", "YE", "IQ", "SY", "JO", "LB", "PS", "EG", "LY", "TN",
    "DZ", "MA", "SD", "MR",
    "RU", "UA", "BY", "KZ", "KG", "TJ", "TM", "UZ", "AZ", "AM", "GE", "MD",
}  # fmt: skip
# Spanish usage: given name, father's surname, mother's surname -- the press drops the last.
HISPANIC = {"ES", "MX", "AR", "CO", "VE", "CL", "PE", "EC", "BO", "PY", "UY", "CU", "DO",
            "GT", "HN", "SV", "NI", "CR", "PA", "PR", "GQ"}  # fmt: skip


def name_units(name: str) -> list[str]:
    """Split a display name into parts: particles and "Abd"/"Abu" stay with the next word."""
    units: list[str] = []
    carry = ""
    for word in name.split():
        low = word.lower().strip(".")
        if low in LOWER_PARTICLES or low in {"abd", "abdul", "abdel", "abu", "bin", "ibn"}:
            carry = f"{carry}{word} "
            continue
        units.append(carry + word)
        carry = ""
    if carry:
        units.append(carry.strip())
    return units


def short_form(name: str, nationality: str | None) -> str | None:
    """The press's two-part form of a three-part name, or None.

    "William Jefferson Hague" -> "William Hague", "Adel Ahmed al-Jubeir" -> "Adel
    al-Jubeir", "Nicolas Maduro Moros" -> "Nicolas Maduro", "Abdullah bin Zayed Al
    Nahyan" -> "Abdullah bin Zayed" (the press names Gulf royals by their father).
    """
    units = name_units(name)
    if len(units) != 3 or any("." in u for u in units):
        return None
    if units[1].lower().startswith(("bin ", "ibn ", "bint ")) or nationality in HISPANIC:
        return f"{units[0]} {units[1]}"
    if nationality in FIRST_LAST_PRESS:
        return f"{units[0]} {units[2]}"
    return None


def add_short_forms(people: list[tuple[str, str | None]], aliases_of: list[list[str]]) -> int:
    """Give an official known only by three-part names its two-part press form.

    Only when no official has that name already and no other gets the same one (the
    extractor matches names, so a shared short form would name two people). Returns how
    many aliases were added.
    """
    owners: dict[tuple, set[int]] = defaultdict(set)
    for index, aliases in enumerate(aliases_of):
        for text in aliases:
            owners[tuple(name_tokens(text))].add(index)
    proposed: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    for index, ((name, nationality), aliases) in enumerate(zip(people, aliases_of, strict=True)):
        if any(len(name_tokens(a)) == 2 for a in aliases):
            continue
        for text in [name, *aliases]:
            short = short_form(text, nationality)
            if short and is_person_alias(short) and len(name_tokens(short)) == 2:
                proposed[tuple(name_tokens(short))].append((index, short))
                break
    added = 0
    for key, claims in proposed.items():
        if key in owners or len({i for i, _ in claims}) != 1:
            continue
        index, short = claims[0]
        aliases_of[index].append(short)
        added += 1
    return added


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


# CountryInfo's own documentation: "Governments are from Jan-2003 to Feb-2011, so ... a >
# indicates in office in Feb-11".
COUNTRYINFO_GOVERNMENT_UNTIL = "2011-02-28"
# Role codes whose sector says what a post is when no title is given ([USASPY ...]).
SECTOR_POSTS = {
    "MIL": ("Military commander", "military"),
    "SPY": ("Intelligence official", "official"),
    "LEG": ("Legislator", "legislator"),
}


def countryinfo_coverage(start: str | None, version: str) -> str:
    """The last date CountryInfo shows a government post open since ``start`` held.

    The cabinets stop in Feb-2011; an entry starting later was added by a later update
    of the file, and was current at its ``version`` date.
    """
    if start and start > COUNTRYINFO_GOVERNMENT_UNTIL:
        return latest(start, version) or version
    return COUNTRYINFO_GOVERNMENT_UNTIL


def file_date(name: str) -> str:
    """The date a CountryInfo file name carries (``CountryInfo.120116.txt``: YYMMDD)."""
    match = re.search(r"\.(\d{6})\.", name)
    if not match:
        raise ValueError(f"no date in {name}")
    return parse_date(match.group(1)) or ""


def plural_title(title: str) -> str:
    """Singularise a CountryInfo section title ("U.S. Representatives to the United Nations")."""
    head, sep, tail = (re.split(r"( of | to |, )", title, maxsplit=1) + ["", ""])[:3]
    words = [
        re.sub(r"ies$", "y", w) if w.endswith("ies") else re.sub(r"(?<=[a-rt-z])s$", "", w)
        for w in head.split()
    ]
    return " ".join(words) + sep + tail


def read_countryinfo(reference: Path, codes: Codes, blocks: dict) -> list[Record]:
    """Records from CountryInfo.txt <Leaders>/<Government> and the two people CSVs."""
    records: list[Record] = []
    leaders_until = file_date(COUNTRYINFO_FILE)
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
            for appt in appts:
                appt.coverage = None if appt.end else leaders_until
            if names and appts:
                records.append(Record(names, {iso2}, appts, "countryinfo", iso2))
        # The USA block gives its titles as section comments ("#<Secretary of State>").
        heading = ""
        for line in tags.get("Government", []):
            header = re.match(r"\s*#\s*<([^>]+)>", line)
            if header:
                heading = plural_title(header.group(1).strip())
                continue
            if "[" not in line:
                continue
            body, _, comment = line.partition("#")
            names, rest = split_names(body)
            spans = []
            for match in re.finditer(r"\[([A-Z]{3})([A-Z]*)\s*([^\]]*)\]", rest):
                bounds = parse_bounds(match.group(3))
                if bounds:
                    spans.append((bounds, match.group(2)))
            posts = classify_post(comment.strip() or heading, iso2)
            appts = []
            for (start, end), sector in spans:
                for post, kind in posts or [SECTOR_POSTS.get(sector[-3:], ("", ""))]:
                    if sector.endswith("LEG") and kind in ("official", "other"):
                        kind = "legislator"
                    if post:
                        appts.append(
                            Appointment(post, kind, iso2, None, start, end, {"countryinfo"})
                        )
            if not names or not appts:
                continue
            for appt in appts:
                appt.coverage = (
                    None if appt.end else countryinfo_coverage(appt.start, leaders_until)
                )
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
                for appt in appts:
                    # An older revision than the .txt: no later evidence than its cut-off.
                    appt.coverage = (
                        None if appt.end else countryinfo_coverage(appt.start, leaders_until)
                    )
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


def phoenix_date(reference: Path) -> str:
    """The generation date in the Phoenix country dictionary's header."""
    head = (reference / "phoenix" / "Phoenix.Countries.actors.txt").read_bytes()[:2000]
    match = re.search(r"Generated at: \w+ (\w+) +(\d+) [\d:]+ (\d{4})", head.decode("latin-1"))
    if not match:
        raise ValueError("Phoenix.Countries.actors.txt: no 'Generated at' date in the header")
    month = list(calendar.month_abbr).index(match.group(1))
    return f"{match.group(3)}-{month:02d}-{int(match.group(2)):02d}"


def read_phoenix(reference: Path, codes: Codes) -> list[Record]:
    """Records from the Phoenix country and international actor dictionaries."""
    records: list[Record] = []
    generated = phoenix_date(reference)
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
                for appt in record.appointments:
                    appt.coverage = None if appt.end else phoenix_coverage(appt, generated)
                records.append(record)
    return records


def phoenix_coverage(appt: Appointment, generated: str) -> str:
    """The last date a Phoenix role open since ``appt.start`` is evidence for.

    Roles carried over from CountryInfo's cabinets (open since before its Feb-2011
    cut-off) were not revisited: Sechin is still Deputy Premier in the 2014 file. A role
    added later was current when the dictionary was generated.
    """
    if appt.country and appt.start and appt.start <= COUNTRYINFO_GOVERNMENT_UNTIL:
        return COUNTRYINFO_GOVERNMENT_UNTIL
    return latest(appt.start, generated) or generated


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
            if iso2 and bounds and sector in SECTOR_POSTS:
                # A dated military or intelligence role: a post whose title is unknown.
                countries.add(iso2)
                post, kind = SECTOR_POSTS[sector]
                appointments.append(
                    Appointment(post, kind, iso2, None, *bounds, {"phoenix"}, titled=False)
                )
                continue
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
                post, kind = ("Government official", "official")
                if code[6:9] == "LEG":  # [AUSGOVLEG ...]: a seat in parliament
                    post, kind = SECTOR_POSTS["LEG"]
                appointments.append(
                    Appointment(post, kind, iso2, None, *bounds, {"phoenix"}, titled=False)
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
                # "George Bush" (1991) and "George W. Bush" (2001) are two runs (rule 10).
                key = (" ".join(name_tokens(name)) or name, marks_signature(name), iso2, org)
                key += (post, kind)
                runs[key].append(int(row["Year"]))
                names[key][name] = max(names[key].get(name, 0), int(row["Year"]))
    records = []

    # Runs of one name and post that differ in marks come most recent first, as the
    # spellings of one run do: the display name is the latest way the list wrote it.
    def order(k: tuple) -> tuple:
        tokens, signature, *rest = (x or "" for x in k)
        return (tokens, *rest, -max(runs[k]), signature)

    for key in sorted(runs, key=order):
        _, _, iso2, org, post, kind = key
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
                    post,
                    kind,
                    iso2,
                    org,
                    f"{first}-09-01",
                    f"{prev}-09-30",
                    {"un-speakers"},
                    sampled_end=True,
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
        rows = list(csv.DictReader(handle))
    # Spells still running when the data set was closed end on its last day; some rows
    # say so ("Still in Office"), others were shifted a column ("Natural Death" for
    # Salman): a spell ending on that day is open, and known to run until it.
    last_day = max(filter(None, (parse_date(row["enddate"]) for row in rows)))
    for row in rows:
        iso2 = codes.gw_to_2.get(row["ccode"].strip()) or codes.country(row["idacr"])
        start, end = parse_date(row["startdate"]), parse_date(row["enddate"])
        if not iso2 or not start or (end and end < "1946-01-01"):
            continue
        if row.get("exit", "").strip() == "Still in Office" or end == last_day:
            end = None
        name = squash(row["leader"])
        if not name:
            continue
        appt = Appointment(
            "Leader", "head_of_state", iso2, None, start, end, {"archigos"}, leader_spell=True
        )
        appt.coverage = None if end else last_day
        records.append(Record([name], {iso2}, [appt], "archigos", iso2))
    return records


# fmt: off
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
# Non-voting members of the House: the District and the territories.
US_DELEGATES = {
    "DC": "Delegate for the District of Columbia", "AS": "Delegate for American Samoa",
    "GU": "Delegate for Guam", "MP": "Delegate for the Northern Mariana Islands",
    "VI": "Delegate for the U.S. Virgin Islands", "PR": "Resident Commissioner for Puerto Rico",
}
# fmt: on


def ordinal(number: int) -> str:
    """1 -> "1st", 12 -> "12th", 23 -> "23rd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def us_post(term: dict) -> tuple[str, str]:
    """The post title and kind of a congress-legislators term (one title per seat)."""
    kind = term["type"]
    if kind == "prez":
        return "President", "head_of_state"
    if kind == "viceprez":
        return "Vice President", "official"  # as classify_post files vice presidents
    state = term["state"]
    if kind == "sen":
        return f"Senator from {US_STATES[state]}", "legislator"
    if state in US_DELEGATES:
        return US_DELEGATES[state], "legislator"
    district = int(term.get("district") or 0)
    seat = ordinal(district) if district > 0 else "at-large"
    return f"Representative for {US_STATES[state]}'s {seat} district", "legislator"


def us_names(name: dict, namesake: bool = False) -> list[str]:
    """Name forms of a congress-legislators person, the press form first.

    The press form is the official name (without its quoted nickname and the comma
    before "Jr."), else the nickname and the last name ("Bill Clinton"), else the first
    name, the middle initials and the last name ("Dwight D. Eisenhower", "George W.
    Bush"; a ``namesake`` keeps its initials even with a nickname). Then first + last
    with and without the middle initials and the suffix, nickname + last, and the name
    with the middle name in full.
    """
    first, last = name["first"], name["last"]
    middle = name.get("middle") or ""
    nickname = (name.get("nickname") or "").strip()
    suffix = name.get("suffix") or ""
    initials = " ".join(f"{w[0]}." for w in re.split(r"[\s.]+", middle) if w)
    official = name.get("official_full") or ""
    official = squash(re.sub(r"\"[^\"]*\"", " ", official).replace(", ", " "))
    written = next(iter(name_marks(official).initials), ())
    if written:  # "Laurel M. Lee" (middle name Frances): the initials she uses win
        initials = " ".join(f"{c.upper()}." for c in written)
    press = official or squash(
        f"{nickname} {last}" if nickname and not namesake else f"{first} {initials} {last}"
    )
    forms = [press]
    for mid in dict.fromkeys(["", initials]):
        for end in dict.fromkeys(["", suffix]):
            forms.append(squash(f"{first} {mid} {last} {end}"))
    if nickname:  # "Hank Johnson", "JD Vance" for "J.D. Vance"
        forms += [f"{nickname} {last}", f"{nickname.replace('.', '')} {last}"]
    if middle:
        forms.append(squash(f"{first} {middle} {last} {suffix}"))
    return list(dict.fromkeys(forms))


def read_us_congress(reference: Path) -> list[Record]:
    """Records from the congress-legislators files: every term of the current Congress's
    members, and of every president and vice president.

    A term's end is its real or scheduled end. Its evidence stops at the newest start
    in the files (they were made after it), not at an end that lies ahead.
    """
    import yaml  # development-time dependency (requirements-dev.txt)

    folder = reference / "us-congress"
    people = []
    for filename in ("legislators-current.yaml", "executive.yaml"):
        with (folder / filename).open(encoding="utf-8") as handle:
            people += yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    made = max(str(term["start"]) for person in people for term in person["terms"])
    # Two presidents George Bush, two John Adams: their display names keep the initials.
    first_last = Counter((p["name"]["first"], p["name"]["last"]) for p in people)
    records = []
    for person in people:
        namesake = first_last[(person["name"]["first"], person["name"]["last"])] > 1
        appts = []
        for term in person["terms"]:
            post, kind = us_post(term)
            start, end = str(term["start"]), str(term["end"])
            appts.append(
                Appointment(
                    post, kind, "US", None, start, end, {"us-congress"}, seen=min(end, made)
                )
            )
        names = us_names(person["name"], namesake)
        records.append(Record(names, {"US"}, appts, "us-congress", "US"))
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
    # No source has the people below (not in Phoenix, CountryInfo, the UN list, Archigos,
    # nor the current Congress): their posts came after the dictionaries or were never
    # the one a country sent to the General Debate.
    ("Nikki Haley", "US", ["Nimrata Haley", "Nimrata Nikki Haley"],
     [("Governor of South Carolina", "other", "US", None, "2011-01-12", "2017-01-24"),
      ("Ambassador to the UN", "ambassador", "US", None, "2017-01-27", "2018-12-31")]),
    ("Mark Esper", "US", ["Mark T. Esper", "Mark Thomas Esper"],
     [("Secretary of the Army", "official", "US", None, "2017-11-20", "2019-07-23"),
      ("Secretary of Defense", "minister", "US", None, "2019-07-23", "2020-11-09")]),
    ("Samantha Power", "US", ["Samantha J. Power"],
     [("Ambassador to the UN", "ambassador", "US", None, "2013-08-05", "2017-01-20"),
      ("Administrator of USAID", "official", "US", None, "2021-05-03", "2025-01-20")]),
    ("Mohammed bin Salman", "SA", ["Mohammed bin Salman Al Saud", "Mohammad bin Salman", "Muhammad bin Salman", "Mohammed bin Salman bin Abdulaziz Al Saud"],
     [("Minister of Defence", "minister", "SA", None, "2015-01-23", "2022-09-27"),
      ("Deputy Crown Prince", "official", "SA", None, "2015-04-29", "2017-06-21"),
      ("Crown Prince", "official", "SA", None, "2017-06-21", None),
      ("Prime Minister", "head_of_government", "SA", None, "2022-09-27", None)]),
    ("Dmitry Peskov", "RU", ["Dmitri Peskov", "Dmitriy Peskov", "Dmitry Sergeyevich Peskov"],
     [("Presidential Press Secretary", "spokesperson", "RU", None, "2012-05-22", None)]),
]
# fmt: on


def team_records() -> list[Record]:
    """Records for TEAM_OFFICIALS; they also match on every country and org they served.

    An open team term was checked when the table was last written: the newest date in it.
    """
    as_of = max(d for *_, posts in TEAM_OFFICIALS for *_, s, e in posts for d in (s, e) if d)
    records = []
    for name, nationality, aliases, posts in TEAM_OFFICIALS:
        appts = [
            Appointment(p, k, c, o, s, e, {"team"}, seen=None if e else as_of)
            for p, k, c, o, s, e in posts
        ]
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
    records += read_us_congress(reference)
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
