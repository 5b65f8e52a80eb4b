"""Editors' edits of an article's mentions (the admin's mention inlines), applied as changes.

The admin turns each changed inline row into a ``MentionEdit`` (what the row now says);
``article_mentions_save`` compares it with the stored mention and makes the change through
the curation services, so each one is an editor's (origin "editor", kept by
re-extraction) and recorded in the mention's history with its author.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser

from articles.models import Article
from articles.services import curation


@dataclass(frozen=True)
class MentionEdit:
    """One mention row as an editor left it: a new row when ``mention_id`` is None."""

    mention_id: int | None
    entity_id: int | None  # the entity the row names (None: left empty)
    delete: bool = False  # the row's "delete" box
    suppressed: bool = False
    is_focus: bool = False
    # The post an official mention shows (official mentions only; ignored for the others).
    appointment_id: int | None = None
    raw_title: str = ""
    former: bool = False


def article_mentions_save(
    *,
    article: Article,
    kind: str,
    edits: Iterable[MentionEdit],
    user: AbstractBaseUser | None,
) -> None:
    """Apply editors' edits of ``article``'s mentions of one kind ("countries", …).

    A new row adds an editor mention (an empty or deleted one adds nothing). On a stored
    mention, in this order, the first that applies: "delete" or newly ticked "suppressed"
    removes it (kept as suppressed); another entity removes it and adds that entity;
    unticked "suppressed" restores it as the editor's; a changed focus is set. An official
    mention's changed post (appointment, title as written, former) is then set, unless the
    row is deleted.
    """
    model, entity_field, _ = curation.MENTION_KINDS[kind]
    for edit in edits:
        if edit.mention_id is None:
            if edit.entity_id is not None and not edit.delete:
                curation.mention_add(
                    article=article,
                    kind=kind,
                    entity_id=edit.entity_id,
                    user=user,
                    is_focus=edit.is_focus,
                )
            continue
        stored = model.objects.get(pk=edit.mention_id)
        stored_entity_id = getattr(stored, f"{entity_field}_id")
        if edit.delete or (edit.suppressed and not stored.suppressed):
            curation.mention_remove(mention=stored, user=user)
        elif edit.entity_id is not None and stored_entity_id != edit.entity_id:
            curation.mention_remove(mention=stored, user=user)
            curation.mention_add(article=article, kind=kind, entity_id=edit.entity_id, user=user)
        elif stored.suppressed and not edit.suppressed:
            curation.mention_add(article=article, kind=kind, entity_id=stored_entity_id, user=user)
        elif stored.is_focus != edit.is_focus:
            curation.mention_restore(
                mention=stored,
                origin=stored.origin,
                suppressed=stored.suppressed,
                is_focus=edit.is_focus,
                user=user,
            )
        if kind == "officials" and not edit.delete and _post_changed(edit, stored):
            curation.mention_set_post(
                mention=model.objects.get(pk=stored.pk),
                appointment_id=edit.appointment_id,
                raw_title=edit.raw_title,
                former=edit.former,
                user=user,
            )


def _post_changed(edit: MentionEdit, stored) -> bool:
    """Return whether an official mention's edit changes the post it shows."""
    return (
        edit.appointment_id != stored.appointment_id
        or edit.raw_title != stored.raw_title
        or edit.former != stored.former
    )
