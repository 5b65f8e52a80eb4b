"""Aliases of countries and organisations: block one everywhere, or in one article.

A global block (``blocked``) leaves the alias out of the extraction gazetteer
(``selectors.gazetteer_snapshot``), so the next ``reextract`` removes what it tagged.
A block for one article suppresses that entity's mention in that article (creating a
suppressed row when there is none yet): re-extraction keeps suppressed rows and never
adds an automatic mention beside them, and public pages never show them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.choices import Origin
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    CountryAlias,
    OrganisationAlias,
)

Alias = CountryAlias | OrganisationAlias


def _mention_model(alias: Alias):
    if isinstance(alias, CountryAlias):
        return ArticleCountry, "country_id", alias.country_id
    if isinstance(alias, OrganisationAlias):
        return ArticleOrganisation, "organisation_id", alias.organisation_id
    raise ValidationError("Only country and organisation aliases can be blocked here.")


@transaction.atomic
def alias_block(*, alias: Alias, blocked: bool = True, user=None) -> Alias:
    """Block ``alias`` everywhere (or unblock it); ``reextract`` applies it to stored articles."""
    if alias.blocked != blocked:
        alias.blocked = blocked
        alias.save(update_fields=["blocked", "updated_at"])
    return alias


def alias_articles(*, alias: Alias):
    """Return the ids of the articles whose automatic mention came through ``alias``."""
    model, column, entity_id = _mention_model(alias)
    return model.objects.filter(
        **{column: entity_id}, evidence__contains=[{"text": alias.alias}]
    ).values_list("article_id", flat=True)


@transaction.atomic
def alias_block_for_article(*, alias: Alias, article: Article, user=None):
    """Keep ``alias``'s country or organisation off ``article``, now and on every re-extract.

    Return the suppressed mention row.
    """
    model, column, entity_id = _mention_model(alias)
    mention = model.objects.filter(article=article, **{column: entity_id}).first()
    note = {"text": alias.alias, "start": None, "field": "", "rule": "blocked for this article"}
    if mention is None:
        mention = model(
            article=article,
            **{column: entity_id},
            count=0,
            evidence=[note],
            origin=Origin.EDITOR,
            suppressed=True,
            published_at=article.published_at,
        )
        mention.save()
    elif not mention.suppressed:
        mention.suppressed = True
        mention.evidence = [*(mention.evidence or []), note]
        mention.save(update_fields=["suppressed", "evidence"])
    return mention


@transaction.atomic
def alias_unblock_for_article(*, alias: Alias, article: Article, user=None) -> None:
    """Lift a per-article block; the next re-extract of the article may tag it again."""
    model, column, entity_id = _mention_model(alias)
    for mention in model.objects.filter(article=article, **{column: entity_id}, suppressed=True):
        if mention.origin == Origin.EDITOR and mention.count == 0:
            mention.delete()
        else:
            mention.suppressed = False
            mention.save(update_fields=["suppressed"])
