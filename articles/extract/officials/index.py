"""The officials of the gazetteer indexed for the scan: keys of full names, aliases,
surnames and their spellings.

Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from articles.extract.normalize import _PARTICLES, NICKNAMES, fold, name_key, word_key
from articles.extract.posts.vocabulary import INSTITUTIONS
from articles.extract.types import AppointmentEntry, Gazetteer, OfficialEntry

# Posts one person holds at a time in a country: another holder that day means the post
# had changed hands.
ONE_HOLDER_KINDS = frozenset({"head_of_state", "head_of_government", "foreign_minister"})

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
