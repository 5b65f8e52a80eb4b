"""Country, official, organisation, topic and outlet pages: coverage over time, what is
covered together, recent articles.

Every number comes from the search index over every match (``articles.search.results``):
an entity's page counts what ``/articles/?<kind>=<entity>`` lists by default (published
articles, one per story, suppressed mentions left out; an outlet's every own copy, as a
source filter lists them), and each entry covered together with it counts exactly what
its link (``/articles/?<kind>=<entity>&<other>=<entry>``) lists. PostgreSQL reads the
names of the entries shown and the recent rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Prefetch

from articles.choices import OfficialStatus
from articles.models import Appointment, Article, Country, Official, Topic
from articles.search import results
from articles.selectors import article_public_queryset
from articles.selectors.browse import ArticleCriteria, Entity, fill_periods
from articles.selectors.reading import read_connection

from .common import MENTION_SQL, RECENT_LIMIT, TOP_LIMIT, Ranked

# Officials fetched from the index when a country page keeps only the country's own
# officials (a filter the index cannot express): every co-mentioned official up to this
# many, so the own ones are found among them with their exact counts. Kept under the
# engine's 65,000 buckets per request, which the other lists and the months share.
OWN_OFFICIALS_SCAN = 40_000

# Entity kind → (the entity's parameter value, its status) in the naming statement.
_COLUMNS = {
    "country": ("lower(e.iso2)", "''"),
    "official": ("e.slug", "e.status"),
    "organization": ("e.slug", "''"),
    "topic": ("e.slug", "''"),
}


@dataclass
class Coverage:
    """An entity's coverage: per month, undated, and what is covered together with it."""

    series: list[tuple[date, int]]
    dated: int
    undated: int
    together: dict[str, list[Ranked]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.dated + self.undated


def entity_criteria(*, kind: str, entity: Entity) -> ArticleCriteria:
    """Return the list's criteria of one entity (``/articles/?<kind>=<entity>``)."""
    return ArticleCriteria(**{kind: (entity,)})


def entity_coverage(
    *,
    kind: str,
    entity: Entity,
    kinds: tuple[str, ...],
    own_country: int | None = None,
    limit: int = TOP_LIMIT,
) -> Coverage:
    """Return an entity's monthly timeline and what is most often covered together with it.

    One index request (the total, the months, the entries of ``kinds``) and one statement
    naming the entries shown. For ``kind="country"`` with ``own_country``, ``official``
    lists that country's own officials (nationality or a post for it).
    """
    own = own_country is not None and "official" in kinds
    found = results.overview(
        entity_criteria(kind=kind, entity=entity),
        facet_kinds=kinds,
        # The entity itself tops its own kind's entries: one more keeps ``limit`` others.
        facet_limit=OWN_OFFICIALS_SCAN if own else limit + 1,
        granularity="month",
    )
    counted = {
        other: [(pk, n) for pk, n in found.facets[other] if not (other == kind and pk == entity.id)]
        for other in kinds
    }
    dated = sum(found.periods.values())
    return Coverage(
        series=fill_periods(found.periods, "month"),
        dated=dated,
        undated=found.total - dated,
        together=_ranked(counted, own_country=own_country if own else None, limit=limit),
    )


def _ranked(
    counted: dict[str, list[tuple[int, int]]], *, own_country: int | None, limit: int
) -> dict[str, list[Ranked]]:
    """Return the top ``limit`` entries of each kind, named, ordered by count then name.

    One statement names the entries; rejected and merged officials are left out. With
    ``own_country``, it reads that country's officials instead (nationality or a post for
    it: a few hundred at most), matched here to their counts among every co-mentioned one.
    """
    parts, params = [], []
    for kind, entries in counted.items():
        if not entries:
            continue
        _, _, table = MENTION_SQL[kind]
        key, status = _COLUMNS[kind]
        select = f"SELECT '{kind}', e.id, {key}, e.name, {status} FROM {table} e"
        if kind == "official" and own_country is not None:
            # Driven from the country's officials (both foreign keys are indexed), each
            # then read by its primary key.
            parts.append(
                f"""{select} JOIN (
                    SELECT o.id FROM articles_official o WHERE o.nationality_id = %s
                    UNION
                    SELECT p.official_id FROM articles_appointment p WHERE p.country_id = %s
                ) own ON own.id = e.id
                WHERE e.status <> %s AND e.merged_into_id IS NULL"""
            )
            params += [own_country, own_country, OfficialStatus.REJECTED]
            continue
        # The index orders ties arbitrarily: the spare entries let them be ordered by name.
        parts.append(f"{select} WHERE e.id = ANY(%s)")
        params.append([pk for pk, _ in entries[: limit + results.FACET_SPARE]])
        if kind == "official":
            parts[-1] += " AND e.status <> %s AND e.merged_into_id IS NULL"
            params.append(OfficialStatus.REJECTED)
    out: dict[str, list[Ranked]] = {kind: [] for kind in counted}
    if not parts:
        return out
    counts = {kind: dict(entries) for kind, entries in counted.items()}
    with read_connection().cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, pk, key, name, status in cursor.fetchall():
            n = counts[kind].get(pk)
            if n:
                out[kind].append(Ranked(kind, pk, key, name, n, status == OfficialStatus.CANDIDATE))
    for items in out.values():
        items.sort(key=lambda item: (-item.count, item.name))
        del items[limit:]
    return out


def entity_recent(
    *, kind: str, entity: Entity, limit: int = RECENT_LIMIT, focus: bool = False
) -> list[Article]:
    """Return the newest dated public story leads about an entity, newest first.

    The index gives the ids in order (undated articles sort last and are left out);
    PostgreSQL reads those rows, public ones only (the index may be a moment behind); a
    story's row is the copy that stands for it (``results.standing``). ``focus``: only
    articles where the entity (a country or official) is a focus.
    """
    return entity_recent_read(kind=kind, entity=entity, limit=limit, focus=focus).rows


@dataclass
class Recent:
    """An entity's newest dated articles and the exact size of the list they come from."""

    rows: list[Article]
    total: int  # what ``/articles/?<kind>=<entity>`` (with ``focus=1``) counts


def entity_recent_read(
    *, kind: str, entity: Entity, limit: int = RECENT_LIMIT, focus: bool = False
) -> Recent:
    """Return ``entity_recent``'s rows with the total of the list they are the top of."""
    criteria = replace(entity_criteria(kind=kind, entity=entity), focus=focus)
    found = results.hits(criteria, sort="newest", limit=limit)
    rows = (
        article_public_queryset()
        .filter(id__in=found.ids, published_at__isnull=False)
        .defer("body", "raw_text", "minhash", "search_vector", "duplicate_keys")
    )
    by_id = {row.id: row for row in rows}
    return Recent([by_id[pk] for pk in found.ids if pk in by_id], found.total)


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
