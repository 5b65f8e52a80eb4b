"""Remove site furniture (captions, appeals, promotions, related-links tails) from a body.

Pure and paragraph-based: the text is split into paragraphs, each paragraph is kept or
dropped whole, and the kept ones are joined with blank lines. What was dropped is
returned too, so editors can audit the cleaner and tests can pin it down.

Bump CLEANER_VERSION whenever a change alters output, so stored articles can be
re-cleaned selectively.

``patterns`` holds what furniture looks like, ``paragraphs`` the splitting and the key
repeated paragraphs are compared by, ``cleaner`` the cleaning, ``learner`` the learning
of a source's own furniture; callers import them all from here.
"""

from articles.ingest.boilerplate.cleaner import (
    CLEANER_VERSION,
    CleanResult,
    clean_body,
    clean_paragraphs,
    is_furniture,
    is_tail_marker,
    learned_in,
    remove_matching_paragraphs,
)
from articles.ingest.boilerplate.learner import FurnitureLearner
from articles.ingest.boilerplate.paragraphs import (
    paragraph_key,
    paragraph_keys,
    short_paragraph_keys,
    split_paragraphs,
)
from articles.ingest.boilerplate.patterns import LONG_LEARNED, MEDIUM, SHORT

__all__ = [
    "CLEANER_VERSION",
    "LONG_LEARNED",
    "MEDIUM",
    "SHORT",
    "CleanResult",
    "FurnitureLearner",
    "clean_body",
    "clean_paragraphs",
    "is_furniture",
    "is_tail_marker",
    "learned_in",
    "paragraph_key",
    "paragraph_keys",
    "remove_matching_paragraphs",
    "short_paragraph_keys",
    "split_paragraphs",
]
