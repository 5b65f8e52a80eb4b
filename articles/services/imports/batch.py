"""Each batch of prepared records: classified against the database, then written.

Every record ends as exactly one outcome: inserted, updated, unchanged, duplicate or
rejected. A batch is written in one transaction together with the run's counters, so a
run killed mid-way leaves whole batches and counts that agree with them; running the same
inputs again converges on the same database (natural key: url, else content hash).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.db.models import F

from articles.extract.types import EXTRACTOR_VERSION
from articles.ingest.dedup import estimate_jaccard
from articles.ingest.records import OUTCOMES, PreparedRecord
from articles.models import (
    Article,
    ArticleBand,
    ArticleRevision,
    ImportBatch,
    ImportRun,
    RecordWarning,
    RejectedDocument,
)
from articles.services.imports.groups import group_near_duplicates
from articles.services.imports.rows import (
    NewArticle,
    copy_articles,
    copy_bands,
    next_ids,
    update_articles,
)
from articles.services.imports.sources import SourceCache
from articles.services.mentions import CandidateResolver, mentions_write_prepared


def import_batch_write(
    *,
    run: ImportRun,
    records: Sequence[PreparedRecord],
    sources: SourceCache,
    threshold: float,
    resolver: CandidateResolver | None = None,
) -> Counter:
    """Write one batch and its mentions, and add its outcomes to ``run``'s counters, atomically."""
    with transaction.atomic():
        # A batch lost to a crash right after its commit is imported again by the rerun
        # (idempotent), so the commit need not wait for the WAL flush.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
        outcomes = _write(run, records, sources, threshold, resolver)
        _record_warnings(run, ((r, message) for r in records for message in r.warnings))
        ImportRun.objects.filter(pk=run.pk).update(
            records_read=F("records_read") + len(records),
            warnings=F("warnings") + sum(len(r.warnings) for r in records),
            **{name: F(name) + outcomes[name] for name in OUTCOMES},
        )
    return outcomes


