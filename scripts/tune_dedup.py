"""Tune near-duplicate detection (articles.ingest.dedup) on the shared corpora.

Run from the project root:

    .venv/bin/python scripts/tune_dedup.py [--corpus ../shared/corpus] [--show 8]

1. giveme5w1h-raw (405 scraped articles clustered by event): for several shingle sizes,
   compute the true Jaccard of every pair of articles, and for several thresholds report
   how many pairs would be grouped and how many of those fall within one event (the
   event label is an upper bound on "same story": different articles about one event are
   not near-duplicates, so cross-event pairs are certainly errors and same-event pairs
   still need reading). ``--show`` prints pairs around the threshold to read by hand.
2. The chosen parameters end to end (signature + LSH index): pairs found vs true pairs.
3. allsides-diplomatic (5,620 articles): signatures/s, index throughput, groups found.
4. Index memory per document (tracemalloc).

Prints figures only; the corpus text stays out of the repository.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.ingest import dedup  # noqa: E402

SHINGLE_SIZES = (3, 4, 5, 6, 8)
THRESHOLDS = (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.8)


def load_jsonl(path: Path) -> list[dict]:
    """Return the records of a gzipped JSON-lines file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pairwise(sets: list[set[str]]) -> dict[tuple[int, int], float]:
    """Return the true Jaccard of every pair that shares at least one shingle."""
    # An inverted index skips the ~all pairs with nothing in common.
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) > 1:
            shared.update(itertools.combinations(ids, 2))
    return {(i, j): n / (len(sets[i]) + len(sets[j]) - n) for (i, j), n in shared.items() if n}


def snippet(text: str, n: int = 160) -> str:
    """Return the start of the body on one line, for reading a pair by hand."""
    return " ".join((text or "").split())[:n]


def tune_giveme(records: list[dict], show: int) -> None:
    """Report grouped pairs and event precision per shingle size and threshold."""
    texts = [r.get("text") or "" for r in records]
    events = [r.get("event") for r in records]
    print(f"giveme5w1h-raw: {len(records)} articles, {len(set(events))} events")
    hashes = Counter(dedup.content_hash(t) for t in texts if t.strip())
    print(f"  exact duplicates (same content_hash): {sum(c - 1 for c in hashes.values())}")
    print("  k  thr   pairs  same-event  cross-event  precision")
    all_sims = {}
    for k in SHINGLE_SIZES:
        sets = [dedup.shingles(t, k) for t in texts]
        sims = pairwise(sets)
        all_sims[k] = sims
        for thr in THRESHOLDS:
            grouped = [p for p, s in sims.items() if s >= thr]
            same = sum(events[i] == events[j] for i, j in grouped)
            prec = same / len(grouped) if grouped else 1.0
            print(
                f"  {k}  {thr:.2f} {len(grouped):6d}  {same:10d}  {len(grouped) - same:11d}"
                f"  {prec:9.3f}"
            )
    if show:
        sims = all_sims[dedup.SHINGLE_SIZE]
        thr = dedup.NEAR_DUPLICATE_THRESHOLD
        ranked = sorted(sims.items(), key=lambda kv: -kv[1])
        bands = [
            ("above threshold, lowest first", [p for p in ranked if p[1] >= thr][-show:]),
            ("just below threshold", [p for p in ranked if p[1] < thr][:show]),
            ("cross-event, highest", [p for p in ranked if events[p[0][0]] != events[p[0][1]]]),
        ]
        for label, pairs in bands:
            print(f"\n  -- k={dedup.SHINGLE_SIZE}, {label}:")
            for (i, j), s in pairs[:show]:
                a, b = records[i], records[j]
                print(f"  J={s:.2f} same_event={events[i] == events[j]}")
                for r in (a, b):
                    print(f"     [{r.get('source_domain')}] {r.get('title', '')[:90]}")
                    print(f"       {snippet(r.get('text'))}")
    check_index(texts, events, all_sims[dedup.SHINGLE_SIZE])


