"""Find officials (people in posts) in an article: known ones, and titled unknown ones.

Pure: no Django. One regex pass finds capitalised name sequences; each is looked up by
``name_key`` in dicts (full-name keys, surname keys), so the cost does not grow with the
19,000 officials of the gazetteer. Rules, in order of trust:

* a known full name or alias (transliterations share a key) is a mention; known means
  confirmed: a candidate official (proposed by an import, not yet confirmed by an editor)
  is found only as an unknown titled name is, and the import links it to that candidate;
* a post right before a name ("Russian Deputy Foreign Minister Gennady Gatilov",
  "Chinese Foreign Ministry spokesman Liu Weimin", "The President of France, Emmanuel
  Macron") or an appositive after it (", Syria's foreign minister,") gives the title as
  written; an unknown titled name becomes a ``CandidateProposal``;
* a bare surname counts only for a person already named in full (or by title) earlier in
  the article; in the title or lede, where headlines use surnames, it may refer to a
  person named in full anywhere in the article;
* a titled surname ("President Putin") links to the one official of that surname whose
  post fits the title on the article's date;
* bylines, photo credits and people introduced as analysts, executives, journalists …
  are never officials.

The appointment is the one held on ``article.published`` (the one matching the title as
written if several, else the latest); undated, or when none covers the date: the one
matching the title, else the latest. Focus: named in the title or lede, referred to
there by post ("Syrian FM" for the Syrian foreign minister named in the body), or the
most-mentioned official with at least ``DOMINANT_MIN`` mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from articles.extract.normalize import _PARTICLES, NICKNAMES, fold, name_key, word_key
from articles.extract.notices import notice_spans
from articles.extract.posts import POSSESSIVE_RE, Mention, field_of, scan_article
from articles.extract.posts.vocabulary import (
    CANDIDACY,
    CAPITALISED_STRONG,
    INSTITUTIONS,
    LOWER_CASE_WEAK,
    NON_OFFICIAL_ENDS,
    NON_STATE,
    PORTFOLIOS,
    PUBLIC_WEAK,
    WEAK_POSTS,
    vocabulary,
)
from articles.extract.types import (
    AppointmentEntry,
    ArticleText,
    CandidateProposal,
    EntityMatch,
    Evidence,
    Gazetteer,
    OfficialEntry,
    OfficialMatch,
    evidence,
)

_GLUED_RE = re.compile(r"[a-z]{2,}[A-Z]")  # a lower-case run, then a capital
_PARTY_STATE_NAME_RE = re.compile(r"[DRI]-[A-Z]")
# A lower-case particle and a capital after a name: the name goes on ("Giscard d'Estaing").
_NAME_GOES_ON_RE = re.compile(r" (?:d['’]|de |di |da |du |van |von |del |della )[A-Z]")

# Mentions that make a body-only official a focus when nobody is mentioned more.
DOMINANT_MIN = 3

# Where the family name comes first, so "Liu" (not "Weimin") follows "Liu Weimin".
SURNAME_FIRST = frozenset({"CN", "TW", "HK", "MO", "KP", "KR", "VN", "KH", "SG"})
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "jr", "sr"})


def _surname_keys(entry: OfficialEntry) -> frozenset[str]:
    """Return the keys a bare surname of ``entry`` may have (one per alias spelling)."""
    keys = set()
    for alias in entry.aliases:
        words = [w for w in fold(alias).split() if w not in _ROMAN]
        key_words = name_key(" ".join(words)).split()
        if len(key_words) < 2:
            continue
        keys.add(key_words[0] if entry.nationality in SURNAME_FIRST else key_words[-1])
    return frozenset(k for k in keys if k)


@dataclass(frozen=True)
class OfficialIndex:
    """Name keys of the confirmed officials, and the nationality words that qualify a title.

    Candidates (unconfirmed) are left out of the name lookups: see ``build``.
    """

    officials: dict[int, OfficialEntry]
    full_keys: dict[str, tuple[int, ...]]  # name key (2+ words) -> official ids
    key_prefixes: frozenset[str]  # each full-name key up to each of its spaces
    spellings: dict[str, tuple[tuple[str, ...], ...]]  # name key -> aliases' folded words
    surname_keys: dict[str, tuple[int, ...]]  # surname key -> official ids
    surnames: dict[int, frozenset[str]]  # official id -> its surname keys
    # surname key -> every surname key of the officials of that surname
    surname_spellings: dict[str, frozenset[str]]
    max_words: int  # the longest full-name key, in words
    nationalities: dict[str, tuple[str | None, str | None]]  # folded word -> (iso2, org slug)
    country_iso: dict[int, str]  # CountryEntry.id -> iso2
    rejected: frozenset[str]  # name keys never proposed
    places: frozenset[str] = frozenset()  # folded names of countries, places, organisations
    # (country, post kind) of posts one person holds at a time -> their terms
    holders: dict[tuple[str, str], tuple[AppointmentEntry, ...]] = field(default_factory=dict)

    def held_by_another(self, appointment: AppointmentEntry, day: date) -> bool:
        """Return whether someone else held ``appointment``'s one-holder post on ``day``."""
        if appointment.country is None or appointment.post_kind not in ONE_HOLDER_KINDS:
            return False
        return any(
            other.id != appointment.id and other.covers(day)
            for other in self.holders.get((appointment.country, appointment.post_kind), ())
        )

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> OfficialIndex:
        """Compile the lookups of ``gazetteer`` (plain dicts: cheap to pickle)."""
        places = frozenset(
            [fold(a.alias) for a in gazetteer.country_aliases]
            + [fold(c.name) for c in gazetteer.countries]
            + [fold(o.name) for o in gazetteer.organisations]
            + [fold(a.alias) for a in gazetteer.organisation_aliases]
        )
        full: dict[str, list[int]] = {}
        spellings: dict[str, set[tuple[str, ...]]] = {}
        by_surname: dict[str, list[int]] = {}
        surnames: dict[int, frozenset[str]] = {}
        # "William Hague" for "William Jefferson Hague": first and last word of a
        # three-word name, when no other official's name gives the same two words.
        shortened: dict[str, set[int]] = {}
        short_spellings: dict[str, set[tuple[str, ...]]] = {}
        for entry in gazetteer.officials:
            if entry.status != "confirmed":
                # A candidate is found only where an article proposes it again (a titled
                # name, linked to the candidate by its name key), never by a bare name:
                # else an import's result would depend on the candidates earlier runs
                # left (issue 17). Once an editor confirms it, it is found everywhere.
                continue
            for alias in entry.aliases:
                if fold(alias) in places:
                    continue  # a place's name is nobody's name: "Tel Aviv", "Sri Lanka"
                key = name_key(alias)
                words = key.split()
                if len(words) >= 2:
                    if entry.id not in full.setdefault(key, []):
                        full[key].append(entry.id)
                    spellings.setdefault(key, set()).add(_spelling(alias))
                # Short forms are derived without a generational suffix: "Donald Beyer Jr"
                # gives "Don Beyer" and "Donald Beyer", never "Donald Jr".
                written = tuple(w for w in _spelling(alias) if w not in _ROMAN)
                words = [word_key(w) for w in written]
                if len(words) >= 2 and written[0] in NICKNAMES:
                    # "Chris Hill" for "Christopher Hill": the short given name, same surname
                    for nick in NICKNAMES[written[0]]:
                        short = f"{word_key(nick)} {words[-1]}"
                        shortened.setdefault(short, set()).add(entry.id)
                        short_spellings.setdefault(short, set()).add((nick, written[-1]))
                if len(words) == 3 and entry.nationality not in SURNAME_FIRST:
                    # "William Hague", and a double surname alone: "Pena Nieto"
                    for short, spelled in (
                        (f"{words[0]} {words[2]}", (written[0], written[2])),
                        (f"{words[1]} {words[2]}", (written[1], written[2])),
                    ):
                        shortened.setdefault(short, set()).add(entry.id)
                        short_spellings.setdefault(short, set()).add(spelled)
            surnames[entry.id] = _surname_keys(entry)
            for key in surnames[entry.id]:
                by_surname.setdefault(key, []).append(entry.id)
        for short, owners in shortened.items():
            if len(owners) == 1 and short not in full:
                full[short] = list(owners)
                spellings[short] = short_spellings[short]
        holders: dict[tuple[str, str], list[AppointmentEntry]] = {}
        for entry in gazetteer.officials:
            if entry.status != "confirmed":
                continue
            for a in entry.appointments:
                if a.country is not None and a.post_kind in ONE_HOLDER_KINDS:
                    holders.setdefault((a.country, a.post_kind), []).append(a)
        iso = {c.id: c.iso2 for c in gazetteer.countries}
        nationalities: dict[str, tuple[str | None, str | None]] = {}
        for alias in gazetteer.country_aliases:
            if alias.kind in ("name", "alternative", "demonym") and alias.entity_id in iso:
                nationalities.setdefault(fold(alias.alias), (iso[alias.entity_id], None))
        slugs = {o.id: o.slug for o in gazetteer.organisations}
        for org in gazetteer.organisations:
            for form in (org.name, org.abbreviation):
                if form:
                    nationalities.setdefault(fold(form), (None, org.slug))
        for alias in gazetteer.organisation_aliases:
            if alias.entity_id in slugs:
                nationalities.setdefault(fold(alias.alias), (None, slugs[alias.entity_id]))
        for word, code in INSTITUTIONS.items():
            nationalities.setdefault(word, (code, None))
        return cls(
            officials={o.id: o for o in gazetteer.officials},
            full_keys={k: tuple(v) for k, v in full.items()},
            key_prefixes=frozenset(k[:at] for k in full for at, ch in enumerate(k) if ch == " "),
            spellings={k: tuple(v) for k, v in spellings.items()},
            surname_keys={k: tuple(v) for k, v in by_surname.items()},
            surnames=surnames,
            surname_spellings={
                key: frozenset(k for oid in ids for k in surnames[oid])
                for key, ids in by_surname.items()
            },
            max_words=max((len(k.split()) for k in full), default=2),
            nationalities=nationalities,
            country_iso=iso,
            rejected=frozenset(gazetteer.rejected_names),
            places=places,
            holders={k: tuple(v) for k, v in holders.items()},
        )

    def spelled_like(self, key: str, words: list[str]) -> bool:
        """Return whether written ``words`` may spell an alias of ``key``.

        ``name_key`` folds every vowel, so "Red Cross" shares a key with "Rudy Croes" and
        "China Sea" with "Chan Sy". A name spelled as an alias passes; another spelling
        passes when each word starts and ends like the alias's word (Mouallem / Muallem,
        Moammar / Muammar), "y" and "i" counting as one at the end.
        """
        written = _spelling(" ".join(words))
        for alias in self.spellings.get(key, ()):
            if written == alias:
                return True
            if len(written) == len(alias) and all(
                w[0] == a[0] and w[-1].replace("y", "i") == a[-1].replace("y", "i")
                for w, a in zip(written, alias, strict=True)
            ):
                return True
        return False


