"""Whole databases for the command tests that run ``manage.py`` in other processes (the
import history, the task queue): make one, run a command on it, compare two by their
articles' outlets and mentions.

The ``databases`` fixture (tests/commands/conftest.py) makes fresh copies of the run's
migrated template with the reference data committed.
"""

from __future__ import annotations

import os
import subprocess
import sys

from articles.services import backup
from tests.conftest import ROOT, server_connection

EXPORT = """
SELECT a.external_id, md5(a.title || a.lede || a.body), s.slug,
  ARRAY(SELECT c.iso2 FROM articles_articlecountry m JOIN articles_country c ON c.id = m.country_id
        WHERE m.article_id = a.id AND NOT m.suppressed ORDER BY 1),
  ARRAY(SELECT COALESCE(o.slug, 'raw:' || m.raw_name) FROM articles_articleofficial m
        LEFT JOIN articles_official o ON o.id = m.official_id
        WHERE m.article_id = a.id AND NOT m.suppressed ORDER BY 1),
  ARRAY(SELECT o.slug FROM articles_articleorganisation m
        JOIN articles_organisation o ON o.id = m.organisation_id
        WHERE m.article_id = a.id AND NOT m.suppressed ORDER BY 1),
  ARRAY(SELECT t.slug FROM articles_articletopic m JOIN articles_topic t ON t.id = m.topic_id
        WHERE m.article_id = a.id AND NOT m.suppressed ORDER BY 1)
FROM articles_article a JOIN articles_source s ON s.id = a.source_id
"""


def connect(name: str):
    return server_connection(name)


def database_url(name: str) -> str:
    return backup.database_url(name)


def manage(name: str, index_dir, *args: str, wait: bool = True):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(name),
        NEWSROOM_INDEX_DIR=str(index_dir),
        DJANGO_SETTINGS_MODULE="newsroom.settings.local",
    )
    command = [sys.executable, "manage.py", *args]
    if not wait:  # its own process group: the kill reaches the workers too
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def export_articles(name: str) -> dict[str, tuple]:
    with connect(name) as conn, conn.cursor() as cursor:
        cursor.execute(EXPORT)
        rows = cursor.fetchall()
    export = {row[0]: tuple(tuple(part) if isinstance(part, list) else part for part in row[1:])
              for row in rows}  # fmt: skip
    assert len(export) == len(rows), "external ids are not unique in the slice"
    return export


def differences(expected: dict, found: dict) -> list[str]:
    kinds = ("text", "outlet", "countries", "officials", "organisations", "topics")
    out = [f"{key}: missing" for key in expected.keys() - found.keys()]
    out += [f"{key}: extra" for key in found.keys() - expected.keys()]
    for key in expected.keys() & found.keys():
        for kind, a, b in zip(kinds, expected[key], found[key], strict=True):
            if a != b:
                out.append(f"{key} {kind}: {a} != {b}")
    return sorted(out)
