"""Find the countries an article mentions: by name, demonym, capital, city or dateline.

Pure: no Django. ``CountryIndex.build`` compiles a gazetteer snapshot once (one trie
regex, see ``matcher``); ``extract_countries`` scans one article with it.

Rules, in the order they apply:

1. Case-sensitive, leftmost-longest matching on word boundaries: "Niger" is not in
   "Nigeria", "South Sudan" is not also "Sudan", "Democratic Republic of the Congo" is
   not also "Congo". Possessives match ("Syria's").
2. Phrases that only look like countries are matched too, and dropped: "Washington
   Post", "New York Times", "New Mexico", "Chinese food", "Latin America", "Korean
   Peninsula" (a region: no country), "Atlanta, Georgia"... (``BLOCKED``). Capitals and
   cities that name a treaty are dropped ("Paris climate agreement", "Treaty of Lisbon").
3. Byline and author names never count ("By Jordan Ashby").
4. A word that is also a given name is a person when a name word is next to it
   ("Michael Jordan", "Jordan Peterson", "Chad Smith", "Foreign Minister Israel Katz").
5. Ambiguous aliases (flagged in the data) count only with support: another,
   unambiguous alias of the same country in the article ("Jordanian", "Amman"), a cue
   (``CUES``: "King Abdullah", "Erdogan"...), or strong context around the mention (listed
   with other countries: "Ukraine, Georgia and Moldova"; or followed by a government
   word: "Niger junta", "Georgia's prime minister"). A veto ("Atlanta" for Georgia) leaves
   only support. Aliases shared by two countries ("Korean", "Congolese") and "Congo" and
   "Korea" (``ALTERNATES``) go to the one candidate the article supports, else nowhere.
   "US", "America", "Washington", "Turkey" and "Polish" count without support (they
   almost always mean the country when capitalised) unless their context says
   otherwise: ALL-CAPS text for "US" ("LET US"), food around "Turkey".
6. Datelines: ``article.dateline``, or ALL-CAPS words opening the body ("MOSCOW -"),
   looked up upper-case ("UNITED NATIONS" is no country; "ST. PETERSBURG, Russia").
   A lede (often a feed's copy of the first paragraph) may open with one too ("SAN
   JOSE, Costa Rica -", "Brussels (Reuters) -": Title Case only before a wire's name).
   Only the dateline's own words are skipped: the title before it still counts.
7. Kind: a country found only through a city or region inside it ("Aleppo", "Crimea",
   "Gaza"), a capital used as a location ("talks in Vienna"), or a dateline is a
   ``place``; a name, demonym or capital used for its government ("Moscow said",
   "Washington and Beijing") makes it ``direct``.
8. Focus: see ``matcher.aggregate`` (title or lede, or dominant in the body). A dateline
   alone never makes a focus, in the lede either: "BRUSSELS (AP) - Finland joined NATO"
   is about Finland; Belgium is tagged, as a place.
9. Correction notices ("CORRECTION: An earlier version of this story cited Iran instead
   of Iraq.", see ``notices``) are skipped like bylines: they name what the story is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extract import matcher as m
from articles.extract.notices import notice_spans
from articles.extract.types import AliasEntry, ArticleText, EntityMatch, Gazetteer, evidence

# Phrases containing a country alias that name something else: matched, then dropped.
BLOCKED = (
    # newspapers and outlets
    *(
        "USA Today",
        "USA TODAY",
        "Washington Post",
        "Washington Times",
        "Washington Examiner",
        "Jerusalem Post",
    ),
    *("New York Times", "New York Post", "New York Daily News", "Los Angeles Times"),
    *("Chicago Tribune", "San Francisco Chronicle", "Voice of America", "Radio Free Europe"),
    # US states, regions and places named after countries or cities
    *("New Mexico", "New Jersey", "New England", "New Guinea", "New South Wales"),
    *("Washington state", "Washington State", "state of Washington", "Washington, U.S."),
    *("Atlanta, Georgia", "Savannah, Georgia", "Georgia, U.S.", "Georgia Tech"),
    *("University of Georgia", "state of Georgia", "Georgia state", "Georgia State"),
    *("Georgia Senate", "Georgia Gov.", "Georgia Governor", "Georgia Republican"),
    *("Georgia Democrat", "Georgia Democrats", "Georgia Republicans", "Georgia Power"),
    *("Latin America", "South America", "North America", "Central America", "America First"),
    *("Bank of America", "Captain America", "Miss America", "Good Morning America"),
    *("Latin American", "Latin Americans", "South American", "North American"),
    *("Central American", "Native American", "Native Americans", "African American"),
    *("African Americans", "Inter-American", "Organization of American States"),
    *("Korean Peninsula", "Korean peninsula", "Korean War", "Indian Ocean", "West Indian"),
    *("South China Sea", "East China Sea", "Sea of Japan", "Gulf of Mexico", "Irish Sea"),
    *("Niger River", "Congo River", "Congo Basin", "Jordan River", "Jordan Valley"),
    *("Chad Basin", "Lake Chad", "Gulf of Oman", "Gulf of Aden"),
    # food and the like
    *("Chinese food", "Chinese restaurant", "Chinese restaurants", "Chinese takeout"),
    *("French fries", "French toast", "Swiss cheese", "Turkish delight", "Brussels sprouts"),
    *("Thanksgiving Turkey", "Turkey Day", "Wild Turkey", "Turkey Trot", "Guinea pig"),
    # companies
    *("Credit Suisse", "Norwegian Air", "Morgan Stanley", "Deutsche Bank"),
    # people
    *("Michael Jordan", "George Washington", "Denzel Washington", "Booker T. Washington"),
)
# Phrases that are not in the data but name a country: (phrase, ISO alpha-2, kind).
EXTRA = (
    ("Niger Delta", "NG", "city"),  # the region of Nigeria, not Niger
    ("Southern Sudan", "SS", "name"),  # South Sudan before independence (2011)
    ("Southern Sudanese", "SS", "demonym"),
    *(("England", "GB", "city"), ("Scotland", "GB", "city"), ("Wales", "GB", "city")),
    ("Northern Ireland", "GB", "city"),  # not Ireland
    ("Kremlin", "RU", "capital"),  # seats of government, as labelled
    ("Zhongnanhai", "CN", "capital"),
)
# Words that support an ambiguous alias of a country without being a mention of it.
CUES = {
    "JO": ("King Abdullah", "Hashemite"),
    "GE": ("Saakashvili", "Shevardnadze", "Georgian Dream", "Garibashvili"),
    "TR": ("Erdogan", "Erdoğan"),
    "TD": ("Deby", "Déby", "N'Djamena", "Ndjamena"),
    "NE": ("Bazoum", "Tiani", "Issoufou", "ECOWAS"),
    "GN": ("Conde", "Condé", "Doumbouya"),
    "CD": ("Kabila", "Tshisekedi", "Democratic Republic", "M23"),
    "CG": ("Sassou Nguesso", "Sassou-Nguesso"),
    "KP": ("Kim Jong Un", "Kim Jong-un", "Kim Jong Il", "Kim Jong-il"),
    "KR": ("Moon Jae-in", "Yoon Suk Yeol", "Park Geun-hye", "Lee Jae-myung"),
    "MK": ("Skopje", "Zaev"),
}
# Words whose presence makes an ambiguous alias need support, not just context.
VETOES = {"GE": ("Atlanta", "Savannah", "Peach State"), "TR": ("Thanksgiving",)}
# How near (characters) evidence must be to choose between two supported candidates.
NEAR = 120
# Ambiguous aliases that may also mean another country than the data says.
ALTERNATES = {"Congo": ("CD",), "Korea": ("KP",), "Virgin Islands": ("VI",)}
# Ambiguous aliases that count without support unless their context rules them out.
LENIENT = frozenset({"US", "America", "Washington", "Turkey", "Polish"})
# Aliases that are also given names ("Jordan Peterson", "Israel Katz").
GIVEN_NAMES = m.words(
    "Jordan Chad Israel Georgia Washington Hamilton Victoria Kingston Douglas Stanley Sydney "
    "Constantine Dominique"
)
# Aliases that are also surnames: a person after a first name ("David French").
SURNAMES = m.words("French Holland Bergen Stanley Douglas Mann Lima")
# Aliases the data does not flag but that often name something else: need support too.
ALSO_AMBIGUOUS = m.words(
    "Douglas|Stanley|Bergen|Alexandria|Saint-Denis|Dominique|Gao|Virgin Islands|Mann", sep="|"
)
# Aliases that are ordinary English words in running text ("Belitung Island").
IGNORED = m.words("Island")
# Words after an ambiguous name that show it is the state ("Niger junta").
GOV_WORDS = m.words(
    "government president prime foreign minister ministry king army military junta troops "
    "forces authorities officials embassy capital border parliament leader leaders regime "
    "coup opposition ambassador envoy delegation"
)
# Seats of government stand for it wherever they are: "the White House said".
SEATS = m.words(
    "White House|Pentagon|Capitol Hill|Downing Street|Whitehall|Westminster|Kremlin|Elysee|"
    "Élysée|Zhongnanhai",
    sep="|",
)
# Capitals that mostly stand for an international body, not their country's government.
ORG_SEATS = frozenset({"Brussels", "Geneva", "Strasbourg", "The Hague"})
# A capital or city followed by one of these names a treaty ("Paris climate agreement").
_TREATY_RE = re.compile(
    r"""
    ^ (?:(?:climate|peace|nuclear) \s+)?               # "Paris climate agreement"
    (?:agreement|agreements|accord|accords|treaty|protocol|convention|conventions|
       format|process|declaration|principles|club|group|summit\s+declaration) \b
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Between two countries of a list: "Ukraine, Georgia and Moldova", "Egypt in 1979 and".
_LIST_RE = re.compile(
    r"""
    \s* (?: , | / )? \s*                   # a comma or a slash
    | [^.;:!?\n]{0,20} (?: \band | \bor | , ) \s*   # or a short aside, then a conjunction
    """,
    re.VERBOSE,
)
# A capital naming an event held there is a location: "the Vilnius summit".
_EVENT_RE = re.compile(r"^(?:summit|talks|conference|meeting|meetings|forum|ceremony)\b")
# A dateline opening the lede (or a body the parser left it in): the place is ALL CAPS,
# or Title Case before a wire's name, as ``ingest.bylines`` reads them.
_OPENING_RE = re.compile(
    r"""
    \A (?:
        (?P<place> [A-Z][A-Z.'\u2019\- ]*[A-Z.] )                # "SAN JOSE"
        (?: , \s* (?P<rest> [A-Z][\w.'\u2019 ]*? ) )?            # ", Costa Rica"
        (?: , \s* [A-Z][a-z]{2,4} \.? \s+ \d{1,2} )?              # ", April 4"
        \s* (?: \( [A-Z][\w .&-]{0,30} \) )?                     # "(AP)"
      | (?P<tplace> [A-Z][a-z.'\u2019\-]+ (?: \s [A-Z][a-z.'\u2019\-]+ ){0,2} )  # "Brussels"
        (?: , \s* (?P<trest> [A-Z][\w.'\u2019 ]*? ) )?
        (?: , \s* [A-Z][a-z]{2,4} \.? \s+ \d{1,2} )?
        \s* \( [A-Z][\w .&-]{0,30} \)                             # a wire's name is needed
    )
    \s* (?: -{1,2} | \u2014 | \u2013 | : ) \s                      # the dash
    """,
    re.VERBOSE,
)
# Inverted ISO names ("Korea, Republic of") never occur in running text.
_INVERTED_RE = re.compile(r",\s(?:.*\bof(?:\sthe)?|British|U\.S\.)$")
# Words around "Turkey" that make it the bird.
_FOOD_RE = re.compile(
    r"\b(?:Thanksgiving|roast(?:ed)?|recipe|stuffing|gravy|carv(?:e|ed|ing)|oven|feast|"
    r"dinner|brine|drumstick|cranberr(?:y|ies))\b",
    re.IGNORECASE,
)

