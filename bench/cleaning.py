"""Time furniture learning and cleaning: the cleaning figures of docs/performance.md.

``python -m bench.cleaning ../shared/corpus/allsides-all.jsonl.gz [--limit N]``
reads the records (no database), learns each source's furniture as the import's first
pass does (``FurnitureLearner`` by ``source_key``), then cleans every record's text with
what was learned (``clean_body``), one core, CPU time, best of ``--repeat`` passes. It
prints milliseconds per article for both, how many keys were learned (short and long),
and how many of the paragraphs checked against learned keys had their key computed (the
pre-check spares the others).
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="e.g. ../shared/corpus/allsides-all.jsonl.gz")
    parser.add_argument("--limit", type=int, help="records to read (all)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts")
    args = parser.parse_args(argv)

    from articles.ingest import boilerplate
    from articles.ingest.boilerplate import cleaner
    from articles.ingest.learn import record_text, source_key
    from articles.ingest.readers import iter_documents

    docs = [d for d in islice(iter_documents([args.corpus]), args.limit) if not d.error]
    records = [(source_key(d, None), record_text(d)) for d in docs]
    if not records:
        print("no records read", file=sys.stderr)
        return 1

    best_learn = float("inf")
    for _ in range(max(1, args.repeat)):
        started = time.process_time()
        learner = boilerplate.FurnitureLearner()
        for key, text in records:
            learner.add(key, text)
        learned = learner.learned()
        best_learn = min(best_learn, time.process_time() - started)
    keys = [k for ks in learned.values() for k in ks]
    long_keys = sum(len(k) > boilerplate.SHORT for k in keys)

    best_clean = float("inf")
    for _ in range(max(1, args.repeat)):
        started = time.process_time()
        for key, text in records:
            boilerplate.clean_body(text, learned=learned.get(key, frozenset()))
        best_clean = min(best_clean, time.process_time() - started)

    # Untimed: how many paragraphs had their key computed while cleaning (``clean_body``
    # looks ``paragraph_key`` up in its own module, so that is where it is counted).
    computed = 0
    original = cleaner.paragraph_key

    def counting(paragraph: str) -> str:
        nonlocal computed
        computed += 1
        return original(paragraph)

    cleaner.paragraph_key = counting
    try:
        for key, text in records:
            boilerplate.clean_body(text, learned=learned.get(key, frozenset()))
    finally:
        cleaner.paragraph_key = original
    checked = sum(
        len(boilerplate.split_paragraphs(text)) for key, text in records if learned.get(key)
    )
    n = len(records)
    print(
        f"{n} articles, {len(learned)} sources; learned {len(keys)} keys "
        f"({long_keys} longer than {boilerplate.SHORT} characters)\n"
        f"learning: {best_learn * 1000 / n:.3f} ms/article; cleaning: "
        f"{best_clean * 1000 / n:.3f} ms/article (best of {args.repeat})\n"
        f"paragraph keys computed while cleaning: {computed} for {checked} paragraphs of "
        f"articles whose source learned furniture"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
