"""The Articles admin: changelist (filters, search, drill-down, query counts), change form,
mention inlines saved through the services, curation buttons and bulk actions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib import admin

from articles.admin.articles import ArticleAdmin
from articles.choices import ArticleStatus, OfficialStatus, Origin
from articles.models import Article, ArticleCountry, ArticleOfficial, ArticleTopic
from articles.pipeline.reextract import articles_reextract
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CountryFactory,
    OfficialFactory,
    SourceFactory,
    TopicFactory,
)

from .forms import change_form_data, inline_prefix

pytestmark = pytest.mark.django_db
LIST = "/admin/articles/article/"


def listed(response) -> list[int]:
    return [article.pk for article in response.context["cl"].result_list]


@pytest.fixture
def many(world):
    """30 articles with 3 countries and 2 officials each, over two years."""
    countries = [world["syria"], world["france"], CountryFactory(iso2="RU", name="Russia")]
    officials = [world["official"], OfficialFactory(status=OfficialStatus.CANDIDATE)]
    articles = []
    for i in range(30):
        article = ArticleFactory(
            published_at=datetime(2012 + i % 2, 1 + i % 12, 1 + i % 28, 12, tzinfo=UTC)
        )
        for country in countries:
            ArticleCountry.objects.create(article=article, country=country)
        for official in officials:
            ArticleOfficial.objects.create(
                article=article, official=official, raw_name=official.name
            )
        articles.append(article)
    return articles


def test_changelist_query_count_does_not_grow_with_rows(
    editor_client, many, django_assert_max_num_queries
):
    # Fixed cost: session, user, permissions, filter choices, bounded count, page, two
    # prefetches, and one date-index probe per year present (three here) plus one.
    with django_assert_max_num_queries(19):
        response = editor_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    # Compact countries and officials, candidates marked with "?".
    assert "SY, FR, RU" in html
    assert "Walid Mouallem" in html and "?</td>" in html
    # Fixed cost: session, user, permissions, filter choices, bounded count, page, two
    # prefetches, and one date-index probe per year present (three here) plus one.
    with django_assert_max_num_queries(19):
        editor_client.get(LIST, {"country": str(many[0].articlecountry_set.first().country_id)})


def test_changelist_does_not_count_the_whole_table(editor_client, many):
    response = editor_client.get(LIST)
    cl = response.context["cl"]
    assert cl.show_full_result_count is False
    assert cl.paginator.count == Article.objects.count()  # small tables are counted exactly


def test_changelist_date_drill_down_uses_probes(editor_client, many, django_assert_max_num_queries):
    # Years: one probe per year present, and an empty one.
    with django_assert_max_num_queries(18):
        html = editor_client.get(LIST).content.decode()
    assert "published_at__year=2012" in html and "published_at__year=2013" in html
    months = editor_client.get(LIST, {"published_at__year": "2012"}).content.decode()
    expected = {a.published_at.month for a in many if a.published_at.year == 2012}
    shown = {m for m in range(1, 13) if f"published_at__month={m}&" in months}
    assert shown == expected
    day = many[0].published_at
    days = editor_client.get(
        LIST, {"published_at__year": day.year, "published_at__month": day.month}
    )
    assert listed(days) and all(
        Article.objects.get(pk=pk).published_at.month == day.month for pk in listed(days)
    )


def test_filters(editor_client, world, many):
    hidden = ArticleFactory(status=ArticleStatus.HIDDEN, published_at=None)
    other_source = ArticleFactory(source=SourceFactory(name="Other outlet", slug="other"))
    topic = TopicFactory()
    ArticleTopic.objects.create(article=many[3], topic=topic)
    candidates = {a.pk for a in many}
    cases = [
        ({"status__exact": "hidden"}, {hidden.pk}),
        ({"undated": "1"}, {hidden.pk}),
        ({"source__id__exact": other_source.source_id}, {other_source.pk}),
        ({"topic": str(topic.pk)}, {many[3].pk}),
        ({"country": str(world["france"].pk)}, candidates),
        ({"candidates": "1"}, candidates),
        ({"reviewed__exact": "1"}, set()),
    ]
    for params, expected in cases:
        response = editor_client.get(LIST, params)
        assert response.status_code == 200, params
        assert set(listed(response)) == expected, params


def test_import_run_filter(editor_client, world):
    from articles.models import ImportRun

    run = ImportRun.objects.create()
    imported = ArticleFactory(import_run=run)
    response = editor_client.get(LIST, {"import_run": str(run.pk)})
    assert listed(response) == [imported.pk]
    assert editor_client.get(LIST, {"import_run": "x"}).status_code == 200


def test_search_uses_the_full_text_index(editor_client, world):
    ArticleFactory(title="Grain deal extended", body="Ships left Odesa.")
    article = world["article"]
    response = editor_client.get(LIST, {"q": "diplomats"})  # in the body, stemmed
    assert listed(response) == [article.pk]
    assert listed(editor_client.get(LIST, {"q": str(article.pk)})) == [article.pk]
    assert listed(editor_client.get(LIST, {"q": '"grain deal" -syria'})) != []
    assert editor_client.get(LIST, {"q": '"unbalanced'}).status_code == 200
    # The SQL of the search itself: the tsvector match, no LIKE over bodies.
    model_admin = ArticleAdmin(Article, admin.site)
    queryset, _ = model_admin.get_search_results(None, Article.objects.all(), "diplomats")
    assert "@@" in str(queryset.query) and "LIKE" not in str(queryset.query).upper()


def test_or_joins_the_two_words_beside_it_as_on_the_public_pages(editor_client, world):
    grain = ArticleFactory(title="Grain deal extended", body="Ships left Odesa.")
    ArticleFactory(title="Grain prices", body="Markets rose.")
    # grain and (odesa or syria): not (grain and odesa) or syria.
    assert listed(editor_client.get(LIST, {"q": "grain odesa or syria"})) == [grain.pk]
    assert listed(editor_client.get(LIST, {"q": "the of"})) == []  # stop words alone


def test_a_phrase_search_comes_from_the_index_with_hidden_articles_and_copies(editor_client, world):
    hidden = ArticleFactory(title="Peace talks stall", body="Envoys left.", status="hidden")
    copy = ArticleFactory(title="Peace talks stall again", body="Envoys left twice.")
    Article.objects.filter(pk=copy.pk).update(is_story_lead=False)
    ArticleFactory(title="Talks about peace", body="Words apart, not the phrase.")
    response = editor_client.get(LIST, {"q": '"peace talks"'})
    assert sorted(listed(response)) == sorted([hidden.pk, copy.pk])
    model_admin = ArticleAdmin(Article, admin.site)
    queryset, _ = model_admin.get_search_results(None, Article.objects.all(), '"peace talks"')
    assert "ANY" in str(queryset.query) and "@@" not in str(queryset.query)


def test_change_form_shows_texts_evidence_and_site_link(editor_client, world):
    article = world["article"]
    response = editor_client.get(f"{LIST}{article.pk}/change/")
    html = response.content.decode()
    assert "Cleaned body" in html and "Raw text" in html
    assert "<mark>Syrian</mark>" in html and "body @" in html and "demonym" in html
    # "View on site" goes through the admin's shortcut to the public page.
    from django.contrib.contenttypes.models import ContentType

    shortcut = f"/admin/r/{ContentType.objects.get_for_model(Article).pk}/{article.pk}/"
    assert shortcut in html
    assert editor_client.get(shortcut)["Location"].endswith(article.get_absolute_url())
    assert 'name="_hide"' in html and 'name="_mark_reviewed"' in html


def test_change_form_adds_and_removes_mentions_as_an_editor(editor_client, world, editor):
    article = world["article"]
    url = f"{LIST}{article.pk}/change/"
    page = editor_client.get(url)
    data = change_form_data(page)
    countries = inline_prefix(page, "articlecountry")
    topics = inline_prefix(page, "articletopic")
    # Remove Syria (automatic), add France and a topic.
    data[f"{countries}-0-DELETE"] = "on"
    data[f"{countries}-1-country"] = world["france"].pk
    data[f"{countries}-TOTAL_FORMS"] = 2
    data[f"{topics}-0-topic"] = world["topic"].pk
    data[f"{topics}-TOTAL_FORMS"] = 1
    data["title"] = "Syria talks resume in Geneva"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    syria = ArticleCountry.objects.get(article=article, country=world["syria"])
    assert syria.suppressed is True  # kept, so re-extraction leaves it out
    france = ArticleCountry.objects.get(article=article, country=world["france"])
    assert (france.origin, france.suppressed) == (Origin.EDITOR, False)
    assert ArticleTopic.objects.get(article=article).origin == Origin.EDITOR
    article.refresh_from_db()
    assert article.title == "Syria talks resume in Geneva"
    for obj in (syria, france, article):
        assert obj.history.order_by("-history_id").first().history_user == editor


@pytest.mark.parametrize(
    ("button", "check"),
    [
        ("_hide", lambda a: a.status == ArticleStatus.HIDDEN),
        ("_mark_reviewed", lambda a: a.reviewed and a.reviewed_by is not None),
        ("_reextract", lambda a: a.extractor_version > 0),
    ],
)
def test_change_form_buttons(editor_client, world, button, check):
    article = world["article"]
    url = f"{LIST}{article.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data[button] = "1"
    response = editor_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    article.refresh_from_db()
    assert check(article)


def test_publish_button_on_a_hidden_article(editor_client, world):
    article = world["article"]
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.HIDDEN)
    url = f"{LIST}{article.pk}/change/"
    page = editor_client.get(url)
    assert 'name="_publish"' in page.content.decode()
    data = change_form_data(page)
    data["_publish"] = "1"
    editor_client.post(url, data)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


def run_action(client, action, articles, **extra):
    return client.post(
        LIST, {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    )


def test_bulk_hide_publish_review(editor_client, many, editor):
    chosen = many[:3]
    run_action(editor_client, "hide", chosen)
    assert set(
        Article.objects.filter(pk__in=[a.pk for a in chosen]).values_list("status", flat=True)
    ) == {ArticleStatus.HIDDEN}
    assert Article.objects.filter(status=ArticleStatus.HIDDEN).count() == 3
    run_action(editor_client, "publish", chosen[:1])
    assert Article.objects.filter(status=ArticleStatus.HIDDEN).count() == 2
    run_action(editor_client, "mark_reviewed", chosen)
    reviewed = Article.objects.filter(reviewed=True)
    assert {a.pk for a in reviewed} == {a.pk for a in chosen}
    assert {a.reviewed_by_id for a in reviewed} == {editor.pk}
    # Each article's history has the hide, by the editor.
    assert chosen[1].history.filter(status=ArticleStatus.HIDDEN, history_user=editor).exists()


def test_bulk_add_topic_asks_which_topic_first(editor_client, many, world):
    chosen = many[:2]
    page = run_action(editor_client, "add_topic", chosen)
    assert page.status_code == 200 and "Topic to add" in page.content.decode()
    assert not ArticleTopic.objects.exists()
    done = run_action(editor_client, "add_topic", chosen, apply="1", topic=world["topic"].pk)
    assert done.status_code == 302
    assert set(ArticleTopic.objects.values_list("article_id", "origin")) == {
        (a.pk, Origin.EDITOR) for a in chosen
    }
    invalid = run_action(editor_client, "add_topic", chosen, apply="1", topic="999999")
    assert invalid.status_code == 200 and ArticleTopic.objects.count() == 2


def test_bulk_reextract(editor_client, many):
    run_action(editor_client, "reextract", many[:2])
    versions = dict(Article.objects.values_list("pk", "extractor_version"))
    assert versions[many[0].pk] > 0 and versions[many[2].pk] == 0


def test_history_page_of_an_article(editor_client, world, editor):
    from articles.services import curation

    curation.articles_set_status(
        articles=[world["article"]], status=ArticleStatus.HIDDEN, user=editor
    )
    page = editor_client.get(f"{LIST}{world['article'].pk}/history/")
    newest = list(page.context["page_obj"])[0]
    assert (newest.status, newest.history_user) == (ArticleStatus.HIDDEN, editor)


def test_mention_changelists_and_autocomplete(editor_client, world, django_assert_max_num_queries):
    for model in ("articlecountry", "articleofficial", "articleorganisation", "articletopic"):
        with django_assert_max_num_queries(12):
            assert editor_client.get(f"/admin/articles/{model}/").status_code == 200
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Syr",
            "app_label": "articles",
            "model_name": "articlecountry",
            "field_name": "country",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Syria"]
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "diplomats",
            "app_label": "articles",
            "model_name": "articlecountry",
            "field_name": "article",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(world["article"].pk)]


def test_drill_down_with_a_filter_keeps_the_filter_and_probes_the_whole_table(
    editor_client, many, world, django_assert_max_num_queries
):
    country = str(world["france"].pk)
    with django_assert_max_num_queries(19):
        html = editor_client.get(LIST, {"country": country}).content.decode()
    assert f"country={country}&amp;published_at__year=2012" in html


def test_capped_count_says_plus(editor_client, many, monkeypatch):
    from articles.admin import changelist

    monkeypatch.setattr(changelist, "COUNT_CAP", 5)
    html = editor_client.get(LIST, {"country": str(many[0].articlecountry_set.first().country_id)})
    assert "5+ articles" in html.content.decode()
    assert "31 articles" in editor_client.get(LIST).content.decode()  # unfiltered: exact


def test_change_form_adds_an_official_by_hand(editor_client, world):
    article = world["article"]
    extra = OfficialFactory(name="Sergey Lavrov")
    url = f"{LIST}{article.pk}/change/"
    page = editor_client.get(url)
    data = change_form_data(page)
    officials = inline_prefix(page, "articleofficial")
    existing = int(data[f"{officials}-TOTAL_FORMS"])
    data[f"{officials}-{existing}-official"] = extra.pk
    data[f"{officials}-TOTAL_FORMS"] = existing + 1
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    mention = ArticleOfficial.objects.get(article=article, official=extra)
    assert (mention.origin, mention.raw_name) == (Origin.EDITOR, "Sergey Lavrov")


def test_editor_corrects_an_official_post_and_reextraction_keeps_it(editor_client, world):
    article = world["article"]
    minister = AppointmentFactory(official=world["official"], country=world["syria"])
    other = AppointmentFactory(post="Ambassador", post_kind="ambassador", country=world["france"])
    url = f"{LIST}{article.pk}/change/"
    page = editor_client.get(url)
    html = page.content.decode()
    assert "Foreign Minister, Syria" in html  # the official's own posts are offered
    assert "Ambassador, France" not in html  # another official's are not
    data = change_form_data(page)
    officials = inline_prefix(page, "articleofficial")
    data[f"{officials}-0-appointment"] = minister.pk
    data[f"{officials}-0-raw_title"] = "Syria's foreign minister"
    data[f"{officials}-0-former"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    mention = ArticleOfficial.objects.get(article=article, official=world["official"])
    assert (mention.appointment_id, mention.raw_title, mention.former, mention.origin) == (
        minister.pk,
        "Syria's foreign minister",
        True,
        Origin.EDITOR,
    )
    assert mention.post_display == "former Foreign Minister of Syria"

    articles_reextract(article_ids=[article.pk], workers=1)
    mention.refresh_from_db()
    assert (mention.appointment_id, mention.former, mention.origin) == (
        minister.pk,
        True,
        Origin.EDITOR,
    )

    # A post of another official is refused, not stored.
    data = change_form_data(editor_client.get(url))
    data[f"{officials}-0-appointment"] = other.pk
    response = editor_client.post(url, data)
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    mention.refresh_from_db()
    assert mention.appointment_id == minister.pk