def _spelling(name: str) -> tuple[str, ...]:
    """Return the folded words of a name without particles: ("walid", "moallem")."""
    return tuple(w for w in fold(name).split() if w not in _PARTICLES)


def _latest(appointment: AppointmentEntry) -> date:
    return appointment.start or appointment.end or date.min


# Posts one person holds at a time in a country: another holder that day means the post
# had changed hands.
ONE_HOLDER_KINDS = frozenset({"head_of_state", "head_of_government", "foreign_minister"})

# Kinds of a title that say little of which post ("official", "leader"): any post fits.
_GENERIC_KINDS = frozenset({"", "official", "other"})
# Kinds that name one family of posts: a "Foreign Minister" title fits a "Minister" post.
_KIND_FAMILY = {
    "foreign_minister": "minister",
    "deputy_minister": "minister",
    "ambassador": "diplomat",
    "envoy": "diplomat",
}


def fits(appointment: AppointmentEntry, kind: str, post: str, country: str | None) -> bool:
    """Return whether ``appointment`` may be the post a title as written names.

    A generic title ("official", "leader", none) fits any post; a specific one ("Senator")
    fits a post of its family, or a generic post whose title holds the same post word
    ("Vice President" and a "Vice President" listed as "official"): never "Government
    official" for "Senator". A country written with the title must be the post's.
    """
    if country and appointment.country and appointment.country != country:
        return False
    if kind in _GENERIC_KINDS:
        return True
    if appointment.post_kind in _GENERIC_KINDS:
        return bool(post) and fold(post) in fold(appointment.post)
    return _KIND_FAMILY.get(kind, kind) == _KIND_FAMILY.get(
        appointment.post_kind, appointment.post_kind
    )