def check_index(texts: list[str], events: list[str], sims: dict) -> None:
    """Compare the pairs the signature + LSH index finds with the true pairs."""
    thr = dedup.NEAR_DUPLICATE_THRESHOLD
    sigs = [dedup.signature(t) for t in texts]
    index = dedup.NearDuplicateIndex()
    for i, sig in enumerate(sigs):
        index.add(i, sig)
    found = set()
    for i, sig in enumerate(sigs):
        for j in index.matches(sig, exclude=i):
            found.add((min(i, j), max(i, j)))
    truth = {p for p, s in sims.items() if s >= thr}
    same = sum(events[i] == events[j] for i, j in found)
    print(
        f"\n  index (k={dedup.SHINGLE_SIZE}, {dedup.BANDS}x{dedup.ROWS}, thr={thr}): "
        f"{len(found)} pairs found, {same} same-event "
        f"(precision {same / max(len(found), 1):.3f}); true pairs {len(truth)}, "
        f"found {len(found & truth)} (recall {len(found & truth) / max(len(truth), 1):.3f}), "
        f"extra {len(found - truth)}"
    )
    errs = [abs(dedup.estimate_jaccard(sigs[i], sigs[j]) - s) for (i, j), s in sims.items()]
    errs.sort()
    print(
        f"  |estimate - true| over {len(errs)} overlapping pairs: "
        f"median {errs[len(errs) // 2]:.3f}, p99 {errs[int(len(errs) * 0.99)]:.3f}"
    )
    groups = Counter()
    index = dedup.NearDuplicateIndex()
    for i, sig in enumerate(sigs):
        g = index.find_group(i, sig)
        groups[g if g is not None else i] += 1
    multi = [n for n in groups.values() if n > 1]
    print(f"  find_group: {len(multi)} groups of >1 covering {sum(multi)} articles")


def bench_allsides(records: list[dict], show: int) -> None:
    """Report speed and groups on allsides-diplomatic."""
    texts = [r.get("content_original") or "" for r in records]
    words = sum(len(t.split()) for t in texts)
    print(
        f"\nallsides-diplomatic: {len(texts)} articles, {words / len(texts):.0f} words on average"
    )
    t0 = time.perf_counter()
    sigs = [dedup.signature(t) for t in texts]
    dt = time.perf_counter() - t0
    print(
        f"  signatures: {len(texts) / dt:.0f} docs/s, {dt / words * 600 * 1000:.2f} ms per "
        f"600 words"
    )
    t0 = time.perf_counter()
    [dedup.content_hash(t) for t in texts]
    dt = time.perf_counter() - t0
    print(f"  content_hash: {len(texts) / dt:.0f} docs/s")
    index = dedup.NearDuplicateIndex()
    members: dict[int, list[int]] = defaultdict(list)
    t0 = time.perf_counter()
    for i, sig in enumerate(sigs):
        g = index.find_group(i, sig)
        members[g if g is not None else i].append(i)
    dt = time.perf_counter() - t0
    groups = {g: m for g, m in members.items() if len(m) > 1}
    sizes = Counter(len(m) for m in groups.values())
    print(
        f"  find_group: {len(texts) / dt:.0f} docs/s; {len(groups)} groups of >1 covering "
        f"{sum(len(m) for m in groups.values())} articles; sizes {sorted(sizes.items())}"
    )
    exact = Counter(dedup.content_hash(t) for t in texts if t.strip())
    print(f"  of which exact duplicates: {sum(c - 1 for c in exact.values())}")
    if show:
        rng = random.Random(1)
        for g in rng.sample(sorted(groups), min(show, len(groups))):
            print(f"  -- group {g}:")
            for i in groups[g][:4]:
                r = records[i]
                est = dedup.estimate_jaccard(sigs[g], sigs[i])
                print(f"     J~{est:.2f} [{r.get('source')}] {r.get('title', '')[:80]}")


def measure_memory(n: int = 100_000) -> None:
    """Report the index's memory per document for ``n`` random signatures."""
    rng = random.Random(7)
    sigs = [tuple(rng.getrandbits(32) for _ in range(dedup.NUM_PERM)) for _ in range(n)]
    for keep in (True, False):
        tracemalloc.start()
        index = dedup.NearDuplicateIndex(keep_signatures=keep)
        # Ids above 256 are real int objects, as in production.
        for i, sig in enumerate(sigs, start=1000):
            index.add(i, sig)
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"\nindex memory, keep_signatures={keep}: {size / n:.0f} bytes per document ({n} docs)"
        )
        del index


def main() -> None:
    """Parse arguments and run every report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show", type=int, default=0, help="pairs/groups to print for reading")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    tune_giveme(load_jsonl(args.corpus / "giveme5w1h-raw.jsonl.gz"), args.show)
    bench_allsides(load_jsonl(args.corpus / "allsides-diplomatic.jsonl.gz"), args.show)
    if not args.skip_memory:
        measure_memory()


if __name__ == "__main__":
    main()
