"""Remove site furniture (captions, appeals, promotions, related-links tails) from a body.

Pure and paragraph-based: the text is split into paragraphs, each paragraph is kept or
dropped whole, and the kept ones are joined with blank lines. What was dropped is
returned too, so editors can audit the cleaner and tests can pin it down.

Bump CLEANER_VERSION whenever a change alters output, so stored articles can be
re-cleaned selectively.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache

from articles.ingest.inline import strip_inline

# 2: link-preview widgets, lists of names, WATCH promos, agency credits
# 3: long repeated paragraphs; correction notices apart
CLEANER_VERSION = 3

# Paragraphs longer than this are article prose, never boilerplate by a loose pattern.
SHORT = 300
# Repeated paragraphs up to this long are learned (``FurnitureLearner``): sidebar quotes,
# promos and bios run to 1,400 characters on allsides-all; a longer text repeated word for
# word is a document quoted in full, and the bound keeps the learner's texts small.
LONG_LEARNED = 2000
# "Contains" patterns (a "Sign up for" sentence inside a promo blurb) look this far.
MEDIUM = 700

# Furniture recognised by how a paragraph starts, at any length: these openings do not
# begin sentences of news prose.
_PREFIX_RE = re.compile(
    r"""
    ^ \W{0,3} (?:
        \d+ \s* -? \s* min(?:ute)?s? \s+ read\b                 # "2 minute read."
      | reading \s+ time \s* :                                 # "Reading time: 3 min"
      | sign \s+ up \s+ for \b                                 # newsletter promos
      | subscribe \s+ (?:to|now|for|today|here) \b             # subscription promos
      | be \s+ the \s+ first \s+ to \s+ know \b                # "Be the first to know…"
      | click \s+ (?:here|for) \b                              # "Click for full … coverage"
      | see \s+ also \s* :                                     # "SEE ALSO: <teaser>"
      | join \s+ (?:us \s+ on | our \s+ \w+ \s+ page | [\w ]{0,40} premium) \b  # joins
      | follow \s+ (?:us \b | @ | [\w.' -]{1,40} \s+ on \s+ (?:twitter|facebook|instagram))
      | share \s+ this \s+ (?:article|story) \b                # share widgets
      | listen \s+ to \s+ (?:this \s+)? article \b             # audio widgets
      | image \s+ (?:copyright|caption) \b                     # BBC image furniture
      | media \s+ playback \s+ is \s+ unsupported \b           # BBC video furniture
      | enlarge \s+ this \s+ image \b                          # NPR image furniture
      | file \s+ photo \b                                      # Reuters captions
      | file \s+ [-–—] \s+ in \s+ this \b                      # AP captions
      | copyright \b | © | \(c\) \s* \d{4}                     # copyright lines
      | all \s+ rights \s+ reserved \b
      | story \s+ continue[sd] \s+ below \b                    # Politico
      | continue \s+ reading \s+ (?:below|the \s+ main \s+ story) \b
      | more \s+ on \s+ this \s* \.{3}                         # Fox "More On This..."
      | slideshow \s* \( \d+ \s+ images? \)                    # Reuters slideshow stub
      | (?:prev|next) \s+ image \s+ \d+ \s+ of \s+ \d+         # gallery navigation
      | this \s+ article \s+ is \s+ more \s+ than \s+ \d+      # Guardian age banner
      | get \s+ the \s+ monitor \s+ stories \b                 # CSM promo
      | interested \s+ in \s+ [^?]{1,80} \? \s+ add \b         # ABC promo
      | just \s+ watched \b                                    # CNN video stub
      | watch \s+ the \s+ latest \s+ video \b                  # Fox video stub
      | photos? \s* : \s                                       # "Photo: …", "PHOTOS: …"
      | \( \s* (?:see \s+ also|photos?|video|related|watch) \s* :  # "( WATCH: …)" asides
      | (?-i: (?:NOW \s+)? WATCH \s* : )                          # "WATCH: <video promo>"
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Whole short paragraphs that are furniture (matched against paragraphs <= SHORT).
_SHORT_RE = re.compile(
    r"""
    ^ (?:
        advertisement \s* :? (?: \s+ (?:advertisement|continue \s+ reading .*) )*  # ads
      | ad | photo | video | youtube | close | loading \.* | \[[a-z ]+\]           # stubs
      | read \s+ more (?: \s* : | \s+ (?:from|about|on|here|stories) \b) .*  # "Read more: …"
      | more \s* : .*                                         # USA Today "More: …"
      | \(? \s* (?:additional \s+)? (?:reporting|writing|editing|compiled|
            produced) \s+ by \b .*                            # "Reporting by …; Editing by …"
      | (?:the \s+)? associated \s+ press (?: \s+ and \s+ \w+)? \s+ contributed .*
      | contributing \s* : .*                                 # USA Today credits
      | updated \s+ at \s+ [\d:.]+ \s* [ap]\.?m\.? (?: \s+ \w+)? \W*   # timestamps
      | [\s_*•⦁~=-]{3,}                                        # separators "___", "• • •"
    ) $
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Furniture recognised by a phrase anywhere in a short paragraph (searched, not matched:
# a leading ".*" in a match would backtrack over every paragraph).
_SHORT_SEARCH_RE = re.compile(
    r"""
        \( \s* photo \s+ credit \s* :                           # "(photo credit: …)"
      | \| \s* photo \s+ credit \s* :                           # "| Photo Credit: AP"
      | \b (?:photo|picture|image|credit) \s* : \s* [\w /.&,'-]{1,60} $  # "…. Photo: Reuters"
      | \b getty \s+ images \W* $                              # credit at the end
      | \b (?:reuters|ap|afp|epa) / [\w .'/-]{1,60} $           # "… REUTERS/Zohra Bensemra"
      | \b contributed \s+ to \s+ this \s+ (?:report|story|article) \W* $
      | \b (?:sign(?:ing)? \s+ up|subscribe) \b .* \b
            (?:newsletter|inbox|e-?mail|briefing)s? \b         # newsletter blurbs
      | \b (?:follow|join) \s+ us \s+ on \s+ (?:twitter|facebook|instagram)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Case-sensitive promos inside a longer blurb: "Fight back! Sign up for …". Prose says
# "sign up for" in lower case; the capitalised form is a widget's call to action. The
# others count only at a sentence start (checked in _has_promo_sentence).
_PROMO_SENTENCE_RE = re.compile(
    r"Sign up (?:for\b|here)|Click here|Be the first to know|Click for full"  # literals: fast
)


def _folds_to_ascii(paragraph: str) -> bool:
    """Return whether ``paragraph`` has a non-ASCII character IGNORECASE matches to ASCII.

    There are four (found by trying every code point): the long s, the dotless i, the
    dotted capital I, the Kelvin sign. Four ``in`` tests written out: 0.12 µs, against 0.44 µs for a generator over the
    four characters (one paragraph in four is tested).
    """
    return (
        "\u017f" in paragraph
        or "\u0131" in paragraph
        or "\u0130" in paragraph
        or "\u212a" in paragraph
    )


def _short_hint(paragraph: str) -> bool:
    """Return whether ``paragraph`` may match ``_SHORT_SEARCH_RE`` (a cheap pre-check).

    It may say yes when the pattern finds nothing, never the reverse.
    """
    if paragraph.isascii():
        return _has_short_hint_words(paragraph.lower())
    if _folds_to_ascii(paragraph):
        return True  # rare: let the pattern decide
    # Without those, the words can only be spelled in ASCII: drop the other characters
    # (which may join two fragments into a word, a harmless yes) and search ASCII text,
    # several times faster than ``in`` on a non-ASCII str.
    return _has_short_hint_words(paragraph.encode("ascii", "ignore").decode("ascii").lower())


def _has_short_hint_words(lowered: str) -> bool:
    """Return whether ``lowered`` has the words that one of ``_SHORT_SEARCH_RE``'s forms needs.

    ``in`` is ~20 times faster than the pattern; requiring the pairs ("sign" is in
    "design", "follow" in "following") spares most prose paragraphs the pattern too.
    """
    return (
        "/" in lowered  # "REUTERS/Jane Doe"
        or "getty" in lowered
        or "contributed" in lowered
        or (
            ":" in lowered  # "Photo: Reuters", "(photo credit: …)"
            and (
                "photo" in lowered
                or "picture" in lowered
                or "image" in lowered
                or "credit" in lowered
            )
        )
        or (
            ("sign" in lowered or "subscri" in lowered)
            and (
                "newsletter" in lowered
                or "inbox" in lowered
                or "mail" in lowered
                or "briefing" in lowered
            )
        )
        or (
            ("follow" in lowered or "join" in lowered)
            and ("twitter" in lowered or "facebook" in lowered or "instagram" in lowered)
        )
    )


# Photo credits, so that the caption line just before one can go too.
_CREDIT_RE = re.compile(
    r"""
    \( \s* photo \s+ credit \s* : .* \)     # "(photo credit: REUTERS/…)"
    | \| \s* photo \s+ credit \s* :         # "| Photo Credit: AP"
    | ^ image \s+ copyright \b              # BBC
    | \b getty \s+ images \W* $             # "… /Getty Images"
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Donation and subscription letters ("Dear Reader, … Thank you, <signature>").
# A photo agency's credit after a bar, as captions carry it ("… Menendez. | REUTERS").
_AGENCY_CREDIT_RE = re.compile(r"\s\|\s+(?:REUTERS|AP|AFP|GETTY IMAGES|AP PHOTO|EPA|GETTY)\b")

_APPEAL_START_RE = re.compile(r"^dear\s+(?:valued\s+)?(?:readers?|subscribers?)\b", re.IGNORECASE)
_SIGN_OFF_RE = re.compile(
    r"^(?:(?:with\s+|many\s+)?thanks?(?:\s+you)?|with\s+gratitude|sincerely|"
    r"(?:best\s+|kind\s+|warm\s+)?regards|best\s+wishes|yours(?:\s+truly|\s+sincerely)?)\W*$",
    re.IGNORECASE,
)

# Section headings after which a page lists other articles. A heading stands alone; the
# "teaser" forms (Reuters' inline "Related Coverage <headline>", "Read more: <headline>")
# are promotions inside the article and never start a tail.
_TAIL_RE = re.compile(
    r"""
    ^ (?:
        (?: related \s+ (?:content|articles?|stories|coverage|news|links|reading)  # "Related Content"
          | read \s+ more | more \s+ from (?: \s+ [^\s.]+ ){1,4}   # "READ MORE", "More from X"
          | recommended (?: \s+ for \s+ you)?                     # "Recommended"
          | you \s+ (?:may|might) \s+ also \s+ like                # "You may also like"
          | most \s+ (?:read|popular) | more \s+ stories
        ) \s* (?: : | \.{3} | … )? $                               # bare heading
      | (?P<teaser>
          related \s+ (?:content|articles?|stories|coverage) \s* :? \s+ \S.{0,200}  # inline
        | read \s+ more \s* : \s* \S.{0,200}                      # "Read more: <headline>"
        ) $
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

_LONG = 200  # a paragraph this long after a tail marker means the article goes on


@dataclass(frozen=True, slots=True)
class CleanResult:
    """A cleaned body and the paragraphs taken out of it."""

    body: str
    removed: tuple[str, ...]


def split_paragraphs(text: str) -> list[str]:
    r"""Split ``text`` into paragraphs: one per line, unless the lines are hard-wrapped.

    Blocks of lines are separated by blank (empty or whitespace-only) lines. Read line by
    line rather than split at a ``\n\s*\n`` pattern first: 0.009 ms an allsides-all
    record against 0.016 ms, and it runs twice per record (learning, then parsing).
    """
    paragraphs: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    block: list[str] = []
    for line in map(str.strip, text.split("\n")):
        if line:
            block.append(line)
        elif block:
            _add_block(paragraphs, block)
            block = []
    if block:
        _add_block(paragraphs, block)
    return paragraphs


def _add_block(paragraphs: list[str], lines: list[str]) -> None:
    """Add a block's lines to ``paragraphs``: one each, or one in all when hard-wrapped."""
    if len(lines) >= 3 and _hard_wrapped(lines):
        paragraphs.append(" ".join(lines))
    else:
        paragraphs.extend(lines)


def _hard_wrapped(lines: list[str]) -> bool:
    # Scraped pages put one paragraph per line; plain-text files wrapped at ~72 columns
    # have several lines of similar, moderate length that do not end sentences.
    if len(lines) < 3:
        return False
    body = lines[:-1]
    wrapped = sum(1 for line in body if 40 <= len(line) <= 100 and line[-1] not in '.!?:"”')
    return wrapped >= 0.8 * len(body) and max(map(len, lines)) <= 110


def paragraph_key(paragraph: str) -> str:
    """Return the normalised form under which repeated furniture is recognised.

    NFKC, lower case, curly quotes made straight, every run of digits one "0" (digits vary
    in otherwise identical furniture: "© 2016", "Slideshow (5 Images)"), whitespace runs
    one space, and surrounding punctuation stripped. Runs on every short paragraph when
    learning and on paragraphs that may be learned furniture when cleaning, so it avoids
    the slow steps where they cannot change anything: NFKC and the quotes on ASCII text,
    NFKC on text whose only other characters are curly quotes (NFKC leaves them and ASCII
    alone, and nothing composes with them: two non-ASCII paragraphs in three, 1 µs saved
    each), regex passes when there is no digit. ``str.split`` splits on exactly the
    characters ``\\s`` matches.
    """
    if paragraph.isascii():
        text = paragraph.lower()
    else:
        text = _straight_quotes(paragraph)
        if text.isascii():
            text = text.lower()
        else:
            # NFKC already turns the no-break space into a space.
            text = _straight_quotes(unicodedata.normalize("NFKC", paragraph).lower())
    if text.isascii():
        # Three paragraphs in four have no digit; deleting the digits from the bytes finds
        # that 5 times faster than the pattern's pass (on ASCII text ``\d`` means [0-9]).
        if len(text.encode("ascii").translate(None, b"0123456789")) != len(text):
            text = _ASCII_DIGITS.sub("0", text)
    else:
        text = _DIGITS.sub("0", text)  # other scripts' digits too ("١٢")
    # Every whitespace character but the space is unprintable, so a printable text
    # without a double space has nothing to collapse (the strip takes any space at its
    # ends): most paragraphs skip the split and join.
    if not text.isprintable() or "  " in text:
        text = " ".join(text.split())
    return text.strip(" .,;:!-–—")


def paragraph_keys(text: str, max_length: int) -> set[str]:
    """Return the ``paragraph_key`` of each paragraph of ``text`` up to ``max_length`` long."""
    return {paragraph_key(p) for p in split_paragraphs(text) if len(p) <= max_length}


def short_paragraph_keys(text: str) -> set[str]:
    """Return the keys of the short paragraphs of ``text``: most furniture's, and a layout's."""
    return paragraph_keys(text, SHORT)


def _straight_quotes(text: str) -> str:
    return text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')


# "\d\d*" rather than "\d+": a pattern that starts with a character class is scanned for
# that class, much faster than trying a match at every position (2.9 against 4.6 µs on a
# non-ASCII paragraph; 1.7 against 2.8 µs on an ASCII one with digits).
_DIGITS = re.compile(r"\d\d*")
_ASCII_DIGITS = re.compile(r"[0-9][0-9]*")


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
    the start costs a quarter of a key (0.8 against 3.2 µs) whatever the paragraph's
    length, and long learned keys make it no weaker: on allsides-all the keys of 1.2% of
    the paragraphs are computed, against 17% with the bound on key length used before.
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


def _promo_hint(paragraph: str) -> bool:
    # Each literal of _PROMO_SENTENCE_RE starts with one of these: three searches cost a
    # third of the pattern's pass over a paragraph without any of them, and a pattern
    # that is one literal finds it faster than ``in`` (0.44 against 0.58 µs for the three).
    return bool(
        _SIGN_UP.search(paragraph) or _CLICK.search(paragraph) or _BE_FIRST.search(paragraph)
    )


_SIGN_UP, _CLICK, _BE_FIRST = map(re.compile, ("Sign up ", "Click ", "Be the first"))


def _has_promo_sentence(paragraph: str) -> bool:
    for match in _PROMO_SENTENCE_RE.finditer(paragraph):
        before = paragraph[: match.start()].rstrip()
        if match.group().startswith("Sign") or not before or before[-1] in ".!?…(":
            return True
    return False


def _caption_like(paragraph: str) -> bool:
    # A caption or teaser headline: short, and not a sentence of prose.
    return len(paragraph) <= 150 and paragraph[-1] not in '.!?:"”'


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


class FurnitureLearner:
    """Learn each source's furniture, the paragraphs it repeats word for word, from its articles.

    A paragraph is furniture when its key occurs in at least ``max(floor, min_share *
    articles)`` distinct articles of one source, wherever it sits in them. The floor is
    ``min_articles`` (3) for a short key (up to ``SHORT`` characters) and
    ``min_articles_long`` (4) for a longer one (up to ``LONG_LEARNED``).

    Three is the short floor because two articles sharing a paragraph are usually a
    syndicated pair or a follow-up quoting the same statement. The 2% share was tuned on
    allsides-all (37,518 articles, 491 sources): 5% learned 234 keys and missed common
    furniture of big outlets (BBC "Image copyright AFP", USA Today "Contributing: The
    Associated Press", author bios); 2% learned 374, and the extra 140 were credits,
    promos and bios plus a few recurring subheadings ("What happened?"), an acceptable loss.

    A long paragraph needs a fourth article: repeated three times it is as often prose as
    furniture (on allsides-all: a letter quoted by three Townhall stories, a president's
    statement in three, CNN's three stories on one inspector general's report), while the
    long paragraphs in four or more articles and 2% of their source's were all furniture:
    The Flip Side's sidebar quotes (in 5 to 81 of its 241 articles, whatever their topic;
    one of them is lost from the one issue it was written for too), newsletter and
    membership promos, author and outlet bios (figures in docs/performance.md). The share
    keeps a big outlet's few re-run quotes (CNN's campaign launch speeches, in 15 of its
    2,905 articles) as they are.

    Memory stays bounded whatever the number of articles and sources: only 64-bit digests
    are counted, text is kept only for keys that reached their floor, the counts are capped
    per source (``max_keys``) and in all (``max_total_keys``: ~100 MB), the texts per source.
    When a source's counts are full, or all are and it has the most, a new paragraph makes
    each of its counts one less and the zeros go (Misra and Gries' frequent items): counts
    are then at most ``forgotten`` too low, never too high, so a paragraph in three articles
    is never taken for furniture, and furniture that appears only late in a big source is
    still learned. A source is decremented at most once per so many of its paragraphs as it
    has counts: with 20,000 and 25 paragraphs an article, its counts are at most N / 800 low
    for N articles, a sixteenth of the 2% share (allsides-all: 382,000 counts in all, and a
    key at its threshold, USA Today's "Opinion contributor", missed). The total cap bites
    only with more than 50 sources at their own cap; with 500, counts are at most N / 80 low.
    """

    def __init__(
        self,
        *,
        min_articles: int = 3,
        min_articles_long: int = 4,
        min_share: float = 0.02,
        max_length: int = LONG_LEARNED,
        max_keys: int = 20_000,
        max_total_keys: int = 1_000_000,
        max_candidates: int = 5_000,
    ) -> None:
        """Configure thresholds and per-source caps."""
        self.min_articles = min_articles
        self.min_articles_long = min_articles_long
        self.min_share = min_share
        self.max_length = max_length
        self.max_keys = max_keys
        self.max_total_keys = max_total_keys
        self.max_candidates = max_candidates
        self._total = 0  # counts held, all sources together
        self._articles: Counter[Hashable] = Counter()
        self._counts: dict[Hashable, dict[int, int]] = {}
        self._texts: dict[Hashable, dict[int, str]] = {}
        self.forgotten: Counter[Hashable] = Counter()  # decrements per source

    def add(self, source_key: Hashable, text: str) -> None:
        """Record the paragraphs of one article of ``source_key``."""
        self._articles[source_key] += 1
        counts = self._counts.setdefault(source_key, {})
        texts = self._texts.setdefault(source_key, {})
        for key in paragraph_keys(text, self.max_length):
            # Very short keys ("no", "right") are dialogue in transcripts, not furniture.
            if len(key) < 12:
                continue
            # The string's own hash as the digest: 64 bits, a third of blake2b's cost, and
            # the same for every count since a learner lives in one process.
            digest = hash(key)
            count = counts.get(digest, 0) + 1
            if count == 1:
                full = len(counts) >= self.max_keys
                if not full and self._total >= self.max_total_keys:
                    fullest = max(self._counts, key=lambda source: len(self._counts[source]))
                    full = fullest == source_key
                    if not full:
                        self._forget(fullest)  # room made elsewhere: this paragraph counts
                if full:
                    counts, texts = self._forget(source_key)
                    continue
                self._total += 1
            counts[digest] = count
            if (
                count >= (self.min_articles if len(key) <= SHORT else self.min_articles_long)
                and digest not in texts
                and len(texts) < self.max_candidates
            ):
                texts[digest] = key

    def _forget(self, source_key: Hashable) -> tuple[dict[int, int], dict[int, str]]:
        """Make each of a source's counts one less, drop the zeros; return the new tables."""
        counts = {d: c - 1 for d, c in self._counts[source_key].items() if c > 1}
        texts = {d: k for d, k in self._texts[source_key].items() if d in counts}
        self._total -= len(self._counts[source_key]) - len(counts)
        self._counts[source_key], self._texts[source_key] = counts, texts
        self.forgotten[source_key] += 1
        return counts, texts

    def learned(self) -> dict[Hashable, frozenset[str]]:
        """Return, per source, the paragraph keys frequent enough to be furniture."""
        result: dict[Hashable, frozenset[str]] = {}
        for source, articles in self._articles.items():
            share = self.min_share * articles
            short, long = max(self.min_articles, share), max(self.min_articles_long, share)
            counts = self._counts[source]
            result[source] = frozenset(
                key
                for digest, key in self._texts[source].items()
                if counts[digest] >= (short if len(key) <= SHORT else long)
            )
        return result