def post_held(
    entry: OfficialEntry,
    day: date | None,
    m: Mention,
    *,
    former: bool = False,
    successor: Callable[[AppointmentEntry, date], bool] | None = None,
) -> tuple[AppointmentEntry | None, bool]:
    """Return (the post the article gives ``entry``, whether it is a former post).

    The text wins over the reference:

    * undated: no post "at that date" (the text's own title is shown instead);
    * a former cue ("former", "then-", "the late"): the post the title names that began
      by ``day`` (the latest), shown as former;
    * else the post held on ``day`` that fits the title as written (all posts fit no
      title); a title that no post held that day fits shows as written (no post),
      unless a post it fits had ended by then and ``successor`` says another held it
      that day ("President Bush" in 2013): former;
    * no title, no post held that day, posts ended before it: the latest, as former.
    """
    if day is None:
        return None, former
    fitting = [a for a in entry.appointments if fits(a, m.kind, m.post, m.country)]

    def rank(a: AppointmentEntry) -> tuple[bool, bool, date]:
        place = (m.country is not None and a.country == m.country) or (
            m.org is not None and a.organisation == m.org
        )
        return (bool(m.kind) and a.post_kind == m.kind, place, _latest(a))

    if former:  # the post it names that had ended by then, else one begun by then
        ended = [a for a in fitting if a.end is not None and a.end < day]
        begun = ended or [a for a in fitting if a.start is None or a.start <= day]
        was = max(begun, key=rank) if begun else None
        if was and m.title and was.post_kind in _GENERIC_KINDS and not fits(was, "x", m.post, None):
            was = None  # "former Government official": the text's title says more
        return was, True
    covering = [a for a in fitting if a.covers(day)]
    if covering:
        held = max(covering, key=rank)
        if m.title and held.post_kind in _GENERIC_KINDS and not fits(held, "x", m.post, None):
            return None, False  # "Government official": the text's title says more
        return held, False
    ended = [a for a in fitting if a.end is not None and a.end < day]
    if m.title:
        # The text names a post and no post held that day fits it: the text's title as
        # written, "former" only when someone else held that one-holder post that day
        # ("President George W. Bush" in 2013); the reference misses terms, and "Taiwanese
        # President Ma Ying-jeou" in 2015 is no former president because a source ends his
        # term in 2010 and names no successor.
        succeeded = [a for a in ended if successor is not None and successor(a, day)]
        return (max(succeeded, key=rank), True) if succeeded else (None, False)
    if ended:
        return max(ended, key=rank), True
    return None, False