_Entry = tuple[int, str, bool]  # (country id, alias kind, ambiguous)
# How far back ``m.previous_words`` reads for "Treaty of ..." (its default window).
_WORDS_WINDOW = 60


@dataclass(frozen=True)
class CountryIndex:
    """The compiled country matcher of one gazetteer snapshot (picklable)."""

    matcher: m.AliasMatcher
    surfaces: dict[str, tuple[_Entry, ...]]  # surface -> entries; () = blocked phrase
    upper: dict[str, tuple[_Entry, ...]]  # upper-cased names and places, for datelines
    alternates: dict[str, tuple[int, ...]]
    cues: dict[str, int]  # cue phrase -> country id
    vetoes: dict[str, int]  # veto phrase -> country id
    # surface -> (``_candidates`` of its entries): computed once, not at every mention
    candidates: dict[str, tuple[tuple[int, ...], bool]]
    # The surfaces whose context may rule them out (``_ruled_out``): capitals, cities and
    # names of people; the others (two thirds of the mentions) skip the call.
    contextual: frozenset[str]

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> CountryIndex:
        """Compile ``gazetteer``'s country aliases with the rules' phrases."""
        by_iso = {c.iso2: c.id for c in gazetteer.countries}
        entries = [
            AliasEntry(a.alias, a.entity_id, a.kind, a.ambiguous or a.alias in ALSO_AMBIGUOUS)
            for a in gazetteer.country_aliases
            if not _INVERTED_RE.search(a.alias) and a.alias not in IGNORED
        ]
        entries += [
            AliasEntry(alias, by_iso[iso], kind) for alias, iso, kind in EXTRA if iso in by_iso
        ]
        surfaces: dict[str, list[_Entry]] = {}
        upper: dict[str, list[_Entry]] = {}
        for a in entries:
            for surface in m.spelling_variants(a.alias):
                item = (a.entity_id, a.kind, a.ambiguous)
                if item not in surfaces.setdefault(surface, []):
                    surfaces[surface].append(item)
            if a.kind != "demonym" and item not in upper.setdefault(a.alias.upper(), []):
                upper[a.alias.upper()].append(item)
        cues = {p: by_iso[iso] for iso, ps in CUES.items() if iso in by_iso for p in ps}
        vetoes = {p: by_iso[iso] for iso, ps in VETOES.items() if iso in by_iso for p in ps}
        phrases = [*surfaces, *BLOCKED, *cues, *vetoes]
        frozen = {s: tuple(v) for s, v in surfaces.items()}
        for phrase in BLOCKED:
            frozen.setdefault(phrase, ())
        alternates = {
            a: tuple(by_iso[i] for i in isos if i in by_iso) for a, isos in ALTERNATES.items()
        }
        return cls(
            matcher=m.AliasMatcher(s for p in phrases for s in m.spelling_variants(p)),
            surfaces=frozen,
            upper={s: tuple(v) for s, v in upper.items()},
            alternates=alternates,
            cues={s: c for p, c in cues.items() for s in m.spelling_variants(p)},
            vetoes=vetoes,
            candidates={s: _candidates(s, v, alternates) for s, v in frozen.items()},
            contextual=frozenset(s for s, v in frozen.items() if v and _contextual(s, v[0][1])),
        )


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    surface: str
    entries: tuple[_Entry, ...]
    field: str
    rule: str
    direct: bool


