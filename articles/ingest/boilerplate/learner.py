"""Learn each source's furniture: the paragraphs it repeats word for word."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

from articles.ingest.boilerplate.paragraphs import paragraph_keys
from articles.ingest.boilerplate.patterns import LONG_LEARNED, SHORT


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
            # The string's own hash as the digest: 64 bits, cheaper than blake2b, and the
            # same for every count since a learner lives in one process.
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
