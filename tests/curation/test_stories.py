"""Editors fix stories: remove an article, split a story, undo; grouping keeps decisions.

Each test checks the story invariants after every change (``assert_consistent``): a
group's size is its member count (2 or more), its lead is the only member flagged lead,
an article of no group is a story of its own.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, NearDuplicateGroup, StoryDecision
from articles.selectors import articles_kept_apart
from articles.services import stories
from tests.curation.helpers import assert_consistent, where
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_stories_yet(db):
    """Start from no stories: these tests count every story in the database. (A story row
    committed by an earlier test's subprocess outlives its rolled-back transaction.)"""
    NearDuplicateGroup.objects.all().delete()


# ---------------------------------------------------------------------------- remove


def test_removing_a_copy_makes_it_its_own_story(editor):
    group, (lead, copy, other) = make_story(3)
    decision = stories.story_remove_article(article=copy, user=editor)
    assert where(lead, copy, other) == [(group.pk, True), (None, True), (group.pk, False)]
    group.refresh_from_db()
    assert (group.size, group.lead_id) == (2, lead.pk)
    assert_consistent()
    assert (decision.kind, decision.from_story, decision.new_story) == ("remove", group.pk, None)
    assert decision.created_by == editor
    assert decision.summary == f"Article #{copy.pk} removed from story #{group.pk}"
    sides = set(decision.members.values_list("article_id", "moved", "was_lead"))
    assert sides == {(lead.pk, False, True), (copy.pk, True, False), (other.pk, False, False)}


def test_removing_the_lead_makes_the_earliest_remaining_article_lead(editor):
    group, (lead, second, third) = make_story(3)
    stories.story_remove_article(article=lead, user=editor)
    assert where(lead, second, third) == [(None, True), (group.pk, True), (group.pk, False)]
    group.refresh_from_db()
    assert (group.size, group.lead_id) == (2, second.pk)
    assert_consistent()


def test_a_story_left_with_one_article_is_dissolved(editor):
    group, (lead, copy) = make_story(2)
    stories.story_remove_article(article=copy, user=editor)
    assert where(lead, copy) == [(None, True), (None, True)]
    assert not NearDuplicateGroup.objects.filter(pk=group.pk).exists()
    assert_consistent()


def test_an_article_of_no_story_cannot_be_removed(editor):
    alone = ArticleFactory()
    with pytest.raises(ValidationError, match="Not in a story"):
        stories.story_remove_article(article=alone, user=editor)
    assert not StoryDecision.objects.exists()


# ---------------------------------------------------------------------------- split


def test_split_forms_a_new_story_led_by_its_earliest_article(editor):
    group, (a, b, c, d, e) = make_story(5)
    decision = stories.story_split(articles=[e, c], user=editor)
    new = NearDuplicateGroup.objects.get(pk=decision.new_story)
    assert where(a, b, c, d, e) == [
        (group.pk, True),
        (group.pk, False),
        (new.pk, True),
        (group.pk, False),
        (new.pk, False),
    ]
    group.refresh_from_db()
    assert (group.size, group.lead_id, new.size, new.lead_id) == (3, a.pk, 2, c.pk)
    assert decision.summary == (
        f"Articles #{c.pk}, #{e.pk} split from story #{group.pk} into story #{new.pk}"
    )
    assert_consistent()


def test_split_taking_the_lead_leaves_the_earliest_remaining_lead(editor):
    group, (a, b, c, d) = make_story(4)
    decision = stories.story_split(articles=[a, c], user=editor)
    group.refresh_from_db()
    assert (group.lead_id, group.size) == (b.pk, 2)
    new = NearDuplicateGroup.objects.get(pk=decision.new_story)
    assert (new.lead_id, new.size) == (a.pk, 2)
    assert where(b, d) == [(group.pk, True), (group.pk, False)]
    assert_consistent()


def test_splitting_one_article_makes_it_its_own_story(editor):
    group, (a, b, c) = make_story(3)
    decision = stories.story_split(articles=[b], user=editor)
    assert decision.new_story is None
    assert where(b) == [(None, True)]
    assert_consistent()


def test_splitting_leaving_one_behind_dissolves_the_original(editor):
    group, (a, b, c) = make_story(3)
    decision = stories.story_split(articles=[b, c], user=editor)
    assert not NearDuplicateGroup.objects.filter(pk=group.pk).exists()
    assert where(a, b, c) == [
        (None, True),
        (decision.new_story, True),
        (decision.new_story, False),
    ]
    assert_consistent()


def test_split_refuses_articles_of_several_stories_or_of_none_or_all(editor):
    first, (a, b) = make_story(2)
    second, (c, d) = make_story(2)
    with pytest.raises(ValidationError, match="not in one story"):
        stories.story_split(articles=[a, c], user=editor)
    with pytest.raises(ValidationError, match="Not in a story"):
        stories.story_split(articles=[a, ArticleFactory()], user=editor)
    with pytest.raises(ValidationError, match="leave at least one"):
        stories.story_split(articles=[a, b], user=editor)
    with pytest.raises(ValidationError, match="at least one"):
        stories.story_split(articles=[], user=editor)
    assert not StoryDecision.objects.exists()
    assert where(a, b, c, d) == [
        (first.pk, True),
        (first.pk, False),
        (second.pk, True),
        (second.pk, False),
    ]


# ---------------------------------------------------------------------------- kept apart


def test_kept_apart_pairs_each_side_with_the_other_in_one_query(editor, django_assert_num_queries):
    group, (a, b, c, d) = make_story(4)
    stories.story_split(articles=[c, d], user=editor)
    unrelated = ArticleFactory()
    with django_assert_num_queries(1):
        kept = articles_kept_apart([a.pk, c.pk, d.pk, unrelated.pk])
    assert kept == {a.pk: {c.pk, d.pk}, c.pk: {a.pk, b.pk}, d.pk: {a.pk, b.pk}}
    assert articles_kept_apart([]) == {}


def test_kept_apart_adds_up_decisions_and_forgets_undone_ones(editor):
    group, (a, b, c) = make_story(3)
    first = stories.story_remove_article(article=c, user=editor)
    stories.story_remove_article(article=b, user=editor)  # dissolves the story
    assert articles_kept_apart([a.pk, b.pk, c.pk]) == {
        a.pk: {b.pk, c.pk},
        b.pk: {a.pk, c.pk},
        c.pk: {a.pk, b.pk},
    }
    second = StoryDecision.objects.exclude(pk=first.pk).get()
    stories.story_decision_undo(decision=second, user=editor)
    assert articles_kept_apart([a.pk, b.pk, c.pk]) == {
        a.pk: {c.pk},
        b.pk: {c.pk},
        c.pk: {a.pk, b.pk},
    }


# ---------------------------------------------------------------------------- undo


def test_undoing_a_removal_of_the_lead_restores_the_story(editor):
    group, (lead, b, c) = make_story(3)
    decision = stories.story_remove_article(article=lead, user=editor)
    stories.story_decision_undo(decision=decision, user=editor)
    assert where(lead, b, c) == [(group.pk, True), (group.pk, False), (group.pk, False)]
    group.refresh_from_db()
    assert (group.size, group.lead_id) == (3, lead.pk)
    assert_consistent()
    decision.refresh_from_db()
    assert decision.undone_by == editor and decision.undone_at is not None
    assert articles_kept_apart([lead.pk, b.pk, c.pk]) == {}
    with pytest.raises(ValidationError, match="already undone"):
        stories.story_decision_undo(decision=decision, user=editor)


def test_undoing_a_dissolution_creates_the_story_again_under_its_id(editor):
    group, (a, b) = make_story(2)
    decision = stories.story_remove_article(article=a, user=editor)
    assert not NearDuplicateGroup.objects.filter(pk=group.pk).exists()
    stories.story_decision_undo(decision=decision, user=editor)
    restored = NearDuplicateGroup.objects.get(pk=group.pk)
    assert (restored.lead_id, restored.size) == (a.pk, 2)
    assert where(a, b) == [(group.pk, True), (group.pk, False)]
    assert_consistent()


def test_undoing_a_split_brings_back_copies_grouped_with_it_since(editor):
    group, (a, b, c, d) = make_story(4)
    decision = stories.story_split(articles=[c, d], user=editor)
    # An import later added a copy of the split-off articles to their new story.
    later = ArticleFactory(duplicate_group_id=decision.new_story, is_story_lead=False)
    NearDuplicateGroup.objects.filter(pk=decision.new_story).update(size=3)
    stories.story_decision_undo(decision=decision, user=editor)
    assert not NearDuplicateGroup.objects.filter(pk=decision.new_story).exists()
    assert {g for g, _ in where(a, b, c, d, later)} == {group.pk}
    group.refresh_from_db()
    assert (group.size, group.lead_id) == (5, a.pk)
    assert_consistent()


def test_undo_waits_for_later_decisions_about_the_same_articles(editor):
    group, (a, b, c, d) = make_story(4)
    first = stories.story_remove_article(article=d, user=editor)
    second = stories.story_remove_article(article=c, user=editor)
    with pytest.raises(ValidationError, match=f"later story decision \\(#{second.pk}\\)"):
        stories.story_decision_undo(decision=first, user=editor)
    first.refresh_from_db()
    assert first.undone_at is None  # refused as a whole
    stories.story_decision_undo(decision=second, user=editor)
    stories.story_decision_undo(decision=first, user=editor)
    assert {g for g, _ in where(a, b, c, d)} == {group.pk}
    assert_consistent()


def test_undo_never_joins_articles_another_decision_keeps_apart(editor):
    group, (a, b, c, e) = make_story(4)
    stories.story_remove_article(article=e, user=editor)  # e kept apart from a, b, c
    removal = stories.story_remove_article(article=a, user=editor)
    # Grouped with e since by hand (no grouping code would do it): undo would join e, b, c.
    other = NearDuplicateGroup.objects.create(lead=a, size=2)
    Article.objects.filter(pk__in=[a.pk, e.pk]).update(duplicate_group=other)
    Article.objects.filter(pk=e.pk).update(is_story_lead=False)
    with pytest.raises(ValidationError, match="keeps apart"):
        stories.story_decision_undo(decision=removal, user=editor)
    removal.refresh_from_db()
    assert removal.undone_at is None
    assert where(a, e) == [(other.pk, True), (other.pk, False)]


def test_undo_after_the_articles_were_deleted_only_marks_it_undone(editor):
    group, (a, b) = make_story(2)
    decision = stories.story_remove_article(article=b, user=editor)
    Article.objects.filter(pk=b.pk).delete()
    stories.story_decision_undo(decision=decision, user=editor)
    decision.refresh_from_db()
    assert decision.undone_at is not None
    assert where(a) == [(None, True)]
    assert not NearDuplicateGroup.objects.exists()
