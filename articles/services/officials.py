"""Officials curation: appointment checks, the candidates queue's decisions, undoable merges.

Rows are saved one by one (``save()``/``delete()`` on instances, never queryset updates)
so that model history, when registered, records every change an editor makes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.choices import OfficialStatus, Origin, PostKind
from articles.extract.normalize import name_key
from articles.models import (
    Appointment,
    ArticleOfficial,
    Official,
    OfficialAlias,
    OfficialMerge,
)

# ---------------------------------------------------------------------------------------
# Appointment checks


@dataclass(frozen=True, slots=True)
class Term:
    """An appointment as the checks see it (saved or still in a form)."""

    post: str
    post_kind: str
    country_id: int | None
    organisation_id: int | None
    start: date | None
    end: date | None
    label: str = ""

    @property
    def post_key(self) -> tuple:
        """Return what makes two terms the same post: kind, place and title."""
        return (
            self.post_kind,
            self.country_id,
            self.organisation_id,
            " ".join(self.post.lower().split()),
        )

    def overlaps(self, other: Term) -> bool:
        """Return whether the two terms share a day (unknown bounds are open)."""
        return (self.start is None or other.end is None or self.start <= other.end) and (
            other.start is None or self.end is None or other.start <= self.end
        )


@dataclass
class TermReport:
    """What the checks found: errors block saving, warnings are shown to the editor."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _span(term: Term) -> str:
    start = term.start.isoformat() if term.start else "?"
    end = term.end.isoformat() if term.end else "…"
    return f"{start} – {end}"


def term_from_appointment(appointment: Appointment) -> Term:
    """Return the checks' view of a saved appointment."""
    return Term(
        post=appointment.post,
        post_kind=appointment.post_kind,
        country_id=appointment.country_id,
        organisation_id=appointment.organisation_id,
        start=appointment.start_date,
        end=appointment.end_date,
    )


def appointments_check(*, official: Official | None, terms: Sequence[Term]) -> TermReport:
    """Check one official's full set of terms.

    Errors: a term ending before it starts; two terms of the same post that overlap.
    Warnings: another (confirmed) official holding the same post on overlapping dates —
    co-holders exist (two co-presidents, a disputed office), so an editor decides.
    """
    report = TermReport()
    for term in terms:
        if term.start and term.end and term.end < term.start:
            report.errors.append(
                f"“{term.post}”: the term ends ({term.end}) before it starts ({term.start})."
            )
    for i, a in enumerate(terms):
        for b in terms[i + 1 :]:
            if a.post_key == b.post_key and a.overlaps(b):
                report.errors.append(
                    f"“{a.post}”: the terms {_span(a)} and {_span(b)} of the same post overlap."
                )
    others = Appointment.objects.filter(
        official__status=OfficialStatus.CONFIRMED,
        official__merged_into__isnull=True,
        proposed=False,
    ).select_related("official")
    if official is not None and official.pk:
        others = others.exclude(official_id=official.pk)
    for term in terms:
        if term.post_kind in (PostKind.OTHER, PostKind.OFFICIAL) and not term.post:
            continue
        if term.country_id is None and term.organisation_id is None:
            continue
        same = others.filter(
            post_kind=term.post_kind,
            post__iexact=term.post.strip(),
            country_id=term.country_id,
            organisation_id=term.organisation_id,
        )
        if term.start:
            same = same.filter(Q(end_date__isnull=True) | Q(end_date__gte=term.start))
        if term.end:
            same = same.filter(Q(start_date__isnull=True) | Q(start_date__lte=term.end))
        for other in same[:5]:
            report.warnings.append(
                f"“{term.post}” ({_span(term)}) is also held by {other.official.name} "
                f"({_span(term_from_appointment(other))}) on some of those dates."
            )
    return report


# ---------------------------------------------------------------------------------------
# Row snapshots for undo


