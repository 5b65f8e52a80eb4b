"""The outlet and organisation indexes, and an outlet's share of all coverage.

Every count comes from the search index, as the list it links to counts it: an outlet's
number is its published articles, every copy (``/articles/?source=<slug>`` lists the
outlet's own copy of each story), and an organisation's its stories
(``/articles/?organization=<slug>``). An outlet's share of all coverage is its articles
over every published article, every copy counted on both sides (``/articles/?copies=all``),
so it never exceeds 100 % and the two numbers behind it are two lists' counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from articles.models import Organisation, Source
from articles.search import results
from articles.selectors.browse import ArticleCriteria

from .entities import Coverage

# Every published article, each outlet's copy counted: the share's denominator.
ALL_ARTICLES = ArticleCriteria(all_copies=True)
# The engine answers at most 65,000 buckets a request: more outlets than this would be
# counted only for the most covered ones (the rest shown as 0).
INDEX_SCAN = 60_000
INDEX_SORTS = ("coverage", "name")


def format_percent(share: float | None) -> str:
    """Return a share as a percentage readers can compare: "12.3 %", "0.042 %", "–"."""
    if share is None:
        return "–"
    value = share * 100
    if value == 0 or value >= 10:
        return f"{value:.1f} %"
    return f"{value:.2g} %" if value < 0.1 else f"{value:.2f} %"


@dataclass
class IndexRow:
    """An outlet or organisation of an index, with the count of the list its link opens."""

    entity: Source | Organisation
    count: int
    share: float | None = None  # of every published article (outlets)

    @property
    def percent(self) -> str:
        return format_percent(self.share)


def _clean(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())[:100]


def _counts(kind: str, criteria: ArticleCriteria, entities: int) -> tuple[dict[int, int], int]:
    """Return {entity id: matches carrying it} over every match of ``criteria``, and their
    total: one index request (kept per index generation by ``results.overview``)."""
    found = results.overview(
        criteria, facet_kinds=(kind,), facet_limit=max(1, min(entities, INDEX_SCAN))
    )
    return dict(found.facets[kind]), found.total


def _ordered(rows: list[IndexRow], sort: str) -> list[IndexRow]:
    if sort == "name":
        return sorted(rows, key=lambda r: (r.entity.name.lower(), r.entity.pk))
    return sorted(rows, key=lambda r: (-r.count, r.entity.name.lower(), r.entity.pk))


def source_index(*, text: str = "", sort: str = "coverage") -> tuple[list[IndexRow], int]:
    """Return the outlets (whose name, domain or slug contains ``text``) with their number
    of published articles and share of all of them, most covered first (or by name), and
    the number of every published article. Two queries and one index request."""
    sources = Source.objects.select_related("publisher_country").only(
        "name", "slug", "domain", "publisher_country__name", "publisher_country__iso2"
    )
    text = _clean(text)
    if text:
        sources = sources.filter(
            Q(name__icontains=text) | Q(domain__icontains=text) | Q(slug__icontains=text)
        )
    sources = list(sources)
    counts, total = _counts("source", ALL_ARTICLES, Source.objects.count())
    rows = [
        IndexRow(s, counts.get(s.pk, 0), counts.get(s.pk, 0) / total if total else None)
        for s in sources
    ]
    return _ordered(rows, sort), total


def organisation_index(*, text: str = "", sort: str = "coverage") -> list[IndexRow]:
    """Return the organisations (whose name, abbreviation or an unblocked alias contains
    ``text``) with their number of stories, most covered first (or by name)."""
    organisations = Organisation.objects.only("name", "slug", "abbreviation")
    text = _clean(text)
    if text:
        organisations = organisations.filter(
            Q(name__icontains=text)
            | Q(abbreviation__icontains=text)
            | Q(aliases__alias__icontains=text, aliases__blocked=False)
        ).distinct()
    organisations = list(organisations)
    counts, _ = _counts("organization", ArticleCriteria(), Organisation.objects.count())
    return _ordered([IndexRow(o, counts.get(o.pk, 0)) for o in organisations], sort)


def source_get(*, slug: str) -> Source | None:
    """Return the outlet with ``slug`` and its publisher country, or None."""
    if len(slug) > 200 or "\x00" in slug:
        return None
    return Source.objects.select_related("publisher_country").filter(slug=slug).first()


def organisation_get(*, slug: str) -> Organisation | None:
    """Return the organisation with ``slug`` and its aliases, or None."""
    if len(slug) > 200 or "\x00" in slug:
        return None
    return Organisation.objects.prefetch_related("aliases").filter(slug=slug).first()


@dataclass
class SharePeriod:
    """One period of an outlet's share: its articles and every published article."""

    start: date
    count: int
    everything: int

    @property
    def share(self) -> float | None:
        return self.count / self.everything if self.everything else None

    @property
    def percent(self) -> str:
        return format_percent(self.share)


@dataclass
class Share:
    """An outlet's share of all coverage: overall, per year and per month."""

    count: int
    everything: int
    years: list[SharePeriod]
    months: list[SharePeriod]

    @property
    def share(self) -> float | None:
        return self.count / self.everything if self.everything else None

    @property
    def percent(self) -> str:
        return format_percent(self.share)


def source_share(*, coverage: Coverage) -> Share:
    """Return an outlet's articles over every published article, overall and per period
    of its own timeline (``coverage``, from ``entity_coverage(kind="source")``).

    One index request (cached per index generation): every published article per month.
    A year's figures are its months' sums (each article has one date, so they are exact).
    """
    everything = results.overview(ALL_ARTICLES, granularity="month")
    months = [
        SharePeriod(month, n, everything.periods.get(month, 0)) for month, n in coverage.series
    ]
    years: dict[int, SharePeriod] = {}
    for period in months:
        year = years.setdefault(period.start.year, SharePeriod(date(period.start.year, 1, 1), 0, 0))
        year.count += period.count
    for month, n in everything.periods.items():
        if month.year in years:
            years[month.year].everything += n
    return Share(
        count=coverage.total,
        everything=everything.total,
        years=[years[y] for y in sorted(years)],
        months=months,
    )
