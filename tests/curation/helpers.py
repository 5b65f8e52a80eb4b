"""What the story and topic tests read back and check, shared with the admin tests."""

from __future__ import annotations

from articles.models import Article, ArticleTopic, NearDuplicateGroup


def assert_consistent() -> None:
    """Check the story invariants: a group's size is its member count (2 or more), its lead
    is the only member flagged lead, an article of no group is a story of its own."""
    for group in NearDuplicateGroup.objects.all():
        members = dict(group.articles.values_list("id", "is_story_lead"))
        assert len(members) >= 2, f"story #{group.pk} of {len(members)}"
        assert group.size == len(members), f"story #{group.pk} size"
        assert group.lead_id in members
        assert [pk for pk, lead in members.items() if lead] == [group.lead_id]
    assert not Article.objects.filter(duplicate_group=None, is_story_lead=False).exists()


def where(*articles) -> list[tuple[int | None, bool]]:
    """Return each article's (group id, lead flag) as stored now."""
    rows = {
        pk: (g, lead)
        for pk, g, lead in Article.objects.filter(pk__in=[a.pk for a in articles]).values_list(
            "id", "duplicate_group_id", "is_story_lead"
        )
    }
    return [rows[a.pk] for a in articles]


def holders(topic):
    """Return the titles of the articles that have ``topic`` (not suppressed)."""
    return set(
        ArticleTopic.objects.filter(topic=topic, suppressed=False).values_list(
            "article__title", flat=True
        )
    )


def topic_change_form(topic, *added: str, name: str | None = None) -> dict:
    """Return the admin's change form of ``topic``: its one stored rule, then ``added``
    phrases as new include rules (weight 2), with ``name`` changed if given."""
    rule = topic.rules.get()
    data = {
        "slug": topic.slug,
        "name": name or topic.name,
        "description": "",
        "threshold": "2.0",
        "rules-TOTAL_FORMS": str(1 + len(added)),
        "rules-INITIAL_FORMS": "1",
        "rules-0-id": rule.pk,
        "rules-0-topic": topic.pk,
        "rules-0-phrase": rule.phrase,
        "rules-0-weight": "2.0",
        "rules-0-kind": "include",
    }
    for n, phrase in enumerate(added, 1):
        data |= {
            f"rules-{n}-topic": topic.pk,
            f"rules-{n}-phrase": phrase,
            f"rules-{n}-weight": "2.0",
            f"rules-{n}-kind": "include",
        }
    return data
