"""The audit trail: a feed of recent changes across every audited model, and reverts.

History rows come from django-simple-history (one table per audited model). The feed
reads the newest rows of each table (index on ``history_date``), merges them by date and
works out what changed before → after. Other kinds of entries (the lead plugs in
official merges) come from *entry sources*: callables ``(limit, before) -> [ChangeEntry]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import (
    Appointment,
    Article,
    CountryAlias,
    Official,
    OfficialAlias,
    OrganisationAlias,
    Source,
    TopicRule,
)
from articles.models.mentions import MENTION_CLASSES
from articles.selectors.changes import Change, ChangeEntry, EntrySource
from articles.services import curation

AUDITED_MODELS = (
    Article,
    *MENTION_CLASSES,
    Official,
    OfficialAlias,
    Appointment,
    CountryAlias,
    OrganisationAlias,
    TopicRule,
    Source,
)
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
# The history rows' own columns, never shown as "what changed".
_HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
}


def _label(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _object_label(record) -> str:
    """Return a short name for a history row without touching related rows (no queries)."""
    for name in ("title", "alias", "name", "phrase", "post"):
        value = getattr(record, name, "")
        if value:
            return f"{value} (#{record.id})"
    return f"#{record.id}"


def _diff(record, previous) -> list[Change]:
    """Return the fields that differ between a history row and the row before it."""
    changes = []
    for model_field in record.instance_type._meta.concrete_fields:
        name = model_field.attname
        if name in _HISTORY_FIELDS or not hasattr(record, name):
            continue
        after = getattr(record, name)
        before = getattr(previous, name) if previous is not None else None
        if previous is None and after in (None, "", [], False):
            continue
        if previous is None or before != after:
            changes.append(Change(model_field.name, _label(before), _label(after)))
    return changes


def _previous_records(history_model, records) -> dict[int, object]:
    """Return, for each history row that is a change, the row before it (one query)."""
    wanted = [r for r in records if r.history_type != "+"]
    if not wanted:
        return {}
    ids = {r.id for r in wanted}
    newest = max(r.history_id for r in wanted)
    by_object: dict[int, list] = {}
    for row in history_model.objects.filter(id__in=ids, history_id__lt=newest).order_by(
        "id", "-history_id"
    )[:5000]:
        by_object.setdefault(row.id, []).append(row)
    previous = {}
    for record in wanted:
        for row in by_object.get(record.id, []):
            if row.history_id < record.history_id:
                previous[record.history_id] = row
                break
    return previous


def _mention_labels(model, records) -> dict[int, str]:
    """Return "Syria in article #12"-style labels for mention history rows (one query)."""
    kind = curation.mention_kind_of(model)
    _, entity_field, entity_model = curation.MENTION_KINDS[kind]
    ids = {getattr(r, f"{entity_field}_id") for r in records} - {None}
    names = {pk: str(e) for pk, e in entity_model.objects.in_bulk(ids).items()}
    labels = {}
    for record in records:
        entity = names.get(getattr(record, f"{entity_field}_id"))
        entity = entity or getattr(record, "raw_name", "") or "?"
        kind_name = entity_model._meta.verbose_name
        labels[record.history_id] = f"{kind_name}: {entity} in article #{record.article_id}"
    return labels


def _admin_url(model, object_id) -> str:
    info = model._meta.app_label, model._meta.model_name
    try:
        return reverse(f"admin:{info[0]}_{info[1]}_history", args=[object_id])
    except Exception:  # noqa: BLE001 - a model without an admin page is shown unlinked
        return ""


def model_entries(
    model, *, limit: int, before: datetime | None = None, user_only: bool = False
) -> list[ChangeEntry]:
    """Return the newest ``limit`` history entries of one audited model."""
    history_model = model.history.model
    rows = history_model.objects.select_related("history_user").order_by("-history_date")
    if before is not None:
        rows = rows.filter(history_date__lt=before)
    if user_only:
        rows = rows.filter(history_user__isnull=False)
    records = list(rows[:limit])
    previous = _previous_records(history_model, records)
    labels = _mention_labels(model, records) if model in MENTION_CLASSES else {}
    entries = []
    for record in records:
        label = labels.get(record.history_id) or _object_label(record)
        revert = ""
        # Editors' mention changes can be undone here; the extractor's own rows cannot.
        if model in MENTION_CLASSES and record.history_type in "+~" and record.history_user_id:
            revert = reverse(
                "admin:articles_article_revert_mention",
                args=[model._meta.model_name, record.history_id],
            )
        entries.append(
            ChangeEntry(
                when=record.history_date,
                who=record.history_user.get_username() if record.history_user else "automatic",
                action=ACTIONS.get(record.history_type, record.history_type),
                model=str(model._meta.verbose_name),
                object_label=label,
                object_url=_admin_url(model, record.id),
                changes=_diff(record, previous.get(record.history_id)),
                revert_url=revert,
                key=f"{model._meta.model_name}:{record.history_id}",
            )
        )
    return entries


def recent_changes(
    *,
    limit: int = 50,
    before: datetime | None = None,
    user_only: bool = False,
    extra_sources: Iterable[EntrySource] = (),
) -> list[ChangeEntry]:
    """Return the newest ``limit`` changes across every audited model and extra source."""
    entries: list[ChangeEntry] = []
    for model in AUDITED_MODELS:
        entries.extend(model_entries(model, limit=limit, before=before, user_only=user_only))
    for source in extra_sources:
        entries.extend(source(limit, before))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def mention_model_by_name(name: str):
    """Return the mention model called ``name`` (its model_name), or raise ValidationError."""
    for model in MENTION_CLASSES:
        if model._meta.model_name == name:
            return model
    raise ValidationError(f"{name!r} is not a mention model")


def mention_change_revert(*, model_name: str, history_id: int, user):
    """Undo one recorded change of a mention: put the mention back as it was before.

    Undoing an addition removes the mention (suppressed, so re-extraction leaves it out);
    undoing a removal or an edit restores the origin, suppressed flag and focus it had.
    Returns the mention.
    """
    model = mention_model_by_name(model_name)
    history_model = model.history.model
    record = history_model.objects.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError("no such change")
    mention = model.objects.filter(pk=record.id).first()
    if mention is None:
        raise ValidationError("the mention no longer exists (its article was deleted)")
    previous = (
        history_model.objects.filter(id=record.id, history_id__lt=record.history_id)
        .order_by("-history_id")
        .first()
    )
    if previous is None:
        return curation.mention_remove(mention=mention, user=user)
    return curation.mention_restore(
        mention=mention,
        origin=previous.origin,
        suppressed=previous.suppressed,
        is_focus=previous.is_focus,
        user=user,
    )
