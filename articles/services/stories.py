"""Editors fix stories: take articles out of a near-duplicate group, split one, undo that.

A story (``NearDuplicateGroup``) keeps these invariants, which every service here restores
for the groups it touches:

- its ``size`` is its number of member articles, always 2 or more;
- its ``lead`` is a member, the only member with ``is_story_lead`` set;
- an article of no group is a story of its own (``is_story_lead`` set).

A group left with one article is *deleted* (its article becomes a story of its own): no
group of one stays behind for lists and the admin to show. The decision keeps the group's
id, and undoing it creates the group again under that id.

Each decision is recorded (``StoryDecision``, with the articles on each side), so
automatic grouping keeps the two sides apart (``selectors.articles_kept_apart``) until an
editor undoes it. The group columns are not in the article history: the decision is the
audit record, shown in the recent-changes feed. Rows change with ``QuerySet.update``; the
search index's triggers queue every changed article.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, NearDuplicateGroup, StoryDecision, StoryDecisionArticle
from articles.selectors.stories import articles_kept_apart

Kind = StoryDecision.Kind


@transaction.atomic
def story_remove_article(*, article: Article, user: AbstractBaseUser | None) -> StoryDecision:
    """Take ``article`` out of its story: it becomes a story of its own.

    If it led the story, the earliest remaining article (lowest id) leads; a story left
    with one article is dissolved. Returns the recorded decision.
    """
    return _separate(kind=Kind.REMOVE, ids={article.pk}, user=user)


@transaction.atomic
def story_split(*, articles: Iterable[Article], user: AbstractBaseUser | None) -> StoryDecision:
    """Split ``articles`` (members of one story) off into a new story of their own.

    The earliest of them (lowest id) leads the new story; a single article becomes a
    story of its own. The rest stay in the original story, which keeps its lead unless
    the lead left (then its earliest remaining article leads). Returns the decision.
    """
    return _separate(kind=Kind.SPLIT, ids={a.pk for a in articles}, user=user)


@transaction.atomic
def story_decision_undo(*, decision: StoryDecision, user: AbstractBaseUser | None) -> StoryDecision:
    """Undo ``decision``: its articles go back to the story they were taken out of, and
    grouping may join them again.

    Every article of the decision that still exists returns to the original story
    (created again under its id if it was dissolved), and so do the copies grouped with
    the articles that left since (the rest of their stories). The stories they leave are
    settled (lead, size, dissolved when one article is left); the original lead leads
    again if it still exists. Refused while a later decision about these articles stands,
    or when it would join articles another decision keeps apart.
    """
    decision = StoryDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.undone_at is not None:
        raise ValidationError("This story decision was already undone.")
    members = list(decision.members.values_list("article_id", "moved", "was_lead"))
    ids = [pk for pk, _, _ in members]
    later = (
        StoryDecision.objects.filter(
            pk__gt=decision.pk, undone_at__isnull=True, members__article_id__in=ids
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if later is not None:
        raise ValidationError(
            f"A later story decision (#{later}) involves these articles: undo it first."
        )
    now = timezone.now()
    decision.undone_at = now
    decision.undone_by = user if getattr(user, "pk", None) else None
    decision.save(update_fields=["undone_at", "undone_by", "updated_at"])

    target = decision.from_story
    current = dict(Article.objects.filter(pk__in=ids).values_list("id", "duplicate_group_id"))
    moved = {pk for pk, was_moved, _ in members if was_moved and pk in current}
    # The stories the articles that left are in now (other than the original) come along.
    joined = {current[pk] for pk in moved} - {None, target}
    _lock({target, *joined, *current.values()} - {None})
    returning = set(current) | set(
        Article.objects.filter(duplicate_group_id__in=joined).values_list("id", flat=True)
    )
    together = returning | set(
        Article.objects.filter(duplicate_group_id=target).values_list("id", flat=True)
    )
    if len(together) < 2:
        return decision  # its articles were deleted: nothing to put back together
    # Marked undone above, so only the other standing decisions count here.
    kept = articles_kept_apart(together)
    clash = next(
        ((pk, other) for pk in sorted(kept) for other in kept[pk] if other in together), None
    )
    if clash is not None:
        raise ValidationError(
            f"Undoing would put #{clash[0]} and #{clash[1]} in one story, which another "
            "story decision keeps apart: undo that decision first."
        )
    if not NearDuplicateGroup.objects.filter(pk=target).exists():
        NearDuplicateGroup.objects.create(pk=target, lead_id=min(together), size=len(together))
    left = {g for pk, g in current.items() if g is not None} | joined
    Article.objects.filter(pk__in=returning).exclude(duplicate_group_id=target).update(
        duplicate_group_id=target, updated_at=now
    )
    for group_id in sorted(left - {target}):
        _settle(group_id, now=now)
    first_lead = next((pk for pk, _, was_lead in members if was_lead and pk in current), None)
    _settle(target, now=now, lead_id=first_lead)
    return decision


# ---------------------------------------------------------------------------- helpers


def _separate(*, kind: str, ids: set[int], user) -> StoryDecision:
    """Move ``ids`` out of their one story (into a new one when two or more); record it."""
    if not ids:
        raise ValidationError("Choose at least one article.")
    groups = dict(Article.objects.filter(pk__in=ids).values_list("id", "duplicate_group_id"))
    if len(groups) != len(ids):
        raise ValidationError("Some of the chosen articles no longer exist.")
    lone = sorted(pk for pk, group_id in groups.items() if group_id is None)
    if lone:
        raise ValidationError(
            f"Not in a story with other articles: {', '.join(f'#{pk}' for pk in lone)}."
        )
    if len(set(groups.values())) > 1:
        stories = ", ".join(f"#{g}" for g in sorted(set(groups.values())))
        raise ValidationError(
            f"The chosen articles are not in one story (they are in stories {stories}): "
            "choose articles of one story."
        )
    group_id = next(iter(groups.values()))
    group = NearDuplicateGroup.objects.select_for_update().get(pk=group_id)
    # Read under the group's lock: another editor's change of this story went first.
    members = dict(
        Article.objects.filter(duplicate_group_id=group_id).values_list("id", "is_story_lead")
    )
    if not ids <= members.keys():
        raise ValidationError("The story changed meanwhile: reload the page and try again.")
    stayed = members.keys() - ids
    if not stayed:
        raise ValidationError(
            "Every article of the story was chosen: leave at least one in it, "
            "or remove articles one by one."
        )
    # The lead before the change (its flag, should the group's link be stale).
    old_lead = (
        group.lead_id
        if group.lead_id in members
        else min((pk for pk, flag in members.items() if flag), default=None)
    )
    now = timezone.now()
    new_story = None
    if len(ids) >= 2:
        lead = min(ids)
        new_story = NearDuplicateGroup.objects.create(lead_id=lead, size=len(ids)).pk
        Article.objects.filter(pk__in=ids).update(duplicate_group_id=new_story, updated_at=now)
        _settle(new_story, now=now, lead_id=lead)
    else:
        Article.objects.filter(pk__in=ids).update(
            duplicate_group_id=None, is_story_lead=True, updated_at=now
        )
    _settle(group_id, now=now, lead_id=old_lead)
    decision = StoryDecision.objects.create(
        kind=kind,
        from_story=group_id,
        new_story=new_story,
        summary=_summary(kind, sorted(ids), group_id, new_story),
        created_by=user if getattr(user, "pk", None) else None,
    )
    StoryDecisionArticle.objects.bulk_create(
        StoryDecisionArticle(
            decision=decision,
            article_id=pk,
            moved=pk in ids,
            was_lead=pk == old_lead,
        )
        for pk in sorted(members)
    )
    return decision


def _lock(group_ids: Iterable[int]) -> None:
    """Lock these groups' rows, in id order (two editors' changes never deadlock)."""
    ids = sorted(group_ids)
    if ids:
        list(
            NearDuplicateGroup.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _settle(group_id: int, *, now, lead_id: int | None = None) -> None:
    """Make a group agree with its members: its lead, size and the members' lead flags.

    ``lead_id`` leads if it is a member, else the group's current lead if it still is,
    else the earliest member (lowest id). A group of one article or none is deleted.
    """
    group = NearDuplicateGroup.objects.filter(pk=group_id).first()
    if group is None:
        return
    members = dict(
        Article.objects.filter(duplicate_group_id=group_id).values_list("id", "is_story_lead")
    )
    if len(members) <= 1:
        Article.objects.filter(pk__in=members).update(
            duplicate_group_id=None, is_story_lead=True, updated_at=now
        )
        group.delete()
        return
    for choice in (lead_id, group.lead_id, min(members)):
        if choice in members:
            lead = choice
            break
    wrong = [pk for pk, flag in members.items() if flag != (pk == lead)]
    if wrong:
        Article.objects.filter(pk__in=[pk for pk in wrong if pk != lead]).update(
            is_story_lead=False, updated_at=now
        )
        if lead in wrong:
            Article.objects.filter(pk=lead).update(is_story_lead=True, updated_at=now)
    if (group.lead_id, group.size) != (lead, len(members)):
        group.lead_id, group.size = lead, len(members)
        group.save(update_fields=["lead", "size"])


def _summary(kind: str, ids: list[int], from_story: int, new_story: int | None) -> str:
    listed = ", ".join(f"#{pk}" for pk in ids[:10]) + (
        f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    )
    if kind == Kind.REMOVE:
        return f"Article {listed} removed from story #{from_story}"[:300]
    into = f"story #{new_story}" if new_story else "a story of its own"
    return f"Articles {listed} split from story #{from_story} into {into}"[:300]