def extract_countries(article: ArticleText, index: CountryIndex) -> tuple[EntityMatch, ...]:
    """Return the countries ``article`` mentions, sorted by first offset."""
    fields, masks = m.layout(article)
    text = fields.text
    hits, skipped = _dateline_hits(article, index, fields)
    notices = notice_spans(text)
    if notices or masks:
        skipped = [*skipped, *masks, *notices]
    support: dict[int, list[int]] = {}  # country id -> where its unambiguous evidence is
    vetoed: set[int] = set()
    cues, vetoes, surfaces, contextual = index.cues, index.vetoes, index.surfaces, index.contextual
    for found in index.matcher.finditer(text):
        start, end = found.span()
        surface = found.group()
        if surface in cues:
            support.setdefault(cues[surface], []).append(start)
            continue
        if surface in vetoes:
            vetoed.add(vetoes[surface])
            continue
        entries = surfaces[surface]
        if not entries or (skipped and m.in_spans(start, end, skipped)):
            continue
        field = fields.name_at(start)
        if surface in contextual and _ruled_out(
            text,
            start,
            end,
            surface,
            entries,
            # A Title Case headline is only looked at for the few mentions in one.
            field == "title" and m.is_title_case(article.title),
        ):
            continue
        kind = entries[0][1]
        direct = (
            kind in ("name", "alternative", "demonym")
            or surface in SEATS
            or (
                kind == "capital"
                and surface not in ORG_SEATS
                and not m.locative(text, start)
                and not _EVENT_RE.match(text[end : end + 20].lstrip())
            )
        )
        hits.append(_Hit(start, end, surface, entries, field, kind, direct))
    return m.aggregate(_resolve(hits, index, support, vetoed, text), with_kind=True)


