"""Read bylines, datelines and the outlet's name from an article's own text.

Pure helpers for parse.py: "By Jane Doe and John Roe, Reuters" → authors;
"UNITED NATIONS, Sept 20 (Reuters) - …" → dateline and agency; furniture such as
"Click for full JPost coverage" → the outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BYLINE_RE = re.compile(
    r"""
    ^ (?:By|BY) \s+                               # "By " opens a byline, capitalised
    (?! (?:the|then|this|that|a|an|now|far|contrast|comparison)\b )  # not "By the end…"
    (?P<names> [A-Z][\w.'’-]* (?: [\s,&]+ [\w.'’&-]+ ){1,15} )  # names and affiliations
    \s* $
    """,
    re.VERBOSE,
)

# Affiliations and junk that scrapers put among authors' names.
_NOT_A_NAME_RE = re.compile(
    r"""
    \b (?: press | news | reuters | agency | agence | staff | correspondent | editor
         | writer | reporter | times | post | journal | herald | guardian | bbc | cnn
         | xinhua | afp | ap | tass | author | written | contributor | wire | desk
         | network | media | online | service | com | www | daily | bureau )\b
    | \d | @ | https?:
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Upper and lower case letters including Latin-1 accents (CÚCUTA, São Paulo).
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_CAPS_PLACE = rf"[{_UP}][{_UP}'’.-]+ (?: [ -] [{_UP}][{_UP}'’.-]+ )*"  # MOSCOW, UNITED NATIONS
_TITLE_PLACE = rf"[{_UP}][{_UP}{_LOW}'’.-]+ (?: \s [{_UP}][{_UP}{_LOW}'’.-]+ ){{0,3}}"  # Brussels
_REGION = rf"(?: , \s+ [{_UP}][{_UP}{_LOW}.'’-]+ (?: \s+ [{_UP}][{_UP}{_LOW}.'’-]+ ){{0,2}} )?"  # , England

_WIRES = r"Reuters (?: \s Breakingviews)? | AP | AFP | Xinhua | UPI | dpa | TASS | CNN"

_DATELINE_RE = re.compile(
    rf"""
    ^ (?:
        (?P<place> {_CAPS_PLACE} {_REGION} (?: / {_CAPS_PLACE} {_REGION} )* )  # SEOUL/WASHINGTON
        (?: , \s+ [A-Z][a-z]{{2,4}} \.? \s+ \d{{1,2}} )?      # , Sept 20
        \s* (?: \( (?P<agency> [A-Za-z][\w .&-]{{0,30}} ) \) )?  # (Reuters)
      | (?P<tplace> {_TITLE_PLACE} {_REGION} )                 # Brussels (AFP) — needs an
        \s* \( (?P<tagency> {_WIRES} ) \)                        # wire to be a dateline
      | \( (?P<agency_only> CNN | Reuters | AP | AFP | Xinhua ) \)  # "(CNN) — …"
    )
    \s* (?: -{{1,2}} | – | — | : ) \s+                          # the dash (or "NEW DELHI:")
    """,
    re.VERBOSE,
)

# Capitalised labels that open a paragraph like a dateline does.
_NOT_PLACES = {
    "EXCLUSIVE",
    "ANALYSIS",
    "UPDATE",
    "UPDATED",
    "BREAKING",
    "OPINION",
    "EDITORIAL",
    "COMMENTARY",
    "WATCH",
    "VIDEO",
    "PHOTOS",
    "VO",
    "NPR",
    "CNN",
    "ISIS",
    "NOTE",
    "FACT CHECK",
}

_AGENCIES = {
    "reuters": "Reuters",
    "ap": "Associated Press",
    "afp": "AFP",
    "xinhua": "Xinhua",
    "cnn": "CNN",
    "upi": "UPI",
    "tass": "TASS",
}

