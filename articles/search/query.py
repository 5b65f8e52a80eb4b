"""The list's criteria and search words → one engine query.

Search words follow the syntax the list documents (PostgreSQL's "websearch" style):

- words are all required: ``sanctions iran``;
- ``"a quoted phrase"`` matches those words in that order;
- ``or`` between two words (or phrases) accepts either: ``ceasefire or truce``;
- ``-word`` (or ``-"a phrase"``) excludes articles containing it.

Each word is analysed as the index analysed the text (lower-cased, accents folded, stop
words dropped, stemmed); a word that analyses into several ("al-Assad", "U.S.") is a
phrase. A word matches in the title or the body; the title counts ``TITLE_BOOST`` times as
much for relevance (BM25). Filters (dates, entities, source, story leads) never change
the score.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

import tantivy
from django.utils import timezone

from articles.search import schema
from articles.search.schema import ENTITY_FIELDS, FOCUS_FIELDS

TITLE_BOOST = 3.0
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_ANALYZER = schema.analyzer()
T = TypeVar("T")


@dataclass
class Operand:
    """A word or phrase: its analysed terms with their positions."""

    terms: list[tuple[int, str]]
    negated: bool = False


@dataclass
class ParsedSearch:
    """Required groups (each an or-list of operands) and excluded operands."""

    groups: list[list[Operand]] = field(default_factory=list)
    excluded: list[Operand] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """Every analysed term a match may contain (for highlighting)."""
        return [t for group in self.groups for op in group for _, t in op.terms]


def parse(text: str) -> ParsedSearch:
    """Return the structure of search words (see the module's docstring)."""
    groups, excluded = _clauses(text, lambda raw, quoted, terms, negated: Operand(terms, negated))
    return ParsedSearch(groups, excluded)


def raw_clauses(text: str) -> tuple[list[str], list[str]]:
    """Return the search words as written, one clause each: the required groups (each in
    the websearch syntax: alternatives joined by ``or``) and the excluded words or phrases.

    What PostgreSQL's reference filter reads when a story matches clause by clause (one
    copy may hold one word, another the next), as the story's document does.
    """
    groups, excluded = _clauses(
        text, lambda raw, quoted, terms, negated: f'"{raw}"' if quoted else raw
    )
    return [" or ".join(group) for group in groups], excluded


def _clauses(
    text: str, item: Callable[[str, bool, list[tuple[int, str]], bool], T]
) -> tuple[list[list[T]], list[T]]:
    """Split search words into required or-groups and excluded operands, each made by
    ``item(raw, quoted, analysed terms, negated)``; words that analyse into nothing (a stop
    word or punctuation alone) are ignored, as PostgreSQL does."""
    groups: list[list[T]] = []
    excluded: list[T] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated_phrase, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            pending_or = bool(groups)
            continue
        negated = bool(negated_phrase)
        raw = phrase
        if word is not None:
            negated = word.startswith("-") and len(word) > 1
            raw = word[1:] if negated else word
        terms = _analyse(raw or "")
        if not terms:
            pending_or = False
            continue
        operand = item(raw, phrase is not None, terms, negated)
        if negated:
            excluded.append(operand)
        elif pending_or:
            groups[-1].append(operand)
        else:
            groups.append([operand])
        pending_or = False
    return groups, excluded


def has_words(text: str) -> bool:
    """Return whether search words hold anything to look for (not only stop words)."""
    parsed = parse(text)
    return bool(parsed.groups or parsed.excluded)


def _analyse(text: str) -> list[tuple[int, str]]:
    tokens = _ANALYZER.pre_tokenize(text).tokens
    if not tokens:
        return []
    first = tokens[0].position
    return [(t.position - first, t.text) for t in tokens]


def date_bounds(criteria) -> tuple[datetime | None, datetime | None]:
    """Return the criteria's inclusive dates as [start, end) aware datetimes (site zone)."""
    tz = timezone.get_default_timezone()
    start = (
        datetime.combine(criteria.date_from, time.min, tzinfo=tz) if criteria.date_from else None
    )
    end = (
        datetime.combine(criteria.date_to + timedelta(days=1), time.min, tzinfo=tz)
        if criteria.date_to and criteria.date_to < date.max
        else None
    )
    return start, end


def search_query(index_schema: tantivy.Schema, text: str) -> tantivy.Query | None:
    """Return the scored query of search words, or None when they name no word at all."""
    parsed = parse(text)
    if not parsed.groups and not parsed.excluded:
        return None
    clauses = []
    for group in parsed.groups:
        alternatives = [_operand(index_schema, op) for op in group]
        if len(alternatives) == 1:
            clauses.append((tantivy.Occur.Must, alternatives[0]))
        else:
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alternatives]),
                )
            )
    if not clauses:  # only exclusions: every article but those
        clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    for op in parsed.excluded:
        clauses.append((tantivy.Occur.MustNot, _operand(index_schema, op)))
    return tantivy.Query.boolean_query(clauses)


