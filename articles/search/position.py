"""How far one copy of the index has read the queue, kept in its folder and in PostgreSQL.

Every web node may keep its own copy of the index. They all read the one queue
(``articles_indexqueue``), whose rows carry the id of the transaction that wrote them
(``xid``). A copy's position is a PostgreSQL snapshot (``pg_current_snapshot()``): the
rows of every transaction that snapshot sees as committed are in the copy. The next sync
takes a newer snapshot and reads the rows of the transactions that committed in between:
those at or above the old snapshot's ``xmax`` and those it listed as in progress. A
transaction that commits after a later one is therefore never skipped, and one left open
for hours holds nobody back.

The position is written in the copy's folder (``position.json``) after each index commit,
so the folder says itself what it holds: killed between the two, the next sync reads the
same rows again, which rewrites the same documents. It is copied in the database
(``IndexNode``), which decides which rows may be deleted. A folder that the database does not know
under this node's name (built elsewhere, restored from an older copy, or forgotten after
``SEARCH_NODE_FORGET_AFTER``) may need rows already deleted: it is rebuilt. A row is
deleted once every live copy's recorded snapshot sees its transaction as ended.

A position may also hold, while the copy is being built, the last article id written from
the article table (``rebuild_after``); while a sync is cut short by its limit, the newer
snapshot it reads towards (``target``) and the last row read (``after``); and the rows of
the sync's own open transaction already read (``own``: a test, or a caller's atomic block,
whose changes are read before they commit, and read again once they have).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import socket
import time
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from django.conf import settings
from django.db import connection

FILE = "position.json"
LOCK_BASE = 7_310_425_113  # pg advisory lock: "the index writer" (of one node's copy)
TOUCH_EVERY = 60.0  # seconds between two "still here" notes of an idle node

_touched: dict[str, float] = {}  # node name: when this process last noted it (monotonic)
_read: dict[str, tuple[tuple[int, int, int], Position]] = {}  # file: (its stat, position)
_trust: dict[str, tuple[str, str, float]] = {}  # node name: (index_id, seen, when checked)


@dataclass(frozen=True)
class Snapshot:
    """A ``pg_snapshot``: every transaction below ``xmin`` has ended, none from ``xmax`` on
    had when it was taken, and ``xip`` were in progress between the two."""

    xmin: int
    xmax: int
    xip: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        xmin, xmax, xip = text.split(":")
        return cls(int(xmin), int(xmax), tuple(int(x) for x in xip.split(",") if x))

    def __str__(self) -> str:
        return f"{self.xmin}:{self.xmax}:{','.join(map(str, self.xip))}"

    def sees(self, xid: int) -> bool:
        """Whether ``xid`` had ended (committed, or rolled back) when this was taken."""
        return xid < self.xmin or (xid < self.xmax and xid not in self.xip)

    def covers(self, other: Snapshot) -> bool:
        """Whether every transaction ``other`` sees as ended, this one sees as ended too."""
        return other.xmax <= self.xmax and all(x in other.xip for x in self.xip if x < other.xmax)

    def without(self, xid: int | None) -> Snapshot:
        """Return this snapshot with ``xid`` (the sync's own open transaction) in progress."""
        if xid is None or not self.sees(xid):
            return self
        return replace(self, xip=tuple(sorted({*self.xip, xid})))


@dataclass
class Position:
    index_id: str
    seen: str  # a Snapshot's text
    rebuild_after: int | None = None  # building: the last article id written
    target: str | None = None  # reading towards this snapshot (cut short by a limit)
    after: tuple[int, int] | None = None  # … and this (xid, id) was the last row read
    own: tuple[int, int] | None = None  # (xid, id): an open transaction's rows read so far

    @property
    def snapshot(self) -> Snapshot:
        return Snapshot.parse(self.seen)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Position:
        data = json.loads(text)
        Snapshot.parse(data["seen"])  # readable, or the position is not
        pair = lambda key: tuple(data[key]) if data.get(key) is not None else None  # noqa: E731
        return cls(
            data["index_id"],
            data["seen"],
            rebuild_after=data.get("rebuild_after"),
            target=data.get("target"),
            after=pair("after"),
            own=pair("own"),
        )


def node_name() -> str:
    """Return this copy's name: the node's (``NEWSROOM_NODE``), or the host name and the
    folder."""
    return _name(settings.NEWSROOM_NODE, str(settings.SEARCH_INDEX_DIR))


@functools.lru_cache(maxsize=64)
def _name(configured: str, folder: str) -> str:
    return configured or f"{socket.gethostname()}:{Path(folder).resolve()}"


def lock_key() -> int:
    """Return this copy's writer lock (two copies are written by two writers at once)."""
    digest = hashlib.sha256(node_name().encode()).digest()
    return LOCK_BASE ^ int.from_bytes(digest[:6], "big")


def read(folder: Path) -> Position | None:
    """Return the position written in ``folder`` (``None``: none, or unreadable).

    Parsed again only when the file changed (a page asks before every read).
    """
    path = folder / FILE
    try:
        stat = path.stat()
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        known = _read.get(str(path))
        if known is None or known[0] != signature:
            known = (signature, Position.from_json(path.read_text()))
            _read[str(path)] = known
        return replace(known[1])  # the caller's to change
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write(folder: Path, position: Position) -> None:
    """Write ``position`` in ``folder``, whole or not at all (a rename)."""
    partial = folder / f"{FILE}.partial"
    with open(partial, "w") as handle:
        handle.write(position.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(folder / FILE)


def take_snapshot() -> tuple[Snapshot, int | None]:
    """Return the database's snapshot now, and this session's transaction id if it has one
    (shown as in progress in the snapshot: its rows may still change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned()::text")
        text, own = cursor.fetchone()
    own = int(own) if own is not None else None
    return Snapshot.parse(text).without(own), own


def trusted(position: Position | None) -> bool:
    """Whether the database kept every queue row ``position`` may still need."""
    if position is None:
        return False
    name, snapshot = node_name(), position.snapshot
    known = _trust.get(name)  # checked in the last minute: a page reads no row for it
    fresh = known and time.monotonic() - known[2] < TOUCH_EVERY
    if fresh and known[0] == position.index_id and snapshot.covers(Snapshot.parse(known[1])):
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT replace(index_id::text, '-', ''), seen FROM articles_indexnode WHERE name = %s",
            [name],
        )
        row = cursor.fetchone()
    if row is None or row[0] != position.index_id or not snapshot.covers(Snapshot.parse(row[1])):
        _trust.pop(name, None)
        return False
    _trust[name] = (row[0], row[1], time.monotonic())
    return True


def record(position: Position) -> None:
    """Note in the database where this copy is (after its folder says so)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_indexnode (name, index_id, seen, horizon, last_seen) "
            "VALUES (%s, %s, %s, %s, now()) ON CONFLICT (name) DO UPDATE SET "
            "index_id = EXCLUDED.index_id, seen = EXCLUDED.seen, horizon = EXCLUDED.horizon, "
            "last_seen = now()",
            [node_name(), position.index_id, position.seen, position.snapshot.xmin],
        )
    now = time.monotonic()
    _touched[node_name()] = now
    _trust[node_name()] = (position.index_id, position.seen, now)


def touch() -> None:
    """Note that this copy is alive, at most once a minute per process (an idle node)."""
    name = node_name()
    if time.monotonic() - _touched.get(name, float("-inf")) < TOUCH_EVERY:
        return
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_indexnode SET last_seen = now() WHERE name = %s", [name])
        if not cursor.rowcount:  # forgotten: the next sync rebuilds the copy
            _trust.pop(name, None)
    _touched[name] = time.monotonic()


def start(own: int | None, snapshot: Snapshot) -> Position:
    """Return the position of a copy about to be built from the article table.

    Its snapshot is taken before any article is read: every change it does not see is read
    from the queue afterwards. The open transaction's queue rows so far are covered by the
    article table, which it reads with its own changes.
    """
    own_row = None
    if own is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM articles_indexqueue WHERE xid = %s", [own])
            last = cursor.fetchone()[0]
        own_row = (own, last) if last is not None else None
    return Position(uuid.uuid4().hex, str(snapshot), rebuild_after=0, own=own_row)


def collect() -> int:
    """Forget copies not seen for ``SEARCH_NODE_FORGET_AFTER`` seconds, then delete the
    queue rows every remaining copy has read; return how many rows were deleted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM articles_indexnode WHERE last_seen < now() - make_interval(secs => %s)",
            [settings.SEARCH_NODE_FORGET_AFTER],
        )
        # Below every horizon, every row; between the lowest horizon and the lowest xmax,
        # the rows of the transactions every copy's snapshot saw end.
        cursor.execute(
            "WITH bounds AS (SELECT min(horizon) AS low, "
            "min(pg_snapshot_xmax(seen::pg_snapshot)::text::bigint) AS high "
            "FROM articles_indexnode) "
            "DELETE FROM articles_indexqueue q USING bounds WHERE q.xid < bounds.high AND "
            "(q.xid < bounds.low OR NOT EXISTS (SELECT 1 FROM articles_indexnode n "
            "WHERE NOT pg_visible_in_snapshot(q.xid::text::xid8, n.seen::pg_snapshot)))"
        )
        return cursor.rowcount


def forget_all() -> None:
    """Forget every copy (a restored database: their positions name another history)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_indexnode")
    forget_cache()


def forget_cache() -> None:
    """Check this process's copy against the database again at the next read."""
    _touched.clear()
    _trust.clear()
