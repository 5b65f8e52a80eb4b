"""The alias matching engine shared by the country and organisation extractors.

Pure: no Django. Thousands of literal phrases (aliases, blocked phrases, cue words) are
compiled into ONE case-sensitive regular expression, factored as a character trie, so the
engine tests a handful of branches at each position instead of one regex per alias,
however many aliases the gazetteer holds.

Matching is leftmost-longest on word boundaries: at a position the longest phrase wins
("South Sudan" over "Sudan", "UN Security Council" over "UN"), and the next search
starts after it, so "Congo" is not found again inside "Democratic Republic of the
Congo". A phrase never starts or ends inside a word ("Niger" is not in "Nigeria"), but
may be followed by a possessive ("Syria's") or joined by a hyphen ("US-led").

The helpers below (fields, masks, context words, aggregation into ``EntityMatch``) are
shared too, so both extractors report offsets, evidence, counts and focus alike.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from articles.extract.types import ArticleText, EntityMatch, Evidence

# A phrase neither starts nor ends inside a word.
_START, _END = r"(?<!\w)", r"(?!\w)"
# Apostrophes are written straight or curly; aliases are stored straight.
_APOSTROPHES = ("'", "\u2019")

# Focus: a mention in the title or lede, or dominance in the body.
FOCUS_MIN_BODY = 3  # at least this many body mentions ...
FOCUS_MIN_SHARE = 0.25  # ... and at least this share of all body mentions of its kind


def words(text: str, sep: str | None = None) -> frozenset[str]:
    """Return the set of words (or ``sep``-separated phrases) of ``text``."""
    return frozenset(text.split(sep))


# Capitalised words next to a given-name alias that do not make it a person's name.
NOT_NAMES = words(
    "King Queen Prince Crown Foreign Prime President Valley River Defense Defence Police "
    "Army Air Navy Radio Times Post Government Ministry Embassy Central National State "
    "Supreme Security High Special Armed Border The A An And But In On At For From With By "
    "To Of As If When While After Before Since Why How What Where Both Even Only Unlike "
    "Like Then Now Meanwhile Also Under Over Against Between Across Without Until "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)
HONORIFICS = frozenset({"Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Sen.", "Rep."})
# Words before a capital that make it a location, not its government ("talks in Vienna").
LOCATIVE = words(
    "in at to from near outside into around across via toward towards inside through of"
)
# ALL-CAPS words opening a body: "MOSCOW -", "ST. PETERSBURG, Russia (Agency) —".
_DATELINE_RE = re.compile(
    r"""
    \A (?P<place> [A-Z][A-Z.'\u2019\- ]*[A-Z.] )     # the ALL-CAPS place
    (?: , \s* (?P<rest> [A-Z][\w.'\u2019 ]*? ) )?      # ", Russia" or ", Feb. 7"
    \s* (?: \( [^)\n]* \) \s* )?                       # "(Meridian Wire)"
    (?: -{1,2} | \u2014 | \u2013 | : ) \s              # the dash
    """,
    re.VERBOSE,
)


# ``_START`` tested after a phrase's first character (no word character before that one):
# a regex that opens with literal characters lets the engine skip to them quickly.
_AFTER_FIRST = r"(?<!\w.)"


def phrase_trie(phrases: Iterable[str]) -> dict:
    """Return ``phrases`` as a character trie: nested dicts, "" marking a phrase's end."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def trie_pattern(node: dict, root: bool = False) -> str:
    """Return the regex of a trie node; the empty key "" marks the end of a phrase."""
    terminal = "" in node
    after = _AFTER_FIRST if root else ""
    branches = [
        re.escape(ch) + after + trie_pattern(child) for ch, child in sorted(node.items()) if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Branches come before the end of the phrase, so the engine tries longer phrases first.
    if terminal:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def _compile(phrases: Iterable[str]) -> re.Pattern[str]:
    root = phrase_trie(phrases)
    if not root:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile("(?:" + trie_pattern(root, root=True) + ")" + _END)


def spelling_variants(phrase: str) -> tuple[str, ...]:
    """Return ``phrase`` and its curly-apostrophe spelling when it has an apostrophe."""
    if "'" in phrase:
        return (phrase, phrase.replace("'", "\u2019"))
    return (phrase,)


class AliasMatcher:
    """Leftmost-longest, case-sensitive matcher of a fixed set of phrases.

    Picklable: only the phrases are pickled and the regex is recompiled on load (a few
    milliseconds), so an index can be shipped to worker processes.
    """

    __slots__ = ("phrases", "_regex", "_uncapitalised", "_capitalised_regex")

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(sorted(set(phrases)))
        self._regex = _compile(self.phrases)
        # The few phrases that do not start with a capital ("state of Georgia") make the
        # engine stop at every "s", "t" or "w" of a text: most texts have none of them,
        # and are scanned without them (the trie's other branches are the same).
        self._uncapitalised = tuple(p for p in self.phrases if not p[:1].isupper())
        self._capitalised_regex = (
            _compile(p for p in self.phrases if p[:1].isupper())
            if self._uncapitalised
            else self._regex
        )

    def __reduce__(self):
        return (AliasMatcher, (self.phrases,))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """Yield the non-overlapping leftmost-longest matches in ``text[pos:endpos]``."""
        if endpos is None:
            endpos = len(text)
        regex = self._capitalised_regex
        if self._uncapitalised and any(p in text for p in self._uncapitalised):
            regex = self._regex
        return regex.finditer(text, pos, endpos)


@dataclass(frozen=True, slots=True)
class Fields:
    """Where title, lede and body lie in ``full_text``."""

    text: str
    starts: tuple[int, ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, article: ArticleText) -> Fields:
        """Return the field layout of ``article.full_text``."""
        starts, names, offset = [], [], 0
        for name, part in (
            ("title", article.title),
            ("lede", article.lede),
            ("body", article.body),
        ):
            if part:
                starts.append(offset)
                names.append(name)
                offset += len(part) + 2  # the "\n\n" joining parts
        return cls(article.full_text, tuple(starts), tuple(names))

    def name_at(self, offset: int) -> str:
        """Return the field holding ``offset``."""
        index = bisect_right(self.starts, offset) - 1
        return self.names[index] if index >= 0 else "body"

    def start_of(self, name: str) -> int | None:
        """Return where field ``name`` starts, or None when the article has no such field."""
        return self.starts[self.names.index(name)] if name in self.names else None


# The layout of the last article read: (article, (fields, masks)).
_last_layout: tuple[ArticleText | None, tuple[Fields, list[tuple[int, int]]] | None] = (None, None)


def layout(article: ArticleText) -> tuple[Fields, list[tuple[int, int]]]:
    """Return ``Fields.of(article)`` and its ``masked_spans`` (not to be modified).

    Both the country and the organisation extractor read them, so those of the last
    article are kept: an ``ArticleText`` is frozen, the same object has the same layout.
    """
    global _last_layout
    last_article, last = _last_layout
    if last_article is article and last is not None:
        return last
    fields = Fields.of(article)
    found = (fields, masked_spans(article, fields.text))
    _last_layout = (article, found)
    return found


def masked_spans(article: ArticleText, text: str) -> list[tuple[int, int]]:
    """Return the spans of the byline and author names in ``text``: they name no entity.

    "By Jordan Ashby | Capital Dispatch" left in a body must not make Jordan a country.
    A name is looked for once: a byline is often its only author (a third of articles).
    """
    byline = article.byline.strip()
    needles = dict.fromkeys([byline] if byline else ())
    for author in article.authors:
        author = author.strip()
        if len(author) > 3:
            needles[author] = None
    spans = []
    for needle in needles:
        start = text.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    return spans


def in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Return whether ``[start, end)`` overlaps any of ``spans`` (few: a linear scan)."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


# One word (letters, digits, dots, apostrophes, hyphens) or one comma.
_TOKEN_RE = re.compile(r"[\w.'\u2019-]+|,")


def previous_words(text: str, start: int, n: int = 3, window: int = 60) -> list[str]:
    """Return up to ``n`` tokens before ``start`` on the same line, nearest first."""
    line_start = text.rfind("\n", max(0, start - window), start) + 1
    chunk = text[max(line_start, start - window) : start]
    return _TOKEN_RE.findall(chunk)[::-1][:n]


def next_words(text: str, end: int, n: int = 3, window: int = 60) -> list[str]:
    """Return up to ``n`` tokens after ``end`` on the same line, nearest first."""
    line_end = text.find("\n", end, end + window)
    chunk = text[end : line_end if line_end != -1 else end + window]
    return _TOKEN_RE.findall(chunk)[:n]


def caps_context(text: str, start: int, end: int) -> bool:
    """Return whether the words around ``[start, end)`` are ALL CAPS ("LET US KNOW")."""
    around = previous_words(text, start, 1) + next_words(text, end, 1)
    return any(w.isupper() and len(w) > 1 and w.isalpha() for w in around)


def is_title_case(text: str) -> bool:
    """Return whether most words of a line are capitalised (a Title Case headline)."""
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def is_person(text: str, start: int, after: list[str], title_case: bool) -> bool:
    """Return whether a given-name alias stands next to another name word."""
    before = previous_words(text, start, 1)
    if before and (before[0] in HONORIFICS or name_word(before[0])):
        return True
    return not title_case and bool(after) and name_word(after[0])


def name_word(word: str) -> bool:
    """Return whether ``word`` looks like a capitalised name word (not a title or article)."""
    return (
        word[:1].isupper()
        and word[1:2].islower()
        and word.isalpha()
        and word not in NOT_NAMES
        and not word.endswith("'s")
    )


def locative(text: str, start: int) -> bool:
    """Return whether a capital is used as a location: "in Moscow and Beijing"."""
    for word in previous_words(text, start, 6):
        if word[-1:] in ".?!" and len(word) > 1 and word[-2].islower():
            return False  # the previous sentence's end
        if word in (",", "and", "or") or word[:1].isupper():
            continue  # walk back over a list of places
        return word in LOCATIVE
    return False


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a story was filed: the place, what follows its comma, and their offsets.

    Offsets are in ``full_text`` when the dateline opens the body, None when the parser
    split it off into ``article.dateline``; ``end`` is where it ends in ``full_text`` (0).
    """

    place: str
    rest: str
    place_at: int | None = None
    rest_at: int | None = None
    end: int = 0


def read_dateline(article: ArticleText, fields: Fields) -> Dateline | None:
    """Return ``article.dateline``, or else the ALL-CAPS opening of the body, if any."""
    if article.dateline.strip():
        place, _, rest = article.dateline.strip().partition(",")
        return Dateline(place.strip(), rest)
    body_start = fields.start_of("body")
    opening = _DATELINE_RE.match(article.body) if body_start is not None else None
    if opening is None:
        return None
    rest = opening.group("rest") or ""
    return Dateline(
        opening.group("place").strip(),
        rest,
        place_at=body_start,
        rest_at=body_start + opening.start("rest") if rest else None,
        end=body_start + opening.end(),
    )


@dataclass(slots=True)
class Found:
    """One accepted match of an entity while an article is being scanned."""

    entity_id: int
    evidence: Evidence
    direct: bool = True  # False: a place inside the country, or a dateline


_by_start = attrgetter("start")
_by_first_offset = attrgetter("first_offset", "entity_id")


def aggregate(found: Iterable[Found], *, with_kind: bool) -> tuple[EntityMatch, ...]:
    """Group accepted matches by entity into ``EntityMatch``es, sorted by first offset.

    Dateline evidence lies outside ``full_text`` when the parser split it off, so it
    does not set ``first_offset`` unless it is the only evidence (then 0).
    Focus: any match in the title or lede, or at least ``FOCUS_MIN_BODY`` body
    matches making at least ``FOCUS_MIN_SHARE`` of all body matches. A dateline alone
    never makes a focus: it says where the reporter was, not what the story is about.

    Run twice an article (countries, organisations): each group's evidence is read in
    one loop, not one generator per figure, which would walk it once a figure.
    """
    groups: dict[int, list[Found]] = {}
    body_total = 0
    for item in found:
        group = groups.get(item.entity_id)
        if group is None:
            groups[item.entity_id] = [item]
        else:
            group.append(item)
        if item.evidence.field == "body":
            body_total += 1
    matches = []
    for entity_id, items in groups.items():
        evidence = tuple(sorted([f.evidence for f in items], key=_by_start))
        first_offset = None
        body = 0
        focus = False
        for e in evidence:  # by offset: the first one in the text is the first offset
            field = e.field
            if field == "dateline":
                continue
            if first_offset is None:
                first_offset = e.start
            if field == "body":
                body += 1
            elif field in ("title", "lede"):
                focus = True
        if not focus:
            focus = body >= FOCUS_MIN_BODY and body >= FOCUS_MIN_SHARE * body_total
        direct = not with_kind or any(f.direct for f in items)
        matches.append(
            EntityMatch(
                entity_id=entity_id,
                count=len(evidence),
                first_offset=first_offset or 0,
                evidence=evidence,
                is_focus=focus,
                kind="direct" if direct else "place",
            )
        )
    matches.sort(key=_by_first_offset)
    return tuple(matches)
