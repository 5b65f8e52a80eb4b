"""Write what extraction found: the four mention tables, and candidate officials.

Editors win: a mention an editor made (origin "editor") or removed (``suppressed``) is
never touched, and an automatic match for the same entity is dropped in its favour.
Rows go in with COPY: an import writes ~20 mentions an article, and ORM inserts would
make this the slowest step of the pipeline.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils.text import slugify

from articles.choices import OfficialStatus, Origin
from articles.extract.normalize import name_key
from articles.extract.types import CandidateProposal, Extraction, OfficialMatch
from articles.ingest.mention_rows import MENTION_COLUMNS, PreparedMentions, mentions_prepare
from articles.models import (
    Appointment,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
    Country,
    Official,
    OfficialAlias,
    Organisation,
)

KINDS = ("countries", "officials", "organisations", "topics")
_MODELS = {
    "countries": (ArticleCountry, "country_id"),
    "officials": (ArticleOfficial, "official_id"),
    "organisations": (ArticleOrganisation, "organisation_id"),
    "topics": (ArticleTopic, "topic_id"),
}


@dataclass
class MentionDiff:
    """How the automatic mentions changed, per kind."""

    added: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    candidates_created: int = 0

    def update(self, other: MentionDiff) -> None:
        self.added.update(other.added)
        self.removed.update(other.removed)
        self.unchanged.update(other.unchanged)
        self.candidates_created += other.candidates_created

    def line(self) -> str:
        """Return a one-line summary."""
        parts = [
            f"{kind}: +{self.added[kind]} -{self.removed[kind]} ={self.unchanged[kind]}"
            for kind in KINDS
        ]
        return "; ".join(parts) + f"; {self.candidates_created} new candidate officials"


class CandidateResolver:
    """Map proposed names to candidate Officials, creating each once (by name key).

    The spellings proposed for one key ("Andrey Karlov", "Andrei Karlov") name one
    candidate, called by the first of them in alphabetical order (``candidate_name_rank``)
    whatever order the articles come in: a better-ranked spelling renames the candidate
    (name, slug and its automatic alias), unless an editor changed it.
    """

    def __init__(self):
        self._by_key: dict[str, int | None] = {}
        self._candidate_names: dict[int, str] = {}  # candidates met: id -> current name
        self._countries = dict(Country.objects.values_list("iso2", "id"))
        self._organisations = dict(Organisation.objects.values_list("slug", "id"))
        self.created = 0

    def official_id(self, match: OfficialMatch) -> int | None:
        """Return the id of the official this candidate proposal stands for."""
        return self.id_for(match.candidate)

    def id_for(self, proposal: CandidateProposal | None) -> int | None:
        """Return the id of the official ``proposal`` stands for (None: no proposal)."""
        if proposal is None:
            return None
        key = name_key(proposal.name)
        if not key:
            return None
        if key not in self._by_key:
            self.resolve_proposals([proposal])
        return self._by_key[key]

    def resolve_all(self, matches: Iterable[OfficialMatch]) -> None:
        """Resolve the candidate proposals of ``matches`` (see ``resolve_proposals``)."""
        self.resolve_proposals(m.candidate for m in matches if m.candidate is not None)

    def resolve_proposals(self, proposals: Iterable[CandidateProposal]) -> None:
        """Resolve the proposals whose names were not seen yet, with a few queries.

        An import batch proposes hundreds of new names: one query reads the aliases of
        them all, and the officials still missing are created in bulk (the first proposal
        of a name says its post), instead of five queries per name.
        """
        pending: dict[str, CandidateProposal] = {}
        spellings: dict[str, str] = {}  # key -> its best-ranked spelling in these proposals
        for proposal in proposals:
            key = name_key(proposal.name)
            if not key:
                continue
            if key not in spellings or candidate_name_rank(proposal.name) < candidate_name_rank(
                spellings[key]
            ):
                spellings[key] = proposal.name
            if key not in self._by_key and key not in pending:
                pending[key] = proposal
        if pending:
            self._resolve_new(pending)
        self._rename(spellings)

    def _resolve_new(self, pending: dict[str, CandidateProposal]) -> None:
        """Resolve the keys not seen yet: existing officials, else new candidates."""
        found: dict[str, dict[str, int]] = {key: {} for key in pending}
        for key, status, official_id, name in (
            OfficialAlias.objects.filter(key__in=list(pending), official__merged_into__isnull=True)
            .order_by("official_id")
            .values_list("key", "official__status", "official_id", "official__name")
        ):
            # Namesakes share a key: the oldest, not whichever row the scan returned last.
            found[key].setdefault(status, official_id)
            if status == OfficialStatus.CANDIDATE:
                self._candidate_names[official_id] = name
        missing = []
        for key, statuses in found.items():
            if OfficialStatus.REJECTED in statuses and len(statuses) == 1:
                # An editor rejected this name: keep the mention as written, unlinked.
                self._by_key[key] = None
            elif existing := statuses.get(OfficialStatus.CONFIRMED) or statuses.get(
                OfficialStatus.CANDIDATE
            ):
                self._by_key[key] = existing
            else:
                missing.append(key)
        if missing:
            created = self._create_all([pending[key] for key in missing])
            self._by_key.update(zip(missing, created, strict=True))

    def _rename(self, spellings: dict[str, str]) -> None:
        """Give the candidates of ``spellings`` their best-ranked spelling (see the class)."""
        better = {}
        for key, spelling in spellings.items():
            official_id = self._by_key.get(key)
            current = self._candidate_names.get(official_id) if official_id else None
            if current is not None and candidate_name_rank(spelling) < candidate_name_rank(current):
                better[official_id] = spelling
        if not better:
            return
        edited = set(
            Official.history.filter(id__in=list(better), history_user__isnull=False).values_list(
                "id", flat=True
            )
        )
        for official_id in edited:
            self._candidate_names.pop(official_id, None)  # an editor's: left as it is
            del better[official_id]
        officials = Official.objects.filter(
            pk__in=list(better), status=OfficialStatus.CANDIDATE
        ).order_by("pk")
        for official, slug in zip(
            officials,
            _free_slugs([better[o.pk] for o in officials], keep=[o.slug for o in officials]),
            strict=True,
        ):
            old, official.name, official.slug = official.name, better[official.pk], slug
            official._history_user = None  # the import's, not an editor's (even in a request)
            official.save(update_fields=["name", "slug", "updated_at"])
            OfficialAlias.objects.filter(
                official=official, alias=old, origin=Origin.AUTOMATIC
            ).update(alias=official.name)
            self._candidate_names[official.pk] = official.name

    def _create_all(self, proposals: list[CandidateProposal]) -> list[int]:
        """Create one candidate official (with its alias and proposed post) per proposal."""
        officials = [
            Official(
                name=proposal.name,
                slug=slug,
                status=OfficialStatus.CANDIDATE,
                nationality_id=self._countries.get(proposal.country or ""),
            )
            for proposal, slug in zip(
                proposals, _free_slugs([p.name for p in proposals]), strict=True
            )
        ]
        Official.objects.bulk_create(officials)
        self._candidate_names.update((o.pk, o.name) for o in officials)
        OfficialAlias.objects.bulk_create(
            OfficialAlias(
                official=official,
                alias=proposal.name,
                key=name_key(proposal.name),
                origin=Origin.AUTOMATIC,
            )
            for official, proposal in zip(officials, proposals, strict=True)
        )
        Appointment.objects.bulk_create(
            Appointment(
                official=official,
                post=proposal.post[:200] or "Official",
                post_kind=proposal.post_kind or "other",
                country_id=self._countries.get(proposal.country or ""),
                organisation_id=self._organisations.get(proposal.organisation or ""),
                proposed=True,
                origin=Origin.AUTOMATIC,
            )
            for official, proposal in zip(officials, proposals, strict=True)
            if proposal.country or proposal.organisation
        )
        self.created += len(officials)
        return [official.pk for official in officials]


def candidate_name_rank(name: str) -> tuple[str, str]:
    """Return the sort key that picks a candidate's name among its key's spellings."""
    return (name.casefold(), name)


def _free_slugs(names: list[str], keep: list[str] | None = None) -> list[str]:
    """Return a slug for each name, numbered ("-2") past those officials hold and each other.

    ``keep``: each name's official's own slug, kept when the name still gives it.
    """
    bases = [slugify(name)[:180] or "official" for name in names]
    taken = set(Official.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    for base in taken.copy():  # a taken name's numbered slugs ("-2", "-3"): rare
        taken.update(
            Official.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
        )
    slugs = []
    for i, base in enumerate(bases):
        if keep and re.fullmatch(rf"{re.escape(base)}(?:-\d+)?", keep[i]):
            slugs.append(keep[i])  # the same name as far as slugs go: unchanged
            continue
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def copy_lines(model, columns: Sequence[str], lines: list[bytes]) -> int:
    """COPY ``lines`` (COPY text, one row each) into ``model``'s table; return how many."""
    if lines:
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN",
                io.BytesIO(b"".join(lines)),
            )
    return len(lines)


