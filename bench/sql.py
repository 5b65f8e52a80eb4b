"""Small SQL helpers for the benchmarks (they read the bench databases with raw SQL)."""

from __future__ import annotations


def scalar(cursor, sql: str, params=None):
    """Run a query that answers one value, and return it."""
    cursor.execute(sql, params)
    return cursor.fetchone()[0]
