"""Reads: base querysets and composed queries used by pages, the API and commands."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Article,
    Country,
    Official,
    Organisation,
    Source,
    Topic,
)


def article_public_queryset() -> QuerySet[Article]:
    """Return the articles the public may see, with what list rows display."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related("source")


def corpus_counts() -> dict[str, int]:
    """Return how much is loaded: articles, sources, countries, officials, organisations, topics."""
    return {
        "articles": article_public_queryset().count(),
        "sources": Source.objects.count(),
        "countries": Country.objects.count(),
        "officials": Official.objects.filter(status=OfficialStatus.CONFIRMED).count(),
        "organisations": Organisation.objects.count(),
        "topics": Topic.objects.count(),
    }


def countries_by_region() -> list[tuple[str, list[Country]]]:
    """Return every country with its article count, grouped by region in name order."""
    countries = Country.objects.annotate(
        article_count=Count("mentions", filter=Q(mentions__article__status=ArticleStatus.PUBLISHED))
    ).order_by("region", "name")
    grouped: dict[str, list[Country]] = defaultdict(list)
    for country in countries:
        grouped[country.region or "Other"].append(country)
    return sorted(grouped.items())


def article_latest(*, limit: int = 10) -> list[Article]:
    """Return the newest dated public articles."""
    return list(
        article_public_queryset()
        .filter(published_at__isnull=False)
        .order_by("-published_at", "-id")[:limit]
    )
