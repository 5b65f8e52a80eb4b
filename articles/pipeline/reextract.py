"""Re-run extraction (and, when asked or outdated, cleaning) over stored articles.

The same pure code as the import (``articles.extract.run``), fed from the database: after
editors change aliases, rules or blocklists, ``reextract`` brings every article's
automatic mentions up to date while editor-made and editor-removed mentions stay.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.db import transaction

from articles import selectors
from articles.extract.run import Indexes, extract_article
from articles.extract.types import EXTRACTOR_VERSION, ArticleText
from articles.ingest import boilerplate
from articles.ingest.mention_rows import mentions_prepare
from articles.ingest.parse import parse_document
from articles.ingest.types import RawDocument, RejectedRecord
from articles.models import Article
from articles.selectors.sources import source_cleaning_rules
from articles.services.furniture import source_furniture_relearn
from articles.services.grouping import RegroupSummary, stories_regroup
from articles.services.maintenance import (
    REEXTRACT_TABLES,
    StatisticsRefresh,
    table_statistics_refresh,
)
from articles.services.mentions import CandidateResolver, MentionDiff, mentions_write_prepared

CHUNK_SIZE = 500
_FIELDS = ("id", "title", "lede", "body", "raw_text", "url", "published_at", "dateline", "byline")
FIELDS = (*_FIELDS, "cleaner_version", "external_id", "source_id", "source__name")

# Set in the parent before the worker pool forks, so workers share the compiled indexes
# (``share_state``; a task queue worker sets it from its run's plan).
_STATE: dict = {}


def share_state(
    *, gazetteer, reclean_all: bool, cleaning_rules: dict, furniture: dict[int, frozenset[str]]
) -> None:
    """Set what ``process`` needs: the compiled gazetteer, the cleaning rules and furniture."""
    _STATE.update(
        indexes=Indexes.build(gazetteer),
        reclean=reclean_all,
        cleaning_rules=cleaning_rules,
        furniture=furniture,
    )


@dataclass
class BatchOutcome:
    """What writing one batch changed."""

    articles: int = 0
    recleaned: int = 0
    changed_bodies: list[int] = field(default_factory=list)
    diff: MentionDiff = field(default_factory=MentionDiff)


@dataclass
class ReextractSummary:
    articles: int = 0
    recleaned: int = 0
    diff: MentionDiff = field(default_factory=MentionDiff)
    seconds: float = 0.0
    statistics: StatisticsRefresh = field(default_factory=StatisticsRefresh)
    changed_bodies: list[int] = field(default_factory=list)  # re-cleaned into another text
    relearned_sources: int = 0  # sources whose furniture was learned again to re-clean
    learned_keys: int = 0  # the furniture they have now
    regroup: RegroupSummary | None = None  # stories decided again when bodies changed

    def add(self, batch: BatchOutcome) -> None:
        """Count one written batch."""
        self.diff.update(batch.diff)
        self.articles += batch.articles
        self.recleaned += batch.recleaned
        self.changed_bodies += batch.changed_bodies

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0
        line = (
            f"Re-extracted {self.articles} articles ({self.recleaned} re-cleaned, "
            f"{len(self.changed_bodies)} bodies changed) in {self.seconds:.1f}s ({rate:.0f}/s). "
            f"Mentions {self.diff.line()}."
        )
        if self.relearned_sources:
            line += (
                f" Furniture learned again for {self.relearned_sources} sources "
                f"({self.learned_keys} paragraphs)."
            )
        return f"{line} {self.regroup.line()}" if self.regroup else line


def reclean(row: dict) -> tuple[str, str, str, str] | None:
    """Return (body, dateline, byline, corrections) re-cleaned from the raw text, or None."""
    if row["url"]:
        # Structured records kept their text field as raw text: parse it as a record again.
        doc = RawDocument(
            origin="reextract",
            external_id=row["external_id"],
            format="jsonl",
            raw=b"",
            fields={"title": row["title"], "text": row["raw_text"], "url": row["url"]},
        )
    else:
        doc = RawDocument(
            origin="reextract",
            external_id=row["external_id"],
            format="txt",
            raw=b"",
            text=row["raw_text"],
        )
    # The source's furniture, learned again from its stored raw texts before re-cleaning.
    learned = _STATE.get("furniture", {}).get(row.get("source_id"), frozenset())
    try:
        parsed = parse_document(doc, learned_furniture=learned)
    except RejectedRecord:
        return None
    body = parsed.body
    rules = _STATE.get("cleaning_rules", {}).get(row.get("source__name"))
    if rules:
        # The source's own cleaning rules (edited in the admin), as the import applies them.
        body = boilerplate.remove_matching_paragraphs(body, rules).body
    return body, parsed.dateline, parsed.byline, parsed.corrections


def process(rows: list[dict]) -> list[tuple[int, bool, object, tuple | None]]:
    indexes: Indexes = _STATE["indexes"]
    results = []
    for row in rows:
        cleaned = None
        if _STATE["reclean"] or row.get("cleaner_version", boilerplate.CLEANER_VERSION) < (
            boilerplate.CLEANER_VERSION
        ):
            cleaned = reclean(row)
        body, dateline, byline, _ = cleaned or (row["body"], row["dateline"], row["byline"], "")
        text = ArticleText.of(row, body=body, dateline=dateline, byline=byline)
        mentions = mentions_prepare(extract_article(text, indexes), row["published_at"])
        results.append((row["id"], bool(cleaned) and body != row["body"], mentions, cleaned))
    return results


def articles_to_reextract(*, since: datetime | None = None):
    """Return the articles ``reextract`` covers: all, or those published since ``since``."""
    queryset = Article.objects.all()
    if since is not None:
        queryset = queryset.filter(published_at__gte=since)
    return queryset


def rows_in_chunks(queryset, fields, size: int = CHUNK_SIZE) -> Iterator[list[dict]]:
    """Yield the queryset's rows in id order, ``size`` at a time (keyset pagination)."""
    last = 0
    while True:
        chunk = list(queryset.filter(id__gt=last).order_by("id").values(*fields)[:size])
        if not chunk:
            return
        last = chunk[-1]["id"]
        yield chunk


