"""Reads for editors' story decisions: which articles grouping must keep apart, the feed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from articles.models import StoryDecision, StoryDecisionArticle
from articles.selectors.reading import read_connection

# Each member of a standing decision, paired with every member of the decision's other side.
_KEPT_APART_SQL = f"""
    SELECT m.article_id, o.article_id
    FROM {StoryDecisionArticle._meta.db_table} m
    JOIN {StoryDecision._meta.db_table} d ON d.id = m.decision_id AND d.undone_at IS NULL
    JOIN {StoryDecisionArticle._meta.db_table} o
      ON o.decision_id = m.decision_id AND o.moved <> m.moved
    WHERE m.article_id = ANY(%s::bigint[])
"""


def articles_kept_apart(ids: Iterable[int]) -> dict[int, set[int]]:
    """Return, for each of ``ids`` that editors kept apart from others, the ids of the
    articles it must never be grouped with (one query, by the members' article index).

    Ids with nothing kept apart are left out of the dict: use ``kept.get(pk, ())``. Only
    standing decisions count; an undone one lets grouping join the articles again.
    """
    wanted = list({int(pk) for pk in ids})
    if not wanted:
        return {}
    kept: dict[int, set[int]] = defaultdict(set)
    with read_connection().cursor() as cursor:
        cursor.execute(_KEPT_APART_SQL, [wanted])
        for article_id, other_id in cursor.fetchall():
            kept[article_id].add(other_id)
    return dict(kept)


def story_decision_feed_entries(limit: int, before=None) -> list:
    """Story decisions as lines of the admin's recent-changes feed: each decision (with its
    undo link while it stands) and each undo, by who made it and when."""
    from django.urls import reverse

    from articles.selectors.changes import Change, ChangeEntry

    made = StoryDecision.objects.select_related("created_by")
    undone = StoryDecision.objects.filter(undone_at__isnull=False).select_related("undone_by")
    if before is not None:
        made = made.filter(created_at__lt=before)
        undone = undone.filter(undone_at__lt=before)
    entries = []
    for decision in made.order_by("-created_at", "-id")[:limit]:
        url = reverse("admin:articles_storydecision_change", args=[decision.pk])
        new = f"story #{decision.new_story}" if decision.new_story else "its own story"
        entries.append(
            ChangeEntry(
                when=decision.created_at,
                who=decision.created_by.get_username() if decision.created_by else "—",
                action=decision.get_kind_display().lower()
                + (" (undone)" if decision.is_undone else ""),
                model="story decision",
                object_label=decision.summary or str(decision),
                object_url=url,
                changes=[Change(field="story", before=f"story #{decision.from_story}", after=new)],
                revert_url=""
                if decision.is_undone
                else reverse("admin:articles_storydecision_undo", args=[decision.pk]),
                key=f"story-decision-{decision.pk}",
            )
        )
    for decision in undone.order_by("-undone_at", "-id")[:limit]:
        entries.append(
            ChangeEntry(
                when=decision.undone_at,
                who=decision.undone_by.get_username() if decision.undone_by else "—",
                action="undone",
                model="story decision",
                object_label=decision.summary or str(decision),
                object_url=reverse("admin:articles_storydecision_change", args=[decision.pk]),
                changes=[
                    Change(
                        field="story",
                        before="kept apart",
                        after=f"back in story #{decision.from_story}",
                    )
                ],
                key=f"story-decision-undo-{decision.pk}",
            )
        )
    return entries
