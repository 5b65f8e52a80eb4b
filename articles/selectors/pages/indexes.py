"""The country index with its search by any name, the official and topic indexes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q

from articles.models import ArticleCountry, Country, CountryAlias, Topic
from articles.selectors.reading import read_connection


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
    """A country found by the search box, with the name or alias that matched.

    ``exact``: the text is the country's name, code or one of its aliases; ``strong``: an
    exact match that names this country alone (its name, its code, or an alias not flagged
    ambiguous: "Korea" and "Congo" are exact but not strong). ``article_count`` counts what
    its list (``/articles/?country=<iso2>``) lists.
    """

    country: Country
    matched: str
    kind: str
    exact: bool
    strong: bool = False
    article_count: int = 0


def _word_start(text: str) -> str:
    r"""Return a PostgreSQL regular expression for ``text`` at the start of a word.

    Every character but letters, digits and spaces is escaped (``\.``): in PostgreSQL's
    advanced expressions a backslash before a non-alphanumeric character means it.
    """
    return r"\m" + re.sub(r"([^\w\s]|_)", r"\\\1", text)


def _telling(hit: CountryHit) -> tuple:
    return (not hit.strong, not hit.exact, hit.kind != "name", len(hit.matched))


def country_search(*, text: str, limit: int = 20) -> list[CountryHit]:
    """Return countries whose name, code or any alias matches ``text``, case-insensitively.

    A match is exact (the whole name, code or alias: "Burma", "DPRK", "Syrian", "Kiev"),
    or the text starts a word of it ("nige" finds Niger and Nigeria; "Korea" finds
    North Korea too). A strong match comes first (``CountryHit``), then the rest by
    coverage, most articles first; blocked aliases are left out. Three queries.
    """
    text = " ".join(text.replace("\x00", "").split())[:100]
    if not text:
        return []
    folded = text.lower()
    pattern = _word_start(text)
    hits: dict[int, CountryHit] = {}
    countries = Country.objects.filter(
        Q(name__iexact=text) | Q(iso2__iexact=text) | Q(iso3__iexact=text) | Q(name__iregex=pattern)
    ).only("iso2", "iso3", "name", "region")
    for country in countries:
        exact = folded in (country.name.lower(), country.iso2.lower(), country.iso3.lower())
        hits[country.pk] = CountryHit(country, country.name, "name", exact, strong=exact)
    aliases = (
        CountryAlias.objects.filter(blocked=False)
        .filter(Q(alias__iexact=text) | Q(alias__iregex=pattern))
        .select_related("country")
        .only("alias", "kind", "ambiguous", "country__iso2", "country__name", "country__region")
        .order_by("alias")[:400]
    )
    for alias in aliases:
        exact = alias.alias.lower() == folded
        found = CountryHit(
            alias.country, alias.alias, alias.kind, exact, exact and not alias.ambiguous
        )
        hit = hits.get(alias.country_id)
        # Show the most telling match: strong, then exact, then its name, then the shortest.
        if hit is None or _telling(found) < _telling(hit):
            hits[alias.country_id] = found
    counts = dict(
        ArticleCountry.objects.filter(public_lead=True, suppressed=False, country_id__in=list(hits))
        .order_by()
        .values_list("country_id")
        .annotate(n=Count("*"))
    )
    for pk, hit in hits.items():
        hit.article_count = counts.get(pk, 0)
    ordered = sorted(
        hits.values(), key=lambda h: (not h.strong, -h.article_count, not h.exact, h.country.name)
    )
    return ordered[:limit]


def country_search_redirect(hits: list[CountryHit]) -> Country | None:
    """Return the one country a search names, or None when the reader should choose.

    One country matched exactly and either strongly (its name, code or an unambiguous
    alias) or alone: "Burma", "Kiev", "Niger". "Korea" and "Congo" list every candidate.
    """
    exact = [h for h in hits if h.exact]
    if len(exact) != 1:
        return None
    if exact[0].strong or len(hits) == 1:
        return exact[0].country
    return None


def topic_index() -> list[Topic]:
    """Return every topic with its number of articles (mentions not suppressed), two queries."""
    with read_connection().cursor() as cursor:
        cursor.execute(
            """SELECT topic_id, count(*) FROM articles_articletopic
               WHERE NOT suppressed GROUP BY topic_id"""
        )
        counts = dict(cursor.fetchall())
    topics = list(Topic.objects.select_related("parent").order_by("name", "slug"))
    for topic in topics:
        topic.article_count = counts.get(topic.pk, 0)
    return topics
