"""Stories are decided on the cleaned bodies, against each story's lead: no chains.

Bodies are made of numbered words so that each pair's shared 5-word shingles are known:
``words(0, 200)`` and ``words(100, 300)`` share half their text, ``words(0, 200)`` and
``words(200, 400)`` none.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, NearDuplicateGroup, StoryDecision
from articles.services.grouping import (
    articles_resign,
    overlap_report,
    stories_regroup,
    story_overlaps,
)
from articles.services.stories import story_remove_article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def words(start: int, end: int) -> str:
    return " ".join(f"w{n}" for n in range(start, end))


def stories() -> list[list[int]]:
    """Return each story of several copies as its members' positions (order of creation)."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    groups: dict[int, list[int]] = {}
    for pk, group in Article.objects.values_list("pk", "duplicate_group_id"):
        if group is not None:
            groups.setdefault(group, []).append(ids.index(pk))
    return sorted(sorted(members) for members in groups.values())


def create(*bodies: str) -> list[Article]:
    made = [ArticleFactory(body=body) for body in bodies]
    articles_resign(article_ids=[a.pk for a in made])
    return made


# (bodies in import order, stories expected) — Jaccard of two bodies of 200 words sharing
# n words is about n / (400 - n): 150 shared -> 0.6, 100 -> 0.33, 0 -> 0.
CASES = [
    ("a copy joins", [words(0, 200), words(10, 210)], [[0, 1]]),
    ("too little shared", [words(0, 200), words(100, 300)], []),
    (
        "no chain through a copy",  # 1 is like 0 and like 2; 2 is unlike 0
        [words(0, 200), words(60, 260), words(120, 320)],
        [[0, 1]],
    ),
    (
        "two stories",
        [words(0, 200), words(1000, 1200), words(5, 205), words(1003, 1203)],
        [[0, 2], [1, 3]],
    ),
    ("a short body is never grouped", [words(0, 20), words(0, 20) + " w999"], []),
]


@pytest.mark.parametrize(("bodies", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_stories_are_decided_against_the_lead(bodies, expected):
    create(*bodies)
    stories_regroup()
    assert stories() == expected
    for group in NearDuplicateGroup.objects.all():
        members = Article.objects.filter(duplicate_group=group).order_by("pk")
        assert group.size == members.count()
        assert [a.is_story_lead for a in members] == [True] + [False] * (len(members) - 1)
        assert group.lead_id == members[0].pk


def test_a_false_group_is_taken_apart_and_a_rerun_changes_nothing():
    lead, copy, stranger = create(words(0, 200), words(10, 210), words(500, 700))
    group = NearDuplicateGroup.objects.create(lead=lead, size=3)
    Article.objects.filter(pk__in=[lead.pk, copy.pk, stranger.pk]).update(duplicate_group=group)
    Article.objects.filter(pk__in=[copy.pk, stranger.pk]).update(is_story_lead=False)
    report = overlap_report(story_overlaps(), below=0.2)
    assert [(o.member, o.overlap < 0.2) for o in report["below"]] == [(stranger.pk, True)]

    summary = stories_regroup()
    assert summary.changed == 1 and summary.stories == 1
    assert stories() == [[0, 1]]
    assert Article.objects.get(pk=stranger.pk).is_story_lead
    assert overlap_report(story_overlaps(), below=0.2)["below"] == []
    assert stories_regroup().changed == 0


def test_editors_decisions_survive_a_regroup(admin_user):
    create(words(0, 200), words(10, 210), words(20, 220))
    stories_regroup()
    assert stories() == [[0, 1, 2]]
    removed = Article.objects.order_by("pk")[2]
    story_remove_article(article=removed, user=admin_user)
    assert stories() == [[0, 1]]
    stories_regroup()
    assert stories() == [[0, 1]]
    assert StoryDecision.objects.count() == 1


def test_resigning_follows_the_cleaned_body():
    first, second = create(words(0, 200), words(500, 700))
    stories_regroup()
    assert stories() == []
    Article.objects.filter(pk=second.pk).update(body=words(3, 203))
    stories_regroup(resign_ids=[second.pk])
    assert stories() == [[0, 1]]


def test_check_stories_reports_groups_under_the_bar(capsys):
    lead, stranger = create(words(0, 200), words(500, 700))
    group = NearDuplicateGroup.objects.create(lead=lead, size=2)
    Article.objects.filter(pk__in=[lead.pk, stranger.pk]).update(duplicate_group=group)
    Article.objects.filter(pk=stranger.pk).update(is_story_lead=False)
    with pytest.raises(CommandError) as failure:
        call_command("check_stories")
    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert "1 groups, 1 copies" in out and f"article {stranger.pk} shares 0.00" in out
    call_command("check_stories", "--regroup")
    assert "No near-duplicate groups." in capsys.readouterr().out


def test_reextract_regroups_the_bodies_it_re_cleans(search_index):
    from articles.pipeline.reextract import articles_reextract

    first, second = create(words(0, 200), words(500, 700))
    # The stored body was cleaned from the raw text by an older cleaner: here, another text.
    Article.objects.filter(pk=second.pk).update(raw_text=f"A title\n\n{words(3, 203)}")
    stories_regroup()
    assert stories() == []
    summary = articles_reextract(reclean_all=True, workers=1)
    assert summary.changed_bodies == [second.pk]
    assert summary.regroup is not None and summary.regroup.changed == 2
    assert stories() == [[0, 1]]
    assert "1 bodies changed" in summary.line()


def test_check_stories_searches_each_copy_by_its_own_title(search_index, capsys):
    lead = ArticleFactory(title="Envoys meet in Geneva", body=words(0, 200))
    copy = ArticleFactory(title="Ceasefire holds along the border", body=words(5, 205))
    articles_resign(article_ids=[lead.pk, copy.pk])
    stories_regroup()
    assert stories() == [[0, 1]]
    call_command("check_stories", "--titles")
    out = capsys.readouterr().out
    assert "1 of 1 stories found (1 shown by the copy itself)" in out


def test_an_opening_block_in_common_is_not_a_story():
    # The signature reads the first 400 words: both open with the same long block, then
    # go on to say different things. A shortened copy (the first half) is still one story.
    opening = words(0, 400)
    create(
        f"{opening} {words(1000, 2000)}",
        f"{opening} {words(3000, 4000)}",
        f"{opening} {words(1000, 1500)}",
    )
    stories_regroup()
    assert stories() == [[0, 2]]
