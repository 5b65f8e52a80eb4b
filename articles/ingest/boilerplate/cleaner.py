"""Drop the furniture paragraphs of a body: built-in patterns, learned keys, editors' rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.ingest.boilerplate.paragraphs import (
    _straight_quotes,
    paragraph_key,
    split_paragraphs,
)
from articles.ingest.boilerplate.patterns import (
    _AGENCY_CREDIT_RE,
    _APPEAL_START_RE,
    _CREDIT_RE,
    _LONG,
    _PREFIX_RE,
    _PROMO_SENTENCE_RE,
    _SHORT_RE,
    _SHORT_SEARCH_RE,
    _SIGN_OFF_RE,
    _TAIL_RE,
    MEDIUM,
    SHORT,
    _caption_like,
    _promo_hint,
    _short_hint,
)
from articles.ingest.inline import strip_inline

# 2: link-preview widgets, lists of names, WATCH promos, agency credits
# 3: long repeated paragraphs; correction notices apart
CLEANER_VERSION = 3


@dataclass(frozen=True, slots=True)
class CleanResult:
    """A cleaned body and the paragraphs taken out of it."""

    body: str
    removed: tuple[str, ...]


def clean_body(
    text: str,
    *,
    learned: frozenset[str] = frozenset(),
    extra_patterns: tuple[str, ...] = (),
) -> CleanResult:
    """Return ``text`` without furniture; paragraphs are joined by blank lines.

    ``learned`` holds paragraph_key() values to drop; a paragraph is also dropped when
    one of ``extra_patterns`` (editors' per-source regexes) is found in it.
    """
    return clean_paragraphs(split_paragraphs(text), learned=learned, extra_patterns=extra_patterns)


def clean_paragraphs(
    paragraphs: list[str],
    *,
    learned: frozenset[str] = frozenset(),
    extra_patterns: tuple[str, ...] = (),
) -> CleanResult:
    """``clean_body`` for text already split by ``split_paragraphs`` (the parser has it)."""
    paragraphs = list(paragraphs)
    inline: list[str] = []  # link-preview widgets and lists of names inside paragraphs
    for i, paragraph in enumerate(paragraphs):
        if "MORE" in paragraph or len(paragraph) > 150:
            paragraphs[i], pieces = strip_inline(paragraph)
            inline.extend(pieces)
    if inline:
        paragraphs = [p for p in paragraphs if p]
    extra = _compile(extra_patterns)
    fingerprints = _fingerprints(learned) if learned else None
    keep = [True] * len(paragraphs)
    removed: list[str] = []

    # Each paragraph's tail-marker match, once: both the tail and the loop need them.
    markers = [_tail_match(p) for p in paragraphs]
    tail = _tail_start(paragraphs, markers)
    if tail is not None:
        removed.append("\n".join(paragraphs[tail:]))
        del paragraphs[tail:], keep[tail:], markers[tail:]

    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _APPEAL_START_RE.match(paragraph):
            end = _appeal_end(paragraphs, index)
            for i in range(index, end):
                keep[i] = False
            index = end
            continue
        if marker := markers[index]:
            # An in-body "Read more" (the article goes on): a bare marker takes the teaser
            # headline on the next line with it.
            keep[index] = False
            nxt = index + 1
            if (
                not marker.group("teaser")
                and nxt < len(paragraphs)
                and _caption_like(paragraphs[nxt])
            ):
                keep[nxt] = False
                index = nxt
        elif _is_furniture(paragraph, learned, extra, fingerprints):
            keep[index] = False
            if _CREDIT_RE.search(paragraph) and index and _caption_like(paragraphs[index - 1]):
                keep[index - 1] = False
        elif index and paragraph == paragraphs[index - 1] and len(paragraph) <= MEDIUM:
            # Photo captions are scraped twice in a row (AP, Washington Post).
            keep[index - 1] = keep[index] = False
        index += 1

    body = [p for p, k in zip(paragraphs, keep, strict=True) if k]
    removed[:0] = [p for p, k in zip(paragraphs, keep, strict=True) if not k]
    return CleanResult(body="\n\n".join(body), removed=(*inline, *removed))


def remove_matching_paragraphs(text: str, patterns: tuple[str, ...]) -> CleanResult:
    """Return ``text`` without the paragraphs in which one of ``patterns`` is found.

    The hook for a source's own cleaning rules (``Source.cleaning_rules``, edited in the
    admin), applied after the built-in cleaning once the article's source is known.
    Patterns are searched in multi-line mode: ``^`` and ``$`` match at line ends.
    """
    compiled = _compile(tuple(f"(?m:{p})" for p in patterns))
    kept, removed = [], []
    for paragraph in split_paragraphs(text):
        matched = any(pattern.search(paragraph) for pattern in compiled)
        (removed if matched else kept).append(paragraph)
    return CleanResult(body="\n\n".join(kept), removed=tuple(removed))


def is_furniture(paragraph: str) -> bool:
    """Return whether ``paragraph`` alone is built-in furniture (no learned keys)."""
    return _is_furniture(paragraph, frozenset(), (), None)


def learned_in(text: str, learned: frozenset[str]) -> bool:
    """Return whether a paragraph of ``text`` is one of the ``learned`` keys."""
    if not learned:
        return False
    fingerprints = _fingerprints(learned)
    return any(
        _may_be_learned(p, fingerprints) and paragraph_key(p) in learned
        for p in split_paragraphs(text)
    )


def is_tail_marker(paragraph: str) -> bool:
    """Return whether ``paragraph`` is a "Related Content"-style section heading."""
    return bool(_tail_match(paragraph))


def _tail_match(paragraph: str) -> re.Match[str] | None:
    """Return ``_TAIL_RE``'s match of ``paragraph`` (None when too long to be a marker).

    Every marker starts with r, m or y ("Related", "Read more", "More from", "Recommended",
    "You may also like", "Most read"), and no other character is any of them under
    IGNORECASE (see ``_folds_to_ascii``): other paragraphs skip the pattern, which halves
    the cost of this test on every paragraph.
    """
    if len(paragraph) <= 260 and paragraph[:1] in "rRmMyY":
        return _TAIL_RE.match(paragraph)
    return None


def _is_furniture(
    paragraph: str,
    learned: frozenset[str],
    extra: tuple[re.Pattern[str], ...],
    fingerprints: frozenset[bytes] | None,
) -> bool:
    """Return whether ``paragraph`` is furniture; ``fingerprints``: ``_fingerprints(learned)``."""
    if _PREFIX_RE.match(paragraph):
        return True
    if len(paragraph) <= SHORT and (
        _SHORT_RE.match(paragraph)
        or (_short_hint(paragraph) and _SHORT_SEARCH_RE.search(paragraph))
    ):
        return True
    if len(paragraph) <= MEDIUM and _promo_hint(paragraph) and _PROMO_SENTENCE_RE.search(paragraph):
        return True
    if len(paragraph) <= MEDIUM and "|" in paragraph and _AGENCY_CREDIT_RE.search(paragraph):
        return True  # "<caption> | REUTERS <teaser headline>": a photo credit and a teaser
    if (
        fingerprints is not None
        and _may_be_learned(paragraph, fingerprints)
        and paragraph_key(paragraph) in learned
    ):
        return True
    # The pipeline passes no extra patterns: no generator for every paragraph then.
    return bool(extra) and any(pattern.search(paragraph) for pattern in extra)


@lru_cache(maxsize=1024)
def _fingerprints(learned: frozenset[str]) -> frozenset[bytes]:
    """Return the first ASCII letters of each of a source's learned keys (once per source)."""
    return frozenset(
        key.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LETTERS)[:_FINGERPRINT]
        for key in learned
    )


