"""Group near-duplicates: LSH banding over signatures, and the exact check of a pair."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from articles.ingest.dedup.minhash import (
    _KEY_MASK,
    BANDS,
    NEAR_DUPLICATE_THRESHOLD,
    NUM_PERM,
    ROWS,
    estimate_jaccard,
    shingles,
)

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
