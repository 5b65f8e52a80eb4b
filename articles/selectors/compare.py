"""Compare: several list states on one timeline, as counts and as shares of all coverage.

Each series is a list state (its criteria, as ``ArticleFilterSet`` reads them); its point
for a period is exactly the number the list ``/articles/?<state>&date_from=…&date_to=…``
shows for that period (the period cut to the series' own dates). The numbers come from
the search index's histograms (``results.overview``, one request a series, cached per
index generation); a period that the series' dates cut in part is counted again over just
the part (a story whose copies straddle the cut would otherwise count on both sides).

The share of a point is the part of the base, in the same dates, that the series also
matches: |series ∩ base| / |base| (``in_base`` / ``base``), never above 1. The base is
every published article, one per story (the unfiltered list), or a chosen list state
(one outlet, say): "Russia's share of Reuters' coverage" is the Reuters articles that
mention Russia over all Reuters articles. A base of 0 gives a share of None.

Stories or copies: the base decides. A base that counts stories (the default) counts the
stories that match the series too (a series of one outlet's copies: the stories it
carried); a base that counts every copy (a source filter, ``copies=all``) counts the
copies that match the series too (a series of stories: the base's copies that match it).
Over the default base a series of stories is its own intersection: its shares are its
counts over the base's, as before.

The intersection is exact (``results.overlap``: both queries at once). It links to the
list of both when one list state says the same (``merge``): ``country=ru`` with
``source=reuters`` is ``country=ru&source=reuters``; ``country=ru`` or ``cn`` with
``country=fr`` is no single list (``match`` is one for every filter), nor is a story count
of one outlet's copies (a source filter lists copies).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from articles.search import results
from articles.search.query import parse

from .browse import ArticleCriteria

MAX_SERIES = 6
INTERVALS = ("day", "week", "month", "year")
MAX_PERIODS = 2_000  # per chart: 5 years of days, 38 of weeks
# The default interval by the days the series span (first to last dated period):
# up to three months by day, two years by week, twenty years by month, then by year.
AUTO_INTERVALS = ((92, "day"), (731, "week"), (7_305, "month"))
BASE_LABEL = "all published articles (one per story)"


@dataclass(frozen=True)
class SeriesSpec:
    """One series asked for: its canonical list state, its criteria and its label."""

    state: str  # the list's canonical query string (``ArticleFilterSet.params``)
    criteria: ArticleCriteria
    label: str


@dataclass
class Point:
    """One period of a series: exact count, the base's count in the same dates, the share."""

    start: date
    end: date  # last day of the period
    since: date  # the period cut to the series' dates (what the cell's link lists)
    until: date
    count: int
    base: int
    outside: bool = False  # the period lies outside the series' own dates: no list
    in_base: int = 0  # the base's articles in the same dates the series matches too

    @property
    def share(self) -> float | None:
        return self.in_base / self.base if self.base else None


@dataclass
class Series:
    spec: SeriesSpec
    total: int  # the list's own count (undated matches included)
    undated: int  # matches with no date: on no period of the timeline
    points: list[Point] = field(default_factory=list)
    # The one list state of the series and the base together (its cells' ``in_base``
    # count it within their dates), or None and the reason no list state says it.
    merged: ArticleCriteria | None = None
    merged_state: str | None = None
    unmerged_reason: str = ""

    @property
    def state(self) -> str:
        return self.spec.state

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def peak(self) -> int:
        return max((p.count for p in self.points), default=0)


@dataclass
class Comparison:
    interval: str
    series: list[Series]
    base_label: str
    periods: list[tuple[date, date]]  # (start, last day) of every period shown
    interval_chosen: bool  # True when the interval was asked for, False when automatic
    span: tuple[date, date] | None = None  # first and last day any series covers

    def fits(self, interval: str) -> bool:
        """Return whether ``interval`` would draw at most ``MAX_PERIODS`` over the span."""
        return self.span is None or len(_periods(*self.span, interval)) <= MAX_PERIODS


def series_label(criteria: ArticleCriteria) -> str:
    """Return a short name for a list state: “sanctions” · Reuters · Russia or China."""
    joiner = " and " if criteria.match_all else " or "
    parts = []
    if criteria.q:
        q = criteria.q if len(criteria.q) <= 40 else criteria.q[:39] + "…"
        parts.append(f"“{q}”")
    for kind in ("source", "country", "official", "organization", "topic"):
        entities = getattr(criteria, kind)
        if entities:
            parts.append(joiner.join(e.name for e in entities))
    if criteria.focus:
        parts.append("focus")
    if criteria.date_from or criteria.date_to:
        since = criteria.date_from.isoformat() if criteria.date_from else "…"
        until = criteria.date_to.isoformat() if criteria.date_to else "…"
        parts.append(f"{since} – {until}")
    if criteria.undated:
        parts.append("undated")
    if criteria.all_copies:
        parts.append("every copy")
    return " · ".join(parts) or "All articles"


ENTITY_NAMES = ("country", "official", "organization", "topic", "source")
FOCUS_NAMES = ("country", "official")
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


def period_end(start: date, interval: str) -> date:
    """Return the last day of the period that starts on ``start``."""
    return next_period(start, interval) - timedelta(days=1)


