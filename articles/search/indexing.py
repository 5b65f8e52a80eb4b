"""Keep the index in step with PostgreSQL: the queue, ``sync`` and ``rebuild_index``.

``sync`` takes queued article ids oldest first, rewrites their documents (a deleted
article's document is removed), commits the index, and only then deletes exactly the queue
rows it read. Killed at any point, the rows are still there and the next ``sync`` does the
work again (rewriting a document twice gives the same index). One writer at a time: a
PostgreSQL advisory lock, which dies with its session, so a killed writer never blocks.

Who calls ``sync``: the import and ``reextract`` at the end of their runs, and every page
before it reads the index (bounded, so a page never indexes a whole import): an editor's
change is on the public pages as soon as it is committed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

import tantivy
from django.db import connection, transaction

from articles.search import engine as engines
from articles.search.documents import documents

logger = logging.getLogger(__name__)

LOCK_KEY = 7_310_425_113  # pg advisory lock: "the index writer"
BATCH = 1_000  # queued ids read per statement
PAGE_SYNC_LIMIT = 2_000  # the most a page indexes before it answers (an editor's action)
COMMIT_EVERY = 20_000  # documents between index commits in a long sync
VACUUM_AFTER = 1_000  # queue rows deleted before the queue table is vacuumed

# Within a request (``SearchIndexMiddleware``) the queue is looked at once; outside one
# (commands, shells, tests calling selectors) before every read.
request_synced: ContextVar[bool | None] = ContextVar("request_synced", default=None)
request_pending: ContextVar[int] = ContextVar("request_pending", default=0)


@dataclass
class SyncResult:
    indexed: int = 0  # documents written
    removed: int = 0  # documents of deleted articles removed
    skipped: bool = False  # another process holds the writer: it will do the work
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return self.indexed + self.removed


def queue_size(*, cap: int = 1_000_000) -> int:
    """Return how many queue rows wait (counted up to ``cap``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM (SELECT 1 FROM articles_indexqueue LIMIT %s) q", [cap])
        return cursor.fetchone()[0]


def queue_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM articles_indexqueue)")
        return cursor.fetchone()[0]


def sync(
    *,
    limit: int | None = None,
    wait: bool = False,
    threads: int = 1,
    progress: Callable[[int], None] | None = None,
) -> SyncResult:
    """Index queued articles (at most ``limit``); return what was done.

    Without ``wait``, returns at once (``skipped``) when another process is writing.
    An index that is missing, stale or damaged is reset first (every article queued).
    """
    result = SyncResult()
    started = time.monotonic()
    if not _lock(wait):
        result.skipped = True
        return result
    try:
        engine = _usable_engine()
        since_commit, read, after = 0, [], 0
        with engine.writer(threads=threads) as writer:
            while limit is None or result.done < limit:
                size = BATCH if limit is None else min(BATCH, limit - result.done)
                # Rows read but not yet deleted (until the next commit) are skipped by seq.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT id, article_id FROM articles_indexqueue WHERE id > %s "
                        "ORDER BY id LIMIT %s",
                        [after, size],
                    )
                    rows = cursor.fetchall()
                if not rows:
                    break
                queued = {article_id for _, article_id in rows}
                ids = with_story_leads(queued)
                # One delete of the batch's old documents, then its new ones (a delete only
                # removes documents added before it). Delete-by-term ignores unsigned
                # fields in tantivy 0.27: a term-set query does it.
                writer.delete_documents_by_query(
                    tantivy.Query.term_set_query(engine.schema, "id", ids)
                )
                for pk, docs in documents(ids):
                    for doc in docs:
                        writer.add_document(doc)
                    if pk in queued:  # a lead added for its copies' sake is not counted
                        result.indexed += bool(docs)
                        result.removed += not docs
                since_commit += len(ids)
                read += [seq for seq, _ in rows]
                after = rows[-1][0]
                if since_commit >= COMMIT_EVERY:
                    _commit(writer, read)
                    since_commit, read = 0, []
                if progress:
                    progress(len(queued))
                if len(rows) < size:
                    break
            if read:
                _commit(writer, read)
        if result.done:
            engine.index.reload()
            _vacuum_queue(result.done)
    finally:
        _unlock()
    result.seconds = time.monotonic() - started
    return result


