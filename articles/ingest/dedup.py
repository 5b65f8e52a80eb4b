"""Find exact and near-duplicate article bodies; pure, standard library only.

Two keys per article:

* ``content_hash(body)`` -- sha256 of the normalised body. Equal hashes mean the same text
  up to case, whitespace, typography (curly vs straight quotes, dash styles, non-breaking
  and zero-width spaces, HTML entities). Site furniture is the cleaner's job
  (``boilerplate``); this only forgives what differs when the same text is scraped twice.
* ``signature(body)`` -- a MinHash signature over word shingles, stored with the article
  (a list of ints, each < 2**32) and fed to ``NearDuplicateIndex`` to group the same wire
  story published by several outlets, or the same page scraped with different furniture.

Near-duplicate means *substantially the same text*, not the same event: two reporters
writing about the same missile launch share names, places and quotes but few runs of
five words, so their shingle Jaccard stays low.

Signature scheme: one-permutation hashing with optimal densification (Li, Owen & Zhang
2012; Shrivastava 2017). Each word is hashed with blake2b (stable across processes,
unlike ``hash(str)``), once per distinct whitespace-separated chunk it appears in, and
cached; a shingle's 64-bit hash is the sum of its words' hashes times a fixed odd
multiplier per position, through the splitmix64 finaliser, computed for every shingle of
a text at once with numpy. The low 7 bits choose one of 128 bins, the next 32 bits are
the value, and each bin keeps its minimum. Empty bins copy a non-empty bin chosen by a
fixed probe sequence, so two documents make the same choice whenever their filled bins
agree. Why not 128 independent ``(a*x + b) mod p``
permutations: that is 128 operations per shingle (~8 ms for a 600-word article in Python,
measured) against one here, with the same estimator (fraction of equal positions) and
comparable variance. Version 1 hashed every shingle string with blake2b in a Python loop
(0.36 ms for a 400-word body against 0.15 ms now, on allsides-all); re-tuned below with
version 2, the results are the same within one pair.

Tuned on giveme5w1h-raw (405 raw scraped articles, 70 events, boilerplate left in;
``scripts/tune_dedup.py``), threshold 0.4 on k=5 word shingles, 128 values, 42 bands x 3:

    true Jaccard   k=5 pairs grouped  same event  cross event  precision vs event
    >= 0.30                       36          35            1               0.972
    >= 0.35                       33          32            1               0.970
    >= 0.40                       28          27            1               0.964
    >= 0.50                       25          24            1               0.960
    (k=3, 4, 6, 8 give within +-3 pairs of these; 5 is the usual choice for prose.)

  The one cross-event pair is two CNN pages whose scraped text is the same furniture
  sentence (an exact duplicate, J=1.0); no pair of real articles from different events
  reaches 0.25. Read by hand: every pair >= 0.4 is one wire story or press release at two
  outlets (AP, Reuters, NYT syndication), rewritten lightly at most. Between 0.2 and 0.4
  they mix: wire copies whose Jaccard is diluted by each site's captions and links, and
  different articles reusing paragraphs (same-outlet follow-ups, shared quotes and
  background). 0.4 keeps only the former; once the cleaner has removed the furniture,
  copies score higher still. End to end (signature + index, version 2): 27 pairs, 26
  same-event (0.963; the other is the furniture pair above), 27 of the 28 true pairs >= 0.4
  found and none below it; |estimated - true Jaccard| median 0.002, p99 0.040 (version 1:
  29 pairs, 27 of 28 found, 2 below 0.4, p99 0.043). allsides-diplomatic (5,620 articles):
  17 groups of 2 and one of 3, read as wire copies or re-headlined versions of one story;
  signatures at ~2,350 docs/s (0.27 ms per 600 words, CPython 3.11), find_group ~30,000
  docs/s.

Signatures are only comparable when produced with the same parameters: bump
``SIGNATURE_VERSION`` whenever ``SHINGLE_SIZE``, ``NUM_PERM``, the hashing or the
normalisation change, and re-sign stored articles.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from array import array
from collections.abc import Sequence

import numpy as np

__all__ = [
    "BANDS",
    "NEAR_DUPLICATE_THRESHOLD",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_SIZE",
    "SIGNATURE_VERSION",
    "NearDuplicateIndex",
    "content_hash",
    "estimate_jaccard",
    "normalise_for_hash",
    "same_text",
    "shingles",
    "signature",
    "signature_of_chunks",
]

SIGNATURE_VERSION = 2  # 2: shingle hashes from cached word hashes (numpy), not blake2b each
SHINGLE_SIZE = 5
NUM_PERM = 128  # must be a power of two: the bin is taken from the hash's low bits
# 42 bands of 3 values: a pair at the threshold (0.4) becomes a candidate with probability
# 0.94, at 0.5 with 0.996; a pair sharing only a site footer (J ~0.05) with 0.005, so a
# large outlet's common furniture does not make every article a candidate. The last
# NUM_PERM - BANDS * ROWS = 2 values only serve the Jaccard estimate.
BANDS = 42
ROWS = 3
NEAR_DUPLICATE_THRESHOLD = 0.4

_BIN_BITS = NUM_PERM.bit_length() - 1
_BIN_MASK = NUM_PERM - 1
_VALUE_MASK = 0xFFFFFFFF
_KEY_MASK = (1 << 60) - 1
_EMPTY = 1 << 32  # larger than any value, so "min" works without a special case
_PERSON = b"newsroom-dedup"  # blake2b personalisation: fixes the hash family for good

assert 1 << _BIN_BITS == NUM_PERM
assert BANDS * ROWS <= NUM_PERM

# Typographic variants that differ between scrapes of the same text. All quote marks
# collapse to one: outlets re-quote ('...' vs "...") and scrapers mangle ``...'' too.
_QUOTES = "\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2035\u2036\u2039\u203a\u00ab\u00bb\uff02\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# The non-ASCII variants above and what each becomes, for one pass over a non-ASCII text
# (three character-class passes cost twice as much; the ASCII quotes, much more common,
# go through ``str.replace`` instead of a Python call per match).
_TYPOGRAPHY = (
    dict.fromkeys((c for c in _QUOTES if not c.isascii()), "'")
    | dict.fromkeys(_DASHES, "-")
    | dict.fromkeys(_INVISIBLE, "")
)
_TYPOGRAPHY_RE = re.compile(f"[{''.join(_TYPOGRAPHY)}]")
# "'{2,}" written with its literal start: the pattern finds two quotes several times
# faster than ``in`` does on a body (2.7 against 6.7 µs), and most bodies have none.
_REPEATED_QUOTES = re.compile(r"'''*")
# "said , adding" / "( AP )" / "word - word" vs "word-word" are spacing conventions, not
# content: a space goes before closing punctuation or a dash, and after an opening bracket
# or a dash. Runs after whitespace is collapsed, so each space stands alone and one pass
# over the spaces decides each by its neighbours (a pattern starting with a literal is much
# faster than one starting with \s*). The same result as a pass for the punctuation and
# four replaces, checked on every text of up to 7 characters of "a -([,.;:!?%)]'", in 0.034
# ms a body against 0.044.
_SPACING = re.compile(r" (?:(?=[,.;:!?%)\]-])|(?<=[(\[-] ))")
_WORD = re.compile(r"\w+")


def normalise_for_hash(text: str) -> str:
    """Return ``text`` reduced to what makes it the same text: the exact-duplicate key.

    Unescape HTML entities, apply NFKC (non-breaking spaces, ligatures, full-width forms,
    the ellipsis character), drop invisible characters, unify quote and dash variants,
    case-fold, collapse whitespace, and drop spacing around punctuation and dashes.
    """
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = text.replace('"', "'").replace("`", "'")
    if not text.isascii():
        # Only then can NFKC and the non-ASCII variants apply (most bodies: 3x faster).
        # The variants go before NFKC, which would turn the acute accent into a space and
        # a combining mark.
        text = unicodedata.normalize("NFKC", _TYPOGRAPHY_RE.sub(_typography, text))
    # On ASCII text casefold is lower, which is 20% quicker.
    text = _collapse_whitespace(text.lower() if text.isascii() else text.casefold())
    if _REPEATED_QUOTES.search(text):  # rare: no new text for most
        text = _REPEATED_QUOTES.sub("'", text)
    return _SPACING.sub("", text)


def _collapse_whitespace(text: str) -> str:
    """Return ``" ".join(text.split())``, without the split for most bodies.

    A body's paragraphs are joined by blank lines, with single spaces inside them: once
    the line breaks are spaces, a text that is printable (every whitespace character but
    the space is not) and has no double space has nothing left to collapse but its ends.
    """
    text = text.replace("\n\n", " ").replace("\n", " ")
    if "  " in text or not text.isprintable():
        return " ".join(text.split())
    return text.strip(" ")


def _typography(match: re.Match[str]) -> str:
    return _TYPOGRAPHY[match.group()]


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of the normalised body: equal for exact duplicates."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    """Return the case-folded words of ``text``, as ``normalise_for_hash`` would see them.

    Skip the punctuation and spacing steps of ``normalise_for_hash``: words never contain
    quotes, dashes or spaces, so those steps cannot change the result (and cost a third of
    the time of a signature).
    """
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        # Invisible characters split words ("diplo\xadmatic") unless dropped first.
        text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text))
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[str]:
    """Return the set of ``k``-word shingles of ``text`` (words case-folded, in order).

    A text of at most ``k`` words is one shingle (so it still matches itself); a text
    without words has none.
    """
    words = _words(text) if text else []
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))


def _probe_table() -> tuple[tuple[int, ...], ...]:
    """Build, for each bin, the fixed order in which densification looks at other bins.

    Derived from blake2b rather than ``random`` so the table never changes with the
    Python version; 4 * NUM_PERM probes find a filled bin unless the document has only
    a handful of shingles, and a circular scan covers that case.
    """
    table = []
    for i in range(NUM_PERM):
        probes = []
        for attempt in range(4 * NUM_PERM):
            digest = hashlib.blake2b(
                f"{i}:{attempt}".encode(), digest_size=4, person=_PERSON
            ).digest()
            j = int.from_bytes(digest, "little") & _BIN_MASK
            if j != i:
                probes.append(j)
        table.append(tuple(probes))
    return tuple(table)


_PROBES = _probe_table()


class _ChunkHashes(dict):
    """The words' 64-bit blake2b hashes of each whitespace-separated chunk, memoised.

    A chunk ("said,", "Trump’s", "—") maps to the little-endian hashes of its words, as
    bytes (8 per word, possibly none), so a text's word hashes are one ``bytes.join`` of
    its chunks' entries read by numpy: 0.04 ms for 400 words against 0.12 ms to join the
    chunks, find the words with the pattern and look each up (allsides-all, warm cache).
    The first 400 chunks of allsides-all's 37,518 bodies hold 366,000 distinct chunks among
    14.8 million, so nearly every look-up is a hit. A miss hashes its words with blake2b
    (stable across processes and runs); over a quarter of the misses are a plain ASCII word,
    its own only word once lower-cased (as ``_words`` would find).
    """

    def __missing__(self, chunk: str) -> bytes:
        if len(self) > _CHUNK_CACHE_LIMIT:
            self.clear()  # so that a corpus of millions of distinct tokens fits in memory
        words = [chunk.lower()] if chunk.isascii() and chunk.isalnum() else _words(chunk)
        hashes = self[chunk] = b"".join(map(_word_hash, words))
        return hashes


def _word_hash(word: str) -> bytes:
    """Return the 8-byte blake2b digest of ``word`` (read little-endian by numpy)."""
    hasher = _WORD_HASHER.copy()  # a copy costs less than a new hash object
    hasher.update(word.encode("utf-8", "surrogatepass"))
    return hasher.digest()


_WORD_HASHER = hashlib.blake2b(digest_size=8, person=_PERSON)


# Emptied when it grows past the limit (~60 MB, ~120 bytes a chunk with its key).
_CHUNK_CACHE_LIMIT = 500_000
_CHUNK_HASHES = _ChunkHashes()
# Odd 64-bit multipliers, one per position in a shingle: "a b c d e" and "e d c b a"
# differ. Fixed for good (they define the hash family, like _PERSON).
_POSITIONS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)

assert len(_POSITIONS) >= SHINGLE_SIZE


def signature(text: str) -> tuple[int, ...]:
    """Return the MinHash signature (NUM_PERM ints in [0, 2**32)) of ``text``.

    Identical across processes, runs and platforms. Return ``()`` for a text without
    words: it has nothing to compare and is never a near-duplicate of anything.
    """
    return signature_of_chunks(text.split())


def signature_of_chunks(chunks: Sequence[str]) -> tuple[int, ...]:
    r"""Return ``signature(" ".join(chunks))`` for a text already split at whitespace.

    The words of a text are the words of its chunks in turn: no step of ``_words`` looks
    across whitespace (an HTML entity has none; whitespace is never composed with a
    neighbour by NFKC, checked for every code point; case folding and ``\w`` are per
    character), so each chunk's words can be found, and hashed, once per process.
    """
    words = np.frombuffer(b"".join(map(_CHUNK_HASHES.__getitem__, chunks)), dtype="<u8")
    if not len(words):
        return ()
    hashes = _shingle_hashes(words)
    bins = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)
    np.minimum.at(bins, (hashes & np.uint64(_BIN_MASK)).astype(np.intp), hashes >> _BIN_BITS)
    values = bins.tolist()
    # ~5 of the 128 bins of a 400-word body stay empty; numpy finds them.
    empty = np.flatnonzero(bins == _EMPTY)
    if len(empty):
        _densify(values, empty.tolist())
    return tuple(values)


def _shingle_hashes(words: np.ndarray, k: int = SHINGLE_SIZE) -> np.ndarray:
    """Return a 64-bit hash per ``k``-word shingle, from the words' hashes (vectorised).

    Each shingle is the sum of its words' hashes times their position's odd multiplier
    (mod 2**64: a bijection per position, so distinct shingles collide with probability
    ~2**-64), then the splitmix64 finaliser, so the low bits that choose the bin depend on
    every bit. A text of at most ``k`` words is one shingle, as in ``shingles``.
    """
    n = len(words)
    if n <= k:
        combined = np.array([(words * _POSITIONS[:n]).sum(dtype=np.uint64)], dtype=np.uint64)
    else:
        m = n - k + 1
        combined = words[:m] * _POSITIONS[0]
        for i in range(1, k):
            combined += words[i : i + m] * _POSITIONS[i]
    combined ^= combined >> np.uint64(30)
    combined *= _MIX_1
    combined ^= combined >> np.uint64(27)
    combined *= _MIX_2
    combined ^= combined >> np.uint64(31)
    # The low bits choose the bin; the next 32 are the value (see ``signature``).
    return combined & np.uint64((_VALUE_MASK << _BIN_BITS) | _BIN_MASK)


def _densify(bins: list[int], empty: list[int]) -> None:
    """Fill each empty bin (indexes ``empty``) from the first filled bin on its probe sequence.

    Read from the original filled bins only (never from a bin filled in this pass), so
    the result does not depend on the order in which empty bins are visited.
    """
    original = bins[:]
    for i in empty:
        for j in _PROBES[i]:
            if original[j] != _EMPTY:
                bins[i] = original[j]
                break
        else:
            for step in range(1, NUM_PERM):
                j = (i + step) & _BIN_MASK
                if original[j] != _EMPTY:
                    bins[i] = original[j]
                    break


def estimate_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimate the shingle Jaccard similarity of two documents from their signatures.

    An empty signature (text without words) is similar to nothing. Raise ValueError for
    signatures of different lengths: they come from different parameter sets.
    """
    if not a or not b:
        return 0.0
    if len(a) != len(b):
        raise ValueError(f"signature lengths differ ({len(a)} vs {len(b)})")
    return sum(map(int.__eq__, a, b)) / len(a)


