"""No table of the app is indexed twice on the same columns (each copy costs every write)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_no_two_indexes_of_a_table_are_the_same():
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, array_agg(i.indexrelid::regclass::text ORDER BY 1)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
            WHERE c.relname LIKE 'articles\\_%%'
            GROUP BY c.relname, i.indkey::text, i.indclass::text,
                coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
                coalesce(pg_get_expr(i.indpred, i.indrelid), ''),
                (SELECT amname FROM pg_am a JOIN pg_class ic ON ic.relam = a.oid
                 WHERE ic.oid = i.indexrelid)
            HAVING count(*) > 1"""
        )
        duplicates = cursor.fetchall()
    assert duplicates == []
