"""The home page: what is rising this week, the latest articles, the corpus counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Article,
    Country,
)
from articles.selectors import article_public_queryset
from articles.selectors.browse import row_countries_prefetch, row_countries_set

from .common import (
    BASELINE_WEEKS,
    MENTION_SQL,
    RISING_CAP,
    RISING_LIMIT,
    RISING_MIN_ARTICLES,
    Ranked,
)


@dataclass
class Rising:
    """What rose most in the week up to ``anchor`` against the weeks before."""

    anchor: datetime | None
    historical: bool
    items: dict[str, list[Ranked]] = field(default_factory=dict)
    articles_this_week: int = 0

    @property
    def week_start(self) -> datetime | None:
        return self.anchor - timedelta(days=7) if self.anchor else None


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
    """Return the countries, officials and topics with the largest rise this week.

    A week's rise is its mention count minus the average of the ``BASELINE_WEEKS`` weeks
    before. "This week" ends now; when the corpus is historical (its newest article more
    than a week old) it ends at the ``RISING_MIN_ARTICLES``-th newest article, so a few
    stray late articles do not leave the week empty. Two queries.
    """
    now = now or timezone.now()
    dates = newest_dates()
    if not dates:
        return Rising(anchor=None, historical=False)
    historical = dates[0] < now - timedelta(days=7)
    # A small corpus has no stray tail to skip: its newest article ends the week.
    tail_end = dates[-1] if len(dates) >= RISING_MIN_ARTICLES else dates[0]
    anchor = tail_end if historical else now
    week = anchor - timedelta(days=7)
    start = anchor - timedelta(days=7 * (BASELINE_WEEKS + 1))
    selects, params = [], []
    for kind in ("country", "official", "topic"):
        table, column, e_table = MENTION_SQL[kind]
        key = "lower(e.iso2)" if kind == "country" else "e.slug"
        status = "e.status" if kind == "official" else "''"
        extra = (
            f" AND e.status <> '{OfficialStatus.REJECTED}' AND e.merged_into_id IS NULL"
            if kind == "official"
            else ""
        )
        selects.append(
            f"""(SELECT '{kind}', e.id, {key}, e.name, {status},
                        count(*) FILTER (WHERE r.published_at > %s) AS now_n,
                        count(*) FILTER (WHERE r.published_at <= %s) AS before_n
                 FROM r JOIN {table} m ON m.article_id = r.id
                 JOIN {e_table} e ON e.id = m.{column}
                 WHERE NOT m.suppressed{extra}
                 GROUP BY e.id)"""
        )
        params += [week, week]
    selects.append(
        "(SELECT 'size', 0, '', '', '', count(*) FILTER (WHERE published_at > %s), 0 FROM r)"
    )
    params.append(week)
    sql = f"""
        WITH r AS MATERIALIZED (
            SELECT id, published_at FROM articles_article
            WHERE status = %s AND is_story_lead AND published_at > %s AND published_at <= %s
            ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %s)
        {" UNION ALL ".join(selects)}"""
    params = [ArticleStatus.PUBLISHED, start, anchor, RISING_CAP, *params]
    items: dict[str, list[Ranked]] = {"country": [], "official": [], "topic": []}
    this_week = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk, key, name, status, now_n, before_n in cursor.fetchall():
            if kind == "size":
                this_week = now_n
                continue
            previous = before_n / BASELINE_WEEKS
            rise = now_n - previous
            if now_n and rise > 0:
                item = Ranked(kind, pk, key, name, now_n, status == OfficialStatus.CANDIDATE)
                item.rise, item.previous = rise, previous
                items[kind].append(item)
    for kind, ranked in items.items():
        ranked.sort(key=lambda i: (-i.rise, -i.count, i.name))
        items[kind] = ranked[:limit]
    return Rising(anchor=anchor, historical=historical, items=items, articles_this_week=this_week)


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
    with connection.cursor() as cursor:
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
