"""The embedded PostgreSQL bootstrap starts a real server in a folder and accepts connections."""

import os

import psycopg2
import pytest

from newsroom.embedded_db import embedded_server_uri


def test_embedded_server_starts_in_a_fresh_folder_and_connects(tmp_path):
    import pgserver

    uri = embedded_server_uri(pgdata=tmp_path / "pgdata", database="bootstrap_check")
    try:
        assert (tmp_path / "pgdata" / "PG_VERSION").read_text().strip() == "16"
        with psycopg2.connect(uri) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), current_setting('server_version_num')::int")
            database, version = cursor.fetchone()
        assert database == "bootstrap_check"
        assert version >= 160000
        # A second call reuses the running server and the existing database.
        assert embedded_server_uri(pgdata=tmp_path / "pgdata", database="bootstrap_check") == uri
    finally:
        pgserver.get_server(tmp_path / "pgdata").cleanup()


@pytest.mark.django_db
def test_tests_run_in_their_own_database():
    from django.db import connection

    name = os.environ.get("NEWSROOM_TEST_DB", "test_newsroom")
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # pytest-django: one database a worker
    assert connection.settings_dict["NAME"] == (f"{name}_{worker}" if worker else name)
    assert connection.vendor == "postgresql"
