"""The home page: what is rising in the last 7 days, the latest articles, the corpus counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Article,
    Country,
)
from articles.search import results
from articles.selectors import article_public_queryset
from articles.selectors.browse import ArticleCriteria, row_countries_prefetch, row_countries_set
from articles.selectors.reading import read_connection

from .common import (
    BASELINE_WEEKS,
    MENTION_SQL,
    RISING_LIMIT,
    RISING_MIN_ARTICLES,
    RISING_MIN_COUNT,
    Ranked,
)

# Entities read per kind from each aggregation: above any entity table's size, so every
# entity of the window is considered (as ``officials.OFFICIALS_SCAN``).
RISING_SCAN = 60_000


@dataclass
class Rising:
    """What rose most in the 7 days to ``last_day`` against the 4 weeks before them.

    ``first_day``–``last_day`` (7 whole days, inclusive) is the window; the baseline is
    the ``BASELINE_WEEKS`` weeks before it, ``baseline_first`` to the day before
    ``first_day``. An entry is in the window at least ``RISING_MIN_COUNT`` times and more
    often than its baseline's weekly average.
    """

    anchor: datetime | None
    historical: bool
    items: dict[str, list[Ranked]] = field(default_factory=dict)
    articles_this_week: int = 0
    first_day: date | None = None
    last_day: date | None = None
    min_count: int = RISING_MIN_COUNT
    baseline_weeks: int = BASELINE_WEEKS
    # A historical corpus: its public story leads dated after ``last_day`` (fewer than
    # ``RISING_MIN_ARTICLES``: too few for a week of their own), and the newest one's date.
    later: int = 0
    newest: datetime | None = None

    @property
    def later_url(self) -> str:
        """Return the list of the articles after the window (``later`` of them)."""
        after = self.last_day + timedelta(days=1) if self.last_day else None
        return reverse("articles:article_list") + f"?date_from={after:%Y-%m-%d}" if after else ""

    @property
    def week_start(self) -> datetime | None:
        return _midnight(self.first_day) if self.first_day else None

    @property
    def baseline_first(self) -> date | None:
        return self.first_day - timedelta(weeks=self.baseline_weeks) if self.first_day else None

    @property
    def baseline_last(self) -> date | None:
        return self.first_day - timedelta(days=1) if self.first_day else None

    @property
    def label(self) -> str:
        """Return the window's dates as a reader says them: "1–7 Dec 2026"."""
        return date_range_label(self.first_day, self.last_day) if self.first_day else ""

    @property
    def any(self) -> bool:
        return any(self.items.values())


def date_range_label(first: date, last: date) -> str:
    """Return "1–7 Dec 2026", "28 Nov – 4 Dec 2026" or "29 Dec 2026 – 4 Jan 2027"."""
    if first == last:
        return f"{last:%-d %b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%-d}–{last:%-d %b %Y}"
    if first.year == last.year:
        return f"{first:%-d %b} – {last:%-d %b %Y}"
    return f"{first:%-d %b %Y} – {last:%-d %b %Y}"


