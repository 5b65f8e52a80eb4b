"""Country, official and topic pages: coverage over time, what is covered together, recent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Prefetch
from django.db.models.expressions import RawSQL

from articles.choices import OfficialStatus
from articles.models import (
    Appointment,
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleTopic,
    Country,
    Official,
    Topic,
)
from articles.selectors import article_public_queryset

from .common import (
    COVERAGE_WINDOW,
    MENTION_SQL,
    RECENT_LIMIT,
    TOP_LIMIT,
    Ranked,
)


@dataclass
class Coverage:
    """An entity's coverage: per month, undated, and what is covered together with it."""

    series: list[tuple[date, int]]
    dated: int
    undated: int
    window: int  # how many of its newest story leads the co-coverage counts were taken from
    together: dict[str, list[Ranked]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.dated + self.undated

    @property
    def window_capped(self) -> bool:
        return self.window >= COVERAGE_WINDOW


def entity_timeline(*, kind: str, entity_id: int) -> tuple[list[tuple[date, int]], int, int]:
    """Return (months with counts, gaps as zero), dated and undated article counts.

    Counts what ``/articles/?<kind>=<entity>`` lists by default: published articles, one
    per story (the lead of a near-duplicate group), mentions an editor suppressed left
    out. Read from the mention table's ``public_lead`` index alone (migration 0008).
    """
    table, column, _ = MENTION_SQL[kind]
    sql = f"""
        SELECT date_trunc('month', published_at AT TIME ZONE 'UTC') AS month, count(*)
        FROM {table} WHERE {column} = %s AND NOT suppressed AND public_lead
        GROUP BY 1"""
    found, undated = {}, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [entity_id])
        for month, n in cursor.fetchall():
            if month is None:
                undated = n
            else:
                found[month.date()] = n
    return _fill_months(found), sum(found.values()), undated


def _fill_months(found: dict[date, int]) -> list[tuple[date, int]]:
    if not found:
        return []
    first, last = min(found), max(found)
    series, day = [], first
    while day <= last and len(series) < 1200:
        series.append((day, found.get(day, 0)))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return series


def entity_together(
    *, kind: str, entity_id: int, kinds: tuple[str, ...], limit: int = TOP_LIMIT, own_country=None
) -> tuple[dict[str, list[Ranked]], int]:
    """Return what is most often covered together with an entity, and the window's size.

    Counted over the ``COVERAGE_WINDOW`` newest public story leads mentioning it (one
    statement). For ``kind="country"``, ``official`` lists that country's own officials
    (nationality or a post for it) most mentioned in its coverage.
    """
    table, column, _ = MENTION_SQL[kind]
    # ``public_lead`` (kept by triggers, migration 0008) says the article is published and
    # its story's lead: the window is read from the mention table's own index.
    window = f"""
        w AS MATERIALIZED (
            SELECT article_id FROM (
                (SELECT article_id FROM {table}
                 WHERE {column} = %s AND NOT suppressed AND public_lead
                   AND published_at IS NOT NULL
                 ORDER BY published_at DESC LIMIT %s)
                UNION ALL
                (SELECT article_id FROM {table}
                 WHERE {column} = %s AND NOT suppressed AND public_lead
                   AND published_at IS NULL LIMIT %s)
            ) m
            LIMIT %s)"""
    params: list = [entity_id, COVERAGE_WINDOW, entity_id, COVERAGE_WINDOW, COVERAGE_WINDOW]
    selects = []
    for other in kinds:
        o_table, o_column, e_table = MENTION_SQL[other]
        key = "lower(e.iso2)" if other == "country" else "e.slug"
        extra = ""
        status = "''"
        if other == kind:
            extra += f" AND m.{o_column} <> %s"
            params_extra = [entity_id]
        else:
            params_extra = []
        if other == "official":
            status = "e.status"
            extra += f" AND e.status <> '{OfficialStatus.REJECTED}' AND e.merged_into_id IS NULL"
            if kind == "country" and own_country is not None:
                extra += """ AND (e.nationality_id = %s OR EXISTS (
                    SELECT 1 FROM articles_appointment p
                    WHERE p.official_id = e.id AND p.country_id = %s))"""
                params_extra += [own_country, own_country]
        selects.append(
            f"""(SELECT '{other}', e.id, {key}, e.name, {status}, count(*) AS n
                 FROM {o_table} m JOIN {e_table} e ON e.id = m.{o_column}
                 WHERE m.article_id IN (SELECT article_id FROM w) AND NOT m.suppressed{extra}
                 GROUP BY e.id ORDER BY n DESC, e.name LIMIT %s)"""
        )
        params += [*params_extra, limit]
    selects.append("(SELECT 'size', 0, '', '', '', count(*) FROM w)")
    sql = f"WITH {window} " + " UNION ALL ".join(selects)
    out: dict[str, list[Ranked]] = {k: [] for k in kinds}
    size = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row_kind, pk, key, name, status, n in cursor.fetchall():
            if row_kind == "size":
                size = n
            else:
                out[row_kind].append(
                    Ranked(row_kind, pk, key, name, n, status == OfficialStatus.CANDIDATE)
                )
    return out, size


def entity_recent(*, kind: str, entity_id: int, limit: int = RECENT_LIMIT) -> list[Article]:
    """Return the newest public story leads mentioning an entity (dated first)."""
    model, column = {
        "country": (ArticleCountry, "country_id"),
        "official": (ArticleOfficial, "official_id"),
        "topic": (ArticleTopic, "topic_id"),
    }[kind]
    # ``public_lead``: only published story leads, straight from the mention index.
    ids = (
        model.objects.filter(**{column: entity_id}, suppressed=False, published_at__isnull=False)
        .filter(RawSQL("public_lead", [], output_field=BooleanField()))
        .order_by("-published_at")
        .values("article_id")[:limit]
    )
    rows = (
        article_public_queryset()
        .filter(id__in=ids, is_story_lead=True)
        .defer("body", "raw_text", "minhash")
        .order_by("-published_at", "-id")[:limit]
    )
    return list(rows)


def entity_coverage(
    *, kind: str, entity_id: int, kinds: tuple[str, ...], own_country: int | None = None
) -> Coverage:
    """Return an entity's timeline and what is covered together with it (two queries)."""
    series, dated, undated = entity_timeline(kind=kind, entity_id=entity_id)
    together, window = entity_together(
        kind=kind, entity_id=entity_id, kinds=kinds, own_country=own_country
    )
    return Coverage(series=series, dated=dated, undated=undated, window=window, together=together)


def country_get(*, iso2: str) -> Country | None:
    """Return the country with ISO code ``iso2`` (any case) and its aliases, or None."""
    return Country.objects.prefetch_related("aliases").filter(iso2=iso2.upper()).first()


def topic_get(*, slug: str) -> Topic | None:
    """Return the topic with ``slug`` and its parent, or None."""
    return Topic.objects.select_related("parent").filter(slug=slug).first()


def official_get(*, slug: str) -> Official | None:
    """Return the official with ``slug`` (rejected ones too: the view decides), or None."""
    return (
        Official.objects.select_related("nationality", "merged_into")
        .prefetch_related(
            "aliases",
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("country", "organisation").order_by(
                    "start_date", "id"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
