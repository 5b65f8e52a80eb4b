"""backup_database / restore_database: a real round trip through pg_dump and pg_restore."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.services import backup
from tests.conftest import ROOT
from tests.factories import ArticleFactory


def _database_url(name: str) -> str:
    settings = connection.settings_dict
    options = settings.get("OPTIONS") or {}
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    socket = options.get("host")
    if socket:
        return f"postgres://{credentials}/{name}?host={quote(socket, safe='/')}"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{settings.get('HOST') or 'localhost'}{port}/{name}"


def _admin_connection():
    env = backup.connection_env()
    conn = psycopg2.connect(
        dbname=env["PGDATABASE"],
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
    )
    conn.autocommit = True
    return conn


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


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_another_database_gives_the_same_articles(
    tmp_path, scratch_database
):
    ArticleFactory.create_batch(5)
    archive = tmp_path / "backup.dump"
    out = _stdout()
    call_command("backup_database", output=str(archive), stdout=out)
    assert archive.is_file() and archive.stat().st_size > 0
    assert "Backed up 5 articles" in out.getvalue()
    assert not (tmp_path / "backup.dump.partial").exists()

    original = tmp_path / "original.jsonl"
    call_command("export_articles", format="jsonl", output=str(original), stdout=_stdout())

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
    assert "Restored 5 articles" in restored.stdout
    assert "Indexed 5 article(s)" in restored.stdout

    copy = tmp_path / "restored.jsonl"
    exported = _manage(
        "export_articles",
        "--format",
        "jsonl",
        "-o",
        str(copy),
        database_url=url,
        index_dir=index_dir,
    )
    assert exported.returncode == 0, exported.stderr
    assert copy.read_bytes() == original.read_bytes()
    assert len(original.read_text().splitlines()) == 5

    check = _manage("rebuild_index", "--check", database_url=url, index_dir=index_dir)
    assert check.returncode == 0, check.stdout + check.stderr

    # Restoring again over the articles now there is refused without --yes.
    refused = _manage("restore_database", str(archive), database_url=url, index_dir=index_dir)
    assert refused.returncode != 0
    assert "--yes" in refused.stderr


@pytest.mark.django_db
def test_restore_refuses_a_database_with_articles_without_yes(tmp_path):
    ArticleFactory()
    archive = tmp_path / "some.dump"
    archive.write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", str(archive))


def test_restore_of_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="not a file"):
        call_command("restore_database", str(tmp_path / "absent.dump"))


@pytest.mark.django_db
def test_pg_dump_is_new_enough_for_the_server():
    assert backup.find_pg_dump().major >= backup.server_major()
    assert backup.find_pg_restore().major >= 1


def _stdout():
    from io import StringIO

    return StringIO()