def _midnight(day: date) -> datetime:
    """Return the start of ``day`` in the site's time zone (as the list's date filters)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def newest_dates(*, limit: int = RISING_MIN_ARTICLES) -> list[datetime]:
    """Return the dates of the ``limit`` newest dated public story leads, newest first."""
    return list(
        Article.objects.filter(
            status=ArticleStatus.PUBLISHED, is_story_lead=True, published_at__isnull=False
        )
        .order_by("-published_at")
        .values_list("published_at", flat=True)[:limit]
    )


def rising(*, now: datetime | None = None, limit: int = RISING_LIMIT) -> Rising:
    """Return the countries, officials and topics with the largest rise in the last 7 days.

    The window is 7 whole days ending today; when the corpus is historical (its newest
    article more than a week old) it ends on the day of the ``RISING_MIN_ARTICLES``-th
    newest article, so a few stray late articles do not leave it empty. An entry's rise is
    its number of articles in the window minus its weekly average over the
    ``BASELINE_WEEKS`` weeks before; entries in fewer than ``RISING_MIN_COUNT`` articles
    of the window are noise and left out. Two queries and two index aggregations (cached
    per index generation).
    """
    now = now or timezone.now()
    dates = newest_dates()
    if not dates:
        return Rising(anchor=None, historical=False)
    historical = dates[0] < now - timedelta(days=7)
    # A small corpus has no stray tail to skip: its newest article ends the week.
    tail_end = dates[-1] if len(dates) >= RISING_MIN_ARTICLES else dates[0]
    anchor = tail_end if historical else now
    last_day = timezone.localtime(anchor).date()
    first_day = last_day - timedelta(days=6)
    end = _midnight(last_day + timedelta(days=1))
    # Counted by the search index as the lists count them (a story once, when any public
    # copy carries the entity), so each count is the size of the list its link opens: the
    # window, and the baseline weeks before it.
    kinds = ("country", "official", "topic")
    window = results.overview(
        ArticleCriteria(date_from=first_day, date_to=last_day),
        facet_kinds=kinds,
        facet_limit=RISING_SCAN,
    )
    baseline = results.overview(
        ArticleCriteria(
            date_from=first_day - timedelta(weeks=BASELINE_WEEKS),
            date_to=first_day - timedelta(days=1),
        ),
        facet_kinds=kinds,
        facet_limit=RISING_SCAN,
    )
    candidates: dict[str, dict[int, tuple[int, float]]] = {}
    for kind in kinds:
        before = dict(baseline.facets[kind])
        for pk, now_n in window.facets[kind]:
            previous = before.get(pk, 0) / BASELINE_WEEKS
            if now_n >= RISING_MIN_COUNT and now_n - previous > 0:
                candidates.setdefault(kind, {})[pk] = (now_n, previous)
    items: dict[str, list[Ranked]] = {kind: [] for kind in kinds}
    for kind, pk, key, name, status in _rising_names(candidates):
        now_n, previous = candidates[kind][pk]
        item = Ranked(kind, pk, key, name, now_n, status == OfficialStatus.CANDIDATE)
        item.rise, item.previous = now_n - previous, previous
        items[kind].append(item)
    this_week = window.total
    for kind, ranked in items.items():
        ranked.sort(key=lambda i: (-i.rise, -i.count, i.name))
        items[kind] = ranked[:limit]
    return Rising(
        anchor=anchor,
        historical=historical,
        items=items,
        articles_this_week=this_week,
        first_day=first_day,
        last_day=last_day,
        later=sum(1 for d in dates if d >= end) if historical else 0,
        newest=dates[0],
    )


def _rising_names(candidates: dict[str, dict[int, tuple]]) -> list[tuple]:
    """Return (kind, id, parameter value, name, status) of the candidates: one query.

    Rejected and merged officials are left out (their lists show them nowhere)."""
    parts, params = [], []
    for kind, found in candidates.items():
        table, _, e_table = MENTION_SQL[kind]
        key = "lower(e.iso2)" if kind == "country" else "e.slug"
        status = "e.status" if kind == "official" else "''"
        extra = " AND e.status <> %s AND e.merged_into_id IS NULL" if kind == "official" else ""
        parts.append(
            f"SELECT '{kind}', e.id, {key}, e.name, {status} FROM {e_table} e "
            f"WHERE e.id = ANY(%s){extra}"
        )
        params.append(list(found))
        if extra:
            params.append(OfficialStatus.REJECTED)
    if not parts:
        return []
    with read_connection().cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def corpus_counts() -> dict[str, int]:
    """Return how much is loaded (public articles, sources, countries, …).

    The articles (every copy) are counted by the search index, which knows its count,
    where PostgreSQL would scan every row on each home page; the rest in one query of
    small tables.
    """
    from articles.search import results
    from articles.selectors.browse import ArticleCriteria

    sql = """SELECT
        %s,
        (SELECT count(*) FROM articles_source),
        (SELECT count(*) FROM articles_country),
        (SELECT count(*) FROM articles_official WHERE status = %s AND merged_into_id IS NULL),
        (SELECT count(*) FROM articles_organisation),
        (SELECT count(*) FROM articles_topic)"""
    with read_connection().cursor() as cursor:
        articles = results.count(ArticleCriteria(all_copies=True))
        cursor.execute(sql, [articles, OfficialStatus.CONFIRMED])
        row = cursor.fetchone()
    names = ("articles", "sources", "countries", "officials", "organisations", "topics")
    return dict(zip(names, row, strict=True))


def latest_articles(*, limit: int = 10) -> list[Article]:
    """Return the newest dated public story leads, with their country chips (two queries)."""
    rows = list(
        article_public_queryset()
        .filter(published_at__isnull=False, is_story_lead=True)
        .defer("body", "raw_text", "minhash")
        .order_by("-published_at", "-id")
        .prefetch_related(row_countries_prefetch())[:limit]
    )
    row_countries_set(rows)
    return rows


def country_choices() -> QuerySet[Country]:
    """Return the countries for the picker: ISO code and name, by name."""
    return Country.objects.only("iso2", "name").order_by("name")
