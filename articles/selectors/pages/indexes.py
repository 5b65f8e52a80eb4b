"""The country index with its search by any name, the official and topic indexes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet

from articles.choices import OfficialStatus
from articles.models import ArticleCountry, Country, CountryAlias, Official, OfficialAlias, Topic


def country_counts() -> dict[int, int]:
    """Return each country's number of articles as its page and list count them.

    Published articles, one per story, suppressed mentions left out: an index-only scan
    of the mention table's ``articlecountry_lead_idx`` (``public_lead``, migration 0008).
    """
    rows = (
        ArticleCountry.objects.filter(public_lead=True, suppressed=False)
        .order_by()
        .values_list("country_id")
        .annotate(n=Count("*"))
    )
    return dict(rows)


def country_index() -> list[tuple[str, list[Country]]]:
    """Return every country with its article count, grouped by region, in name order."""
    counts = country_counts()
    grouped: dict[str, list[Country]] = {}
    for country in Country.objects.only("iso2", "name", "region").order_by("region", "name"):
        country.article_count = counts.get(country.pk, 0)
        grouped.setdefault(country.region or "Other", []).append(country)
    return sorted(grouped.items(), key=lambda item: (item[0] == "Other", item[0]))


@dataclass
class CountryHit:
    """A country found by the search box, with the name or alias that matched."""

    country: Country
    matched: str
    kind: str
    exact: bool


def country_search(*, text: str, limit: int = 20) -> list[CountryHit]:
    """Return countries whose name, code or any alias matches ``text``, case-insensitively.

    Exact matches come first ("Burma", "DPRK", "Syrian"), then names and aliases that
    start with the text; blocked aliases are left out. Two queries.
    """
    text = " ".join(text.replace("\x00", "").split())[:100]
    if not text:
        return []
    folded = text.lower()
    hits: dict[int, CountryHit] = {}
    countries = Country.objects.filter(
        Q(name__iexact=text)
        | Q(iso2__iexact=text)
        | Q(iso3__iexact=text)
        | Q(name__istartswith=text)
    ).only("iso2", "iso3", "name", "region")
    for country in countries:
        exact = folded in (country.name.lower(), country.iso2.lower(), country.iso3.lower())
        hits[country.pk] = CountryHit(country, country.name, "name", exact)
    aliases = (
        CountryAlias.objects.filter(blocked=False)
        .filter(Q(alias__iexact=text) | Q(alias__istartswith=text))
        .select_related("country")
        .only("alias", "kind", "country__iso2", "country__name", "country__region")
        .order_by("alias")[:200]
    )
    for alias in aliases:
        exact = alias.alias.lower() == folded
        hit = hits.get(alias.country_id)
        # Show the most telling match: an exact one, else the shortest alias.
        shorter = hit is not None and hit.kind != "name" and len(alias.alias) < len(hit.matched)
        if hit is None or (exact and not hit.exact) or (shorter and not hit.exact):
            hits[alias.country_id] = CountryHit(alias.country, alias.alias, alias.kind, exact)
    ordered = sorted(hits.values(), key=lambda h: (not h.exact, h.country.name))
    return ordered[:limit]


def topic_index() -> list[Topic]:
    """Return every topic with its number of articles (mentions not suppressed), two queries."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT topic_id, count(*) FROM articles_articletopic
               WHERE NOT suppressed GROUP BY topic_id"""
        )
        counts = dict(cursor.fetchall())
    topics = list(Topic.objects.select_related("parent").order_by("name", "slug"))
    for topic in topics:
        topic.article_count = counts.get(topic.pk, 0)
    return topics


def official_index(*, text: str = "") -> QuerySet[Official]:
    """Return confirmed officials by name; with ``text``, confirmed and candidate officials
    whose name or an alias contains it (case-insensitive), confirmed first.
    """
    text = " ".join(text.replace("\x00", "").split())[:100]
    officials = Official.objects.filter(merged_into__isnull=True).only("name", "slug", "status")
    if not text:
        return officials.filter(status=OfficialStatus.CONFIRMED).order_by("name", "id")
    named = Q(name__icontains=text) | Q(
        id__in=OfficialAlias.objects.filter(alias__icontains=text, blocked=False).values(
            "official_id"
        )
    )
    # "confirmed" sorts after "candidate": descending puts confirmed officials first.
    return (
        officials.filter(named)
        .exclude(status=OfficialStatus.REJECTED)
        .order_by("-status", "name", "id")
    )
