"""Read what extraction stored for given urls, in the shape ``extract.evaluation`` scores."""

from __future__ import annotations

from collections.abc import Iterable

from articles.extract.evaluation import ArticleLabels, OfficialLabel
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
)


def evaluation_predictions(*, urls: Iterable[str]) -> dict[str, ArticleLabels]:
    """Return the non-suppressed mentions of the articles with these urls, by url.

    Urls with no article are left out. Officials are the linked official's name and the
    country (or organisation) of the appointment the mention resolved to, or the raw name
    as written when unlinked. Four queries whatever the number of urls.
    """
    ids = dict(Article.objects.filter(url__in=list(urls)).values_list("id", "url"))
    countries: dict[int, set[str]] = {pk: set() for pk in ids}
    organisations: dict[int, set[str]] = {pk: set() for pk in ids}
    officials: dict[int, list[OfficialLabel]] = {pk: [] for pk in ids}
    for article_id, iso2 in ArticleCountry.objects.filter(
        article_id__in=ids, suppressed=False
    ).values_list("article_id", "country__iso2"):
        countries[article_id].add(iso2.upper())
    for article_id, slug in ArticleOrganisation.objects.filter(
        article_id__in=ids, suppressed=False
    ).values_list("article_id", "organisation__slug"):
        organisations[article_id].add(slug)
    rows = (
        ArticleOfficial.objects.filter(article_id__in=ids, suppressed=False)
        .order_by("article_id", "id")
        .values_list(
            "article_id",
            "raw_name",
            "official__name",
            "appointment__country__iso2",
            "appointment__organisation__slug",
        )
    )
    for article_id, raw_name, name, iso2, org_slug in rows:
        officials[article_id].append(
            OfficialLabel(
                name=name or raw_name,
                country=iso2.upper() if iso2 else None,
                organization=org_slug or None,
            )
        )
    return {
        url: ArticleLabels(
            url=url,
            countries=frozenset(countries[pk]),
            officials=tuple(officials[pk]),
            organizations=frozenset(organisations[pk]),
        )
        for pk, url in ids.items()
    }
