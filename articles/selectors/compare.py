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

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from articles.search import results

from .browse import ArticleCriteria
from .states import NoMerge, base_counts_stories, merge, state_of

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
    return _cell(
        criteria,
        histogram,
        point,
        lambda since, until: results.count(replace(criteria, date_from=since, date_to=until)),
    )


def _cell(
    dated: ArticleCriteria,
    histogram: dict[date, int],
    point: tuple[date, date, date, date],
    count_cut: Callable[[date, date], int],
) -> int:
    """Return a cell's count: 0 outside ``dated``'s dates, the histogram's bucket when the
    window is the whole period, else ``count_cut(since, until)`` for the cut window."""
    start, end, since, until = point
    window = _window(dated, since, until)
    if window is None:
        return 0
    if window == (start, end):
        return histogram.get(start, 0)
    return count_cut(*window)


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
    return _cell(
        base,
        histogram,
        point,
        lambda since, until: (
            results.overlap(
                replace(criteria, date_from=since, date_to=until), base, leads=base.collapses_copies
            ).total
        ),
    )


def window(criteria: ArticleCriteria, start: date, end: date) -> tuple[date, date] | None:
    """Return the days of [start, end] within the criteria's dates (None: none)."""
    return _window(criteria, start, end)
