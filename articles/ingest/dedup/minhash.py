"""MinHash signatures over word shingles (one-permutation hashing, densified) and their
parameters; see the package's docstring for the scheme and its tuning."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from articles.ingest.dedup.normalise import _words

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
    its chunks' entries read by numpy, not a join of the chunks, a pattern to find the
    words and a look-up for each.
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
