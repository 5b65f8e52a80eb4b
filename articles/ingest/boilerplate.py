"""Remove site furniture (captions, appeals, promotions, related-links tails) from a body.

Pure and paragraph-based: the text is split into paragraphs, each paragraph is kept or
dropped whole, and the kept ones are joined with blank lines. What was dropped is
returned too, so editors can audit the cleaner and tests can pin it down.

Bump CLEANER_VERSION whenever a change alters output, so stored articles can be
re-cleaned selectively.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from articles.ingest.inline import strip_inline

CLEANER_VERSION = 2  # 2: link-preview widgets, lists of names, WATCH promos, agency credits

# Paragraphs longer than this are article prose, never boilerplate by a loose pattern.
SHORT = 300
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


def short_paragraph_keys(text: str, max_length: int = SHORT) -> set[str]:
    """Return the ``paragraph_key`` of each paragraph of ``text`` up to ``max_length`` long.

    Furniture is short: these are the keys it is learned and recognised by.
    """
    return {paragraph_key(p) for p in split_paragraphs(text) if len(p) <= max_length}


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
    longest = _longest_key(learned) if learned else 0
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
        elif _is_furniture(paragraph, learned, extra, longest):
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
    return _is_furniture(paragraph, frozenset(), (), 0)


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
    longest: int,
) -> bool:
    """Return whether ``paragraph`` is furniture; ``longest`` is ``_longest_key(learned)``."""
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
    if learned and _may_be_learned(paragraph, longest) and paragraph_key(paragraph) in learned:
        return True
    # The pipeline passes no extra patterns: no generator for every paragraph then.
    return bool(extra) and any(pattern.search(paragraph) for pattern in extra)


@lru_cache(maxsize=1024)
def _longest_key(learned: frozenset[str]) -> int:
    """Return the length of the longest of a source's learned keys (once per source)."""
    return max(map(len, learned))


def _may_be_learned(paragraph: str, longest: int) -> bool:
    """Return False when ``paragraph``'s key is surely longer than ``longest`` (a pre-check).

    Each ASCII letter of a paragraph stays one character of its key (NFKC composes it
    with a following accent at most; no step drops or merges letters: checked for every
    code point), so a paragraph with more ASCII letters than the longest learned key
    cannot be learned furniture. A source's learned keys are mostly under 100 characters
    and its paragraphs longer: on allsides-all this spares three paragraph keys in four
    (3.1 µs each). The letters of a prefix twice the key's length are enough to tell for
    prose (four letters in five), and counting them costs a third less than all.
    """
    if len(paragraph) <= longest:
        return True
    prefix = paragraph[: 2 * longest].encode("utf-8", "surrogatepass")
    return len(prefix.translate(None, _NOT_ASCII_LETTERS)) <= longest


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


def _digest(key: str) -> bytes:
    # surrogatepass: a lone surrogate (half an emoji, escaped in JSON) must not stop the pass.
    hasher = _BLAKE2B_8.copy()  # a copy costs less than a new hash object (0.40 vs 0.52 µs)
    hasher.update(key.encode("utf-8", "surrogatepass"))
    return hasher.digest()


_BLAKE2B_8 = hashlib.blake2b(digest_size=8)


class FurnitureLearner:
    """Learn each source's repeated short paragraphs (its own furniture) from its articles.

    A paragraph is furniture when its key occurs in at least ``max(min_articles,
    min_share * articles)`` distinct articles of one source. Three is the floor because
    two articles sharing a paragraph are usually a syndicated pair or a follow-up quoting
    the same statement. The 2% share was tuned on allsides-all (37,518 articles, 491
    sources): 5% learned 234 keys and missed common furniture of big outlets (BBC
    "Image copyright AFP", USA Today "Contributing: The Associated Press", author
    bios); 2% learned 374, and the extra 140 were credits, promos and bios plus a few
    recurring subheadings ("What happened?"), an acceptable loss.
    Memory stays bounded: only 8-byte digests are counted, text is kept only for keys
    seen in two or more articles, and both tables are capped per source.
    """

    def __init__(
        self,
        *,
        min_articles: int = 3,
        min_share: float = 0.02,
        max_length: int = SHORT,
        max_keys: int = 200_000,
        max_candidates: int = 5_000,
    ) -> None:
        """Configure thresholds and per-source caps."""
        self.min_articles = min_articles
        self.min_share = min_share
        self.max_length = max_length
        self.max_keys = max_keys
        self.max_candidates = max_candidates
        self._articles: Counter[str] = Counter()
        self._counts: dict[str, Counter[bytes]] = {}
        self._texts: dict[str, dict[bytes, str]] = {}

    def add(self, source_key: str, text: str) -> None:
        """Record the short paragraphs of one article of ``source_key``."""
        self._articles[source_key] += 1
        counts = self._counts.setdefault(source_key, Counter())
        texts = self._texts.setdefault(source_key, {})
        keys = short_paragraph_keys(text, self.max_length)
        for key in keys:
            # Very short keys ("no", "right") are dialogue in transcripts, not furniture.
            if len(key) < 12:
                continue
            digest = _digest(key)
            if digest not in counts and len(counts) >= self.max_keys:
                continue
            counts[digest] += 1
            if counts[digest] == 2 and len(texts) < self.max_candidates:
                texts[digest] = key

    def learned(self) -> dict[str, frozenset[str]]:
        """Return, per source, the paragraph keys frequent enough to be furniture."""
        result: dict[str, frozenset[str]] = {}
        for source, articles in self._articles.items():
            threshold = max(self.min_articles, self.min_share * articles)
            counts = self._counts[source]
            result[source] = frozenset(
                key for digest, key in self._texts[source].items() if counts[digest] >= threshold
            )
        return result
