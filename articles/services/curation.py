"""Editor curation: mentions by hand, hide/publish, review, topics in bulk.

Re-extracting articles and retrying rejected documents run the pure stages again, so
they live a layer up, in ``articles.pipeline`` (``reextract``, ``retry``).

Every change an editor triggers is saved object by object (never ``QuerySet.update``) so
django-simple-history records it with the editor as its user, also when a service is
called outside a request (a command, a test): ``user`` is set on each saved instance.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.choices import ArticleStatus, CountryMentionStrength, Origin
from articles.models import (
    Appointment,
    Article,
    ArticleOfficial,
    ArticleTopic,
    Topic,
)
from articles.models.mentions import MENTION_MODELS

# Mention kind -> (mention model, entity field, entity model).
MENTION_KINDS = {
    kind: (model, field, model._meta.get_field(field).related_model)
    for kind, (model, field) in MENTION_MODELS.items()
}
_KIND_OF_MODEL = {model: kind for kind, (model, _, _) in MENTION_KINDS.items()}
EDITOR_RULE = "editor"


def mention_kind_of(mention) -> str:
    """Return the mention kind ("countries", …) of a mention instance or model."""
    model = mention if isinstance(mention, type) else type(mention)
    return _KIND_OF_MODEL[model]


def _as_editor(instance, user: AbstractBaseUser | None):
    """Make the next save of ``instance`` record ``user`` in its history."""
    if user is not None:
        instance._history_user = user
    return instance


BASELINE_REASON = "state before the first editor change"


def _baseline(mention) -> None:
    """Record a mention's current state once, before an editor first changes it.

    Automatic mentions are written with COPY (no history), so without this the first
    edit would have no "before" to show or to revert to.
    """
    if mention.pk is not None and not mention.history.exists():
        stored = type(mention).objects.get(pk=mention.pk)
        stored._history_user = None  # the extractor's state, not the editor's (even in a request)
        type(mention).history.bulk_history_create([stored], default_change_reason=BASELINE_REASON)


def _appointment_on(official_id: int, published_at) -> int | None:
    """Return the id of the post ``official_id`` held on the article's date, if one is known."""
    if published_at is None:
        return None
    day = published_at.date()
    for appointment in Appointment.objects.filter(official_id=official_id).order_by(
        "-start_date", "id"
    ):
        if appointment.covers(day):
            return appointment.pk
    return None


@transaction.atomic
def mention_add(
    *,
    article: Article,
    kind: str,
    entity_id: int,
    user: AbstractBaseUser | None,
    is_focus: bool = False,
):
    """Add an editor's mention of an entity to ``article`` (or restore a removed one).

    The row is stored with origin "editor", so re-extraction keeps it whatever the text
    says. Returns the mention.
    """
    if kind not in MENTION_KINDS:
        raise ValidationError(f"unknown mention kind {kind!r}")
    model, field, entity_model = MENTION_KINDS[kind]
    entity = entity_model.objects.filter(pk=entity_id).first()
    if entity is None:
        raise ValidationError(f"no {field} with id {entity_id}")
    mention = model.objects.select_for_update().filter(article=article, **{field: entity}).first()
    if mention is None:
        mention = model(
            article=article,
            count=1,
            evidence=[{"text": str(entity), "start": None, "field": "", "rule": EDITOR_RULE}],
            published_at=article.published_at,
            **{field: entity},
        )
        if kind == "countries":
            mention.kind = CountryMentionStrength.DIRECT
        elif kind == "officials":
            mention.raw_name = entity.name[:200]
            mention.appointment_id = _appointment_on(entity.pk, article.published_at)
    _baseline(mention)
    mention.origin = Origin.EDITOR
    mention.suppressed = False
    mention.is_focus = is_focus or mention.is_focus
    _as_editor(mention, user).save()
    return mention


@transaction.atomic
def mention_set_post(
    *,
    mention: ArticleOfficial,
    appointment_id: int | None,
    raw_title: str,
    former: bool,
    user: AbstractBaseUser | None,
) -> ArticleOfficial:
    """Correct the post an official mention shows: a post of that official, the title as
    the text gives it, and whether it is a former post.

    The mention becomes the editor's (origin "editor"), so re-extraction keeps it.
    """
    if (
        appointment_id is not None
        and not Appointment.objects.filter(
            pk=appointment_id, official_id=mention.official_id
        ).exists()
    ):
        raise ValidationError("That post is not one of this official's.", code="not_theirs")
    _baseline(mention)
    mention.appointment_id = appointment_id
    mention.raw_title = raw_title[:300]
    mention.former = former
    mention.origin = Origin.EDITOR
    _as_editor(mention, user).save()
    return mention


@transaction.atomic
def mention_remove(*, mention, user: AbstractBaseUser | None):
    """Remove a mention as an editor: it stays stored as suppressed, so re-extraction
    never brings it back and the removal can be reverted from its history."""
    if mention.suppressed:
        return mention
    _baseline(mention)
    mention.suppressed = True
    _as_editor(mention, user).save()
    return mention


@transaction.atomic
def mention_restore(*, mention, origin: str, suppressed: bool, is_focus: bool, user):
    """Put a mention back into an earlier state (used to revert an editor's change)."""
    _baseline(mention)
    mention.origin = origin
    mention.suppressed = suppressed
    mention.is_focus = is_focus
    _as_editor(mention, user).save()
    return mention


def article_update(*, article: Article, user: AbstractBaseUser | None) -> Article:
    """Save an article an editor changed in a form (title, date, source), recording who."""
    _as_editor(article, user).save()
    return article


def articles_set_status(*, articles: Iterable[Article], status: str, user) -> int:
    """Hide or publish ``articles``; return how many changed (each change is recorded)."""
    if status not in ArticleStatus.values:
        raise ValidationError(f"unknown status {status!r}")
    changed = 0
    with transaction.atomic():
        for article in articles:
            if article.status != status:
                article.status = status
                _as_editor(article, user).save(update_fields=["status", "updated_at"])
                changed += 1
    return changed


def articles_mark_reviewed(*, articles: Iterable[Article], user) -> int:
    """Mark ``articles`` reviewed by ``user`` now; return how many were not reviewed yet."""
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for article in articles:
            if article.reviewed:
                continue
            article.reviewed, article.reviewed_at, article.reviewed_by = True, now, user
            _as_editor(article, user).save(
                update_fields=["reviewed", "reviewed_at", "reviewed_by", "updated_at"]
            )
            changed += 1
    return changed


def articles_add_topic(*, articles: Iterable[Article], topic: Topic, user) -> int:
    """Give each of ``articles`` the topic as an editor; return how many gained it."""
    added = 0
    with transaction.atomic():
        for article in articles:
            before = ArticleTopic.objects.filter(
                article=article, topic=topic, suppressed=False
            ).exists()
            mention_add(article=article, kind="topics", entity_id=topic.pk, user=user)
            added += not before
    return added