def _may_be_learned(paragraph: str, fingerprints: frozenset[bytes]) -> bool:
    """Return False when ``paragraph``'s key surely is none of the learned keys (a pre-check).

    ``paragraph_key`` keeps a paragraph's ASCII letters in order, lower-cased, and adds
    none among them, unless NFKC composes one with an accent after it or spells a
    character out ("Ⅷ" -> "viii"). So when a paragraph's first ``_HEAD`` characters (and
    the one after) are ASCII, curly quotes or dashes, which NFKC leaves alone, the first
    ``_FINGERPRINT`` letters of its key are theirs: unless a learned key starts with the
    same letters, the key need not be computed. Other paragraphs (accents or other
    scripts near the start, fewer letters: 1% on allsides-all) are let through. Reading
    the start costs much less than a key whatever the paragraph's length, and long
    learned keys make it no weaker: on allsides-all the keys of 1.2% of the paragraphs
    are computed.
    """
    head = paragraph[: _HEAD + 1]
    if not head.isascii():
        head = _straight_quotes(head).replace("\u2014", "-").replace("\u2013", "-")  # dashes
        if not head.isascii():
            return True
    letters = head[:_HEAD].encode("ascii").translate(None, _NOT_ASCII_LETTERS)
    if len(letters) >= _FINGERPRINT:
        return letters[:_FINGERPRINT].lower() in fingerprints
    # Fewer letters: all of them when the paragraph is that short, else too few to tell.
    return len(paragraph) > _HEAD or letters.lower() in fingerprints


_HEAD = 48  # characters the pre-check reads


_FINGERPRINT = 8  # letters compared


_NOT_ASCII_LETTERS = bytes(c for c in range(256) if not chr(c).isascii() or not chr(c).isalpha())


def _tail_start(paragraphs: list[str], markers: list[re.Match[str] | None]) -> int | None:
    """Return where a related-links tail starts: a marker with no article prose after it.

    ``markers`` holds each paragraph's ``_TAIL_RE`` match (None when too long to be one).
    """
    for index, marker in enumerate(markers):
        if marker and not marker.group("teaser"):
            rest = paragraphs[index + 1 :]
            if not any(len(p) > _LONG for p in rest):
                return index
    return None


def _appeal_end(paragraphs: list[str], start: int) -> int:
    """Return the index just past an appeal's signature (or past its first line)."""
    for index in range(start + 1, min(start + 20, len(paragraphs))):
        if _SIGN_OFF_RE.match(paragraphs[index]):
            end = index + 1
            # Signature lines: "Jane Doe, Editor-in-Chief" — short, no full stop.
            while (
                end < len(paragraphs)
                and len(paragraphs[end]) <= 80
                and not paragraphs[end].endswith((".", "!", "?", '"', "”"))
            ):
                end += 1
            return end
    return start + 1


@lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)