def _contextual(surface: str, kind: str) -> bool:
    """Return whether ``_ruled_out`` may rule out a mention of ``surface`` (of ``kind``)."""
    return (
        kind in ("capital", "city")
        or surface in GIVEN_NAMES
        or surface in SURNAMES
        or surface in ("US", "Turkey")
    )


def _ruled_out(
    text: str, start: int, end: int, surface: str, entries: tuple[_Entry, ...], title_case: bool
) -> bool:
    """Return whether the context shows this match is not a country (see ``_contextual``)."""
    kind = entries[0][1]
    if kind in ("capital", "city"):
        rest = text[end : end + 40].lstrip()
        if _TREATY_RE.match(rest):
            return True
        # "Treaty of Lisbon": the words before are only read when the window they come
        # from has one of the treaty words (a substring test; rarely true).
        window = text[max(0, start - _WORDS_WINDOW) : start]
        if "Treaty" in window or "Accords" in window:
            before = m.previous_words(text, start, 2, window=_WORDS_WINDOW)
            if before[:2] == ["of", "Treaty"] or before[:2] == ["of", "Accords"]:
                return True
    if surface in GIVEN_NAMES and m.is_person(text, start, m.next_words(text, end, 2), title_case):
        return True
    if surface in SURNAMES and m.is_person(text, start, [], title_case):
        return True
    if surface == "US" and m.caps_context(text, start, end):
        return True
    return surface == "Turkey" and bool(_FOOD_RE.search(text, max(0, start - 80), end + 80))