# A pair the signatures call near-duplicates is one story only when the whole cleaned
# bodies agree: their exact shingle Jaccard reaches the threshold, or one is a shortened
# copy of the other (most of the shorter one's shingles are in the longer one) and they
# still share a fifth. The signature reads the first SIGNATURE_WORDS words of a body
# only, and two articles can open with the same long block (a candidate's biography
# an outlet inserts into its campaign stories) and go on to say different things.
SHORTENED_COPY_MIN = 0.8
SHARED_MIN = 0.2


def same_text(a: str, b: str) -> bool:
    """Return whether bodies ``a`` and ``b`` are substantially the same text (exact)."""
    first, second = shingles(a), shingles(b)
    if not first or not second:
        return False
    shared = len(first & second)
    jaccard = shared / (len(first) + len(second) - shared)
    if jaccard >= NEAR_DUPLICATE_THRESHOLD:
        return True
    return jaccard >= SHARED_MIN and shared / min(len(first), len(second)) >= SHORTENED_COPY_MIN


class NearDuplicateIndex:
    """Group near-duplicate documents by LSH banding over their signatures.

    The signature is cut into BANDS bands of ROWS values; documents sharing any band are
    candidates, and a candidate is a match when the estimated Jaccard over the whole
    signature reaches ``threshold`` (see BANDS for the candidate probabilities).

    Each document belongs to a group named by its earliest member (the lowest id: ids are
    assigned in import order). ``find_group`` returns that id for a new document and
    records the new document in the group. Groups are never merged afterwards: a document
    bridging two groups joins the earlier one, because stored articles already point at
    their group.

    Memory, per document (CPython 3.11, 64-bit; tracemalloc over 100,000 documents in
    ``scripts/tune_dedup.py``): per band one dict entry keyed by the band's hash as a
    single 60-bit int (32 bytes) with the document id as value (one int object shared by
    all bands), ~86 bytes per band with dict slack, 3.6 kB for 42 bands; plus the
    signature packed as 32-bit values in ``bytes`` (545 bytes). 4.2 kB per document in all,
    so ~4.2 GB for 1M documents; ``keep_signatures=False`` (verify against stored
    signatures yourself) saves 0.55 kB. A bucket shared by several documents holds a list.
    """

    __slots__ = ("threshold", "bands", "rows", "_buckets", "_signatures", "_group", "_keep")

    def __init__(
        self,
        threshold: float = NEAR_DUPLICATE_THRESHOLD,
        bands: int = BANDS,
        rows: int = ROWS,
        *,
        keep_signatures: bool = True,
    ) -> None:
        if bands * rows > NUM_PERM:
            raise ValueError(f"bands * rows must be at most {NUM_PERM}, got {bands} * {rows}")
        self.threshold = threshold
        self.bands = bands
        self.rows = rows
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(bands)]
        self._signatures: dict[int, bytes] = {}
        # Only documents that joined another document's group: singletons cost nothing.
        self._group: dict[int, int] = {}
        self._keep = keep_signatures

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def _band_keys(self, sig: Sequence[int]) -> list[int]:
        """Return one int per band: the hash of that band's values, cut to 60 bits.

        60 bits because a non-negative int below 2**60 takes 32 bytes and a 64-bit one 48
        (CPython stores 30-bit digits, allocated in 16-byte steps): 16 bytes saved per band.
        ``hash`` of a tuple of ints is not randomised per process, and keys never leave
        this process anyway; collisions only add candidates, which are verified.
        """
        if len(sig) != NUM_PERM:
            raise ValueError(f"signature must have {NUM_PERM} values, got {len(sig)}")
        r = self.rows
        return [hash(tuple(sig[i : i + r])) & _KEY_MASK for i in range(0, self.bands * r, r)]

    def add(self, doc_id: int, sig: Sequence[int], group_id: int | None = None) -> None:
        """Index ``doc_id``; ``group_id`` restores its stored group when rebuilding.

        A document with an empty signature is not indexed. Adding an id twice is ignored.
        """
        if not sig or doc_id in self._signatures:
            return
        for buckets, key in zip(self._buckets, self._band_keys(sig), strict=True):
            held = buckets.get(key)
            if held is None:
                buckets[key] = doc_id
            elif isinstance(held, list):
                held.append(doc_id)
            else:
                buckets[key] = [held, doc_id]
        if self._keep:
            self._signatures[doc_id] = array("I", sig).tobytes()
        else:
            self._signatures[doc_id] = b""
        if group_id is not None and group_id != doc_id:
            self._group[doc_id] = group_id

    def remove(self, doc_id: int, sig: Sequence[int]) -> None:
        """Forget ``doc_id`` (indexed with ``sig``); its group's other members keep the group id."""
        if doc_id not in self._signatures:
            return
        for buckets, key in zip(self._buckets, self._band_keys(sig), strict=True):
            held = buckets.get(key)
            if held == doc_id:
                del buckets[key]
            elif isinstance(held, list) and doc_id in held:
                held.remove(doc_id)
                if len(held) == 1:
                    buckets[key] = held[0]
        del self._signatures[doc_id]
        self._group.pop(doc_id, None)

    def candidates(self, sig: Sequence[int]) -> set[int]:
        """Return the ids of indexed documents sharing at least one band with ``sig``."""
        found: set[int] = set()
        if not sig:
            return found
        for buckets, key in zip(self._buckets, self._band_keys(sig), strict=True):
            held = buckets.get(key)
            if held is None:
                continue
            if isinstance(held, list):
                found.update(held)
            else:
                found.add(held)
        return found

    def signature_of(self, doc_id: int) -> tuple[int, ...] | None:
        """Return the stored signature of ``doc_id``, or None when not kept."""
        packed = self._signatures.get(doc_id)
        if not packed:
            return None
        return tuple(array("I", packed))

    def matches(self, sig: Sequence[int], exclude: int | None = None) -> dict[int, float]:
        """Return {doc_id: estimated Jaccard} for candidates at or above the threshold.

        Needs the signatures kept in the index (``keep_signatures=True``).
        """
        if not self._keep:
            raise RuntimeError("signatures are not kept: verify candidates yourself")
        result = {}
        for cand in self.candidates(sig):
            if cand == exclude:
                continue
            sim = estimate_jaccard(sig, array("I", self._signatures[cand]))
            if sim >= self.threshold:
                result[cand] = sim
        return result

    def group_of(self, doc_id: int) -> int:
        """Return the id naming ``doc_id``'s group (itself when it has joined none)."""
        return self._group.get(doc_id, doc_id)

    def find_group(self, doc_id: int, sig: Sequence[int], *, add: bool = True) -> int | None:
        """Return the group id of the earliest indexed near-duplicate of ``doc_id``, else None.

        Then index the document (unless ``add=False``) as a member of that group.
        """
        found = self.matches(sig, exclude=doc_id)
        group = min((self.group_of(d) for d in found), default=None)
        if add:
            self.add(doc_id, sig, group_id=group)
        return group
