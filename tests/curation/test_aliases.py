"""Aliases of countries and organisations: blocked globally or for one article, and reextract."""

from __future__ import annotations

import pytest

from articles.choices import CountryAliasKind
from articles.models import ArticleCountry, ArticleOrganisation, CountryAlias
from articles.pipeline.reextract import articles_reextract
from articles.services import aliases as service
from tests.curation.conftest import article
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def tagged(a, iso2="JO"):
    return ArticleCountry.objects.filter(article=a, country__iso2=iso2, suppressed=False).exists()


@pytest.fixture
def stories(world):
    talks = article("Talks in Jordan", "Jordan hosted the talks. Jordan said it wants peace.")
    river = article("Jordan river", "The Jordan river is low. Jordan is worried about water.")
    amman = article("Talks in Amman", "Officials met in Amman. The Syrian side left early.")
    articles_reextract(workers=1)
    assert tagged(talks) and tagged(river) and tagged(amman)
    return {"talks": talks, "river": river, "amman": amman}


def test_global_block_is_respected_by_reextract(stories, world):
    alias = CountryAlias.objects.get(alias="Jordan")
    service.alias_block(alias=alias)
    assert list(service.alias_articles(alias=alias)) != []
    articles_reextract(workers=1)
    assert not tagged(stories["talks"]) and not tagged(stories["river"])
    # Other aliases of the country still tag: Amman is Jordan's capital.
    assert tagged(stories["amman"])
    service.alias_block(alias=alias, blocked=False)
    articles_reextract(workers=1)
    assert tagged(stories["talks"])


def test_block_for_one_article_survives_reextract(stories):
    alias = CountryAlias.objects.get(alias="Jordan")
    service.alias_block_for_article(alias=alias, article=stories["river"])
    assert not tagged(stories["river"])
    summary = articles_reextract(workers=1)
    assert summary.articles == 3
    assert not tagged(stories["river"])
    assert tagged(stories["talks"])  # only that article
    row = ArticleCountry.objects.get(article=stories["river"], country__iso2="JO")
    assert row.suppressed and row.evidence[-1]["rule"] == "blocked for this article"
    service.alias_unblock_for_article(alias=alias, article=stories["river"])
    articles_reextract(workers=1)
    assert tagged(stories["river"])


def test_block_for_an_article_not_yet_tagged_prevents_tagging(world):
    later = article("Jordan river", "The Jordan river is low. Jordan is worried about water.")
    alias = CountryAlias.objects.get(alias="Jordan")
    service.alias_block_for_article(alias=alias, article=later)
    articles_reextract(workers=1)
    assert not tagged(later)
    # The article's public page does not show it either.
    assert ArticleCountry.objects.filter(article=later).get().suppressed


def test_organisation_alias_block_for_one_article(world):
    league = OrganisationFactory(slug="arab-league", name="Arab League")
    league.aliases.create(alias="Arab League", kind="name")
    a = article("Arab League meets", "The Arab League met in Cairo.")
    articles_reextract(workers=1)
    assert ArticleOrganisation.objects.filter(article=a, suppressed=False).exists()
    service.alias_block_for_article(alias=league.aliases.get(), article=a)
    articles_reextract(workers=1)
    assert not ArticleOrganisation.objects.filter(article=a, suppressed=False).exists()


def test_admin_blocks_globally_and_per_article(stories, editor_client):
    alias = CountryAlias.objects.get(alias="Jordan")
    editor_client.post(
        "/admin/articles/countryalias/",
        {"action": "block_globally", "_selected_action": [alias.pk]},
    )
    alias.refresh_from_db()
    assert alias.blocked
    page = editor_client.get(f"/admin/articles/countryalias/{alias.pk}/block-article/")
    assert page.status_code == 200 and "Block “Jordan” in one article" in page.content.decode()
    response = editor_client.post(
        f"/admin/articles/countryalias/{alias.pk}/block-article/",
        {"article": stories["talks"].pk},
    )
    assert response.status_code == 302
    assert ArticleCountry.objects.get(article=stories["talks"], country__iso2="JO").suppressed
    bad = editor_client.post(
        f"/admin/articles/countryalias/{alias.pk}/block-article/", {"article": "999999"}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_alias_inline_edits_kind_and_ambiguity(world, editor_client):
    jordan = world["jordan"]
    aliases = list(jordan.aliases.order_by("id"))
    data = {
        "iso2": "JO",
        "iso3": jordan.iso3,
        "name": "Jordan",
        "slug": "jordan",
        "region": "Asia",
        "subregion": "",
        "aliases-TOTAL_FORMS": str(len(aliases)),
        "aliases-INITIAL_FORMS": str(len(aliases)),
    }
    for i, a in enumerate(aliases):
        data |= {
            f"aliases-{i}-id": a.pk,
            f"aliases-{i}-country": jordan.pk,
            f"aliases-{i}-alias": a.alias,
            f"aliases-{i}-kind": CountryAliasKind.ALTERNATIVE if a.alias == "Jordan" else a.kind,
            f"aliases-{i}-origin": a.origin,
        }
        if a.alias == "Jordan":
            data[f"aliases-{i}-ambiguous"] = "on"
    response = editor_client.post(f"/admin/articles/country/{jordan.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    alias = CountryAlias.objects.get(alias="Jordan")
    assert alias.ambiguous and alias.kind == CountryAliasKind.ALTERNATIVE
