"""The models declare the schema the migrations built: tables, columns, indexes, triggers.

Migrations 0005, 0008, 0014, 0021, 0022 and 0023 wrote parts of the schema in SQL; the
models (and ``models/triggers.py``) declare them, and these tests keep the two equal.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from articles.models import triggers

pytestmark = pytest.mark.django_db


def _models():
    return apps.get_app_config("articles").get_models(include_auto_created=True)


def _one_line(sql: str) -> str:
    return " ".join(sql.split())


def test_makemigrations_finds_nothing_to_do():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # SystemExit if not


def test_every_table_of_the_app_is_a_models():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename LIKE 'articles\\_%%'"
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == {model._meta.db_table for model in _models()}


def test_models_declare_every_column_and_whether_it_may_be_null():
    declared = {
        (model._meta.db_table, field.column, not field.null)
        for model in _models()
        for field in model._meta.local_concrete_fields
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, a.attnotnull FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace "
            "AND c.relname LIKE 'articles\\_%%' AND a.attnum > 0 AND NOT a.attisdropped"
        )
        actual = set(cursor.fetchall())
    assert actual == declared


def _index_definitions(names) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_class c "
            "WHERE c.relkind = 'i' AND c.relname = ANY(%s)",
            [list(names)],
        )
        return dict(cursor.fetchall())


def test_the_database_has_no_index_the_models_do_not_declare():
    with connection.schema_editor(collect_sql=True) as editor:
        for model in _models():
            editor.create_model(model)
    declared = {
        name
        for sql in editor.collected_sql
        for name in re.findall(r'(?:INDEX|CONSTRAINT) "([^"]+)"', sql)
    }
    for model in _models():  # constraints, primary keys and unique columns
        declared.update(constraint.name for constraint in model._meta.constraints)
        for field in model._meta.local_concrete_fields:
            if field.primary_key:
                declared.add(f"{model._meta.db_table}_pkey")
            elif field.unique:
                declared.add(f"{model._meta.db_table}_{field.column}_key")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename LIKE 'articles\\_%%'"
        )
        actual = {row[0] for row in cursor.fetchall()}
    assert actual - declared == set()


def test_each_declared_index_is_the_databases():
    """Built again from the model under another name, PostgreSQL describes it the same."""
    checked = 0
    with connection.schema_editor(atomic=False) as editor:
        for model in _models():
            for index in model._meta.indexes:
                probe = f"probe_{checked}"
                original = _index_definitions([index.name])[index.name]
                editor.execute(str(index.create_sql(model, editor)).replace(index.name, probe))
                rebuilt = _index_definitions([probe])[probe]
                assert rebuilt.replace(probe, index.name) == original, index.name
                editor.execute(f"DROP INDEX {probe}")
                checked += 1
    assert checked >= 30


def _trigger_catalog() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Return the database's trigger functions and the triggers on the app's tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, pg_get_functiondef(oid) FROM pg_proc "
            "WHERE pronamespace = current_schema()::regnamespace "
            "AND prorettype = 'trigger'::regtype"
        )
        functions = {name: _one_line(sql) for name, sql in cursor.fetchall()}
        cursor.execute(
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relname LIKE 'articles\\_%%'"
        )
        found = {(table, name): sql for table, name, sql in cursor.fetchall()}
    return functions, found


def test_the_databases_triggers_are_the_declared_ones():
    """Drop every trigger function (and so its triggers), create the declared ones, and
    PostgreSQL describes the same functions and triggers as the migrations left."""
    before = _trigger_catalog()
    assert len(before[1]) == len(triggers.TRIGGERS)
    with connection.cursor() as cursor:
        for name in before[0]:
            cursor.execute(f"DROP FUNCTION {name}() CASCADE")
        assert _trigger_catalog() == ({}, {})
        for function in triggers.FUNCTIONS:
            cursor.execute(function.sql)
        for trigger in triggers.TRIGGERS:
            cursor.execute(trigger.sql)
    assert _trigger_catalog() == before
