"""Import writes: the ImportRun's life, and each batch of prepared records into the database.

Every record ends as exactly one outcome: inserted, updated, unchanged, duplicate or
rejected. A batch is written in one transaction together with the run's counters, so a
run killed mid-way leaves whole batches and counts that agree with them; running the same
inputs again converges on the same database (natural key: url, else content hash).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from articles.choices import ImportStatus
from articles.ingest.types import ParsedArticle
from articles.models import (
    Article,
    ArticleBand,
    ImportRun,
    NearDuplicateGroup,
    RejectedDocument,
    Source,
)

OUTCOMES = ("inserted", "updated", "unchanged", "duplicate", "rejected")
UNKNOWN_SOURCE = "Unknown source"

# Fields an updated record may change (the natural key and bookkeeping stay).
_CONTENT_FIELDS = (
    "title",
    "lede",
    "byline",
    "dateline",
    "published_at",
    "body",
    "raw_text",
    "language",
    "word_count",
    "content_hash",
    "cleaner_version",
    "minhash",
)


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """A record after the pure stages: an article ready to write, or a rejection."""

    origin: str
    external_id: str
    raw: bytes
    article: ParsedArticle | None = None
    content_hash: str = ""
    signature: tuple[int, ...] = ()
    bands: tuple[int, ...] = ()
    reject_reason: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def record_key(self) -> str:
        """Return the record's identity: its url, else its source and external id."""
        if self.article is not None and self.article.url:
            return self.article.url
        source = self.article.source_name if self.article else ""
        return f"{source or ''}|{self.external_id}"


def import_run_start(*, arguments: dict, dry_run: bool = False) -> ImportRun:
    """Create the ImportRun row for a new run; mark runs that never finished as interrupted."""
    ImportRun.objects.filter(status=ImportStatus.RUNNING).update(status=ImportStatus.INTERRUPTED)
    return ImportRun.objects.create(arguments=arguments, dry_run=dry_run)


def import_run_finish(*, run: ImportRun, status: str = ImportStatus.FINISHED) -> ImportRun:
    """Mark ``run`` finished (or failed) and reload its counters."""
    ImportRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
    run.refresh_from_db()
    return run


class SourceCache:
    """Source rows by name, created on first sight (one query per new outlet)."""

    def __init__(self):
        self._ids: dict[str, int] = dict(Source.objects.values_list("name", "id"))

    def id_for(self, name: str | None, domain: str | None) -> int:
        """Return the id of the source called ``name`` (or the unknown source)."""
        name = (name or "").strip()[:200] or UNKNOWN_SOURCE
        if name not in self._ids:
            slug = slugify(name)[:190] or "source"
            taken = set(Source.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
            candidate, n = slug, 2
            while candidate in taken:
                candidate, n = f"{slug}-{n}", n + 1
            source, _ = Source.objects.get_or_create(
                name=name, defaults={"slug": candidate, "domain": (domain or "")[:200]}
            )
            self._ids[name] = source.pk
        return self._ids[name]


def import_batch_write(
    *,
    run: ImportRun,
    records: Sequence[PreparedRecord],
    sources: SourceCache,
    threshold: float,
) -> Counter:
    """Write one batch and add its outcomes to ``run``'s counters, atomically."""
    with transaction.atomic():
        outcomes = _write(run, records, sources, threshold)
        ImportRun.objects.filter(pk=run.pk).update(
            records_read=F("records_read") + len(records),
            warnings=F("warnings") + sum(len(r.warnings) for r in records),
            **{name: F(name) + outcomes[name] for name in OUTCOMES},
        )
    return outcomes


def _write(run, records, sources, threshold) -> Counter:
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

    urls = [r.article.url for r in good if r.article.url]
    hashes = [r.content_hash for r in good]
    by_url = {a.url: a for a in Article.objects.filter(url__in=urls)} if urls else {}
    by_hash = {a.content_hash: a for a in Article.objects.filter(content_hash__in=hashes)}

    new: list[tuple[PreparedRecord, Article]] = []
    changed: list[Article] = []
    folded: dict[int, Article] = {}  # articles that gained a duplicate key
    for record in good:
        parsed = record.article
        existing = by_url.get(parsed.url) if parsed.url else None
        same_body = by_hash.get(record.content_hash)
        if existing is not None:
            if existing.content_hash == record.content_hash:
                outcomes["unchanged"] += 1
            elif same_body is not None and same_body.pk != existing.pk:
                outcomes["duplicate"] += 1  # the new text is another article's text
            else:
                _apply(existing, record)
                by_hash[record.content_hash] = existing
                changed.append(existing)
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
        article = Article(
            source_id=sources.id_for(parsed.source_name, parsed.source_domain),
            url=parsed.url or None,
            external_id=record.external_id[:500],
            record_key=record.record_key,
            import_run=run,
        )
        _apply(article, record)
        by_hash[record.content_hash] = article
        if parsed.url:
            by_url[parsed.url] = article
        new.append((record, article))
        outcomes["inserted"] += 1

    Article.objects.bulk_create([a for _, a in new], batch_size=500)
    if changed:
        Article.objects.bulk_update(changed, _CONTENT_FIELDS, batch_size=500)
    for article in folded.values():
        Article.objects.filter(pk=article.pk).update(duplicate_keys=article.duplicate_keys)
    _group_near_duplicates(new, threshold)
    return outcomes


def display_title(body: str, external_id: str) -> str:
    """Return a title for an article whose text has no headline (a speech, a transcript)."""
    first = " ".join(body.split()[:14])
    if not first:
        return external_id or "Untitled"
    return first + ("…" if len(body.split()) > 14 else "")


def _copy_bands(rows) -> None:
    """Write (article_id, band) rows with COPY: ~30 rows an article, the import's biggest insert."""
    buffer = io.StringIO("".join(f"{article_id}\t{band}\n" for article_id, band in rows))
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {ArticleBand._meta.db_table} (article_id, band) FROM STDIN", buffer
        )