def import_batch_write_once(
    *,
    run: ImportRun,
    number: int,
    records: Sequence[PreparedRecord],
    threshold: float,
    worker: str = "",
    cpu_seconds: Callable[[], float] = lambda: 0.0,
) -> Counter | None:
    """Write batch ``number`` of a queued run unless it was written already; return its
    outcomes, or None when another delivery of the same batch wrote it first.

    The batch's row (run, number) is claimed in the transaction that writes its articles
    and counters: a worker killed before the commit leaves nothing, a redelivered batch
    whose commit went through finds the row and writes nothing, and two deliveries at
    once wait on the row's unique key, the second then finding it taken.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_importbatch (import_run_id, number, records, inserted,"
                " updated, unchanged, duplicate, rejected, warnings, worker, cpu_seconds,"
                " written_at) VALUES (%s, %s, 0, 0, 0, 0, 0, 0, 0, %s, 0, now())"
                " ON CONFLICT (import_run_id, number) DO NOTHING RETURNING id",
                [run.pk, number, worker[:200]],
            )
            claimed = cursor.fetchone()
        if claimed is None:
            return None
        outcomes = import_batch_write(
            run=run,
            records=records,
            sources=SourceCache(),  # fresh: other workers added sources since
            threshold=threshold,
            resolver=CandidateResolver(),  # and candidate officials
        )
        ImportBatch.objects.filter(pk=claimed[0]).update(
            records=len(records),
            warnings=sum(len(r.warnings) for r in records),
            cpu_seconds=cpu_seconds(),
            **{name: outcomes[name] for name in OUTCOMES},
        )
    return outcomes


def _record_warnings(run: ImportRun, warnings: Iterable[tuple[PreparedRecord, str]]) -> None:
    """Store each (record, message) as a warning of ``run`` (counted by the caller)."""
    RecordWarning.objects.bulk_create(
        RecordWarning(
            import_run=run,
            origin=record.origin[:1000],
            record_key=record.record_key[:1000],
            message=message,
        )
        for record, message in warnings
    )


def _write(run, records, sources, threshold, resolver=None) -> Counter:
    """Classify ``records`` against the database and write the batch (inside its transaction).

    New articles get their ids from the sequence first, so their near-duplicate groups are
    decided in Python and they are written once, with COPY, already grouped; the row text
    was built by the worker (``copy_parts``). PostgreSQL computes the search vector.
    """
    outcomes: Counter = Counter(dict.fromkeys(OUTCOMES, 0))
    good = [r for r in records if r.article is not None]
    rejects = [r for r in records if r.article is None]
    if rejects:
        RejectedDocument.objects.bulk_create(
            [
                RejectedDocument(
                    import_run=run,
                    origin=r.origin[:1000],
                    external_id=r.external_id[:500],
                    reason=r.reject_reason,
                    raw=r.raw,
                )
                for r in rejects
            ],
            ignore_conflicts=True,
        )
        outcomes["rejected"] += len(rejects)
    if not good:
        return outcomes

    urls = [r.article.url for r in good if r.article.url]
    hashes = [r.content_hash for r in good]
    fields = ("id", "url", "content_hash", "record_key", "duplicate_keys", "minhash")
    by_url = {a.url: a for a in Article.objects.filter(url__in=urls).only(*fields)} if urls else {}
    by_hash = {
        a.content_hash: a for a in Article.objects.filter(content_hash__in=hashes).only(*fields)
    }

    new: list[NewArticle] = []
    clashes: list[tuple[PreparedRecord, object]] = []  # (record, the article owning its URL)
    changed: dict[int, PreparedRecord] = {}  # stored article id -> its new content
    folded: dict[int, Article] = {}  # stored articles that gained a duplicate key
    for record in good:
        parsed = record.article
        existing = by_url.get(parsed.url) if parsed.url else None
        same_body = by_hash.get(record.content_hash)
        if existing is not None:
            if existing.content_hash == record.content_hash:
                outcomes["unchanged"] += 1
            elif (
                same_body is not None
                and not (same_body is existing or same_body.pk == existing.pk is not None)
                and same_body.record_key == record.record_key
            ):
                outcomes["unchanged"] += 1  # a URL clash kept as its own article before
            elif same_body is not None and same_body.pk != existing.pk:
                outcomes["duplicate"] += 1  # the new text is another article's text
            elif _another_article(existing, record):
                # The URL is known but the text is another article's: keep both, report it.
                clash = NewArticle(
                    record=record,
                    source_id=sources.id_for(parsed.source_name, parsed.source_domain),
                    url=clash_url(parsed.url, record.content_hash),
                )
                by_hash[record.content_hash] = clash
                new.append(clash)
                clashes.append((record, existing))
                outcomes["inserted"] += 1
            else:
                if existing.pk is None:  # a new article of this batch: written once, later
                    existing.content = record
                else:
                    changed[existing.pk] = record  # a later record of the batch wins
                existing.content_hash = record.content_hash
                by_hash[record.content_hash] = existing
                outcomes["updated"] += 1
            continue
        if same_body is not None:
            key = record.record_key
            if key == same_body.record_key or key in same_body.duplicate_keys:
                outcomes["unchanged"] += 1
            else:
                same_body.duplicate_keys = [*same_body.duplicate_keys, key]
                if same_body.pk:
                    folded[same_body.pk] = same_body
                outcomes["duplicate"] += 1
            continue
        article = NewArticle(
            record=record,
            source_id=sources.id_for(parsed.source_name, parsed.source_domain),
        )
        by_hash[record.content_hash] = article
        if parsed.url:
            by_url[parsed.url] = article
        new.append(article)
        outcomes["inserted"] += 1

    if changed:
        # The text an update replaces is kept: the article's earlier versions.
        ArticleRevision.objects.bulk_create(
            ArticleRevision(
                article_id=a.pk,
                import_run=run,
                title=a.title,
                body=a.body,
                raw_text=a.raw_text,
                content_hash=a.content_hash,
            )  # fmt: skip
            for a in Article.objects.filter(pk__in=changed).only(
                "id", "title", "body", "raw_text", "content_hash"
            )
        )
        # First, so this batch's new articles are compared with the updated texts.
        update_articles(changed)
        # New text, new bands: the old ones would keep matching copies of the old text.
        ArticleBand.objects.filter(article_id__in=changed).delete()
        copy_bands((pk, b) for pk, r in changed.items() for b in set(r.bands))
    if new:
        for article, pk in zip(new, next_ids(Article, len(new)), strict=True):
            article.id = article.pk = pk
        groups = group_near_duplicates(new, threshold)
        copy_articles(run, new)
        groups.write()
        copy_bands((a.id, b) for a in new for b in set(a.content.bands))
    _write_mentions(new, changed, resolver)
    if clashes:
        _record_warnings(
            run,
            (
                (
                    record,
                    f"URL clash: {record.article.url} already holds another article "
                    f"(#{owner.pk}); this text is kept as its own article",
                )
                for record, owner in clashes
            ),
        )
        ImportRun.objects.filter(pk=run.pk).update(warnings=F("warnings") + len(clashes))
    for article in folded.values():
        Article.objects.filter(pk=article.pk).update(duplicate_keys=article.duplicate_keys)
    return outcomes


# Below this share of common 5-word shingles (estimated), a new text under a known URL is
# another article, not an edited version of the stored one.
SAME_ARTICLE_MIN = 0.2


def _another_article(existing, record: PreparedRecord) -> bool:
    """Return whether ``record`` is another article than ``existing`` (same URL): a stored
    article, or one this batch inserts."""
    stored = existing.content.signature if isinstance(existing, NewArticle) else existing.minhash
    if not stored or not record.signature:
        return False  # nothing to compare: an update, as before
    return estimate_jaccard(record.signature, tuple(stored)) < SAME_ARTICLE_MIN


def clash_url(url: str, content_hash: str) -> str:
    """Return the URL a clashing article is stored under: the page's URL and a fragment
    naming its text (unique, stable on a re-import, and still a link to the page)."""
    return f"{url}#text-{content_hash[:12]}"


def _write_mentions(new, changed_records: dict[int, PreparedRecord], resolver) -> None:
    """Store the extraction of new articles, and replace that of updated ones."""
    fresh = [(a.id, a.content.mentions) for a in new if a.content.mentions is not None]
    if fresh:
        mentions_write_prepared(items=fresh, resolver=resolver, replace=False)
    redone = [(pk, r.mentions) for pk, r in changed_records.items() if r.mentions is not None]
    if redone:
        mentions_write_prepared(items=redone, resolver=resolver, replace=True)
        Article.objects.filter(pk__in=[pk for pk, _ in redone]).update(
            extractor_version=EXTRACTOR_VERSION
        )
