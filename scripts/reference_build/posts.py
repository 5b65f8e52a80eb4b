"""Free-text post descriptions -> (post title, post kind) (vocabulary in data/posts.json)."""

from __future__ import annotations

import re

from .datafiles import load
from .text import squash

DATA = load("posts.json")

HEAD_OF_STATE_WORDS: dict[str, str] = DATA["head_of_state_words"]

NOT_PRESIDENT = tuple(DATA["not_president"])


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
