"""Keep each copy of the index in step with PostgreSQL: ``sync`` and ``rebuild_index``.

Every change queues its article (triggers write ``articles_indexqueue`` in the changing
transaction). Each copy of the index (one per web node) reads the queue from its own
position (``position``: a PostgreSQL snapshot kept in the copy's folder and in
``articles_indexnode``), so any number of nodes index the same changes; a row is deleted
once every live copy has read it.

``sync`` reads the rows committed since its copy's position, oldest first, rewrites their
documents (a deleted article's document is removed), commits the index, and only then
writes the new position. Killed at any point, the next ``sync`` reads the same rows again
(rewriting a document twice gives the same index). A copy that is missing, damaged, or
unknown to the database is built from the article table first, from a snapshot taken
before it reads: the queue then brings it the changes that snapshot did not see. One
writer per copy at a time: a PostgreSQL advisory lock keyed by the node's name, which dies
with its session, so a killed writer never blocks.

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
from pathlib import Path

import tantivy
from django.db import connection, transaction

from articles.search import engine as engines
from articles.search import position as positions
from articles.search.documents import documents
from articles.search.position import Position, Snapshot, lock_key

logger = logging.getLogger(__name__)

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
    """Return how many changed articles this node's copy has not indexed (up to ``cap``).

    A copy being built counts the articles it has not written yet; one that is missing or
    unusable, every article.
    """
    current = _current_position()
    with connection.cursor() as cursor:
        if current is None:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles_article LIMIT %s) a", [cap]
            )
            return cursor.fetchone()[0]
        waiting = 0
        if current.rebuild_after is not None:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles_article WHERE id > %s LIMIT %s) a",
                [current.rebuild_after, cap],
            )
            waiting = cursor.fetchone()[0]
        if waiting >= cap:
            return cap
        counts, params = [], []  # one index range each, in one statement
        for where, values in _unread(current):
            counts.append(
                f"(SELECT count(*) FROM (SELECT 1 FROM articles_indexqueue q WHERE {where} "
                "LIMIT %s) q)"
            )
            params += [*values, cap - waiting]
        cursor.execute(f"SELECT {' + '.join(counts)}", params)
        return min(cap, waiting + cursor.fetchone()[0])


def queue_empty() -> bool:
    """Whether this node's copy has indexed every committed change (what a page asks)."""
    current = _current_position()
    if current is None or current.rebuild_after is not None:
        return queue_size(cap=1) == 0
    parts = _unread(current)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT ("
            + " OR ".join(
                f"EXISTS (SELECT 1 FROM articles_indexqueue q WHERE {where})" for where, _ in parts
            )
            + ")",
            [value for _, values in parts for value in values],
        )
        return cursor.fetchone()[0]


def sync(
    *,
    limit: int | None = None,
    wait: bool = False,
    threads: int = 1,
    progress: Callable[[int], None] | None = None,
) -> SyncResult:
    """Index the changes this node's copy has not read (at most ``limit``); say what was done.

    Without ``wait``, returns at once (``skipped``) when another process is writing.
    An index that is missing, stale or damaged is replaced by an empty one and built first.
    """
    result = SyncResult()
    started = time.monotonic()
    if not _lock(wait):
        result.skipped = True
        return result
    try:
        engine, current = _usable_engine()
        saved = current.to_json()
        target, own = positions.take_snapshot()
        resumed = current.target is not None  # a sync cut short: finish its read first
        if not resumed:
            current.target = str(target)
        since_commit = 0
        with engine.writer(threads=threads) as writer:
            while limit is None or result.done < limit:
                size = BATCH if limit is None else min(BATCH, limit - result.done)
                batch = _next_batch(current, size, own)
                if batch is None and resumed:  # then read on to now
                    resumed, current.target = False, str(positions.take_snapshot()[0])
                    continue
                if batch is None:
                    break
                queued, advance = batch
                since_commit += _write(engine, writer, set(queued), result)
                advance()
                if since_commit >= COMMIT_EVERY:
                    _commit(writer, current)
                    since_commit, saved = 0, current.to_json()
                if progress:
                    progress(len(set(queued)))
            if since_commit:
                _commit(writer, current)
            elif current.to_json() != saved:
                _save(current)  # read nothing, or nothing since the last commit
        if current.to_json() != saved or result.done:
            engine.index.reload()
            _vacuum_queue(positions.collect())
    finally:
        _unlock()
    result.seconds = time.monotonic() - started
    return result