def _apply(article: Article, record: PreparedRecord) -> None:
    parsed = record.article
    article.title = parsed.title.strip() or display_title(parsed.body, record.external_id)
    article.lede = parsed.lede
    article.byline = parsed.byline[:500]
    article.dateline = parsed.dateline[:200]
    article.published_at = parsed.published_at
    article.body = parsed.body
    article.raw_text = parsed.raw_text
    article.language = parsed.language or "en"
    article.word_count = len(parsed.body.split())
    article.content_hash = record.content_hash
    article.cleaner_version = parsed.cleaner_version
    article.minhash = list(record.signature) or None


def _group_near_duplicates(new: list[tuple[PreparedRecord, Article]], threshold: float) -> None:
    """Attach each new article to the group of an earlier near-copy, if it has one."""
    from articles.ingest.dedup import estimate_jaccard

    with_bands = [(r, a) for r, a in new if r.bands]
    if not with_bands:
        return
    all_bands = {b for r, _ in with_bands for b in r.bands}
    # Earlier articles sharing a band: the candidates (one query for the whole batch).
    candidates: dict[int, set[int]] = {}
    for article_id, band in ArticleBand.objects.filter(band__in=list(all_bands)).values_list(
        "article_id", "band"
    ):
        candidates.setdefault(band, set()).add(article_id)
    _copy_bands((a.pk, b) for r, a in with_bands for b in set(r.bands))
    needed = {i for ids in candidates.values() for i in ids}
    known = {
        row["id"]: row
        for row in Article.objects.filter(pk__in=needed).values(
            "id", "minhash", "duplicate_group_id"
        )
    }
    for record, article in with_bands:
        ids = set().union(*(candidates.get(b, ()) for b in record.bands))
        best = None
        for other_id in sorted(ids):  # earliest first: the story's lead is the oldest copy
            other = known.get(other_id)
            if (
                other
                and other["minhash"]
                and estimate_jaccard(record.signature, tuple(other["minhash"])) >= threshold
            ):
                best = other
                break
        if best is not None:
            group_id = best["duplicate_group_id"]
            if group_id is None:
                group = NearDuplicateGroup.objects.create(lead_id=best["id"], size=1)
                group_id = group.pk
                Article.objects.filter(pk=best["id"]).update(duplicate_group_id=group_id)
                best["duplicate_group_id"] = group_id
            NearDuplicateGroup.objects.filter(pk=group_id).update(size=F("size") + 1)
            Article.objects.filter(pk=article.pk).update(
                duplicate_group_id=group_id, is_story_lead=False
            )
        # Later records of this batch may be copies of this one.
        for band in record.bands:
            candidates.setdefault(band, set()).add(article.pk)
        known[article.pk] = {
            "id": article.pk,
            "minhash": list(record.signature),
            "duplicate_group_id": article.duplicate_group_id
            if best is None
            else best["duplicate_group_id"],
        }