# Outlets that name themselves in their furniture (appeals, promos, copyright lines).
_OUTLET_RES = (
    (re.compile(r"\bJPost\b|\bJerusalem Post\b"), "The Jerusalem Post"),
    (re.compile(r"^Xinhua \|", re.MULTILINE), "Xinhua"),
    # "Click for full Levant Ledger coverage": the outlet promoting its own section.
    (
        re.compile(
            r"Click for full (?P<name>(?:The )?[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4}) coverage"
        ),
        None,
    ),
    # "(photo credit: Jane Doe/The Levant Ledger)": a staff photographer's credit.
    (
        re.compile(
            r"photo credit: [^/)]{2,60}/(?P<name>The [A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4})\)",
            re.IGNORECASE,
        ),
        None,
    ),
    (
        re.compile(
            r"""(?:Copyright|©) \s* ©? \s* \d{4} \s+ (?:by\s+)?
            (?P<name> [A-Z][\w&'’ .-]{2,40}? )                 # the outlet
            \s* (?: ,? \s* (?:LLC|Inc|Ltd|Limited) | \. | $ )  # legal suffix or end
            """,
            re.VERBOSE | re.MULTILINE,
        ),
        None,
    ),
)


def is_byline_line(line: str) -> bool:
    """Return whether ``line`` is a byline such as "By Jane Doe, Reuters"."""
    return len(line) <= 120 and bool(_BYLINE_RE.match(line))


def parse_byline(line: str) -> str:
    """Return the byline without its "By"."""
    return re.sub(r"^(?:By|BY)\s+", "", line.strip()).strip()


def parse_authors(byline: str) -> tuple[str, ...]:
    """Return the people named in a byline or an authors field, in order, once each."""
    if not byline:
        return ()
    text = parse_byline(byline)
    # "Daniel Roth For Dailymail.Com": what follows "for" is an affiliation.
    text = re.sub(r"\s+for\s+.*$", "", text, flags=re.IGNORECASE)
    authors: list[str] = []
    for part in re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", text):
        name = part.strip(" .'\"")
        words = name.split()
        if not 2 <= len(words) <= 4 or _NOT_A_NAME_RE.search(name):
            continue
        if not all(w[0].isupper() for w in words if w.lower() not in _PARTICLES):
            continue
        if name.isupper():
            name = name.title()
        if name not in authors:
            authors.append(name)
    return tuple(authors)


_PARTICLES = {"de", "da", "van", "von", "der", "al", "bin", "el", "la", "le", "di", "du"}


def split_dateline(body: str) -> tuple[str, str, str, tuple[str, ...]]:
    """Return (body without dateline, dateline, agency, paragraphs dropped before it).

    Wire stories open with their dateline; short paragraphs scraped before it (a
    caption, a repeated headline, "(Updates with …)") are not part of the story.
    """
    paragraphs = body.split("\n\n", 4)
    index, match = 0, None
    while index < min(4, len(paragraphs)) and match is None:
        match = _DATELINE_RE.match(paragraphs[index])
        if match is None and len(paragraphs[index]) > 300:
            return body, "", "", ()
        index += 0 if match else 1
    if match is None:
        return body, "", "", ()
    place = (match.group("place") or match.group("tplace") or "").strip()
    if place.upper() in _NOT_PLACES:
        return body, "", "", ()
    agency = match.group("agency") or match.group("tagency") or match.group("agency_only")
    rest = paragraphs[index][match.end() :]
    remaining = "\n\n".join([rest, *paragraphs[index + 1 :]])
    return remaining, place, (agency or "").strip(), tuple(paragraphs[:index])


def guess_source(text: str, furniture: Iterable[str], agency: str) -> str | None:
    """Guess the outlet from its own furniture, else from the dateline's agency."""
    removed = "\n".join(furniture)
    for pattern, name in _OUTLET_RES:
        match = pattern.search(removed)
        if match:
            found = name or match.group("name").strip()
            return _AGENCIES.get(found.lower().removeprefix("the "), found)
    if re.match(r"^Xinhua \|", text.split("\n", 2)[-1] if "\n" in text else "", re.M):
        return "Xinhua"
    if agency:
        return _AGENCIES.get(agency.lower(), agency)
    return None
