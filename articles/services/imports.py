"""Import writes: the ImportRun's life, and each batch of prepared records into the database.

Every record ends as exactly one outcome: inserted, updated, unchanged, duplicate or
rejected. A batch is written in one transaction together with the run's counters, so a
run killed mid-way leaves whole batches and counts that agree with them; running the same
inputs again converges on the same database (natural key: url, else content hash).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator, Sequence

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from psycopg2.extras import execute_values

from articles.choices import ArticleStatus, ImportStatus
from articles.extract.types import EXTRACTOR_VERSION
from articles.ingest.copy_text import ChunkReader, copy_escape, copy_unescape, pg_array
from articles.ingest.dedup import estimate_jaccard
from articles.ingest.outlets import outlet_key, outlet_name_rank
from articles.ingest.records import (
    BODY_FIELD,
    CONTENT_COLUMNS,
    IDENTITY_COLUMNS,
    OUTCOMES,
    UNKNOWN_SOURCE,
    PreparedRecord,
    encoded_parts,
)
from articles.models import (
    Article,
    ArticleBand,
    ArticleRevision,
    ImportRun,
    NearDuplicateGroup,
    RecordWarning,
    RejectedDocument,
    Source,
)
from articles.selectors.stories import articles_kept_apart
from articles.services.mentions import CandidateResolver, mentions_write_prepared


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
    """Source rows by outlet, created on first sight (one query per new outlet).

    The same records give the same sources whatever order they come in, in one run or
    several (issue 17): names with one ``outlet_key`` ("CNS News", "CNSNews.com") are one
    source, shown by the name ``outlet_name_rank`` prefers among those its records gave.
    A source an import named is renamed (and re-slugged) when a better-ranked name of the
    same outlet arrives; one an editor changed (its history has a user) keeps its name.

    A record that only gives its site ("harbourtimes.com", from a ``source_domain`` field
    or its url) is named by that domain. Editors rename such sources ("Harbour Times");
    the source keeps its domain, so the outlet's later records still find it instead of
    creating a new "harbourtimes.com": only sources once named by their own domain are
    found by domain, so a written name never lands on whichever outlet shares its site.
    """

    def __init__(self):
        rows = list(Source.objects.values_list("name", "domain", "id").order_by("id"))
        self._ids: dict[str, int] = {name: pk for name, _domain, pk in rows}
        self._names: dict[int, str] = {pk: name for name, _domain, pk in rows}
        self._by_key: dict[str, int] = {}
        for name, _domain, pk in sorted(rows, key=lambda row: outlet_name_rank(row[0])):
            self._by_key.setdefault(outlet_key(name), pk)  # the best-named source of a key
        named_by_domain = set(
            Source.history.exclude(domain="")
            .filter(name__iexact=F("domain"))
            .values_list("id", flat=True)
        )
        self._by_domain: dict[str, int] = {}
        for _name, domain, pk in rows:  # oldest first
            if domain and pk in named_by_domain:
                self._by_domain.setdefault(domain.lower(), pk)
        self._edited = set(
            Source.history.filter(history_user__isnull=False).values_list("id", flat=True)
        )

    def id_for(self, name: str | None, domain: str | None) -> int:
        """Return the id of the source of the outlet called ``name`` (or the unknown source)."""
        name = (name or "").strip()[:200] or UNKNOWN_SOURCE
        if name in self._ids:
            return self._ids[name]
        key = outlet_key(name)
        pk = self._by_key.get(key)
        if pk is None and (renamed := self._by_domain.get(name.lower())):
            pk = renamed  # named by a domain: the source editors renamed from it
        if pk is not None:
            if self._by_key.get(key) == pk and pk not in self._edited:
                self._prefer(pk, name)
            self._ids[name] = pk
            return pk
        source, _ = Source.objects.get_or_create(
            name=name, defaults={"slug": _free_slug(name), "domain": (domain or "")[:200]}
        )
        self._ids[name] = source.pk
        self._names[source.pk] = source.name
        self._by_key.setdefault(key, source.pk)
        return source.pk

    def _prefer(self, pk: int, name: str) -> None:
        """Rename source ``pk`` to ``name`` if that is the better name of its outlet."""
        current = self._names[pk]
        if outlet_name_rank(name) >= outlet_name_rank(current):
            return
        source = Source.objects.get(pk=pk)
        source.name, source.slug = name, _free_slug(name, keep=source.slug)
        source._history_user = None  # the import's, not an editor's (even in a request)
        source.save(update_fields=["name", "slug", "updated_at"])
        self._names[pk] = name

    def known_id(self, name: str | None) -> int | None:
        """Return the id ``id_for`` gives ``name`` if the source exists, without creating it."""
        name = (name or "").strip()[:200] or UNKNOWN_SOURCE
        return (
            self._ids.get(name)
            or self._by_key.get(outlet_key(name))
            or self._by_domain.get(name.lower())
        )


def _free_slug(name: str, keep: str | None = None) -> str:
    """Return the slug of ``name``, numbered ("-2") past the slugs other sources hold."""
    slug = slugify(name)[:190] or "source"
    taken = set(Source.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    taken.discard(keep)
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


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
        RecordWarning.objects.bulk_create(
            RecordWarning(
                import_run=run,
                origin=r.origin[:1000],
                record_key=r.record_key[:1000],
                message=message,
            )
            for r in records
            for message in r.warnings
        )
        ImportRun.objects.filter(pk=run.pk).update(
            records_read=F("records_read") + len(records),
            warnings=F("warnings") + sum(len(r.warnings) for r in records),
            **{name: F(name) + outcomes[name] for name in OUTCOMES},
        )
    return outcomes


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

    new: list[_NewArticle] = []
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
                clash = _NewArticle(
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
        article = _NewArticle(
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
        _update_articles(changed)
        # New text, new bands: the old ones would keep matching copies of the old text.
        ArticleBand.objects.filter(article_id__in=changed).delete()
        _copy_bands((pk, b) for pk, r in changed.items() for b in set(r.bands))
    if new:
        for article, pk in zip(new, _next_ids(Article, len(new)), strict=True):
            article.id = article.pk = pk
        groups = _group_near_duplicates(new, threshold)
        _copy_articles(run, new)
        groups.write()
        _copy_bands((a.id, b) for a in new for b in set(a.content.bands))
    _write_mentions(new, changed, resolver)
    if clashes:
        RecordWarning.objects.bulk_create(
            RecordWarning(
                import_run=run,
                origin=record.origin[:1000],
                record_key=record.record_key[:1000],
                message=(
                    f"URL clash: {record.article.url} already holds another article "
                    f"(#{owner.pk}); this text is kept as its own article"
                ),
            )
            for record, owner in clashes
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
    stored = existing.content.signature if isinstance(existing, _NewArticle) else existing.minhash
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


class _NewArticle:
    """An article this batch inserts: its first record, and the record its content comes from.

    A later record of the same batch with the same url and another text updates the
    content, and with it the signature and bands; the identity and the source stay the
    first record's.
    """

    __slots__ = (
        "content",
        "content_hash",
        "duplicate_group_id",
        "duplicate_keys",
        "id",
        "is_story_lead",
        "pk",
        "record",
        "record_key",
        "source_id",
        "url",
    )

    def __init__(self, record: PreparedRecord, source_id: int, url: str | None = None):
        self.url = url  # another URL than the record's (a URL clash kept apart), if any
        self.record = self.content = record
        self.content_hash = record.content_hash
        self.record_key = record.record_key
        self.source_id = source_id
        self.duplicate_keys: list[str] = []
        self.duplicate_group_id: int | None = None
        self.is_story_lead = True
        self.id = self.pk = None


class _Bodies:
    """The cleaned bodies a grouping decision compares, read when first needed.

    A batch's new articles carry their body as COPY text only (``copy_parts``); a stored
    candidate's is read from PostgreSQL (candidates the signatures accept are few).
    """

    def __init__(self) -> None:
        self._stored: dict[int, str] = {}

    def of_new(self, article: _NewArticle) -> str:
        record = article.content
        content = (record.copy_parts or encoded_parts(record))[1].decode()
        body = content.split("\t")[BODY_FIELD]
        return copy_unescape(body)

    def of(self, candidate: dict) -> str:
        if candidate.get("new") is not None:
            return self.of_new(candidate["new"])
        pk = candidate["id"]
        if pk not in self._stored:
            self._stored[pk] = Article.objects.values_list("body", flat=True).get(pk=pk)
        return self._stored[pk]


def _next_ids(model, count: int) -> list[int]:
    """Take ``count`` ids from ``model``'s sequence, ascending (ids follow record order)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


