"""Time extraction alone: ``python -m bench.extract CORPUS [--limit N] [--profile]``.

Reads and cleans ``--limit`` records of a corpus file first (parse and cleaning are not
timed), builds the indexes of the committed gazetteer (``articles/data``: the full set
of officials, no database needed), then times ``extract_article`` over every article,
single-threaded, and prints milliseconds per article. ``--profile`` prints the top of a
cProfile run instead of (as well as) the timing. ``--repeat`` runs the timed loop several
times and reports the best, to smooth out the noise of a shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from itertools import islice


def _articles(path: str, limit: int):
    """Return the ArticleTexts of the first ``limit`` parseable records of ``path``."""
    from articles.extract.types import ArticleText
    from articles.ingest.parse import RejectedRecord, parse_document
    from articles.ingest.readers import iter_documents

    out = []
    for doc in islice(iter_documents([path]), limit):
        try:
            parsed = parse_document(doc)
        except RejectedRecord:
            continue
        if not parsed.title.strip() and not parsed.body.strip():
            continue
        out.append(ArticleText.of(parsed))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="e.g. ../shared/corpus/allsides-all.jsonl.gz")
    parser.add_argument("--limit", type=int, default=3000, help="records to read (3000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    args = parser.parse_args(argv)

    from articles.extract.gazetteer import gazetteer_from_files
    from articles.extract.run import Indexes, extract_article

    articles = _articles(args.corpus, args.limit)
    if not articles:
        print("no articles read", file=sys.stderr)
        return 1
    started = time.process_time()
    gazetteer = gazetteer_from_files()
    indexes = Indexes.build(gazetteer)
    built = time.process_time() - started
    words = sum(len(a.full_text.split()) for a in articles)
    print(
        f"{len(articles)} articles, {words / len(articles):.0f} words on average; "
        f"gazetteer: {len(gazetteer.officials)} officials, {len(gazetteer.countries)} "
        f"countries, indexes built in {built:.2f}s"
    )
    started = time.process_time()
    for article in articles:  # first pass: caches (name plans, word keys) start cold
        extract_article(article, indexes)
    first = time.process_time() - started
    print(f"first pass: {first * 1000 / len(articles):.3f} ms/article (cold caches)")
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        started = time.process_time()
        for article in articles:
            extract_article(article, indexes)
        best = min(best, time.process_time() - started)
    print(
        f"extraction: {best * 1000 / len(articles):.3f} ms/article "
        f"(best of {args.repeat} further passes: warm caches, as deep into a long import)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for article in articles:
            extract_article(article, indexes)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
