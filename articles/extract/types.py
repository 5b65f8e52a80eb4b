"""Frozen value types of the pure extraction stage.

The gazetteer snapshot (built once per run from the database by ``selectors``) goes in
with an article's text; an ``Extraction`` comes out. No Django here: extraction runs in
the import's worker processes and in ``reextract``, and is tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import partial
from typing import Any

EXTRACTOR_VERSION = 3  # 3: former office holders kept as former, the text's post wins, legislators


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """A surface form of a country or organisation.

    ``kind``: for countries name / alternative / demonym / capital / city; for
    organisations name / alternative / abbreviation. ``ambiguous`` aliases need
    supporting evidence in the article before they count.
    """

    alias: str
    entity_id: int
    kind: str
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class CountryEntry:
    id: int
    iso2: str
    name: str


@dataclass(frozen=True, slots=True)
class OrganisationEntry:
    id: int
    slug: str
    name: str
    abbreviation: str = ""


@dataclass(frozen=True, slots=True)
class AppointmentEntry:
    """A post held between two dates (None: unknown / open)."""

    id: int
    post: str
    post_kind: str
    country: str | None = None  # ISO alpha-2, upper-case
    organisation: str | None = None  # organisation slug
    start: date | None = None
    end: date | None = None
    # With no end: the last date a source shows the post held (it may have lasted longer).
    known_until: date | None = None

    def covers(self, day: date) -> bool:
        """Return whether the post was held on ``day`` (see ``term_covers``)."""
        return term_covers(self.start, self.end, self.known_until, day)


# How long after its last evidence a term with no known end is still taken as held: the
# sources sample a post (a yearly UN speech, a dated snapshot), so a year past the last
# sample, not for ever ("Deputy Prime Minister as of 2014" for a man who left in 2012).
KNOWN_UNTIL_GRACE = timedelta(days=366)


def term_covers(start: date | None, end: date | None, known_until: date | None, day: date) -> bool:
    """Return whether a term held from ``start`` to ``end`` covers ``day``.

    An unknown start is open; an unknown end is open only as far as the last evidence
    (``known_until``) and a year's grace, or for ever when nothing dates the term.
    """
    if start is not None and day < start:
        return False
    if end is not None:
        return day <= end
    return known_until is None or day <= known_until + KNOWN_UNTIL_GRACE


@dataclass(frozen=True, slots=True)
class OfficialEntry:
    """A known person in office; ``aliases`` include the display name."""

    id: int
    name: str
    aliases: tuple[str, ...]
    nationality: str | None = None  # ISO alpha-2
    appointments: tuple[AppointmentEntry, ...] = ()
    status: str = "confirmed"  # confirmed | candidate | rejected (rejected: never propose)


@dataclass(frozen=True, slots=True)
class TopicRuleEntry:
    phrase: str
    weight: float = 1.0
    kind: str = "include"  # include | exclude


@dataclass(frozen=True, slots=True)
class TopicEntry:
    id: int
    slug: str
    threshold: float
    rules: tuple[TopicRuleEntry, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Everything extraction knows, as plain data. Blocked aliases are already left out."""

    countries: tuple[CountryEntry, ...] = ()
    country_aliases: tuple[AliasEntry, ...] = ()
    organisations: tuple[OrganisationEntry, ...] = ()
    organisation_aliases: tuple[AliasEntry, ...] = ()
    officials: tuple[OfficialEntry, ...] = ()
    topics: tuple[TopicEntry, ...] = ()
    # Names editors rejected as officials: never proposed as candidates again (name keys).
    rejected_names: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The parts of an article extraction reads. Offsets refer to ``full_text``."""

    title: str
    body: str
    lede: str = ""
    published: date | None = None
    dateline: str = ""
    byline: str = ""
    authors: tuple[str, ...] = ()
    # ``full_text``, joined on first use and kept: every extractor reads it (the field
    # layout of countries and organisations, topics, officials three times), so it is
    # joined once an article rather than once a read.
    _full_text: str | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, article: Mapping[str, Any] | Any, **override: Any) -> ArticleText:
        """Return what extraction reads of ``article``: a parsed article, or a stored
        article's row (a dict of its fields; those it lacks are empty).

        ``override`` replaces fields of ``article`` (re-extraction's re-cleaned body,
        dateline and byline). ``published_at`` (a datetime) becomes ``published`` (its date).
        """
        read = article.get if isinstance(article, Mapping) else partial(getattr, article)

        def get(name: str, default: Any) -> Any:
            return override[name] if name in override else read(name, default)

        published = get("published_at", None)
        return cls(
            title=get("title", ""),
            lede=get("lede", ""),
            body=get("body", ""),
            published=published.date() if published else None,
            dateline=get("dateline", ""),
            byline=get("byline", ""),
            authors=get("authors", ()),
        )

    @property
    def full_text(self) -> str:
        """Return title, lede and body joined by blank lines (the offset space)."""
        text = self._full_text
        if text is None:
            text = "\n\n".join(part for part in (self.title, self.lede, self.body) if part)
            object.__setattr__(self, "_full_text", text)  # frozen: a cache, not a change
        return text


@dataclass(frozen=True, slots=True)
class Evidence:
    """One match: the words as written, where (offset in ``full_text``), and which rule."""

    text: str
    start: int
    field: str  # title | lede | body | dateline
    rule: str  # e.g. "name", "demonym", "capital", "titled mention", "surname after full name"


_new_object = object.__new__
_EVIDENCE_FIELDS = ("text", "start", "field", "rule")
# ``evidence`` fills these slots itself: a field added to Evidence, or a __post_init__,
# must fail here at import rather than make objects that miss it.
assert tuple(f.name for f in fields(Evidence)) == _EVIDENCE_FIELDS
assert not hasattr(Evidence, "__post_init__")
_set_text, _set_start, _set_field, _set_rule = (
    Evidence.__dict__[name].__set__ for name in _EVIDENCE_FIELDS
)


def evidence(text: str, start: int, field: str, rule: str) -> Evidence:
    """Return ``Evidence(text, start, field, rule)``, built without the dataclass ``__init__``.

    A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__``; the
    extractors build ~20 Evidence an article, so they fill its slots directly. The
    result is the same object: equal, same hash, same pickle.
    """
    made = _new_object(Evidence)
    _set_text(made, text)
    _set_start(made, start)
    _set_field(made, field)
    _set_rule(made, rule)
    return made


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """A country or organisation found in the article."""

    entity_id: int
    count: int
    first_offset: int
    evidence: tuple[Evidence, ...]
    is_focus: bool = False
    kind: str = "direct"  # countries: direct | place (only through a city or place inside)


@dataclass(frozen=True, slots=True)
class CandidateProposal:
    """An unknown titled person, proposed to editors as a candidate official."""

    name: str
    post: str
    post_kind: str
    country: str | None = None  # ISO alpha-2
    organisation: str | None = None  # slug


@dataclass(frozen=True, slots=True)
class OfficialMatch:
    """A person in office: a known official (``official_id``) or a candidate proposal."""

    raw_name: str
    raw_title: str
    count: int
    first_offset: int
    evidence: tuple[Evidence, ...]
    official_id: int | None = None
    appointment_id: int | None = None  # the post held on the article's date (or, former, then)
    is_focus: bool = False
    candidate: CandidateProposal | None = None
    former: bool = False  # the text or the dates say the post is no longer held


@dataclass(frozen=True, slots=True)
class TopicMatch:
    topic_id: int
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one article."""

    countries: tuple[EntityMatch, ...] = ()
    organisations: tuple[EntityMatch, ...] = ()
    officials: tuple[OfficialMatch, ...] = ()
    topics: tuple[TopicMatch, ...] = ()
    version: int = EXTRACTOR_VERSION
    notes: tuple[str, ...] = field(default=())
