"""The list's facets and timeline: exact counts over every match, from the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.choices import OfficialStatus
from articles.search import results
from articles.selectors.reading import read_connection

from .criteria import FACET_KINDS, ArticleCriteria
from .rows import PER_PAGE

FACET_LIMIT = 12


@dataclass
class FacetItem:
    kind: str
    key: str
    name: str
    count: int
    selected: bool = False

    @property
    def page_url(self) -> str | None:
        """Return the entry's own page (a country's, an outlet's...): facets link the list."""
        try:
            return reverse(f"articles:{self.kind}_detail", args=[self.key])
        except NoReverseMatch:  # a key an editor made that no page URL takes
            return None


@dataclass
class Facets:
    """The entries of each kind, each with the exact size of the list its link opens."""

    items: dict[str, list[FacetItem]] = field(default_factory=dict)


# Facet kind → (entity table, the entity's parameter value).
_ENTITY_SQL = {
    "country": ("articles_country", "lower(e.iso2)"),
    "official": ("articles_official", "e.slug"),
    "organization": ("articles_organisation", "e.slug"),
    "topic": ("articles_topic", "e.slug"),
    "source": ("articles_source", "e.slug"),
}


def source_facet_leads(criteria: ArticleCriteria) -> bool | None:
    """Return the leads rule of the source entries' counts (None: the list's own).

    Picking a source lists every copy (a source filter shows the outlet's own copy), so on
    a one-row-per-story list its entries count every copy too.
    """
    return False if criteria.collapses_copies else None


def article_facets(
    *,
    criteria: ArticleCriteria,
    limit: int = FACET_LIMIT,
    overview: results.Overview | None = None,
) -> Facets:
    """Return the top ``limit`` entries of each kind over the matches, and the chosen ones.

    Every count is exact: the matches that carry the entry (the list its link opens).
    Pass the list's ``overview`` (``list_overview``) when it is at hand.
    """
    if overview is None:
        overview = list_overview(criteria=criteria, facet_limit=limit)
    counted: dict[str, list[tuple[int, int]]] = dict(overview.facets)
    # Chosen entities outside the top entries still show with their counts.
    for kind in FACET_KINDS:
        have = {pk for pk, _ in counted.get(kind, [])}
        for entity in getattr(criteria, kind):
            if entity.id not in have:
                leads = source_facet_leads(criteria) if kind == "source" else None
                n = results.entity_count(criteria, kind, entity.id, leads=leads)
                counted.setdefault(kind, []).append((entity.id, n))
    names = _entity_names(counted)
    facets = Facets()
    for kind in FACET_KINDS:
        chosen = {e.id for e in getattr(criteria, kind)}
        items = [
            FacetItem(kind, *names[kind][pk], n, pk in chosen)
            for pk, n in counted.get(kind, [])
            if pk in names[kind]
        ]
        items.sort(key=lambda i: (-i.count, i.name))
        top = [i for i in items if not i.selected][: max(0, limit - len(chosen))]
        facets.items[kind] = sorted(
            [i for i in items if i.selected] + top, key=lambda i: (-i.count, i.name)
        )
    return facets


def _entity_names(counted: dict[str, list[tuple[int, int]]]) -> dict[str, dict[int, tuple]]:
    """Return {kind: {id: (parameter value, name)}}, rejected officials left out; one query."""
    parts, params = [], []
    for kind, entries in counted.items():
        if not entries:
            continue
        table, key = _ENTITY_SQL[kind]
        rejected = " AND e.status <> %s" if kind == "official" else ""
        parts.append(
            f"SELECT '{kind}', e.id, {key}, e.name FROM {table} e WHERE e.id = ANY(%s){rejected}"
        )
        params.append([pk for pk, _ in entries])
        if rejected:
            params.append(OfficialStatus.REJECTED)
    names: dict[str, dict[int, tuple]] = {kind: {} for kind in FACET_KINDS}
    if parts:
        with read_connection().cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for kind, pk, key, name in cursor.fetchall():
                names[kind][pk] = (key, name)
    return names


@dataclass
class Timeline:
    """Matches per period: (period start, count), gaps filled with zero."""

    granularity: str
    series: list[tuple[date, int]]


def granularity_of(criteria: ArticleCriteria) -> str:
    """Return ``week`` for date ranges up to half a year, else ``month``."""
    if (
        criteria.date_from
        and criteria.date_to
        and (criteria.date_to - criteria.date_from).days <= 183
    ):
        return "week"
    return "month"


def article_timeline(
    *, criteria: ArticleCriteria, overview: results.Overview | None = None
) -> Timeline:
    """Return the dated matches per week (ranges up to half a year) or per month, exactly."""
    granularity = granularity_of(criteria)
    if criteria.undated:
        return Timeline(granularity, [])
    if overview is None:
        overview = results.overview(criteria, granularity=granularity)
    return Timeline(granularity, fill_periods(overview.periods, granularity))


def _overview_options(criteria: ArticleCriteria, facet_limit: int) -> dict:
    return {
        "facet_kinds": FACET_KINDS,
        "facet_limit": facet_limit,
        "granularity": None if criteria.undated else granularity_of(criteria),
        "sources_of_every_copy": source_facet_leads(criteria) is False,
        "undated": not criteria.has_dates and not criteria.undated,
    }


def list_overview(*, criteria: ArticleCriteria, facet_limit: int = FACET_LIMIT) -> results.Overview:
    """Return the list's total, its facets' top entries and its timeline's periods."""
    return results.overview(criteria, **_overview_options(criteria, facet_limit))


def list_read(
    *, criteria: ArticleCriteria, sort: str, number: int, facet_limit: int = FACET_LIMIT
) -> tuple[results.Overview, results.Hits]:
    """Return ``list_overview`` and the hits of page ``number``, read from the index at once."""
    return results.overview_with_hits(
        criteria,
        sort=sort,
        offset=(number - 1) * PER_PAGE,
        limit=PER_PAGE,
        **_overview_options(criteria, facet_limit),
    )


def _period(at: datetime, granularity: str) -> date:
    """Return the start of ``at``'s week (Monday) or month, as PostgreSQL's date_trunc."""
    day = timezone.localtime(at).date()
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def fill_periods(found: dict[date, int], granularity: str) -> list[tuple[date, int]]:
    """Return the periods from the first to the last found one, missing ones as zero."""
    if not found:
        return []
    first, last = min(found), max(found)
    series, day = [], first
    while day <= last and len(series) < 2000:
        series.append((day, found.get(day, 0)))
        if granularity == "week":
            day += timedelta(days=7)
        else:
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return series
