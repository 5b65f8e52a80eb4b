"""backup_database / restore_database: a real round trip through pg_dump and pg_restore,
with the search index restored from the backup (or rebuilt when it does not fit)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.search import engine, indexing
from articles.services import backup
from tests.conftest import ROOT, server_connection
from tests.factories import ArticleFactory


def _database_url(name: str) -> str:
    return backup.database_url(name)


def _admin_connection():
    return server_connection()


def _manage(*args: str, database_url: str, index_dir) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        NEWSROOM_INDEX_DIR=str(index_dir),
        DJANGO_SETTINGS_MODULE="newsroom.settings.local",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def scratch_database():
    name = f"test_backup_scratch_{os.getpid()}"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _export(database_url, index_dir, path, *args):
    done = _manage(
        "export_articles",
        "--format",
        "jsonl",
        "-o",
        str(path),
        *args,
        database_url=database_url,
        index_dir=index_dir,
    )
    assert done.returncode == 0, done.stderr
    return path.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_another_database_gives_the_same_articles_and_index(
    tmp_path, scratch_database, settings
):
    ArticleFactory.create_batch(4)
    ArticleFactory(title="Sanctions on shipping", body="Ministers agreed sanctions today.")
    call_command("rebuild_index", stdout=_stdout())
    # Changed after the index caught up: queued, not indexed, when the backup is taken.
    ArticleFactory(title="More sanctions", body="A second round of sanctions.")
    assert indexing.queue_size() == 1

    archive = tmp_path / "backup"
    out = _stdout()
    call_command("backup_database", output=str(archive), stdout=out)
    assert "Backed up 6 articles" in out.getvalue()
    assert "index copied (5 documents)" in out.getvalue()
    assert not (tmp_path / "backup.partial").exists()
    manifest = json.loads((archive / backup.MANIFEST).read_text())
    assert manifest["articles"] == 6 and manifest["queued"] == 1
    assert manifest["index"]["documents"] == 5
    assert (archive / "database" / "toc.dat").is_file()

    here = _database_url(connection.settings_dict["NAME"])
    original = _export(here, settings.SEARCH_INDEX_DIR, tmp_path / "original.jsonl")
    searched = _export(
        here, settings.SEARCH_INDEX_DIR, tmp_path / "searched.jsonl", "--q", "sanctions"
    )
    assert len(searched.splitlines()) == 2

    url = _database_url(scratch_database)
    index_dir = tmp_path / "scratch-index"
    restored = _manage(
        "restore_database",
        str(archive),
        "--yes",
        "--jobs",
        "2",
        database_url=url,
        index_dir=index_dir,
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored 6 articles" in restored.stdout
    # The index is copied, not rebuilt; the one change it missed is indexed from the queue.
    assert "Restored the search index from the backup (5 documents)" in restored.stdout
    assert "Indexed 1 queued change(s)" in restored.stdout
    assert "Rebuilding" not in restored.stdout
    # pg_restore left out the admin's full-text index; the command built it afterwards.
    assert "Restored 6 articles (all but the admin's full-text index)" in restored.stdout
    assert "complete for readers and the API" in restored.stdout
    assert "Full-text index for the admin:" in restored.stdout
    _assert_admin_index(url)
    admin = _manage("shell", "-c", ADMIN_SEARCH, database_url=url, index_dir=index_dir)
    assert admin.returncode == 0, admin.stderr
    assert "found=2" in admin.stdout.split()

    check = _manage("rebuild_index", "--check", database_url=url, index_dir=index_dir)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "is ready" in check.stdout and " 0 changed article(s) wait" in check.stdout

    assert _export(url, index_dir, tmp_path / "restored.jsonl") == original
    assert len(original.splitlines()) == 6
    # The same search gives the same articles from the restored index.
    assert _export(url, index_dir, tmp_path / "r-searched.jsonl", "--q", "sanctions") == searched
    # The full-text column came back with its values (the dump holds them).
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article "
            "WHERE search_vector @@ plainto_tsquery('english', 'sanctions')"
        )
        assert cursor.fetchone()[0] == 2

    # Restoring again over the articles now there is refused without --yes.
    refused = _manage("restore_database", str(archive), database_url=url, index_dir=index_dir)
    assert refused.returncode != 0
    assert "--yes" in refused.stderr


@pytest.mark.django_db(transaction=True)
def test_a_single_file_backup_restores_and_rebuilds_the_index(tmp_path, scratch_database):
    ArticleFactory.create_batch(3)
    archive = tmp_path / "backup.dump"
    out = _stdout()
    call_command("backup_database", "--single-file", output=str(archive), stdout=out)
    assert archive.is_file() and archive.read_bytes()[:5] == b"PGDMP"
    assert "Backed up 3 articles" in out.getvalue()
    assert not (tmp_path / "backup.dump.partial").exists()

    url = _database_url(scratch_database)
    index_dir = tmp_path / "scratch-index"
    restored = _manage(
        "restore_database",
        str(archive),
        "--defer-admin-index",
        database_url=url,
        index_dir=index_dir,
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored 3 articles" in restored.stdout
    assert "holds no search index" in restored.stdout
    assert "Indexed 3 article(s)" in restored.stdout
    # The admin's full-text index is left for the statement the command prints.
    assert "Full-text index for the admin:" not in restored.stdout
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT to_regclass('article_search_gin')")
        assert cursor.fetchone()[0] is None
    statement = next(
        line.split("-c ", 1)[1].strip("'")
        for line in restored.stdout.splitlines()
        if "CREATE INDEX CONCURRENTLY" in line
    )
    assert "IF NOT EXISTS article_search_gin" in statement
    conn = psycopg2.connect(url)
    conn.autocommit = True  # CREATE INDEX CONCURRENTLY runs outside a transaction
    with conn.cursor() as cursor:
        cursor.execute(statement)
    conn.close()
    _assert_admin_index(url)
    check = _manage("rebuild_index", "--check", database_url=url, index_dir=index_dir)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.django_db(transaction=True)
def test_a_backup_index_that_does_not_fit_is_not_restored(tmp_path, settings):
    ArticleFactory.create_batch(2)
    call_command("rebuild_index", stdout=_stdout())
    archive = tmp_path / "backup"
    call_command("backup_database", output=str(archive), stdout=_stdout())
    manifest = json.loads((archive / backup.MANIFEST).read_text())
    settings.SEARCH_INDEX_DIR = tmp_path / "elsewhere"

    other_version = dict(manifest, index=dict(manifest["index"], schema_version=-1))
    restored, reason = backup.restore_index(archive, other_version)
    assert not restored and "schema version -1" in reason
    other_zone = dict(manifest, index=dict(manifest["index"], time_zone="Asia/Tokyo"))
    restored, reason = backup.restore_index(archive, other_zone)
    assert not restored and "Asia/Tokyo" in reason
    miscounted = dict(manifest, index=dict(manifest["index"], documents=3))
    restored, reason = backup.restore_index(archive, miscounted)
    assert not restored and "holds 2 documents, not the 3" in reason
    assert not settings.SEARCH_INDEX_DIR.exists()

    restored, reason = backup.restore_index(archive, manifest)
    assert restored, reason
    assert engine.health()[0] == "ok"


def test_a_folder_without_manifest_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore_database", str(tmp_path))


@pytest.mark.django_db
def test_restore_refuses_a_database_with_articles_without_yes(tmp_path):
    ArticleFactory()
    archive = tmp_path / "some.dump"
    archive.write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", str(archive))


def test_restore_of_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="not a file or folder"):
        call_command("restore_database", str(tmp_path / "absent.dump"))


@pytest.mark.django_db
def test_pg_dump_is_new_enough_for_the_server():
    assert backup.find_pg_dump().major >= backup.server_major()
    assert backup.find_pg_restore().major >= 1


# The admin's article search (plain words: PostgreSQL's full-text search), in a shell.
ADMIN_SEARCH = (
    "from django.contrib import admin; from articles.models import Article; "
    "model_admin = admin.site._registry[Article]; "
    "found, _ = model_admin.get_search_results(None, Article.objects.all(), 'sanctions'); "
    "print(f'found={found.count()}')"
)


def _assert_admin_index(url):
    """The restored database has a valid article_search_gin, and a full-text query can use
    it (sequential scans off: a few rows would be read without it)."""
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indexrelid = to_regclass('article_search_gin')"
        )
        row = cursor.fetchone()
        assert row is not None and row[0], row
        assert "USING gin (search_vector)" in row[1]
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM articles_article "
            "WHERE search_vector @@ plainto_tsquery('english', 'sanctions')"
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
        assert "article_search_gin" in plan, plan


def _stdout():
    from io import StringIO

    return StringIO()