def _fit(entry: OfficialEntry, m: Mention, day: date | None, context: set[str]) -> int:
    """Score how well ``entry`` fits a mention (date, title, countries of the article)."""
    best = 0
    for a in entry.appointments:
        score = 4 if day is not None and a.covers(day) else 0
        if m.kind and a.post_kind == m.kind:
            score += 2
        if (m.country and a.country == m.country) or (m.org and a.organisation == m.org):
            score += 3
        best = max(best, score)
    if m.country and entry.nationality == m.country:
        best += 1
    if entry.nationality in context or any(a.country in context for a in entry.appointments):
        best += 1
    return best


def _titled_surname(
    index: OfficialIndex, m: Mention, day: date | None, context: set[str]
) -> int | None:
    """Return the one official a titled surname ("President Putin") can only mean.

    The surname must be spelled like one of the official's ("Liu" is not "Li", whose keys
    agree) and the title must fit the post held that day ("Vice Premier" is not "Premier").
    """
    found = []
    written = fold(m.text)
    for oid in index.surname_keys.get(m.key, ()):
        entry = index.officials[oid]
        if not _spelled_as_surname(entry, written):
            continue
        for a in entry.appointments:
            if day is not None and not a.covers(day):
                continue
            if m.country and a.country and a.country != m.country:
                continue
            if (
                fits(a, m.kind, m.post, m.country)
                if m.kind not in _GENERIC_KINDS
                else (m.country is not None and a.country == m.country)
            ):
                found.append(oid)
                break
            # An honorific ("Mr. Trump") says no post: a post held on the date by someone of
            # a country the article is about is enough.
            if not m.kind and not m.country and day is not None and entry.nationality in context:
                found.append(oid)
                break
    if len(found) > 1:  # confirmed facts outrank candidates editors have not confirmed
        found = [o for o in found if index.officials[o].status == "confirmed"] or found
    if len(found) > 1:  # the article's countries may settle it
        found = [o for o in found if index.officials[o].nationality in context] or found
    return found[0] if len(found) == 1 else None


