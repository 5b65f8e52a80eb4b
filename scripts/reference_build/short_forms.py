"""The press's two-part form of three-part names ("William Jefferson Hague" -> "William
Hague"), given as an alias when it names one official only."""

from __future__ import annotations

from collections import defaultdict

from .datafiles import load
from .names import LOWER_PARTICLES, is_person_alias, name_tokens

DATA = load("names.json")

# Where the press shortens a three-part name to its first and last part: English middle
# names ("William Jefferson Hague"), Arabic father's names ("Adel Ahmed al-Jubeir") and
# East Slavic patronymics ("Igor Ivanovich Sechin"). Elsewhere the middle part is often
# part of the given name ("Jean Claude Juncker") or the family name comes first.
FIRST_LAST_PRESS = frozenset(DATA["first_last_press"])
# Spanish usage: given name, father's surname, mother's surname -- the press drops the last.
HISPANIC = frozenset(DATA["hispanic"])


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
