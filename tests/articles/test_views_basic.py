"""The foundation's pages: the home page shows what is loaded, in base.html's layout."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, CountryAliasFactory, CountryFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def test_home_shows_counts_latest_articles_and_countries(client, django_assert_max_num_queries):
    syria = CountryFactory(iso2="SY", name="Syria", slug="syria", region="Asia")
    CountryFactory(iso2="FR", name="France", slug="france", region="Europe")
    OfficialFactory()
    article = ArticleFactory(title="Envoy meets Syrian foreign minister")
    ArticleFactory(title="Hidden one", status="hidden")
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html  # base.html's layout
    counts = response.context["counts"]
    assert counts["articles"] == 1  # hidden articles are not counted
    assert counts["countries"] == 2
    assert counts["officials"] == 1
    assert article.title in html
    assert "Hidden one" not in html
    assert f'href="{syria.get_absolute_url()}"' in html
    assert [region for region, _ in response.context["regions"]] == ["Asia", "Europe"]


def test_home_empty_state_tells_what_to_do(client):
    response = client.get("/")
    assert "No articles yet" in response.content.decode()
    assert "load_reference" in response.content.decode()


def test_country_page_lists_aliases_and_unknown_code_is_404(client):
    alias = CountryAliasFactory(country=CountryFactory(iso2="MM", name="Myanmar"), alias="Burma")
    response = client.get("/countries/mm/")
    assert response.status_code == 200
    assert alias.alias in response.content.decode()
    assert client.get("/countries/zz/").status_code == 404


def test_article_detail_redirects_to_canonical_slug(client):
    article = ArticleFactory(title="Talks in Geneva")
    response = client.get(reverse("articles:article_detail", kwargs={"pk": article.pk}))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
