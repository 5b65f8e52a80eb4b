"""Editor mentions made through the curation services survive re-extraction."""

from __future__ import annotations

import pytest

from articles.choices import CountryAliasKind, Origin
from articles.models import ArticleCountry, ArticleTopic
from articles.pipeline.reextract import articles_reextract
from articles.services import audit, curation
from tests.factories import ArticleFactory, CountryAliasFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def shown(article) -> set[str]:
    return set(
        ArticleCountry.objects.filter(article=article, suppressed=False).values_list(
            "country__iso2", flat=True
        )
    )


@pytest.fixture
def tagged():
    """An article about Syria and China, tagged by the real extractor from a small gazetteer."""
    for iso2, name in (("SY", "Syria"), ("CN", "China"), ("IL", "Israel")):
        country = CountryFactory(iso2=iso2, name=name, slug=name.lower())
        CountryAliasFactory(country=country, alias=name, kind=CountryAliasKind.NAME)
    article = ArticleFactory(
        title="Syria talks stall",
        body="Envoys from Syria and China met in Geneva. China said talks would go on.",
    )
    articles_reextract(article_ids=[article.pk], workers=1)
    assert shown(article) == {"SY", "CN"}
    return article


def test_editor_mentions_survive_reextract_and_reverts_apply(tagged, editor):
    article = tagged
    israel = CountryFactory(iso2="IL")
    topic = TopicFactory()
    curation.mention_add(article=article, kind="countries", entity_id=israel.pk, user=editor)
    curation.articles_add_topic(articles=[article], topic=topic, user=editor)
    china = ArticleCountry.objects.get(article=article, country__iso2="CN")
    curation.mention_remove(mention=china, user=editor)

    articles_reextract(article_ids=[article.pk], workers=1)
    assert shown(article) == {"SY", "IL"}
    assert ArticleCountry.objects.get(article=article, country=israel).origin == Origin.EDITOR
    assert ArticleTopic.objects.get(article=article, topic=topic).suppressed is False

    # The first edit of an automatic mention recorded its state before, so the removal
    # shows before → after and can be reverted; re-extraction then keeps China (the text
    # names it) as an automatic mention again.
    removal = china.history.order_by("-history_id").first()
    assert removal.history_user == editor
    assert removal.prev_record.history_user is None
    audit.mention_change_revert(
        model_name="articlecountry", history_id=removal.history_id, user=editor
    )
    articles_reextract(article_ids=[article.pk], workers=1)
    assert shown(article) == {"SY", "CN", "IL"}
    assert ArticleCountry.objects.get(article=article, country__iso2="CN").origin == (
        Origin.AUTOMATIC
    )


def test_reverting_an_editor_addition_keeps_it_out_after_reextract(tagged, editor):
    israel = CountryFactory(iso2="IL")
    mention = curation.mention_add(
        article=tagged, kind="countries", entity_id=israel.pk, user=editor
    )
    added = mention.history.get(history_type="+")
    audit.mention_change_revert(
        model_name="articlecountry", history_id=added.history_id, user=editor
    )
    articles_reextract(article_ids=[tagged.pk], workers=1)
    assert shown(tagged) == {"SY", "CN"}
