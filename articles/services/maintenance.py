"""Planner statistics after bulk writes: analyze the tables a run changed a lot.

The planner chooses its plans from each table's statistics (``pg_class.reltuples``, the
column histograms), which only ``ANALYZE`` gathers. Autovacuum runs it once a table has
changed enough, but it may be off, or late: right after a large import into a
never-analyzed database, list pages run with plans made for empty tables. So the runs
that write in bulk (import,
``reextract``) end by analyzing the tables they write whose statistics are stale.

The rule is autovacuum's own (``needs_analyze``): a table is stale when the rows changed
since it was last analyzed reach 50 + 10% of the rows it had then, or when it was never
analyzed. A small import into a big database analyzes nothing; a first import, or one
that grows a table by a tenth, analyzes it (ANALYZE reads a sample of at most 30,000 rows
per table, about a second for the largest tables).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db import connection

from articles.models import (
    Appointment,
    Article,
    ArticleBand,
    NearDuplicateGroup,
    Official,
    OfficialAlias,
    RejectedDocument,
    Source,
)
from articles.models.mentions import MENTION_CLASSES

# autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, at their defaults.
ANALYZE_THRESHOLD = 50
ANALYZE_SCALE_FACTOR = 0.1

# Candidate officials (with their alias and proposed post) are created by both runs.
_CANDIDATE_MODELS = (Official, OfficialAlias, Appointment)

# The tables an import writes (the run's own ImportRun row aside: one row a run).
IMPORT_TABLES: tuple[str, ...] = tuple(
    model._meta.db_table
    for model in (
        Source,
        Article,
        ArticleBand,
        NearDuplicateGroup,
        RejectedDocument,
        *MENTION_CLASSES,
        *_CANDIDATE_MODELS,
    )
)
# The tables ``reextract`` writes: mentions, the articles' versions (and re-cleaned bodies).
REEXTRACT_TABLES: tuple[str, ...] = tuple(
    model._meta.db_table for model in (Article, *MENTION_CLASSES, *_CANDIDATE_MODELS)
)


@dataclass(frozen=True)
class TableStatistics:
    """What PostgreSQL knows of a table: its rows at the last analyze, and changes since."""

    table: str
    reltuples: float  # -1: never analyzed (nor vacuumed)
    changed: int  # rows inserted, updated or deleted since the last analyze


@dataclass(frozen=True)
class StatisticsRefresh:
    """What ``table_statistics_refresh`` did: the tables it analyzed, and how long it took."""

    analyzed: tuple[str, ...] = ()
    seconds: float = 0.0

    def line(self) -> str:
        """Return the one-line report the commands print when verbose."""
        if not self.analyzed:
            return "Table statistics up to date."
        names = ", ".join(self.analyzed)
        return f"Analyzed {len(self.analyzed)} tables ({self.seconds:.1f} s): {names}."


def needs_analyze(*, changed: int, reltuples: float) -> bool:
    """Return whether a table with these statistics should be analyzed now (autovacuum's rule)."""
    if changed <= 0:
        return False
    if reltuples <= 0:
        # Never analyzed (-1), or empty when it last was: the planner knows nothing useful.
        return True
    return changed >= ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * reltuples


def table_statistics_refresh(*, tables: Iterable[str]) -> StatisticsRefresh:
    """Analyze those of ``tables`` whose statistics are stale (``needs_analyze``)."""
    started = time.perf_counter()
    names = _validated(tables)
    _flush_statistics()
    stale = tuple(
        stats.table
        for stats in table_statistics(names)
        if needs_analyze(changed=stats.changed, reltuples=stats.reltuples)
    )
    _analyze(stale)
    return StatisticsRefresh(analyzed=stale, seconds=time.perf_counter() - started)


def table_statistics(tables: Sequence[str]) -> list[TableStatistics]:
    """Return the statistics of ``tables`` (model tables), in the order given.

    ``changed`` adds the server's count of rows modified since the last analyze and this
    connection's counts not yet reported to it (those of a transaction still open, or of
    the last moments when the server could not be asked to flush them). A transaction's
    own changes still count after an ANALYZE inside it, as PostgreSQL counts them at commit.
    """
    names = _validated(tables)
    if not names:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.reltuples,
                   COALESCE(s.n_mod_since_analyze, 0)
                   + COALESCE(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0)
            FROM pg_class c
            LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            LEFT JOIN pg_stat_xact_user_tables x ON x.relid = c.oid
            WHERE c.oid = ANY(%s::regclass[])
            """,
            [[connection.ops.quote_name(name) for name in names]],
        )
        found = {
            name: TableStatistics(name, reltuples, int(changed))
            for name, reltuples, changed in cursor.fetchall()
        }
    return [found[name] for name in names if name in found]


def analyze_tables(tables: Iterable[str]) -> None:
    """Run ``ANALYZE`` on each of ``tables`` (model tables), whatever their statistics."""
    names = _validated(tables)
    _flush_statistics()
    _analyze(names)


def _analyze(names: Sequence[str]) -> None:
    # ANALYZE, unlike VACUUM, may run inside a transaction: callers' atomic blocks are fine.
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")


def _validated(tables: Iterable[str]) -> list[str]:
    """Return ``tables`` without repeats; raise ValueError for a name no model owns."""
    names = list(dict.fromkeys(tables))
    known = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"Not the table of a model: {', '.join(unknown)}")
    return names


def _flush_statistics() -> None:
    """Have this connection report its pending row counts to the server before reading them.

    PostgreSQL 15+ flushes them when the statement ends (outside a transaction); without
    this, rows written in the last second before an ANALYZE would be reported after it
    and count as changed since. A transaction still open keeps its counts: they are read
    from ``pg_stat_xact_user_tables`` instead.
    """
    if connection.in_atomic_block:
        return
    connection.ensure_connection()
    if connection.pg_version >= 150000:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
