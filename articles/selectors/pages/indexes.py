"""The country index with its search by any name, the topic index.

Every count is the count of the list it opens, taken from the search index exactly as the
list's facets take it: one terms aggregation over every public story (a story carries
what any of its public copies mentions), kept per index generation by
``results.overview``. Counting the story leads' mentions in PostgreSQL missed the stories
whose copy alone mentions an entity (``/countries/`` showed Cuba 228, its list 229).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from articles.models import Country, CountryAlias, Topic

from .common import index_counts

# Countries and topics counted by the index in one request: far above either table (about
# 250 countries, a few hundred topics), under the engine's 65,000 buckets per request.
COUNTRIES_SCAN = 5_000
TOPICS_SCAN = 60_000


def country_counts() -> dict[int, int]:
    """Return {country id: number of articles} as its list counts them.

    Published articles, one per story (a story counted when any public copy mentions the
    country), suppressed mentions left out: the unfiltered list's ``country`` facet over
    every country, so each number is the count of ``/articles/?country=<iso2>``. One
    aggregation per index generation (then cached).
    """
    return index_counts("country", COUNTRIES_SCAN)


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
    coverage, most articles first; blocked aliases are left out. Two queries, and the
    index's counts (``country_counts``: what each country's list counts), kept per index
    generation.
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
    counts = country_counts()
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
    """Return every topic with its number of articles, as ``/articles/?topic=<slug>``
    counts them (the index's ``topic`` facet, cached per generation): one query."""
    counts = index_counts("topic", TOPICS_SCAN)
    topics = list(Topic.objects.select_related("parent").order_by("name", "slug"))
    for topic in topics:
        topic.article_count = counts.get(topic.pk, 0)
    return topics