def _strong_context(text: str, hit: _Hit, neighbours: list[_Hit]) -> bool:
    """Return whether the words around an ambiguous alias show it is the country."""
    after = [w.lower() for w in m.next_words(text, hit.end, 3)]
    if after and after[0] in ("'s", "\u2019s"):
        after = after[1:]
    if after and after[0] in GOV_WORDS:
        return True
    before = [w.lower() for w in m.previous_words(text, hit.start, 2)]
    if len(before) == 2 and before[0] == "of" and before[1] in GOV_WORDS:
        return True
    # Listed with another country: "Ukraine, Georgia and Moldova".
    for other in neighbours:
        between = text[min(hit.end, other.end) : max(hit.start, other.start)]
        if _LIST_RE.fullmatch(between):
            return True
    return False


def _resolve(
    hits: list[_Hit],
    index: CountryIndex,
    support: dict[int, list[int]],
    vetoed: set[int],
    text: str,
) -> list[m.Found]:
    """Keep unambiguous hits; give ambiguous ones to the one country the article supports.

    When the article supports several candidates ("Congolese" with both Congos named),
    the one with evidence nearest the mention, within ``NEAR`` characters, wins.
    """
    found: list[m.Found] = []
    pending: list[tuple[int, _Hit, tuple[int, ...]]] = []
    candidates = index.candidates
    for position, hit in enumerate(hits):
        if hit.rule == "dateline":  # entries of an upper-cased place, not of the surface
            ids, ambiguous = _candidates(hit.surface, hit.entries, index.alternates)
        else:
            ids, ambiguous = candidates[hit.surface]
        if len(ids) == 1 and not ambiguous:
            found.append(_found(ids[0], hit))
            support.setdefault(ids[0], []).append(hit.start)
        else:
            pending.append((position, hit, ids))
    # Two rounds: a mention accepted on context in the first supports others in the second.
    for _round in range(2):
        left = []
        for position, hit, ids in pending:
            supported = [i for i in ids if i in support]
            chosen = None
            if len(supported) == 1:
                chosen = supported[0]
            elif supported:
                chosen = _nearest(hit.start, {i: support[i] for i in supported})
            elif not supported and len(ids) == 1:
                neighbours = [h for h in hits[max(0, position - 1) : position + 2] if h is not hit]
                neighbours = [h for h in neighbours if not any(e[2] for e in h.entries)]
                lenient = hit.surface.title() in LENIENT or hit.surface in LENIENT
                lenient = lenient and ids[0] not in vetoed
                if lenient or (
                    hit.field != "dateline"
                    and ids[0] not in vetoed
                    and _strong_context(text, hit, neighbours)
                ):
                    chosen = ids[0]
            if chosen is None:
                left.append((position, hit, ids))
            else:
                found.append(_found(chosen, hit))
                support.setdefault(chosen, []).append(hit.start)
        pending = left
    return found


