"""Score an article against the topic taxonomy's phrase rules.

Pure: no Django. Every phrase of every topic is compiled into one case-insensitive
regular expression, factored as a character trie so that the engine tests a handful of
branches at each position instead of hundreds, whatever the size of the taxonomy.

Matching:

- phrases match case-insensitively on word boundaries; words of a phrase may be
  separated by any run of spaces or hyphens ("cease-fire" == "cease fire");
- a lower-case last word may carry an inflection: ``s``, ``es``, ``ed`` or ``ing``
  ("sanction" finds "sanctions" and "sanctioned"; "rebels" also finds "rebel"), acronyms
  and numbers never do ("NATO", "S-400");
- at one position the longest phrase wins, so "joint military exercises" counts once,
  not also as "military exercises". A topic whose own phrase lies inside the winner is
  still credited: "NATO summit" counts for summits and (as "NATO") for alliances.

Scoring, per topic::

    score = sum over its rules r of  w_r * sum_{k=1..n_r} f_k / k

where ``n_r`` is how often rule ``r`` matched, ``f_k`` the field weight of its k-th match
(title 2.0, lede 1.5, body 1.0; the heaviest first): the k-th repetition of a phrase adds
1/k of the first, so ten "killed" do not make a war. An article gets the topic when
``score >= threshold``, unless one of the topic's ``exclude`` phrases matched anywhere
in it ("trade war" removes armed conflict; "recipe" removes sanctions).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from articles.extract.types import ArticleText, Evidence, Gazetteer, TopicMatch, evidence

FIELD_WEIGHTS = {"title": 2.0, "lede": 1.5, "body": 1.0}
SUFFIXES = ("s", "es", "ed", "ing")

# Between the words of a phrase: spaces or hyphens in any number.
_SEP = r"[\s\-]+"
# After an inflectable last word: an optional inflection.
_SUFFIX = r"(?:s|es|ed|ing)?"
# A phrase neither starts nor ends inside a word.
_START, _END = r"(?<!\w)", r"(?!\w)"
_SPLIT = re.compile(r"[\s\-]+")
_WORD_RE = re.compile(r"\w")
# Evidence order: by offset, then rule.
_ORDER = attrgetter("start", "rule")


def phrase_key(text: str) -> str:
    """Return the comparison form of a phrase or matched text: lower-case, single spaces."""
    return " ".join(part for part in _SPLIT.split(text.lower()) if part)


def _inflectable(phrase: str) -> bool:
    """Return whether the phrase's last word is a lower-case word that may inflect."""
    last = _SPLIT.split(phrase.strip())[-1]
    return len(last) >= 3 and last.isalpha() and last.islower()


def _base(key: str, inflectable: bool) -> str:
    """Return the stem a phrase's pattern is built on ("rebels" -> "rebel")."""
    if inflectable and key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 4:
        return key[:-1]
    return key


def _words_pattern(base: str) -> str:
    return _SEP.join(re.escape(word) for word in base.split(" "))


@dataclass(frozen=True, slots=True)
class _Rule:
    """One topic's phrase, deduplicated by key (the heaviest weight kept)."""

    topic: int  # index into TopicIndex.topics
    phrase: str  # as editors wrote it: the evidence's ``rule``
    key: str
    weight: float
    exclude: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Credit:
    """What a matched phrase earns one topic: its own rule, or one inside the match."""

    rule: _Rule
    inner: bool  # the rule is a shorter phrase within the matched one


class _Trie:
    __slots__ = ("children", "end", "inflect")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.end = False
        self.inflect = False

    def add(self, base: str, inflect: bool) -> None:
        node = self
        for ch in base:
            node = node.children.setdefault(ch, _Trie())
        node.end = True
        node.inflect = node.inflect or inflect

    def pattern(self) -> str:
        """Return the regex of this subtree: longer continuations tried before the end."""
        alternatives = [
            (_SEP if ch == " " else re.escape(ch)) + child.pattern()
            for ch, child in sorted(self.children.items())
        ]
        if self.end:
            alternatives.append((_SUFFIX if self.inflect else "") + _END)
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class TopicIndex:
    """The compiled rules of every topic of one gazetteer snapshot."""

    topic_ids: tuple[int, ...]
    thresholds: tuple[float, ...]
    regex: re.Pattern[str] | None  # lower-case patterns, for lower-cased text
    regex_ignorecase: re.Pattern[str] | None  # for the rare text whose lower() changes length
    # Matched text's key -> the phrase key it stands for (exact forms before inflections).
    surfaces: dict[str, str] = field(default_factory=dict)
    # Phrase key -> the credit of each topic concerned.
    credits: dict[str, tuple[_Credit, ...]] = field(default_factory=dict)
    # ``regex`` led by the non-word character before a phrase instead of a lookbehind
    # (see ``_lower_case_matches``); None unless every phrase starts with a word character.
    regex_after_gap: re.Pattern[str] | None = None

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> TopicIndex:
        """Compile the phrase rules of ``gazetteer.topics``."""
        rules: dict[tuple[int, str], _Rule] = {}
        for n, topic in enumerate(gazetteer.topics):
            for r in topic.rules:
                key = phrase_key(r.phrase)
                exclude = r.kind == "exclude"
                if not key or (not exclude and r.weight <= 0):
                    continue
                old = rules.get((n, key))
                if old and (old.exclude or (not exclude and old.weight >= r.weight)):
                    continue
                inflect = _inflectable(r.phrase)
                body = _words_pattern(_base(key, inflect)) + (_SUFFIX if inflect else "")
                rules[(n, key)] = _Rule(
                    topic=n,
                    phrase=r.phrase,
                    key=key,
                    weight=r.weight,
                    exclude=exclude,
                    pattern=re.compile(_START + body + _END, re.IGNORECASE),
                )

        trie = _Trie()
        surfaces: dict[str, str] = {}
        stems: dict[str, list[str]] = {}
        for rule in rules.values():
            inflect = _inflectable(rule.phrase)
            base = _base(rule.key, inflect)
            trie.add(base, inflect)
            surfaces[rule.key] = rule.key
            if inflect:
                stems.setdefault(base, []).append(rule.key)
        # An inflected form stands for the phrase that is the stem itself when there is one.
        for base, keys in stems.items():
            owner = base if base in surfaces else keys[0]
            for form in (base, *(base + s for s in SUFFIXES)):
                surfaces.setdefault(form, owner)

        credits: dict[str, tuple[_Credit, ...]] = {}
        by_topic: dict[int, list[_Rule]] = {}
        for rule in rules.values():
            by_topic.setdefault(rule.topic, []).append(rule)
        for key in set(surfaces.values()):
            found = []
            for topic_rules in by_topic.values():
                inside = [
                    r
                    for r in topic_rules
                    if r.key == key or (_base(r.key, True) in key and r.pattern.search(key))
                ]
                if inside:
                    best = max(inside, key=lambda r: (r.key == key, len(r.key)))
                    found.append(_Credit(rule=best, inner=best.key != key))
            credits[key] = tuple(found)

        regex = regex_ignorecase = after_gap = None
        if trie.children:
            regex = re.compile(_START + trie.pattern())
            regex_ignorecase = re.compile(regex.pattern, re.IGNORECASE)
            if all(_WORD_RE.match(key) for key in surfaces):
                after_gap = re.compile(r"\W(" + trie.pattern() + ")")
        return cls(
            topic_ids=tuple(t.id for t in gazetteer.topics),
            thresholds=tuple(t.threshold for t in gazetteer.topics),
            regex=regex,
            regex_ignorecase=regex_ignorecase,
            surfaces=surfaces,
            credits=credits,
            regex_after_gap=after_gap,
        )


