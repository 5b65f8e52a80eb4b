"""The congress-legislators files: the current US Congress and every US president and
vice president (read with PyYAML, a development-time dependency)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..datafiles import load
from ..names import name_marks
from ..records import Appointment, Record
from ..text import squash

DATA = load("sources.json")

US_STATES: dict[str, str] = DATA["us_states"]
# Non-voting members of the House: the District and the territories.
US_DELEGATES: dict[str, str] = DATA["us_delegates"]


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