def articles_reextract(
    *,
    since: datetime | None = None,
    article_ids: list[int] | None = None,
    reclean_all: bool = False,
    workers: int | None = None,
    batch_size: int = CHUNK_SIZE,
    on_progress: Callable[[int], None] | None = None,
    on_learn_progress: Callable[[int, int], None] | None = None,
    dispatch: Callable[..., None] | None = None,
) -> ReextractSummary:
    """Re-extract the selected articles (all by default); return what changed.

    Bodies are re-cleaned (all with ``reclean_all``, else those of an older cleaner
    version) with their source's furniture, first learned again from all of the source's
    stored raw texts (``on_learn_progress`` gets articles read and their total), in
    batches of ``batch_size`` articles (one write transaction each).
    ``dispatch`` (the task queue's, ``pipeline.queue.reextract``) has the batches
    processed and written elsewhere and counts them into the summary.
    """
    if batch_size < 1:  # islice(…, 0) would read nothing and report success
        raise ValueError(f"batch_size must be at least 1 articles, not {batch_size}")
    started = time.perf_counter()
    summary = ReextractSummary()
    gazetteer = selectors.gazetteer_snapshot() if dispatch is None else None
    queryset = articles_to_reextract(since=since)
    if article_ids is not None:
        queryset = queryset.filter(id__in=article_ids)
    outdated = queryset.filter(cleaner_version__lt=boilerplate.CLEANER_VERSION)
    recleaned = queryset if reclean_all else outdated
    sources = list(recleaned.order_by().values_list("source_id", flat=True).distinct())
    furniture = {}
    if sources:
        furniture = source_furniture_relearn(source_ids=sources, on_progress=on_learn_progress)
        summary.relearned_sources = len(sources)
        summary.learned_keys = sum(map(len, furniture.values()))
    workers = max(1, workers or os.cpu_count() or 1)
    if dispatch is not None:
        dispatch(
            queryset=queryset,
            reclean_all=reclean_all,
            furniture=furniture,
            summary=summary,
            on_progress=on_progress,
            batch_size=batch_size,
        )
    else:
        share_state(
            gazetteer=gazetteer,
            reclean_all=reclean_all,
            cleaning_rules=source_cleaning_rules(),
            furniture=furniture,
        )
        chunks = rows_in_chunks(queryset, FIELDS, batch_size)
        if workers == 1:
            _write_all(map(process, chunks), summary, on_progress)
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                _write_all(_parallel(pool, chunks, workers), summary, on_progress)
    if summary.changed_bodies:
        # Stories are decided on the cleaned bodies: sign the changed ones, decide again.
        summary.regroup = stories_regroup(resign_ids=summary.changed_bodies)
    # The search index takes in the new tags before the run is over.
    from articles.search import indexing

    indexing.sync(wait=True, threads=min(workers, 2))
    # Pages stay fast after a big run whatever autovacuum does; a few articles analyze nothing.
    summary.statistics = table_statistics_refresh(tables=REEXTRACT_TABLES)
    summary.seconds = time.perf_counter() - started
    return summary


def _parallel(pool, chunks: Iterator[list[dict]], workers: int) -> Iterator[list]:
    """Yield processed chunks in order, with one window computing while the last is written."""
    pending = None
    while True:
        window = list(islice(chunks, workers))
        submitted = pool.map_async(process, window) if window else None
        if pending is not None:
            yield from pending.get()
        if submitted is None:
            return
        pending = submitted


def _write_all(results, summary: ReextractSummary, on_progress) -> None:
    resolver = CandidateResolver()
    for result in results:
        with transaction.atomic():
            batch = write_batch(result, resolver=resolver)
        summary.add(batch)
        if on_progress:
            on_progress(batch.articles)


def write_batch(result: list, *, resolver: CandidateResolver) -> BatchOutcome:
    """Store one processed batch (``process``): mentions, re-cleaned bodies, versions."""
    batch = BatchOutcome(articles=len(result))
    batch.diff = mentions_write_prepared(
        items=[(i, mentions) for i, _, mentions, _ in result], resolver=resolver
    )
    recleaned = [(i, c) for i, _, _, c in result if c is not None]
    batch.changed_bodies = [i for i, body_changed, _, _ in result if body_changed]
    for article_id, (body, dateline, byline, corrections) in recleaned:
        Article.objects.filter(pk=article_id).update(
            body=body,
            corrections=corrections,
            dateline=dateline[:200],
            byline=byline[:500],
            cleaner_version=boilerplate.CLEANER_VERSION,
        )
    Article.objects.filter(pk__in=[r[0] for r in result]).update(
        extractor_version=EXTRACTOR_VERSION
    )
    batch.recleaned = len(recleaned)
    return batch


def articles_reextract_now(*, article_ids: list[int]):
    """Re-run extraction on these articles now (in this process); return the summary.

    Automatic mentions are replaced; editor-made and editor-removed ones stay.
    """
    return articles_reextract(article_ids=list(article_ids), workers=1)