def _next_batch(current: Position, size: int, own: int | None):
    """Return the next article ids to index and how to advance ``current`` past them, or
    ``None`` when nothing is left: the article table while the copy is being built, then
    the queue rows of the transactions that committed between ``seen`` and ``target``,
    then those of the sync's own open transaction."""
    with connection.cursor() as cursor:
        if current.rebuild_after is not None:
            cursor.execute(
                "SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s",
                [current.rebuild_after, size],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            if ids:
                return ids, lambda: setattr(current, "rebuild_after", ids[-1])
            current.rebuild_after = None
        if current.target is not None:
            rows = _committed_rows(cursor, current, size)
            if rows:
                last = rows[-1]
                return [article for _, _, article in rows], lambda: setattr(
                    current, "after", (last[0], last[1])
                )
            current.seen, current.target, current.after = current.target, None, None
        if own is not None:
            done = current.own[1] if current.own and current.own[0] == own else 0
            rows = _rows_of_transaction(cursor, own, done, size)
            if rows:
                last = rows[-1][0]
                return [article for _, article in rows], lambda: setattr(
                    current, "own", (own, last)
                )
    return None


def _rows_of_transaction(cursor, xid: int, after: int, size: int) -> list[tuple[int, int]]:
    """Return the next (id, article id) rows transaction ``xid`` queued after row ``after``."""
    cursor.execute(
        "SELECT id, article_id FROM articles_indexqueue WHERE xid = %s AND id > %s "
        "ORDER BY id LIMIT %s",
        [xid, after, size],
    )
    return cursor.fetchall()


def _committed_rows(cursor, current: Position, size: int) -> list[tuple[int, int, int]]:
    """Return the next (xid, id, article id) rows, in (xid, id) order, of the transactions
    ``current.seen`` saw in progress or not at all and ``current.target`` sees committed.

    First those it saw in progress (each by itself: an index range), then those from its
    ``xmax`` to the target's (one range, the target's open ones left out).
    """
    seen, target = current.snapshot, Snapshot.parse(current.target)
    after = current.after or (0, 0)
    own_xid, own_id = current.own or (0, 0)
    for xid in sorted(x for x in seen.xip if target.sees(x) and x >= after[0]):
        done = max(after[1] if xid == after[0] else 0, own_id if xid == own_xid else 0)
        rows = _rows_of_transaction(cursor, xid, done, size)
        if rows:
            return [(xid, pk, article) for pk, article in rows]
    start = max(after, (seen.xmax, 0))
    cursor.execute(
        "SELECT xid, id, article_id FROM articles_indexqueue "
        "WHERE (xid, id) > (%s, %s) AND xid < %s "
        "AND pg_visible_in_snapshot(xid::text::xid8, %s::pg_snapshot) "
        "AND NOT (xid = %s AND id <= %s) ORDER BY xid, id LIMIT %s",
        [start[0], start[1], target.xmax, str(target), own_xid, own_id, size],
    )
    return cursor.fetchall()


def _unread(current: Position) -> list[tuple[str, list]]:
    """Return the WHERE clauses (and their parameters) of the queue rows ``current`` has not
    read: the rows of transactions its snapshot did not see end, less those read since.
    From the snapshot's ``xmax`` on, then (if any) those it saw in progress."""
    seen = current.snapshot
    ranges = [("q.xid >= %s", [seen.xmax])]
    if seen.xip:
        ranges.append(("q.xid = ANY(%s::bigint[])", [list(seen.xip)]))
    where, params = [], []
    if current.own:
        where.append("NOT (q.xid = %s AND q.id <= %s)")
        params += [current.own[0], current.own[1]]
    if current.target and current.after:
        where.append(
            "NOT ((q.xid, q.id) <= (%s, %s) "
            "AND pg_visible_in_snapshot(q.xid::text::xid8, %s::pg_snapshot))"
        )
        params += [current.after[0], current.after[1], current.target]
    return [(" AND ".join([part, *where]), [*first, *params]) for part, first in ranges]


def _write(engine: engines.Engine, writer, queued: set[int], result: SyncResult) -> int:
    """Rewrite the documents of ``queued`` (and of their stories); return how many ids."""
    ids = with_story_leads(queued)
    # One delete of the batch's old documents, then its new ones (a delete only removes
    # documents added before it). Delete-by-term ignores unsigned fields in tantivy 0.27:
    # a term-set query does it.
    writer.delete_documents_by_query(tantivy.Query.term_set_query(engine.schema, "id", ids))
    for pk, docs in documents(ids):
        for doc in docs:
            writer.add_document(doc)
        if pk in queued:  # a lead added for its copies' sake is not counted
            result.indexed += bool(docs)
            result.removed += not docs
    return len(ids)


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
        else:
            positions.touch()  # an idle node is still a node: it keeps its queue rows
    except Exception:
        logger.exception("search index sync before a page failed")
    if request_synced.get() is False:
        request_synced.set(True)
        request_pending.set(waiting)
    return waiting


def reset(*, threads: int = 1) -> Position:
    """Replace the index with an empty one of this version, to be built (writer lock held).

    Its position says so: the next ``sync`` writes every article, then reads the queue
    from the snapshot taken here. The new folder is renamed into place, so processes
    reading the old one never find half a folder.
    """
    engine = engines.create()
    return _begin(engine.path)


def rebuild_index(*, threads: int = 1, progress: Callable[[int], None] | None = None) -> SyncResult:
    """Build this node's copy of the index again from PostgreSQL (waits for its writer).

    A usable index is rewritten in place, never emptied first: readers keep counting every
    article while each batch's documents are replaced in one commit, and pages say how many
    articles are still to be written. Documents of articles that no longer exist go first.
    The queue is not touched: the other nodes' copies read it as before.
    """
    _lock(wait=True)
    try:
        if engines.health()[0] == "ok":
            engine = engines.get_engine()
            _begin(engine.path)
            _remove_orphans(engine)
        else:
            reset()
    finally:
        _unlock()
    return sync(wait=True, threads=threads, progress=progress)


def adopt_restored(folder: Path | None) -> None:
    """Make the queue of a database just restored from a backup this database's own.

    The rows' transaction ids and every node's position name the backed-up database's
    history, not this one's: every node is forgotten (each rebuilds its copy) and the rows
    are given this transaction's id. The copy restored in ``folder`` is kept: the rows it
    had read are deleted, and it reads the others from a snapshot taken before them.
    """
    restored = positions.read(folder) if folder is not None else None
    with transaction.atomic(), connection.cursor() as cursor:
        snapshot, _ = positions.take_snapshot()  # this transaction has no id yet
        if restored is not None and restored.rebuild_after is None:
            cursor.execute(
                "DELETE FROM articles_indexqueue WHERE pg_visible_in_snapshot(xid::text::xid8, %s::pg_snapshot)",
                [restored.seen],
            )
        positions.forget_all()
        cursor.execute("UPDATE articles_indexqueue SET xid = pg_current_xact_id()::text::bigint")
    if folder is not None and restored is not None and restored.rebuild_after is None:
        adopted = Position(restored.index_id, str(snapshot))
        positions.write(folder, adopted)
        positions.record(adopted)


def _begin(folder: Path) -> Position:
    """Start building the copy in ``folder`` from the article table (writer lock held).

    The node is recorded with the snapshot's horizon before any article is read, so no
    queue row the copy will need is deleted meanwhile.
    """
    snapshot, own = positions.take_snapshot()
    begun = positions.start(own, snapshot)
    positions.record(begun)
    positions.write(folder, begun)
    return begun


def _current_position() -> Position | None:
    """Return the position of this node's usable copy, if the database kept its rows."""
    current = positions.read(engines.index_dir())  # none in a missing folder
    return current if positions.trusted(current) else None


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


def _usable_engine() -> tuple[engines.Engine, Position]:
    """Return the engine and its position; an index that is missing, stale or damaged is
    replaced, one the database does not know (or no longer keeps rows for) rebuilt."""
    state, reason = engines.health()
    if state != "ok":
        log = logger.info if state == "missing" else logger.warning
        log("%s Rebuilding it from the database.", reason)
        begun = reset()
        return engines.get_engine(), begun
    engine = engines.get_engine()
    current = positions.read(engine.path)
    if not positions.trusted(current):
        logger.info(
            "The search index in %s is not this node's known copy: rebuilding it.", engine.path
        )
        current = _begin(engine.path)
        _remove_orphans(engine)
    return engine, current


def _commit(writer, current: Position) -> None:
    """Commit the index, then write the position it has reached (in that order)."""
    writer.commit()
    _save(current)


def _save(current: Position) -> None:
    positions.write(engines.index_dir(), current)
    positions.record(current)


def _lock(wait: bool) -> bool:
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key()])
            return True
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key()])
        return cursor.fetchone()[0]


def _unlock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key()])


def _vacuum_queue(deleted: int) -> None:
    """Vacuum the queue after big drains (autovacuum may be off); not inside a transaction."""
    if deleted >= VACUUM_AFTER and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM articles_indexqueue")
