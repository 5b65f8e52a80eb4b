"""officials.jsonl: merged groups of records -> one official each, with names, aliases,
nationality and closed terms."""

from __future__ import annotations

import json
import re
from collections import Counter

from .appointments import merge_appointments
from .merge import merge_records
from .names import abd_variants, is_person_alias, name_tokens, name_variants, strip_honorifics
from .records import SOURCE_PRIORITY, Appointment, Record
from .short_forms import add_short_forms
from .terms import close_open_terms
from .text import slugify


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