def _spelled_as_surname(entry: OfficialEntry, written: str) -> bool:
    """Return whether a written surname starts and ends like a word of the official's names."""
    last = written[-1:].replace("y", "i")
    return any(
        word[0] == written[0] and word[-1].replace("y", "i") == last
        for alias in entry.aliases
        for word in fold(alias).split()
    )


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


# "Mr. Trump": an honorific right before a surname (NYT style), searched up to the surname.
_HONORIFIC_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")

# "former US President Jimmy Carter", "ex-premier", "the late King", "then-Prime Minister",
# "ousted President": a post no longer held. The words between the qualifier and the name
# stay inside one sentence (a full stop only after a capital, as in "U.N.").
# Abbreviated titles whose dot ends no sentence: "then-Sen. Jane Doe".
_ABBREVIATED = "|".join(
    f"(?<={word})" for word in ("Sen", "Rep", "Gov", "Gen", "Adm", "Lt", "Col", "Capt", "Maj")
)
_FORMER_RE = re.compile(
    rf"""\b(?: (?: former | late | onetime | one-time | then | ousted | deposed | toppled
              | retired ) \b | ex- | then- )                # the qualifier
        (?: [\w\s'’-] | (?-i:(?<=[A-Z]))\. | (?-i:{_ABBREVIATED})\. ){{0,50}} $   # title words""",
    re.VERBOSE | re.IGNORECASE,
)


def _shorter_name_of(key: str, key_to_person: dict) -> tuple | None:
    """Return the person already named in full whose name ``key`` shortens, if one.

    "Sassou Nguesso" after "Denis Sassou Nguesso", "John Kufuor" after "John Agyekum
    Kufuor": two or more of the words of the longer name, in order, with its last word.
    """
    words = key.split()
    if len(words) < 2 or key in key_to_person:
        return None
    for other, pkey in key_to_person.items():
        longer = other.split()
        if len(longer) <= len(words) or longer[-1] != words[-1]:
            continue
        rest = iter(longer[:-1])
        if all(word in rest for word in words[:-1]):
            return pkey
    return None


def _former_cue(text: str, m: Mention) -> bool:
    """Return whether the text says ``m`` names a former office holder.

    "former US President Jimmy Carter", "then-Secretary of State", "the late senator", or
    a title as written that says so (", the former national security adviser,").
    """
    found = _FORMER_RE.search(text[max(0, m.start - 60) : m.start])
    if found is not None and not _NOT_A_TITLE.intersection(found[0].lower().split()):
        return True
    return bool(m.title) and says_former(m.title)


# Words that end a title: "some former American officials said President Trump" says
# nothing of Trump.
_NOT_A_TITLE = vocabulary(
    "said says told and or who whom that which when while officials under with by after "
    "before as like from"
)
# Words that open a title naming a post no longer held ("former", "ex-President",
# "then-Senator", "the late"). The article page and the exports read titles with them too.
FORMER_TITLE_WORDS = ("former", "onetime", "one-time", "the late", "late", "ex", "then")


def former_title_pattern(word_end: str) -> str:
    """Return a regex (case-insensitive) matching a title that opens with a former word;
    ``word_end`` is the dialect's end of word (``\\b`` in Python, ``\\M`` in PostgreSQL)."""
    return "^(?:" + "|".join(re.escape(w) for w in FORMER_TITLE_WORDS) + ")" + word_end


_FORMER_TITLE_RE = re.compile(former_title_pattern(r"\b"), re.IGNORECASE)