# Columns written by ``_copy_articles``, in row order: first those the batch decides, then
# the record's identity and content (built by the worker), then the constant defaults.
_BATCH_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "source_id",
    "import_run_id",
    "duplicate_group_id",
    "is_story_lead",
    "duplicate_keys",
)
_CONSTANT_COLUMNS = ("status", "reviewed", "extractor_version")
_CONSTANTS = f"{ArticleStatus.PUBLISHED.value}\tf\t{EXTRACTOR_VERSION}".encode()
# Without a gazetteer (an empty database) nothing was extracted: version 0 says so.
_CONSTANTS_UNEXTRACTED = f"{ArticleStatus.PUBLISHED.value}\tf\t0".encode()


def _copy_articles(run: ImportRun, new: list[_NewArticle]) -> None:
    """Write the batch's new articles with one COPY (ids and groups already decided)."""
    columns = ", ".join((*_BATCH_COLUMNS, *IDENTITY_COLUMNS, *CONTENT_COLUMNS, *_CONSTANT_COLUMNS))
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {Article._meta.db_table} ({columns}) FROM STDIN",
            ChunkReader(_article_rows(run, new)),
        )


def _update_articles(changed: dict[int, PreparedRecord]) -> None:
    """Replace the content of stored articles whose text changed, from the worker's row text.

    The same COPY text as an insert, into a temporary table, then one UPDATE: the
    records need not carry their texts twice (see ``ingest.prepare.prepare_record``).
    """
    table = Article._meta.db_table
    columns = ", ".join(CONTENT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE import_update AS SELECT id, {columns} FROM {table} WITH NO DATA"
        )
        cursor.cursor.copy_expert(
            f"COPY import_update (id, {columns}) FROM STDIN",
            ChunkReader(
                b"%d\t%b\n" % (pk, (record.copy_parts or encoded_parts(record))[1])
                for pk, record in changed.items()
            ),
        )
        assignments = ", ".join(f"{name} = u.{name}" for name in CONTENT_COLUMNS)
        cursor.execute(
            f"UPDATE {table} AS a SET {assignments}, updated_at = %s "
            "FROM import_update AS u WHERE a.id = u.id",
            [timezone.now()],  # as the inserts: now() would be the transaction's start
        )
        cursor.execute("DROP TABLE import_update")