def _operand(index_schema: tantivy.Schema, op: Operand) -> tantivy.Query:
    per_field = []
    for name, boost in (("title", TITLE_BOOST), ("body", 1.0)):
        if len(op.terms) == 1:
            query = tantivy.Query.term_query(index_schema, name, op.terms[0][1])
        else:
            query = tantivy.Query.phrase_query(index_schema, name, op.terms)
        if boost != 1.0:
            query = tantivy.Query.boost_query(query, boost)
        per_field.append((tantivy.Occur.Should, query))
    return tantivy.Query.boolean_query(per_field)


def filter_query(index_schema: tantivy.Schema, criteria, *, leads: bool | None = None):
    """Return the unscored filter of ``criteria`` (everything but the search words).

    ``leads`` overrides whether stories count, or every copy (the default follows the
    criteria).
    """
    clauses = [term(index_schema, "public", 1)]
    # Stories (a story's document holds what each of its public copies holds), or every
    # article's own document.
    stories = criteria.collapses_copies if leads is None else leads
    clauses.append(term(index_schema, "lead" if stories else "member", 1))
    if criteria.undated:
        clauses.append(unsigned_range(index_schema, "when", 0, schema.UNDATED_BELOW))
    elif criteria.has_dates:
        bounds = schema.newest_bounds(*date_bounds(criteria))
        clauses.append(unsigned_range(index_schema, "when", *bounds))
    for kind in ENTITY_FIELDS:
        entities = getattr(criteria, kind)
        if not entities:
            continue
        name = FOCUS_FIELDS[kind] if criteria.focus and kind in FOCUS_FIELDS else kind
        ids = [e.id for e in entities]
        if criteria.match_all or len(ids) == 1:
            clauses += [term(index_schema, name, pk) for pk in ids]
        else:
            clauses.append(tantivy.Query.term_set_query(index_schema, name, ids))
    if criteria.focus and not (criteria.country or criteria.official):
        clauses.append(
            tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.exists_query(name))
                    for name in FOCUS_FIELDS.values()
                ]
            )
        )
    if criteria.source:
        ids = [e.id for e in criteria.source]
        clauses.append(tantivy.Query.term_set_query(index_schema, "source", ids))
    return tantivy.Query.const_score_query(all_of(*clauses), 0.0)


def article_query(index_schema: tantivy.Schema, criteria, *, leads: bool | None = None):
    """Return the query of every article ``criteria`` select (scored when there are words)."""
    filters = filter_query(index_schema, criteria, leads=leads)
    if not criteria.q:
        return filters
    words = search_query(index_schema, criteria.q)
    if words is None:
        return tantivy.Query.empty_query()
    return all_of(words, filters)


def all_of(*queries: tantivy.Query) -> tantivy.Query:
    """Return the documents every one of ``queries`` matches."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


def term(index_schema, name: str, value: int) -> tantivy.Query:
    return tantivy.Query.term_query(index_schema, name, value)


def unsigned_range(index_schema, name: str, low: int, high: int) -> tantivy.Query:
    return tantivy.Query.range_query(
        index_schema, name, tantivy.FieldType.Unsigned, low, high, True, False
    )
