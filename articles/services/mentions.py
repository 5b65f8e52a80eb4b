"""Write what extraction found: the four mention tables, and candidate officials.

Editors win: a mention an editor made (origin "editor") or removed (``suppressed``) is
never touched, and an automatic match for the same entity is dropped in its favour.
Rows go in with COPY: an import writes ~20 mentions an article, and ORM inserts would
make this the slowest step of the pipeline.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils.text import slugify

from articles.choices import OfficialStatus, Origin
from articles.extract.normalize import name_key
from articles.extract.types import Evidence, Extraction, OfficialMatch
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
    """Map proposed names to candidate Officials, creating each once (by name key)."""

    def __init__(self):
        self._by_key: dict[str, int | None] = {}
        self._countries = dict(Country.objects.values_list("iso2", "id"))
        self._organisations = dict(Organisation.objects.values_list("slug", "id"))
        self.created = 0

    def official_id(self, match: OfficialMatch) -> int | None:
        """Return the id of the official this candidate proposal stands for."""
        proposal = match.candidate
        if proposal is None:
            return None
        key = name_key(proposal.name)
        if not key:
            return None
        if key not in self._by_key:
            self.resolve_all([match])
        return self._by_key[key]

    def resolve_all(self, matches: Iterable[OfficialMatch]) -> None:
        """Resolve the candidate proposals of ``matches`` not seen yet, with a few queries.

        An import batch proposes hundreds of new names: one query reads the aliases of
        them all, and the officials still missing are created in bulk (the first proposal
        of a name says its post), instead of five queries per name.
        """
        pending: dict[str, OfficialMatch] = {}
        for match in matches:
            if match.candidate is None:
                continue
            key = name_key(match.candidate.name)
            if key and key not in self._by_key and key not in pending:
                pending[key] = match
        if not pending:
            return
        found: dict[str, dict[str, int]] = {key: {} for key in pending}
        for key, status, official_id in OfficialAlias.objects.filter(
            key__in=list(pending), official__merged_into__isnull=True
        ).values_list("key", "official__status", "official_id"):
            found[key][status] = official_id
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

    def _create_all(self, matches: list[OfficialMatch]) -> list[int]:
        """Create one candidate official (with its alias and proposed post) per match."""
        bases = [slugify(m.candidate.name)[:180] or "official" for m in matches]
        taken = set(Official.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
        for base in taken.copy():  # a taken name's numbered slugs ("-2", "-3"): rare
            taken.update(
                Official.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
            )
        officials = []
        for match, base in zip(matches, bases, strict=True):
            proposal = match.candidate
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            officials.append(
                Official(
                    name=proposal.name,
                    slug=slug,
                    status=OfficialStatus.CANDIDATE,
                    nationality_id=self._countries.get(proposal.country or ""),
                )
            )
        Official.objects.bulk_create(officials)
        OfficialAlias.objects.bulk_create(
            OfficialAlias(
                official=official,
                alias=match.candidate.name,
                key=name_key(match.candidate.name),
                origin=Origin.AUTOMATIC,
            )
            for official, match in zip(officials, matches, strict=True)
        )
        Appointment.objects.bulk_create(
            Appointment(
                official=official,
                post=match.candidate.post[:200] or "Official",
                post_kind=match.candidate.post_kind or "other",
                country_id=self._countries.get(match.candidate.country or ""),
                organisation_id=self._organisations.get(match.candidate.organisation or ""),
                proposed=True,
                origin=Origin.AUTOMATIC,
            )
            for official, match in zip(officials, matches, strict=True)
            if match.candidate.country or match.candidate.organisation
        )
        self.created += len(officials)
        return [official.pk for official in officials]


def _evidence(evidence: Iterable[Evidence]) -> str:
    return json.dumps(
        [{"text": e.text, "start": e.start, "field": e.field, "rule": e.rule} for e in evidence],
        ensure_ascii=False,
    )


def _copy_value(value) -> str:
    """Return ``value`` in COPY's text format (NULL as \\N, specials escaped).

    Called for every column of ~20 mention rows per imported article: the common types
    are tested by exact type first, and text is only escaped when it needs it.
    """
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        text = value
    elif value is None:
        return "\\N"
    elif kind is bool:
        return "t" if value else "f"
    elif isinstance(value, datetime):
        return value.isoformat()
    else:
        text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY ``rows`` into ``model``'s table; return how many were written."""
    buffer, count = io.StringIO(), 0
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row) + "\n")
        count += 1
    if count:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buffer
            )
    return count