def _article_rows(run: ImportRun, new: list[_NewArticle]) -> Iterator[bytes]:
    """Yield the COPY text of ``new``, in pieces: the worker's row text is sent as it is.

    Joining ~1,000 rows of ~25 kB (body and raw text) into one buffer would copy 25 MB
    per batch, twice; the pieces go to the server unjoined.
    """
    now = timezone.now().isoformat().encode()
    for article in new:
        identity = (article.record.copy_parts or encoded_parts(article.record))[0]
        if article.url is not None:  # the url column first, then the rest of the identity
            identity = copy_escape(article.url).encode() + identity[identity.index(b"\t") :]
        content = (article.content.copy_parts or encoded_parts(article.content))[1]
        group = article.duplicate_group_id
        keys = copy_escape(pg_array(article.duplicate_keys)) if article.duplicate_keys else "{}"
        yield b"%d\t%b\t%b\t%d\t%d\t%b\t%b\t%b\t%b\t" % (
            article.id,
            now,
            now,
            article.source_id,
            run.pk,
            b"\\N" if group is None else str(group).encode(),
            b"t" if article.is_story_lead else b"f",
            keys.encode(),
            identity,
        )
        yield content
        yield b"\t%b\n" % (
            _CONSTANTS if article.content.mentions is not None else _CONSTANTS_UNEXTRACTED
        )


def _copy_bands(rows) -> None:
    """Write (article_id, band) rows with COPY: ~30 rows an article, the import's biggest insert."""
    buffer = io.StringIO("".join(f"{article_id}\t{band}\n" for article_id, band in rows))
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {ArticleBand._meta.db_table} (article_id, band) FROM STDIN", buffer
        )


class _Groups:
    """The near-duplicate group changes a batch makes, written with a few statements."""

    def __init__(self):
        self.created: dict[int, list[int]] = {}  # new group id -> [lead id, size]
        self.grown: Counter = Counter()  # existing group id -> members added
        self.stored_leads: dict[int, int] = {}  # stored article id -> its new group id

    def write(self) -> None:
        now = timezone.now()
        with connection.cursor() as cursor:
            if self.created:
                execute_values(
                    cursor.cursor,
                    f"INSERT INTO {NearDuplicateGroup._meta.db_table} "
                    "(id, lead_id, size, created_at) VALUES %s",
                    [(pk, lead, size, now) for pk, (lead, size) in self.created.items()],
                )
            if self.grown:
                execute_values(
                    cursor.cursor,
                    f"UPDATE {NearDuplicateGroup._meta.db_table} AS g SET size = g.size + v.n "
                    "FROM (VALUES %s) AS v (id, n) WHERE g.id = v.id",
                    list(self.grown.items()),
                )
            if self.stored_leads:
                execute_values(
                    cursor.cursor,
                    f"UPDATE {Article._meta.db_table} AS a SET duplicate_group_id = v.g "
                    "FROM (VALUES %s) AS v (id, g) WHERE a.id = v.id",
                    list(self.stored_leads.items()),
                )