def _fields(article: ArticleText) -> list[tuple[int, str]]:
    """Return (start offset in ``full_text``, field name) of each non-empty part."""
    spans, offset = [], 0
    for name, text in (("title", article.title), ("lede", article.lede), ("body", article.body)):
        if text:
            spans.append((offset, name))
            offset += len(text) + 2  # the blank line joining the parts
    return spans


def _field_at(spans: list[tuple[int, str]], offset: int) -> str:
    return spans[bisect_right(spans, (offset, "~")) - 1][1]


def extract_topics(article: ArticleText, index: TopicIndex) -> tuple[TopicMatch, ...]:
    """Return the topics whose rule score reaches their threshold, best first."""
    if index.regex is None:
        return ()
    text = article.full_text
    spans = _fields(article)
    if not spans:
        return ()
    # Matching lower-cased text with lower-case patterns spares IGNORECASE's case folding;
    # offsets stay valid unless lower() changed the length ("İ" -> "i̇").
    lowered = text.lower()
    if len(lowered) != len(text):
        found_phrases = _spans(index.regex_ignorecase.finditer(text))
    else:
        found_phrases = _lower_case_matches(lowered, index)
    excluded: set[int] = set()
    # topic -> rule key -> evidence found for it
    hits: dict[int, dict[str, list[Evidence]]] = {}
    weights: dict[tuple[int, str], float] = {}
    for m_start, m_end, found in found_phrases:
        key = index.surfaces.get(found) or index.surfaces.get(phrase_key(found))
        if key is None:  # an inflection of nothing known (cannot happen with a sane trie)
            continue
        for credit in index.credits[key]:
            rule = credit.rule
            if rule.exclude:
                excluded.add(rule.topic)
                continue
            start, matched = m_start, text[m_start:m_end]
            if credit.inner:
                inner = rule.pattern.search(matched)
                if inner:
                    start, matched = start + inner.start(), inner.group()
            hits.setdefault(rule.topic, {}).setdefault(rule.key, []).append(
                evidence(matched, start, _field_at(spans, start), rule.phrase)
            )
            weights[(rule.topic, rule.key)] = rule.weight

    matches = []
    for topic, by_rule in hits.items():
        if topic in excluded:
            continue
        score = 0.0
        for key, found in by_rule.items():
            field_weights = sorted((FIELD_WEIGHTS[e.field] for e in found), reverse=True)
            score += weights[(topic, key)] * sum(f / k for k, f in enumerate(field_weights, 1))
        score = round(score, 3)
        if score >= index.thresholds[topic]:
            ordered = tuple(sorted((e for found in by_rule.values() for e in found), key=_ORDER))
            matches.append(
                TopicMatch(topic_id=index.topic_ids[topic], score=score, evidence=ordered)
            )
    matches.sort(key=lambda t: (-t.score, t.topic_id))
    return tuple(matches)


def _spans(matches: Iterable[re.Match[str]], group: int = 0) -> list[tuple[int, int, str]]:
    """Return (start, end, text) of ``group`` of each match."""
    return [(m.start(group), m.end(group), m.group(group)) for m in matches]


def _lower_case_matches(lowered: str, index: TopicIndex) -> list[tuple[int, int, str]]:
    """Return (start, end, text) of the phrases found in lower-cased text.

    ``regex`` tests its lookbehind at every character; ``regex_after_gap`` starts with
    the non-word character before a phrase, a character class the engine skips to
    without starting a match inside words. A space in front stands for
    the start of the text. Phrases start and end with a word character, so the matches
    are the same: the gap one consumes was never part of the previous match.
    """
    if index.regex_after_gap is None:
        return _spans(index.regex.finditer(lowered))
    return [
        (m.start(1) - 1, m.end(1) - 1, m.group(1))
        for m in index.regex_after_gap.finditer(" " + lowered)
    ]