def next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_start(day: date, interval: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def auto_interval(first: date, last: date) -> str:
    """Return the default interval for dated periods from ``first`` to ``last``."""
    days = (last - first).days
    return next((name for limit, name in AUTO_INTERVALS if days <= limit), "year")


def _periods(first: date, last: date, interval: str) -> list[tuple[date, date]]:
    out, day = [], period_start(first, interval)
    while day <= last and len(out) <= MAX_PERIODS:
        following = next_period(day, interval)
        out.append((day, following - timedelta(days=1)))
        day = following
    return out


def _series_overview(criteria: ArticleCriteria, interval: str) -> results.Overview:
    """Return a series' total, undated count and periods: one index request (cached)."""
    return results.overview(
        criteria,
        granularity=None if criteria.undated else interval,
        undated=not criteria.has_dates and not criteria.undated,
    )


def _span(specs: list[SeriesSpec], read: dict) -> tuple[date, date] | None:
    """Return the first and last day of the months any series has a dated match in.

    The monthly overviews read are kept in ``read`` (by criteria): a comparison by month
    needs no second request.
    """
    found: list[date] = []
    for spec in specs:
        if spec.criteria.undated:
            continue
        read[spec.criteria] = _series_overview(spec.criteria, "month")
        months = read[spec.criteria].periods
        if months:
            found += [min(months), max(months)]
    if not found:
        return None
    first, last = min(found), period_end(max(found), "month")
    # A series' own dates bound its span more tightly than the months of its matches.
    dated = [s.criteria for s in specs if not s.criteria.undated]
    froms = [c.date_from for c in dated]
    tos = [c.date_to for c in dated]
    if all(froms):
        first = max(first, min(froms))
    if all(tos):
        last = min(last, max(tos))
    return first, last


def _window(criteria: ArticleCriteria, start: date, end: date) -> tuple[date, date] | None:
    """Return the days of [start, end] within the criteria's dates (None: none)."""
    since = max(start, criteria.date_from) if criteria.date_from else start
    until = min(end, criteria.date_to) if criteria.date_to else end
    return (since, until) if since <= until else None


def _count_in(
    criteria: ArticleCriteria, histogram: dict[date, int], point: tuple[date, date, date, date]
) -> int:
    """Return the list's count of ``criteria`` within [since, until] of a period.

    The histogram's bucket is that count when the window is the whole period and within
    the criteria's dates; otherwise the index counts the cut window (edges only).
    """
    start, end, since, until = point
    window = _window(criteria, since, until)
    if window is None:
        return 0
    if window == (start, end):
        return histogram.get(start, 0)
    return results.count(replace(criteria, date_from=window[0], date_to=window[1]))


def compare_read(
    *,
    specs: list[SeriesSpec],
    interval: str | None = None,
    base: ArticleCriteria | None = None,
) -> Comparison:
    """Return every series' exact count and share per period, over the periods they span.

    ``interval`` None chooses one from the span (``AUTO_INTERVALS``); one that would give
    more than ``MAX_PERIODS`` periods raises ``ValueError`` (the caller reports it).
    """
    base_criteria = base if base is not None else ArticleCriteria()
    monthly: dict[ArticleCriteria, results.Overview] = {}
    span = _span(specs, monthly)
    chosen = interval is not None
    if interval is None:
        interval = auto_interval(*span) if span else "month"
    periods = _periods(*span, interval) if span else []
    if len(periods) > MAX_PERIODS:
        raise ValueError(
            f"{interval} gives more than {MAX_PERIODS:,} periods over "
            f"{span[0].isoformat()} – {span[1].isoformat()}: choose a longer interval"
        )
    base_histogram = (
        results.overview(base_criteria, granularity=interval).periods if periods else {}
    )
    out = Comparison(
        interval=interval,
        series=[],
        base_label=series_label(base) if base is not None else BASE_LABEL,
        periods=periods,
        interval_chosen=chosen,
        span=span,
    )
    stories = base_counts_stories(base)
    for spec in specs:
        criteria = spec.criteria
        overview = monthly.get(criteria) if interval == "month" else None
        overview = overview or _series_overview(criteria, interval)
        undated = overview.total if criteria.undated else (overview.undated or 0)
        series = Series(spec=spec, total=overview.total, undated=undated)
        try:
            series.merged = merge(criteria, base_criteria)
            series.merged_state = state_of(series.merged)
        except NoMerge as exc:
            series.unmerged_reason = str(exc)
        if not criteria.undated:
            # The series itself when the base adds no filter and counts as the series does.
            itself = base_criteria == ArticleCriteria() and criteria.collapses_copies == stories
            both = (
                overview.periods
                if itself
                else results.overlap(
                    criteria, base_criteria, leads=stories, granularity=interval
                ).periods
                if periods
                else {}
            )
            for start, end in periods:
                window = _window(criteria, start, end)
                if window is None:
                    series.points.append(Point(start, end, start, end, 0, 0, outside=True))
                    continue
                cell = (start, end, *window)
                count = _count_in(criteria, overview.periods, cell)
                series.points.append(
                    Point(
                        start,
                        end,
                        *window,
                        count=count,
                        base=_count_in(base_criteria, base_histogram, cell),
                        in_base=count if itself else _both_in(criteria, base_criteria, both, cell),
                    )
                )
        out.series.append(series)
    return out


def _both_in(
    criteria: ArticleCriteria,
    base: ArticleCriteria,
    histogram: dict[date, int],
    point: tuple[date, date, date, date],
) -> int:
    """Return how many of the base's articles in the cell's dates match ``criteria`` too.

    Counted as the base counts (stories or copies); the histogram's bucket when the dates
    are the whole period, else the index counts the cut window.
    """
    start, end, since, until = point
    window = _window(base, since, until)
    if window is None:
        return 0
    if window == (start, end):
        return histogram.get(start, 0)
    cut = replace(criteria, date_from=window[0], date_to=window[1])
    return results.overlap(cut, base, leads=base.collapses_copies).total


def window(criteria: ArticleCriteria, start: date, end: date) -> tuple[date, date] | None:
    """Return the days of [start, end] within the criteria's dates (None: none)."""
    return _window(criteria, start, end)