def mentions_write(
    *,
    items: Sequence[tuple[int, datetime | None, Extraction]],
    resolver: CandidateResolver | None = None,
    replace: bool = True,
) -> MentionDiff:
    """Store each article's extraction, replacing its previous automatic mentions.

    ``items`` are (article id, published_at, extraction); see ``mentions_write_prepared``.
    """
    return mentions_write_prepared(
        items=[
            (article_id, mentions_prepare(extraction, published_at))
            for article_id, published_at, extraction in items
        ],
        resolver=resolver,
        replace=replace,
    )


def mentions_write_prepared(
    *,
    items: Sequence[tuple[int, PreparedMentions]],
    resolver: CandidateResolver | None = None,
    replace: bool = True,
) -> MentionDiff:
    """Store each article's prepared mentions, replacing its previous automatic mentions.

    ``items`` are (article id, prepared mentions). With ``replace=False`` (new articles)
    nothing is read or deleted first.
    """
    resolver = resolver or CandidateResolver()
    created_before = resolver.created
    diff = MentionDiff()
    article_ids = [article_id for article_id, _ in items]
    protected: dict[str, set[tuple[int, object]]] = {kind: set() for kind in KINDS}
    previous: dict[str, set[tuple[int, object]]] = {kind: set() for kind in KINDS}
    if replace and article_ids:
        for kind, (model, entity) in _MODELS.items():
            for article_id, entity_id, raw_name, origin, suppressed in model.objects.filter(
                article_id__in=article_ids
            ).values_list(
                "article_id",
                entity,
                *(["raw_name"] if kind == "officials" else ["id"]),
                "origin",
                "suppressed",
            ):
                key = (article_id, entity_id if entity_id is not None else ("raw", raw_name))
                if origin == Origin.EDITOR or suppressed:
                    protected[kind].add(key)
                else:
                    previous[kind].add(key)
            model.objects.filter(
                article_id__in=article_ids, origin=Origin.AUTOMATIC, suppressed=False
            ).delete()

    resolver.resolve_proposals(
        proposal
        for _, prepared in items
        for official_id, _, _, proposal, _ in prepared.officials
        if official_id is None and proposal is not None
    )
    lines: dict[str, list[bytes]] = {kind: [] for kind in KINDS}
    keys: dict[str, set[tuple[int, object]]] = {kind: set() for kind in KINDS}
    for article_id, prepared in items:
        for kind in ("countries", "organisations", "topics"):
            for entity_id, text in getattr(prepared, kind):
                key = (article_id, entity_id)
                if key not in protected[kind]:
                    keys[kind].add(key)
                    lines[kind].append(b"%d\t%b\n" % (article_id, text))
        for official_id, appointment_id, raw_name, proposal, text in prepared.officials:
            if official_id is None:
                official_id = resolver.id_for(proposal)
            key = (article_id, official_id if official_id is not None else ("raw", raw_name))
            if key in protected["officials"] or key in keys["officials"]:
                continue
            keys["officials"].add(key)
            lines["officials"].append(
                b"%d\t%b\t%b\t%b\n"
                % (
                    article_id,
                    b"\\N" if official_id is None else b"%d" % official_id,
                    b"\\N" if appointment_id is None else b"%d" % appointment_id,
                    text,
                )
            )
    for kind in KINDS:
        model, _ = _MODELS[kind]
        copy_lines(model, MENTION_COLUMNS[kind], lines[kind])
        diff.added[kind] += len(keys[kind] - previous[kind])
        diff.removed[kind] += len(previous[kind] - keys[kind])
        diff.unchanged[kind] += len(keys[kind] & previous[kind])
    diff.candidates_created = resolver.created - created_before
    return diff
