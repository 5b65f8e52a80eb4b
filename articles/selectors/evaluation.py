"""Read what extraction stored for given urls, in the shape ``extract.evaluation`` scores."""

from __future__ import annotations

from collections.abc import Iterable

from articles.extract.evaluation import ArticleLabels, OfficialLabel, label_kind
from articles.extract.posts import post_kind
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
    as written when unlinked, with the post shown beside them (its kind, and former or
    not). Five queries whatever the number of urls.
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
    mentions = (
        ArticleOfficial.objects.filter(article_id__in=ids, suppressed=False)
        .select_related("official", "appointment__country", "appointment__organisation")
        .prefetch_related("official__aliases")
        .order_by("article_id", "id")
    )
    for m in mentions:
        a = m.appointment
        officials[m.article_id].append(
            OfficialLabel(
                name=m.official.name if m.official else m.raw_name,
                country=a.country.iso2.upper() if a and a.country else None,
                organization=a.organisation.slug if a and a.organisation else None,
                kind=label_kind(
                    a.post_kind if a else post_kind(m.raw_title) if m.raw_title else "",
                    a.organisation.slug if a and a.organisation else None,
                ),
                post=m.post_display,
                former=m.former,
                aliases=tuple(a.alias for a in m.official.aliases.all()) if m.official else (),
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
