"""Curation services: mentions by hand, status, review, topics; each change in the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from articles.choices import ArticleStatus, Origin
from articles.models import Article, ArticleCountry, ArticleTopic
from articles.pipeline import retry
from articles.services import curation
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def last_history(instance):
    return instance.history.order_by("-history_id").first()


def test_mention_add_stores_an_editor_mention_with_its_author(world, editor):
    article, france = world["article"], world["france"]
    mention = curation.mention_add(
        article=article, kind="countries", entity_id=france.pk, user=editor
    )
    assert (mention.origin, mention.suppressed) == (Origin.EDITOR, False)
    assert mention.evidence[0]["rule"] == curation.EDITOR_RULE
    assert mention.published_at == article.published_at
    record = last_history(mention)
    assert record.history_type == "+"
    assert record.history_user == editor


def test_mention_add_on_an_automatic_mention_makes_it_the_editors(world, editor):
    mention = world["syria_mention"]
    curation.mention_add(
        article=world["article"], kind="countries", entity_id=world["syria"].pk, user=editor
    )
    mention.refresh_from_db()
    assert mention.origin == Origin.EDITOR
    assert ArticleCountry.objects.filter(article=world["article"]).count() == 1


def test_mention_add_of_an_official_links_the_post_held_that_day(world, editor):
    from tests.factories import AppointmentFactory

    article = world["article"]
    official = world["official"]
    day = article.published_at.date()
    held = AppointmentFactory(
        official=official, start_date=day.replace(year=day.year - 1), end_date=None
    )
    AppointmentFactory(official=official, start_date=None, end_date=day.replace(year=day.year - 2))
    world["article"].articleofficial_set.all().delete()
    mention = curation.mention_add(
        article=article, kind="officials", entity_id=official.pk, user=editor
    )
    assert mention.appointment_id == held.pk
    assert mention.raw_name == official.name


@pytest.mark.parametrize(
    ("kind", "entity_id", "message"),
    [("planets", 1, "unknown mention kind"), ("countries", 999_999, "no country")],
)
def test_mention_add_refuses_bad_input(world, editor, kind, entity_id, message):
    with pytest.raises(ValidationError, match=message):
        curation.mention_add(article=world["article"], kind=kind, entity_id=entity_id, user=editor)


def test_mention_remove_suppresses_and_records_before_and_after(world, editor):
    mention = world["syria_mention"]
    curation.mention_remove(mention=mention, user=editor)
    mention.refresh_from_db()
    assert mention.suppressed is True
    record = last_history(mention)
    assert record.history_user == editor
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("suppressed", False, True)]


def test_status_changes_are_saved_per_article_with_the_user(world, editor):
    articles = [world["article"], ArticleFactory()]
    assert (
        curation.articles_set_status(articles=articles, status=ArticleStatus.HIDDEN, user=editor)
        == 2
    )
    assert set(Article.objects.values_list("status", flat=True)) == {ArticleStatus.HIDDEN}
    for article in articles:
        record = last_history(article)
        assert (record.status, record.history_user) == (ArticleStatus.HIDDEN, editor)
    # Publishing again changes both back; hiding twice changes nothing.
    assert (
        curation.articles_set_status(articles=articles, status=ArticleStatus.HIDDEN, user=editor)
        == 0
    )
    assert (
        curation.articles_set_status(articles=articles, status=ArticleStatus.PUBLISHED, user=editor)
        == 2
    )
    with pytest.raises(ValidationError):
        curation.articles_set_status(articles=articles, status="deleted", user=editor)


def test_mark_reviewed_records_who_and_when(world, editor):
    article = world["article"]
    assert curation.articles_mark_reviewed(articles=[article], user=editor) == 1
    article.refresh_from_db()
    assert article.reviewed and article.reviewed_by == editor and article.reviewed_at
    assert curation.articles_mark_reviewed(articles=[article], user=editor) == 0
    assert last_history(article).history_user == editor


def test_add_topic_counts_only_articles_that_gain_it(world, editor):
    other = ArticleFactory()
    topic = world["topic"]
    assert curation.articles_add_topic(articles=[world["article"]], topic=topic, user=editor) == 1
    added = curation.articles_add_topic(
        articles=[world["article"], other], topic=topic, user=editor
    )
    assert added == 1
    assert set(ArticleTopic.objects.filter(topic=topic).values_list("origin", flat=True)) == {
        Origin.EDITOR
    }


def test_history_user_is_set_outside_requests(world, editor):
    """Services called from a shell or command still record the user they were given."""
    curation.article_update(article=world["article"], user=editor)
    assert last_history(world["article"]).history_user == editor


@pytest.mark.parametrize(
    ("origin", "leaf"),
    [
        ("corpus/a.zip!dir/b.jsonl.gz:17", "b.jsonl"),
        ("corpus/wire/one.txt", "one.txt"),
        ("scrape.jsonl:3", "scrape.jsonl"),
        ("C:/odd:name.txt", "odd:name.txt"),
        ("", "record.txt"),
    ],
)
def test_leaf_name_of_a_rejected_record(origin, leaf):
    assert retry.leaf_name(origin) == leaf
