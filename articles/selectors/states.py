"""Two list states as one: the articles both select, and a list state's query string.

``/compare/``'s share counts the base's articles a series matches too; its table links
that count to the one list state that says both, when there is one (``merge``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from articles.search.query import parse

from .browse import ArticleCriteria

__all__ = ["NoMerge", "base_counts_stories", "merge", "state_of"]

ENTITY_NAMES = ("country", "official", "organization", "topic", "source")
Q_MAX_LENGTH = 500  # what the list reads of ``q`` (filtersets.Q_MAX_LENGTH)


class NoMerge(Exception):
    """The series and the base together are no single list state (the message says why)."""


def base_counts_stories(base: ArticleCriteria | None) -> bool:
    """Return whether shares over ``base`` count stories (else every copy): the base decides."""
    return (base or ArticleCriteria()).collapses_copies


def merge(series: ArticleCriteria, base: ArticleCriteria) -> ArticleCriteria:
    """Return the one list state whose list is the articles both select, counted as the
    base counts (stories or copies); raise ``NoMerge`` with the reason when there is none.

    The list's filters are a conjunction of clauses: search words, dates, and per entity
    kind one clause (any of its values, or all with ``match=all``; sources always any).
    Two states merge when each kind's two clauses make one clause of a shared ``match``,
    focus means the same on both sides, and the words and dates combine.
    """
    stories = base.collapses_copies
    if stories and series.source:
        raise NoMerge(
            "the base counts stories and this series one outlet's copies: a list with a "
            "source filter lists copies, none lists the stories they are in"
        )
    # Per kind: (match all?, values); one value is either.
    kinds: dict[str, tuple[bool | None, tuple]] = {}
    for name in ENTITY_NAMES:
        a, b = getattr(series, name), getattr(base, name)
        kinds[name] = _merge_kind(name, a, b, series, base, copies=not stories)
    # Sources are always any of them, whatever ``match`` says.
    modes = {
        mode
        for name, (mode, values) in kinds.items()
        if name != "source" and mode is not None and len(values) > 1
    }
    if len(modes) > 1:
        raise NoMerge(
            "one filter needs all of its values and another any of them (match is one for "
            "every filter)"
        )
    match_all = modes == {True}
    if series.focus != base.focus:
        plain = base if series.focus else series
        if plain.country or plain.official:
            raise NoMerge("focus applies to one side's countries and officials only")
    words = _merge_words(series.q, base.q)
    if (series.undated and base.has_dates) or (base.undated and series.has_dates):
        raise NoMerge("undated articles have no date to fall in the other's dates")
    froms = [d for d in (series.date_from, base.date_from) if d]
    tos = [d for d in (series.date_to, base.date_to) if d]
    date_from, date_to = max(froms, default=None), min(tos, default=None)
    if date_from and date_to and date_from > date_to:
        raise NoMerge("their dates do not meet")
    source = kinds["source"][1]
    return ArticleCriteria(
        q=words,
        country=kinds["country"][1],
        official=kinds["official"][1],
        organization=kinds["organization"][1],
        topic=kinds["topic"][1],
        source=source,
        focus=series.focus or base.focus,
        match_all=match_all,
        date_from=date_from,
        date_to=date_to,
        undated=series.undated or base.undated,
        all_copies=not stories and not source,
    )


def _merge_kind(name, a: tuple, b: tuple, series, base, *, copies: bool):
    """Return (match all? or None for either, values) of one kind's two clauses together."""
    mode_a = None if len(a) < 2 else (series.match_all and name != "source")
    mode_b = None if len(b) < 2 else (base.match_all and name != "source")
    if not a or not b:
        return (mode_a if a else mode_b), (a or b)
    if name == "source" and copies:
        # A copy has one outlet: any of A and any of B is any of the outlets in both.
        both = tuple(e for e in a if e in b)
        if not both:
            raise NoMerge("they name different outlets: no article is from both")
        return None, both
    if mode_a is not False and mode_b is not False:  # all of A and all of B
        return (True if len(set(a) | set(b)) > 1 else None), a + tuple(e for e in b if e not in a)
    if mode_a is False and mode_b is False:  # any of A and any of B
        if set(a) <= set(b):
            return mode_a, a
        if set(b) <= set(a):
            return mode_b, b
    elif mode_a is False and set(a) & set(b):  # any of A and all of B (one of them in A)
        return mode_b, b
    elif mode_b is False and set(a) & set(b):
        return mode_a, a
    raise NoMerge(f"their {name} filters make no single {name} filter")


def _merge_words(a: str, b: str) -> str:
    """Return search words that require both ``a`` and ``b`` (``NoMerge``: none do)."""
    if not a or not b:
        return a or b
    words = f"{a} {b}"
    one, two, both = parse(a), parse(b), parse(words)
    if not (one.groups or one.excluded) or not (two.groups or two.excluded):
        raise NoMerge("a search has no word to look for")
    if both.groups != one.groups + two.groups or both.excluded != one.excluded + two.excluded:
        raise NoMerge("their search words do not join into one search")
    if len(words) > Q_MAX_LENGTH:
        raise NoMerge(f"their search words together pass {Q_MAX_LENGTH} characters")
    return words


def state_of(criteria: ArticleCriteria) -> str:
    """Return the canonical query string of a list state (``ArticleFilterSet.params``)."""
    out: list[tuple[str, str]] = []
    if criteria.q:
        out.append(("q", criteria.q))
    for name in ENTITY_NAMES:
        out += [(name, e.key) for e in getattr(criteria, name)]
    for flag, pair in (
        (criteria.focus, ("focus", "1")),
        (criteria.match_all, ("match", "all")),
        (criteria.date_from, ("date_from", str(criteria.date_from))),
        (criteria.date_to, ("date_to", str(criteria.date_to))),
        (criteria.undated, ("undated", "1")),
        (criteria.all_copies, ("copies", "all")),
    ):
        if flag:
            out.append(pair)
    return urlencode(out)