_COMMON = (
    "article_id",
    "count",
    "first_offset",
    "evidence",
    "is_focus",
    "origin",
    "suppressed",
    "published_at",
)


def mentions_write(
    *,
    items: Sequence[tuple[int, datetime | None, Extraction]],
    resolver: CandidateResolver | None = None,
    replace: bool = True,
) -> MentionDiff:
    """Store each article's extraction, replacing its previous automatic mentions.

    ``items`` are (article id, published_at, extraction). With ``replace=False`` (new
    articles) nothing is read or deleted first.
    """
    resolver = resolver or CandidateResolver()
    created_before = resolver.created
    diff = MentionDiff()
    article_ids = [article_id for article_id, _, _ in items]
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

    resolver.resolve_all(
        m for _, _, extraction in items for m in extraction.officials if not m.official_id
    )
    rows: dict[str, list] = {kind: [] for kind in KINDS}
    for article_id, published_at, extraction in items:

        def base(count, first_offset, evidence, is_focus, article_id=article_id, at=published_at):
            # The columns of _COMMON, in order.
            return (
                article_id,
                count,
                first_offset,
                _evidence(evidence),
                is_focus,
                Origin.AUTOMATIC,
                False,
                at,
            )

        for kind, matches in (
            ("countries", extraction.countries),
            ("organisations", extraction.organisations),
        ):
            seen = set()
            for m in matches:
                key = (article_id, m.entity_id)
                if key in protected[kind] or key in seen:
                    continue
                seen.add(key)
                row = base(m.count, m.first_offset, m.evidence, m.is_focus)
                rows[kind].append(
                    (*row, m.entity_id, m.kind) if kind == "countries" else (*row, m.entity_id)
                )
        seen = set()
        for m in extraction.topics:
            key = (article_id, m.topic_id)
            if key in protected["topics"] or key in seen:
                continue
            seen.add(key)
            first = min((e.start for e in m.evidence), default=None)
            rows["topics"].append(
                (*base(len(m.evidence) or 1, first, m.evidence, False), m.topic_id, m.score)
            )
        seen = set()
        for m in extraction.officials:
            official_id = m.official_id or resolver.official_id(m)
            entity_key = official_id if official_id is not None else ("raw", m.raw_name[:200])
            key = (article_id, entity_key)
            if key in protected["officials"] or key in seen:
                continue
            seen.add(key)
            rows["officials"].append(
                (
                    *base(m.count, m.first_offset, m.evidence, m.is_focus),
                    official_id,
                    m.appointment_id if m.official_id else None,
                    m.raw_name[:200],
                    m.raw_title[:300],
                )
            )

    extra = {
        "countries": ("country_id", "kind"),
        "organisations": ("organisation_id",),
        "topics": ("topic_id", "score"),
        "officials": ("official_id", "appointment_id", "raw_name", "raw_title"),
    }
    for kind in KINDS:
        model, _ = _MODELS[kind]
        copy_rows(model, (*_COMMON, *extra[kind]), rows[kind])
        new_keys = set()
        for row in rows[kind]:
            entity = row[len(_COMMON)]
            new_keys.add((row[0], entity if entity is not None else ("raw", row[-2])))
        diff.added[kind] += len(new_keys - previous[kind])
        diff.removed[kind] += len(previous[kind] - new_keys)
        diff.unchanged[kind] += len(new_keys & previous[kind])
    diff.candidates_created = resolver.created - created_before
    return diff