def _group_near_duplicates(new: list[_NewArticle], threshold: float) -> _Groups:
    """Attach each new article to the group of an earlier near-copy, if it has one.

    Decides in Python, before the batch is written: ``new`` carry their ids already, and
    the rows are written with their group. Candidates are the stories' leads, stored or
    earlier in this batch, sharing a band; the earliest similar enough wins. A copy is
    never a candidate: an article like a copy but unlike its lead starts its own story
    (``services.grouping`` decides stories again with the same rule).
    """
    from articles.ingest.dedup import estimate_jaccard, same_text

    groups = _Groups()
    with_bands = [a for a in new if a.content.bands]
    if not with_bands:
        return groups
    all_bands = {b for a in with_bands for b in a.content.bands}
    # band -> ids of the earlier articles holding it, as tuples: an article's bands all
    # share one tuple, and most bands are held by one article only.
    candidates: dict[int, tuple[int, ...]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT band, array_agg(article_id) FROM {ArticleBand._meta.db_table} "
            "WHERE band = ANY(%s::bigint[]) GROUP BY band",
            ["{" + ",".join(map(str, all_bands)) + "}"],
        )
        candidates.update((band, tuple(ids)) for band, ids in cursor.fetchall())
    needed = {i for ids in candidates.values() for i in ids}
    known = {
        row["id"]: row
        for row in Article.objects.filter(pk__in=needed).values(
            "id", "minhash", "duplicate_group_id", "is_story_lead"
        )
    }
    bodies = _Bodies()
    # Editors' decisions: articles never to share a story (none for brand-new articles).
    kept = articles_kept_apart(a.id for a in with_bands)
    kept_groups = (
        dict(
            Article.objects.filter(pk__in=set().union(*kept.values())).values_list(
                "id", "duplicate_group_id"
            )
        )
        if kept
        else {}
    )
    for article in with_bands:
        record = article.content  # the text this batch stores
        # The bands held by earlier articles, by one set intersection (in C): of a
        # batch's ~42,000 band lookups, almost all find nothing.
        shared = candidates.keys() & record.bands
        best = None
        if shared:
            ids = set().union(*map(candidates.__getitem__, shared))
            apart = kept.get(article.id, ())
            # The stories of the articles it is kept apart from (this batch's own included).
            barred = (
                {
                    known[k]["duplicate_group_id"] if k in known else kept_groups.get(k)
                    for k in apart
                }
                - {None}
                if apart
                else ()
            )
            for other_id in sorted(ids):  # earliest first: the story's lead is the oldest copy
                other = known.get(other_id)
                if (
                    other
                    and other["is_story_lead"]
                    and other["minhash"]
                    and other_id not in apart
                    and other["duplicate_group_id"] not in barred
                    and estimate_jaccard(record.signature, tuple(other["minhash"])) >= threshold
                    and same_text(bodies.of_new(article), bodies.of(other))
                ):
                    best = other
                    break
        if best is not None:
            group_id = best["duplicate_group_id"]
            if group_id is None:
                group_id = _next_ids(NearDuplicateGroup, 1)[0]
                groups.created[group_id] = [best["id"], 1]
                lead = best.get("new")
                if lead is not None:
                    lead.duplicate_group_id = group_id
                else:
                    groups.stored_leads[best["id"]] = group_id
                best["duplicate_group_id"] = group_id
            if group_id in groups.created:
                groups.created[group_id][1] += 1
            else:
                groups.grown[group_id] += 1
            article.duplicate_group_id = group_id
            article.is_story_lead = False
        # Later records of this batch may be copies of this one.
        own = (article.id,)
        held = dict.fromkeys(record.bands, own)
        for band in shared:
            held[band] = candidates[band] + own
        candidates.update(held)
        known[article.id] = {
            "id": article.id,
            "minhash": list(record.signature),
            "duplicate_group_id": article.duplicate_group_id,
            "is_story_lead": article.is_story_lead,
            "new": article,
        }
    return groups
