"""``extract_officials``: the mentions of a scan -> the article's officials (see the
package docstring for the rules), and the leaders named by surname alone.

Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from articles.extract.normalize import fold
from articles.extract.notices import notice_spans
from articles.extract.officials.appointments import (
    _fit,
    _spelled_as_surname,
    _titled_surname,
    post_held,
)
from articles.extract.officials.index import SURNAME_FIRST, OfficialIndex
from articles.extract.officials.titles import (
    _HONORIFIC_RE,
    _former_cue,
    _known_within,
    _proposable,
    _shorter_name_of,
    _without_repeat,
)
from articles.extract.posts import Mention, field_of, scan_article
from articles.extract.posts.vocabulary import PUBLIC_WEAK
from articles.extract.types import (
    ArticleText,
    CandidateProposal,
    EntityMatch,
    Evidence,
    OfficialMatch,
    evidence,
)

# Mentions that make a body-only official a focus when nobody is mentioned more.
DOMINANT_MIN = 3


@dataclass(slots=True)
class _Person:
    """What one article says about one person, gathered while scanning."""

    official_id: int | None
    raw_name: str
    first: Mention
    evidence: list[Evidence]
    surnames: frozenset[str]
    named_at: list[int]  # offsets of full or titled mentions (they license surnames)


def extract_officials(
    article: ArticleText, index: OfficialIndex, *, countries: tuple[EntityMatch, ...] = ()
) -> tuple[OfficialMatch, ...]:
    """Return the officials mentioned in ``article``, known ones and candidates."""
    day = article.published
    context = {
        index.country_iso[c.entity_id] for c in countries if c.entity_id in index.country_iso
    }
    # The one country the article is about, if one: a governor's or mayor's, unless the
    # title says otherwise ("Regional governor Boris Dubrovsky" in a story about Russia).
    focus = {index.country_iso.get(c.entity_id) for c in countries if c.is_focus} - {None}
    home = (
        next(iter(focus)) if len(focus) == 1 else next(iter(context)) if len(context) == 1 else None
    )
    scan = scan_article(article, index)
    text = scan.text  # the property article.full_text joins the fields anew at each call
    if notices := notice_spans(text):  # "CORRECTION: … misnamed the minister": nobody
        scan.drop_within(notices)
    people: dict[tuple[str, int | str], _Person] = {}
    key_to_person: dict[str, tuple[str, int | str]] = {}

    # surname key -> the people it may name, in the order they were first named
    by_surname: dict[str, list[tuple[str, int | str]]] = {}

    def add(pkey, official_id, m: Mention, rule: str, surnames: frozenset[str]) -> None:
        person = people.get(pkey)
        if person is None:
            person = people[pkey] = _Person(official_id, m.text, m, [], surnames, [])
            for surname in surnames:
                by_surname.setdefault(surname, []).append(pkey)
        elif not person.first.title and m.title:
            person.first = m  # the first title as written
        person.evidence.append(evidence(m.text, m.start, m.field, rule))
        if rule != "surname after full name" and rule != "surname in title or lede":
            person.named_at.append(m.start)

    # Known and titled names first, so an untitled repeat of a candidate finds it.
    full = scan.full
    last_words = {m.key[m.key.rfind(" ") + 1 :] for m in full}
    if quiet := scan.quiet_names(index.full_keys, last_words):
        full = sorted([*full, *quiet], key=lambda m: m.start)
    for m in sorted(full, key=lambda m: not m.title and m.key not in index.full_keys):
        if m.key in key_to_person:
            add(key_to_person[m.key], None, m, "name", frozenset())
            continue
        ids = index.full_keys.get(m.key, ())
        if ids and not m.known and not index.spelled_like(m.key, m.text.split()):
            ids = ()  # only the vowels agree: "Jim Mattis" is not "Jaume Matas"
        if not ids and m.title:
            ids = _known_within(m, index)  # "Chuck Grassley Charles", "John Kerry Arrives"
        if (owner := _shorter_name_of(m.key, key_to_person)) is not None:
            add(owner, None, m, "titled mention" if m.title else "name", frozenset())
            key_to_person[m.key] = owner
            continue
        if ids:
            oid = max(
                ids,
                key=lambda o: (
                    index.officials[o].status == "confirmed",  # before unconfirmed candidates
                    _fit(index.officials[o], m, day, context),
                    -o,
                ),
            )
            pkey: tuple[str, int | str] = ("o", oid)
            add(pkey, oid, m, "titled mention" if m.title else "name", index.surnames[oid])
        elif m.title and _proposable(m := _without_repeat(m), index, text, home):
            pkey = ("c", m.key)
            last = m.key.split()[0 if m.country in SURNAME_FIRST else -1]
            add(pkey, None, m, "titled mention", frozenset({last}))
        else:
            continue
        key_to_person[m.key] = pkey

    singles = scan.single
    wanted = set(by_surname)
    # A surname may make a person of its own after a title or "Mr.": then the other
    # spellings of the surnames of officials of that surname may follow.
    titled = [m.key for m in singles]
    titled += [k for s, _, k in scan.quiet_single if _HONORIFIC_RE.search(text, max(0, s - 6), s)]
    for key in titled:
        wanted.add(key)
        if key in index.surname_spellings:
            wanted.update(index.surname_spellings[key])
    if extra := scan.surnames(wanted):
        singles = sorted([*singles, *extra], key=lambda m: m.start)
    for m in singles:  # in text order, so a titled surname licenses later ones
        owners = [(people[k], k) for k in by_surname.get(m.key, ()) if people[k].named_at]
        before = [(max(o for o in p.named_at if o < m.start), k) for p, k in owners
                  if min(p.named_at) < m.start]  # fmt: skip
        if before:
            add(max(before)[1], None, m, "surname after full name", frozenset())
        elif owners and m.field in ("title", "lede"):
            add(owners[0][1], None, m, "surname in title or lede", frozenset())
        elif (m.title or _HONORIFIC_RE.search(text, max(0, m.start - 6), m.start)) and (
            oid := _titled_surname(index, m, day, context)
        ) is not None:
            add(("o", oid), oid, m, "titled mention", index.surnames[oid])

    if day is not None:  # "Putin's reckless conduct", "the Trump probes": a leader by name
        for key, spots in _unclaimed_surnames(scan, by_surname, index).items():
            written = text[spots[0][0] : spots[0][1]]
            oid = _leader_of_surname(index, key, fold(written), day)
            if oid is None:
                continue
            for start, end in spots:
                m = Mention(text[start:end], key, start, field_of(scan.spans, start))
                add(("o", oid), oid, m, "surname of a leader in office", index.surnames[oid])

    return _matches(people, index, scan.post_refs, day, text, home)


# How often a bare surname must recur to name the one leader in office who bears it.
LEADER_SURNAME_MIN = 2
# Posts whose holder the press names by surname alone.
_LEADER_KINDS = frozenset({"head_of_state", "head_of_government", "foreign_minister"})
# After a surname, words that make it a government's or an era's name.
_ADMINISTRATION_RE = re.compile(
    r"(?:['’]s)?[\s-]+(?:administration|era|White House|government|presidency|campaign|years)\b"
)
# Surnames that are also months: "in May" is not Theresa May.
_MONTHS = frozenset({"may", "april", "june", "august"})


def _unclaimed_surnames(scan, by_surname, index) -> dict[str, list[tuple[int, int]]]:
    """Return the bare words, by key, that recur at least ``LEADER_SURNAME_MIN`` times and
    that no person of the article claimed."""
    spots: dict[str, list[tuple[int, int]]] = {}
    text = scan.text
    for start, end, key in scan.quiet_single:
        if key in by_surname or key not in index.surname_keys:
            continue
        if _ADMINISTRATION_RE.match(text, end):
            continue  # "the Obama administration" names a government, not the person
        spots.setdefault(key, []).append((start, end))
    return {
        key: found
        for key, found in spots.items()
        if len(found) >= LEADER_SURNAME_MIN
        and scan.text[found[0][0] : found[0][1]].lower() not in _MONTHS
    }


def _leader_of_surname(index: OfficialIndex, key: str, written: str, day: date) -> int | None:
    """Return the one confirmed official of that surname who leads a state (or its
    diplomacy) on ``day``, if exactly one does. (Former leaders by surname alone were
    measured: they cost more precision than they gained recall.)"""
    bearers = [
        index.officials[oid]
        for oid in index.surname_keys.get(key, ())
        if index.officials[oid].status == "confirmed"
        and _spelled_as_surname(index.officials[oid], written)
    ]
    found = [
        e.id
        for e in bearers
        if any(a.post_kind in _LEADER_KINDS and a.covers(day) for a in e.appointments)
    ]
    return found[0] if len(found) == 1 else None


def _matches(
    people, index: OfficialIndex, post_refs, day, text, home: str | None = None
) -> tuple[OfficialMatch, ...]:
    """Turn the gathered people into matches, with appointments and focus."""
    top = max((len(p.evidence) for p in people.values()), default=0)
    out = []
    for person in people.values():
        first = person.first
        ordered = tuple(sorted(person.evidence, key=lambda e: e.start))
        appointment, candidate = None, None
        former = _former_cue(text, first)
        if person.official_id is not None:
            entry = index.officials[person.official_id]
            appointment, former = post_held(
                entry, day, first, former=former, successor=index.held_by_another
            )
        else:
            lent = home if first.post.lower() in PUBLIC_WEAK and not first.org else None
            candidate = CandidateProposal(
                name=person.raw_name,
                post=first.title,
                post_kind=first.kind,
                country=first.country or lent,
                organisation=first.org,
            )
        by_post = (
            appointment is not None and (appointment.country, appointment.post_kind) in post_refs
        )
        focus = (
            any(e.field in ("title", "lede") for e in ordered)
            or by_post
            or (len(ordered) >= DOMINANT_MIN and len(ordered) == top)
        )
        out.append(
            OfficialMatch(
                raw_name=person.raw_name,
                raw_title=first.title,
                count=len(ordered),
                first_offset=ordered[0].start,
                evidence=ordered,
                official_id=person.official_id,
                appointment_id=appointment.id if appointment else None,
                is_focus=focus,
                candidate=candidate,
                former=former,
            )
        )
    return tuple(sorted(out, key=lambda o: o.first_offset))
