"""Near-duplicate signing of a body: its MinHash signature and LSH band hashes (pure).

What the import stores for each article (``Article.minhash``, ``ArticleBand``) and what
``services.grouping`` signs again when stories are decided anew.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence

import numpy as np

from articles.ingest import dedup

# Bodies shorter than this many words are too short for a meaningful near-duplicate test.
MIN_WORDS_FOR_SIGNATURE = 40
# Copies of one story share their opening; signing only the first words keeps the cost
# of a long article at that of a short one.
SIGNATURE_WORDS = 400


def sign_words(words: Sequence[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the MinHash signature and LSH band hashes of a body split into words.

    ``((), ())`` when the body is too short to sign: such articles are never grouped.
    """
    if len(words) < MIN_WORDS_FOR_SIGNATURE:
        return (), ()
    signature = dedup.signature_of_chunks(words[:SIGNATURE_WORDS])
    return signature, band_hashes(signature)


def band_hashes(signature: Sequence[int]) -> tuple[int, ...]:
    """Return one stable signed 64-bit hash per LSH band, for the ArticleBand table.

    Python's ``hash`` is not guaranteed across versions, and these are stored, so each
    band (prefixed with its number, so equal values in different bands differ) goes
    through blake2b; each digest is read as a big-endian signed integer.
    """
    packed = array("I", signature).tobytes()
    width = dedup.ROWS * 4
    digests = []
    for i, numbered in enumerate(_BAND_HASHERS):
        hasher = numbered.copy()
        hasher.update(packed[i * width : (i + 1) * width])
        digests.append(hasher.digest())
    return tuple(np.frombuffer(b"".join(digests), dtype=">i8").tolist())


# One blake2b state per band, already fed the band's number: copying it costs less than a
# new hash object, and numpy reads the 42 digests at once instead of an
# ``int.from_bytes`` per band.
_BAND_HASHERS = tuple(hashlib.blake2b(bytes([i]), digest_size=8) for i in range(dedup.BANDS))