def with_story_leads(ids: set[int]) -> list[int]:
    """Return ``ids`` and the leads of their stories, sorted: a copy's change is its story's.

    (A copy that leaves a story queues the story's other members by a trigger.)
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT b.id FROM articles_article a JOIN articles_article b "
            "ON b.duplicate_group_id = a.duplicate_group_id AND b.is_story_lead "
            "WHERE a.id = ANY(%s) AND a.duplicate_group_id IS NOT NULL",
            [list(ids)],
        )
        return sorted(ids.union(pk for (pk,) in cursor.fetchall()))


def sync_for_page() -> int:
    """Bring the index up to date before a page reads it; return the changes still waiting.

    Bounded (``PAGE_SYNC_LIMIT``): an editor's action is indexed by the next page, a
    whole import by the import itself. Never raises: a page answers from the index as it
    is, and says how many changes it does not include yet (``request_pending``).
    """
    if request_synced.get():
        return request_pending.get()
    waiting = 0
    try:
        if not queue_empty():
            result = sync(limit=PAGE_SYNC_LIMIT)
            if result.skipped or result.done >= PAGE_SYNC_LIMIT:
                waiting = queue_size(cap=10_000_000)
    except Exception:
        logger.exception("search index sync before a page failed")
    if request_synced.get() is False:
        request_synced.set(True)
        request_pending.set(waiting)
    return waiting


def reset(*, threads: int = 1) -> None:
    """Queue every article, then empty the index (writer lock held).

    In this order, a crash in between leaves a queue that rebuilds whatever index is there.
    A usable index is emptied in place, so processes reading it never lose their files;
    a missing, stale or damaged one is replaced by a new one of this version.
    """
    _queue_every_article()
    if engines.health()[0] == "ok":
        engines.get_engine().empty()
    else:
        engines.create()


def rebuild_index(*, threads: int = 1, progress: Callable[[int], None] | None = None) -> SyncResult:
    """Build the whole index again from PostgreSQL (waits for any other writer).

    A usable index is rewritten in place, never emptied first: readers keep counting every
    article while each batch's documents are replaced in one commit, and pages say how many
    changes are still queued. Documents of articles that no longer exist go first.
    """
    _lock(wait=True)
    try:
        if engines.health()[0] == "ok":
            _queue_every_article()
            _remove_orphans(engines.get_engine())
        else:
            reset()
        _vacuum_queue(VACUUM_AFTER)  # the queue rows from earlier runs
    finally:
        _unlock()
    return sync(wait=True, threads=threads, progress=progress)


def _remove_orphans(engine: engines.Engine) -> None:
    """Delete the documents whose article is gone (writer lock held).

    Every article committed before the lock was taken is in the id list read here; one
    committed later cannot have been indexed yet (indexing needs the lock), so nothing
    this deletes is a live article's only document.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM articles_article")
        ids = [pk for (pk,) in cursor.fetchall()]
    unknown = tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.all_query()),
            (tantivy.Occur.MustNot, tantivy.Query.term_set_query(engine.schema, "id", ids)),
        ]
    )
    if engine.searcher().search(unknown, limit=1).count == 0:
        return
    with engine.writer() as writer:
        writer.delete_documents_by_query(unknown)
        writer.commit()
    engine.index.reload()


def _usable_engine() -> engines.Engine:
    """Return the engine, resetting an index that is missing, stale or damaged."""
    state, reason = engines.health()
    if state != "ok":
        log = logger.info if state == "missing" else logger.warning
        log("%s Rebuilding it from the database.", reason)
        reset()
    return engines.get_engine()


def _commit(writer, seqs: list[int]) -> None:
    writer.commit()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_indexqueue WHERE id = ANY(%s)", [seqs])


def _lock(wait: bool) -> bool:
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        return cursor.fetchone()[0]


def _unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _vacuum_queue(deleted: int) -> None:
    """Vacuum the queue after big drains (autovacuum may be off); not inside a transaction."""
    if deleted >= VACUUM_AFTER and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM articles_indexqueue")


def _queue_every_article() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # Rows queued earlier are covered: every article is read after this commits.
        cursor.execute("DELETE FROM articles_indexqueue")
        cursor.execute(
            "INSERT INTO articles_indexqueue (article_id) "
            "SELECT id FROM articles_article ORDER BY id"
        )
