"""Which appointment a mention means: the post that fits the title as written, held on
the article's date.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from articles.extract.normalize import fold
from articles.extract.officials.index import OfficialIndex
from articles.extract.posts import Mention
from articles.extract.types import AppointmentEntry, OfficialEntry


def _latest(appointment: AppointmentEntry) -> date:
    return appointment.start or appointment.end or date.min


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