def says_former(title: str) -> bool:
    """Return whether a title as written says its post is no longer held."""
    return _FORMER_TITLE_RE.match(title) is not None


def _without_repeat(m: Mention) -> Mention:
    """Return ``m`` without a trailing repeat of its given name ("James Inhofe James", the
    start of a link-preview widget's full name)."""
    words = m.text.split()
    if len(words) < 3 or words[-1] != words[0]:
        return m
    text = " ".join(words[:-1])
    return Mention(text, name_key(text), m.start, m.field, m.known, m.title, m.post, m.kind,
                   m.country, m.org)  # fmt: skip


def _known_within(m: Mention, index: OfficialIndex) -> tuple[int, ...]:
    """Return the officials whose full name starts or ends a longer unknown name.

    Link-preview furniture and Title Case headlines glue words to a known name
    ("Chuck Grassley Charles", "John Kerry Arrives", "Crown Prince Mohammed bin Salman
    Al Saud"): the known name is the person, not a new candidate.
    """
    words = m.key.split()
    for n in range(len(words) - 1, 1, -1):
        for run in (words[:n], words[-n:]):
            ids = index.full_keys.get(" ".join(run), ())
            if ids:
                return ids
    return ()


# Verbs of headlines that follow a name in Title Case: "John Kerry Arrives".
_HEADLINE_VERBS = vocabulary(
    """says said arrives arrived meets met visits visited warns urges calls tells slams
    vows denies rejects signs backs blasts claims defends holds leads heads wins loses
    quits resigns dies talks speaks asks seeks plans faces hits pushes presses praises
    welcomes condemns threatens announces accuses agrees insists admits responds returns
    rips touts unveils named picks taps"""
)


def _proposable(m: Mention, index: OfficialIndex, text: str = "", home: str | None = None) -> bool:
    """Return whether an unknown titled name may be proposed as a candidate.

    Never a place, country or organisation ("Sri Lanka"), a name followed by a headline
    verb ("… Arrives"), a fragment cut off inside a word ("Bashar Ja" of "Ja'afari"), or
    furniture glued to a name ("TrumpGOP").
    """
    if m.key in index.rejected or not 2 <= len(m.key.split()) <= 4:
        return False
    if any(_GLUED_RE.search(word) for word in m.text.split()):
        return False  # page furniture glued to a name: "TrumpGOP"
    written = m.text.split()
    if fold(m.text) in index.places or _PARTY_STATE_NAME_RE.match(m.text):
        return False  # a place, or a party and state: "R-New York"
    if written[-1].lower() in _HEADLINE_VERBS and written[-2].lower() not in _PARTICLES:
        return False  # "John Doe Arrives", not "Qaboos bin Said"
    end = m.start + len(m.text)
    if (
        text[end : end + 1].isalpha()
        or (text[end : end + 1] in ("'", "’") and text[end + 1 : end + 2].islower())
        or _NAME_GOES_ON_RE.match(text, end)
    ):
        return False  # a fragment: the word or the name goes on ("Valéry Giscard d'Estaing")
    if m.post.lower() in CANDIDACY or m.kind == "candidate":
        return False  # a candidate for office holds none
    near = text[max(0, m.start - len(m.title) - 30) : m.start].split()
    before = [
        POSSESSIVE_RE.sub("", w.lower().rstrip(",")) for w in near[-len(m.title.split()) - 4 :]
    ]
    if any(w in NON_STATE or w in NON_OFFICIAL_ENDS for w in before):
        return False  # "Taliban spokesman", "Trump campaign adviser", "analyst retired Col."
    if written[-1].rstrip(".").lower() in ("jr", "sr"):
        return False  # "Donald Trump Jr.": a relative, named by the family name
    post = m.post.lower()
    if post in CAPITALISED_STRONG and m.post[:1].isupper():
        return True  # "General Raymond Odierno", "Commander Jane Roe"
    weak = post in WEAK_POSTS or (m.post.islower() and post.replace(" ", "-") in LOWER_CASE_WEAK)
    if weak and any(w.lower() in PORTFOLIOS for w in m.title.split()):
        weak = False  # "Defense Secretary", "Interior Ministry official"
    return not weak or bool(m.country or m.org) or (home is not None and post in PUBLIC_WEAK)


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