def _row(obj) -> dict:
    """Return a JSON-able copy of ``obj``'s concrete fields (by attribute name)."""
    row = {}
    for f in obj._meta.concrete_fields:
        value = f.value_from_object(obj)
        if value is None or isinstance(value, (bool, int, float, str, list, dict)):
            row[f.attname] = value
        else:
            row[f.attname] = f.value_to_string(obj)
    return row


def _restore(model, row: dict):
    """Insert ``row`` (from ``_row``) again with its old primary key and timestamps."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.attname in row:
            value = row[f.attname]
            values[f.attname] = None if value is None else f.to_python(value)
    obj = model(**values)
    obj.save(force_insert=True)
    stamps = {k: values[k] for k in ("created_at", "updated_at") if k in values}
    if stamps:
        # auto_now/auto_now_add overwrote them on insert; put the originals back.
        model.objects.filter(pk=obj.pk).update(**stamps)
    return obj


def _set(obj, **values) -> None:
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values))


# Above this many mention rows to move, one UPDATE instead of a save() per row.
ROW_BY_ROW = 500

# Mention fields a fold changes on the row it folds into.
_FOLD_FIELDS = ("count", "evidence", "first_offset", "is_focus")


def _fold_mention(into: ArticleOfficial, other: ArticleOfficial, log: list) -> None:
    """Fold ``other`` into ``into`` (same article): counts and evidence add up."""
    log.append(
        {
            "op": "mention_fold",
            "into": into.pk,
            "before": {name: getattr(into, name) for name in _FOLD_FIELDS},
            "row": _row(other),
        }
    )
    offsets = [o for o in (into.first_offset, other.first_offset) if o is not None]
    evidence = list(into.evidence or [])
    evidence += [e for e in other.evidence or [] if e not in evidence]
    other.delete()
    _set(
        into,
        count=into.count + other.count,
        evidence=sorted(evidence, key=lambda e: (e.get("start") or 0, e.get("text", ""))),
        first_offset=min(offsets) if offsets else None,
        is_focus=into.is_focus or other.is_focus,
    )


def _move_mentions(*, source: Official, target: Official | None, log: list) -> None:
    """Move ``source``'s mentions to ``target`` (None: unlink), folding same-article pairs.

    Up to ``ROW_BY_ROW`` moved rows are saved one by one (model history sees each); a
    prolific official's thousands of mentions move in one UPDATE, which keeps a merge
    within a web request (the merge's own log still lists every row for undo).
    """
    mentions = list(ArticleOfficial.objects.filter(official=source).order_by("id"))
    if target is not None:
        taken = dict(
            ArticleOfficial.objects.filter(
                official=target, article_id__in=[m.article_id for m in mentions]
            ).values_list("article_id", "id")
        )
    else:
        taken = {
            (article_id, raw_name): pk
            for pk, article_id, raw_name in ArticleOfficial.objects.filter(
                official__isnull=True,
                article_id__in=[m.article_id for m in mentions],
            ).values_list("id", "article_id", "raw_name")
        }
    moves = []
    for mention in mentions:
        key = mention.article_id if target is not None else (mention.article_id, mention.raw_name)
        if key in taken:
            _fold_mention(ArticleOfficial.objects.get(pk=taken[key]), mention, log)
            continue
        log.append(
            {
                "op": "mention_move",
                "id": mention.pk,
                "official": source.pk,
                "appointment": mention.appointment_id,
            }
        )
        moves.append(mention)
    values = {"official_id": target.pk if target else None}
    if target is None:
        values["appointment_id"] = None
    if len(moves) <= ROW_BY_ROW:
        for mention in moves:
            _set(mention, **values)
    else:
        ArticleOfficial.objects.filter(pk__in=[m.pk for m in moves]).update(**values)


def _alias_add(*, official: Official, name: str, log: list, origin: str = Origin.EDITOR) -> None:
    """Give ``official`` the alias ``name`` unless it has it already."""
    if not name or official.aliases.filter(alias=name).exists():
        return
    alias = OfficialAlias(
        official=official, alias=name[:200], key=name_key(name)[:200], origin=origin
    )
    alias.save()
    log.append({"op": "alias_create", "id": alias.pk})


# ---------------------------------------------------------------------------------------
# Merge and undo


def _live(officials: Iterable[Official]) -> list[Official]:
    out = []
    for official in officials:
        official.refresh_from_db()
        if official.merged_into_id:
            raise ValidationError(f"{official} was already merged into another official.")
        out.append(official)
    return out


@transaction.atomic
def official_merge(
    *,
    survivor: Official,
    others: Sequence[Official],
    user=None,
    keep_proposed: bool = True,
) -> OfficialMerge:
    """Merge ``others`` into ``survivor`` and return the undoable record.

    Their mentions, aliases and appointments move to the survivor (two mentions in one
    article become one, counts and evidence added up); their names become aliases of the
    survivor; each keeps its row with ``merged_into`` set, so its URL redirects.
    ``keep_proposed=False`` drops the others' proposed (unconfirmed) appointments instead
    of moving them (attaching a candidate to a known official).
    """
    others = [o for o in others if o.pk != survivor.pk]
    if not others:
        raise ValidationError("Choose at least one official besides the one that remains.")
    (survivor, *others) = _live([survivor, *others])
    log: list[dict] = []
    for other in others:
        for alias in other.aliases.order_by("id"):
            if survivor.aliases.filter(alias=alias.alias).exists():
                log.append({"op": "alias_delete", "row": _row(alias)})
                alias.delete()
            else:
                log.append({"op": "alias_move", "id": alias.pk, "official": other.pk})
                _set(alias, official=survivor)
        _alias_add(official=survivor, name=other.name, log=log)
        for appointment in other.appointments.order_by("id"):
            if appointment.proposed and not keep_proposed:
                log.append({"op": "appointment_delete", "row": _row(appointment)})
                for mention in appointment.mentions.all():
                    log.append(
                        {"op": "mention_appointment", "id": mention.pk, "value": appointment.pk}
                    )
                appointment.delete()
                continue
            ref_key = appointment.ref_key
            clash = ref_key and survivor.appointments.filter(ref_key=ref_key).exists()
            log.append(
                {
                    "op": "appointment_move",
                    "id": appointment.pk,
                    "official": other.pk,
                    "ref_key": ref_key,
                }
            )
            _set(appointment, official=survivor, ref_key="" if clash else ref_key)
        _move_mentions(source=other, target=survivor, log=log)
        log.append({"op": "official_update", "id": other.pk, "before": {"merged_into_id": None}})
        _set(other, merged_into=survivor)
    merge = OfficialMerge.objects.create(
        survivor=survivor,
        operations=log,
        created_by=user if getattr(user, "pk", None) else None,
        summary=f"{', '.join(o.name for o in others)} → {survivor.name}"[:300],
    )
    merge.others.set(others)
    return merge


@transaction.atomic
def official_merge_undo(*, merge: OfficialMerge, user=None) -> OfficialMerge:
    """Undo ``merge``: replay its log backwards, restoring every row as it was."""
    merge = OfficialMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError("This merge was already undone.")
    officials = [merge.survivor_id, *merge.others.values_list("id", flat=True)]
    later = OfficialMerge.objects.filter(
        Q(survivor_id__in=officials) | Q(others__in=officials),
        undone_at__isnull=True,
        pk__gt=merge.pk,
    )
    if later.exists():
        raise ValidationError("A later merge involves these officials: undo it first.")
    if Official.objects.filter(pk=merge.survivor_id, merged_into__isnull=False).exists():
        raise ValidationError("The remaining official was merged again since: undo that first.")
    # Moved mentions go back last, all at once: a move only changes a row's links, which
    # no other logged operation reads or writes (folds restore counts and evidence, and
    # re-create rows in articles the moved rows are not in).
    moves = [op for op in merge.operations if op["op"] == "mention_move"]
    for op in reversed(merge.operations):
        if op["op"] != "mention_move":
            _undo(op)
    _undo_mention_moves(moves)
    merge.undone_at = timezone.now()
    merge.undone_by = user if getattr(user, "pk", None) else None
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    return merge


def _undo_mention_moves(ops: list[dict]) -> None:
    """Move mentions back (row by row when few, else one UPDATE per original link)."""
    if len(ops) <= ROW_BY_ROW:
        for op in ops:
            mention = ArticleOfficial.objects.filter(pk=op["id"]).first()
            if mention:
                _set(mention, official_id=op["official"], appointment_id=op["appointment"])
        return
    groups: dict[tuple, list[int]] = {}
    for op in ops:
        groups.setdefault((op["official"], op["appointment"]), []).append(op["id"])
    for (official_id, appointment_id), ids in groups.items():
        ArticleOfficial.objects.filter(pk__in=ids).update(
            official_id=official_id, appointment_id=appointment_id
        )


def _undo(op: dict) -> None:
    """Reverse one logged operation (rows changed since are restored where they still exist)."""
    kind = op["op"]
    if kind == "official_update":
        official = Official.objects.filter(pk=op["id"]).first()
        if official:
            _set(official, **op["before"])
    elif kind == "mention_fold":
        into = ArticleOfficial.objects.filter(pk=op["into"]).first()
        if into:
            _set(into, **op["before"])
        _restore(ArticleOfficial, op["row"])
    elif kind == "mention_appointment":
        # Replayed after its appointment_delete (logged before it), so the row exists again.
        mention = ArticleOfficial.objects.filter(pk=op["id"]).first()
        if mention:
            _set(mention, appointment_id=op["value"])
    elif kind == "appointment_move":
        appointment = Appointment.objects.filter(pk=op["id"]).first()
        if appointment:
            _set(appointment, official_id=op["official"], ref_key=op["ref_key"])
    elif kind == "appointment_delete":
        _restore(Appointment, op["row"])
    elif kind == "alias_create":
        alias = OfficialAlias.objects.filter(pk=op["id"]).first()
        if alias:
            alias.delete()
    elif kind == "alias_move":
        alias = OfficialAlias.objects.filter(pk=op["id"]).first()
        if alias:
            _set(alias, official_id=op["official"])
    elif kind == "alias_delete":
        _restore(OfficialAlias, op["row"])


# ---------------------------------------------------------------------------------------
# Candidates


def _candidate(official: Official) -> Official:
    official.refresh_from_db()
    if official.status != OfficialStatus.CANDIDATE or official.merged_into_id:
        raise ValidationError(f"{official} is not a candidate official.")
    return official


@transaction.atomic
def candidate_approve(*, official: Official, user=None) -> Official:
    """Confirm a candidate official, with the appointment the extractor proposed."""
    official = _candidate(official)
    for appointment in official.appointments.filter(proposed=True):
        _set(appointment, proposed=False, origin=Origin.EDITOR)
    _set(official, status=OfficialStatus.CONFIRMED)
    return official


@transaction.atomic
def candidate_reject(*, official: Official, user=None) -> Official:
    """Reject a candidate: its mentions stay as written, unlinked, and its names (name
    keys) are never proposed again by import or ``reextract``."""
    official = _candidate(official)
    _move_mentions(source=official, target=None, log=[])
    _set(official, status=OfficialStatus.REJECTED)
    return official


@transaction.atomic
def candidate_attach(*, official: Official, target: Official, user=None) -> OfficialMerge:
    """Attach a candidate to a known official: its name becomes an alias, its mentions move.

    Done as an undoable merge that drops the candidate's proposed appointment.
    """
    official = _candidate(official)
    if target.pk == official.pk:
        raise ValidationError("Choose another official to attach this candidate to.")
    return official_merge(survivor=target, others=[official], user=user, keep_proposed=False)