def _candidates(
    surface: str, entries: tuple[_Entry, ...], alternates: dict[str, tuple[int, ...]]
) -> tuple[tuple[int, ...], bool]:
    """Return the countries a surface may name (data order, then alternates), and
    whether any of its entries is ambiguous."""
    ids = tuple(dict.fromkeys(e[0] for e in entries))
    ids += tuple(i for i in alternates.get(surface, ()) if i not in ids)
    return ids, any(e[2] for e in entries)


def _nearest(start: int, positions: dict[int, list[int]]) -> int | None:
    """Return the country with evidence nearest ``start`` (within NEAR), if only one is."""
    distance = {i: min(abs(p - start) for p in ps) for i, ps in positions.items()}
    ranked = sorted(distance, key=distance.get)
    if distance[ranked[0]] <= NEAR and distance[ranked[0]] < distance[ranked[1]]:
        return ranked[0]
    return None


def _found(country_id: int, hit: _Hit) -> m.Found:
    return m.Found(country_id, evidence(hit.surface, hit.start, hit.field, hit.rule), hit.direct)


def _dateline_hits(
    article: ArticleText, index: CountryIndex, fields: m.Fields
) -> tuple[list[_Hit], list[tuple[int, int]]]:
    """Return the countries of the datelines, and their spans in ``full_text``.

    The dateline is ``article.dateline`` or else the opening of the body (ALL-CAPS words,
    or ``_OPENING_RE``); the lede may open with one too. One the parser split off lies
    outside ``full_text``: its evidence starts at 0, and it has no span.
    """
    datelines = []
    dateline = m.read_dateline(article, fields)
    if dateline is None and not article.dateline.strip():
        dateline = _opening(article.body, fields.start_of("body"))
    if dateline is not None:
        datelines.append(dateline)
    lede = _opening(article.lede, fields.start_of("lede"))
    if lede is not None:
        datelines.append(lede)
    hits, spans = [], []
    for dateline in datelines:
        place, rest, rest_at = dateline.place.strip(), dateline.rest, dateline.rest_at
        entries = index.upper.get(place.upper())
        if entries:
            at = dateline.place_at or 0
            hits.append(_Hit(at, at, place, entries, "dateline", "dateline", False))
        for found in index.matcher.finditer(rest):
            entries = index.surfaces.get(found.group(), ())
            if entries and entries[0][1] != "demonym":
                at = rest_at + found.start() if rest_at is not None else 0
                hits.append(_Hit(at, at, found.group(), entries, "dateline", "dateline", False))
        if dateline.place_at is not None:
            spans.append((dateline.place_at, dateline.end))
    return hits, spans


def _opening(part: str, part_start: int | None) -> m.Dateline | None:
    """Return the dateline opening ``part`` (the lede or body, at ``part_start``), if any."""
    opening = _OPENING_RE.match(part) if part_start is not None else None
    if opening is None:
        return None
    name = "place" if opening.group("place") else "tplace"
    rest_name = "rest" if name == "place" else "trest"
    rest = opening.group(rest_name) or ""
    return m.Dateline(
        opening.group(name).strip(),
        rest,
        place_at=part_start + opening.start(name),
        rest_at=part_start + opening.start(rest_name) if rest else None,
        end=part_start + opening.end(),
    )
