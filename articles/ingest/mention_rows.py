"""An article's mention rows as COPY text, built where its extraction ran (pure).

A worker turns the extraction's object graph into bytes (``PreparedMentions``), so only
bytes cross to the writing process; ``services.mentions`` resolves candidate officials
and writes the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from json.encoder import encode_basestring as _json_string  # C, as json.dumps uses
from typing import NamedTuple

from articles.extract.types import CandidateProposal, Evidence, Extraction
from articles.ingest.copy_text import copy_value

# The ``origin`` of an automatic mention: ``articles.choices.Origin.AUTOMATIC``, which
# this layer may not import (tests/ingest/test_copy_text.py checks that they agree).
AUTOMATIC = "automatic"


def _evidence(evidence: Iterable[Evidence]) -> str:
    """Return ``evidence`` as the JSON ``json.dumps`` writes (``ensure_ascii=False``).

    Written out with json's own string encoder instead of calling ``json.dumps`` on a
    list of dicts: the same text, at a fraction of the cost (this is most of what
    ``mentions_prepare`` spends).
    """
    return (
        "["
        + ", ".join(
            f'{{"text": {_json_string(e.text)}, "start": {e.start:d}, '
            f'"field": {_json_string(e.field)}, "rule": {_json_string(e.rule)}}}'
            for e in evidence
        )
        + "]"
    )


# A mention row's columns after the article and the entity ids, in COPY order.
_COMMON = (
    "count",
    "first_offset",
    "evidence",
    "is_focus",
    "origin",
    "suppressed",
    "published_at",
)
# Each table's columns: the article, the entity (the official and their appointment), the
# common ones, then the table's own.
MENTION_COLUMNS = {
    "countries": ("article_id", "country_id", *_COMMON, "kind"),
    "organisations": ("article_id", "organisation_id", *_COMMON),
    "topics": ("article_id", "topic_id", *_COMMON, "score"),
    "officials": (
        "article_id",
        "official_id",
        "appointment_id",
        *_COMMON,
        "raw_name",
        "raw_title",
        "former",
    ),
}


class PreparedMentions(NamedTuple):
    """An article's mention rows as COPY text, all but the article id (and, for officials,
    the ids a candidate proposal resolves to): built where the extraction ran (a worker),
    so only bytes cross to the writing process, not the extraction's object graph.

    ``countries``, ``organisations`` and ``topics`` are (entity id, row text from the
    entity id on), one per entity, in extraction order. ``officials`` are (official id,
    appointment id, raw name, candidate proposal, row text from ``count`` on), in
    extraction order; a candidate's official id is None until the writer resolves it.
    """

    countries: list[tuple[int, bytes]]
    organisations: list[tuple[int, bytes]]
    topics: list[tuple[int, bytes]]
    officials: list[tuple[int | None, int | None, str, CandidateProposal | None, bytes]]


def _row_text(values: Iterable) -> bytes:
    return "\t".join(map(copy_value, values)).encode()


def mentions_prepare(extraction: Extraction, published_at: datetime | None) -> PreparedMentions:
    """Return the mention rows of one article's extraction (pure: runs in the workers)."""
    # origin, suppressed and published_at: the last columns of _COMMON, alike in every row
    tail = f"\t{AUTOMATIC}\tf\t{copy_value(published_at)}"

    def common(count: int, first_offset: int | None, evidence, is_focus: bool) -> str:
        # The columns of _COMMON, in order.
        return (
            f"{count}\t{copy_value(first_offset)}\t{copy_value(_evidence(evidence))}"
            f"\t{'t' if is_focus else 'f'}{tail}"
        )

    def rows(matches, entity, fields) -> list[tuple[int, bytes]]:
        # One (entity id, row text) per entity, the first match of each; ``fields(m)``
        # gives the count, the first offset, the focus flag and the table's own columns.
        out = []
        seen = set()
        for m in matches:
            key = entity(m)
            if key in seen:
                continue
            seen.add(key)
            count, first_offset, is_focus, own = fields(m)
            text = f"{key}\t{common(count, first_offset, m.evidence, is_focus)}".encode()
            out.append((key, text + b"\t" + _row_text(own) if own else text))
        return out

    countries = rows(
        extraction.countries,
        lambda m: m.entity_id,
        lambda m: (m.count, m.first_offset, m.is_focus, (m.kind,)),
    )
    organisations = rows(
        extraction.organisations,
        lambda m: m.entity_id,
        lambda m: (m.count, m.first_offset, m.is_focus, ()),
    )
    topics = rows(
        extraction.topics,
        lambda m: m.topic_id,
        lambda m: (
            len(m.evidence) or 1,
            min((e.start for e in m.evidence), default=None),
            False,
            (m.score,),
        ),
    )
    officials = [
        (
            m.official_id,
            m.appointment_id if m.official_id else None,
            m.raw_name[:200],
            None if m.official_id else m.candidate,
            f"{common(m.count, m.first_offset, m.evidence, m.is_focus)}\t".encode()
            + _row_text((m.raw_name[:200], m.raw_title[:300]))
            + (b"\tt" if m.former else b"\tf"),
        )
        for m in extraction.officials
    ]
    return PreparedMentions(countries, organisations, topics, officials)
