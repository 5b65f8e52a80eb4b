"""Fixtures of the command tests that run ``manage.py`` and Celery workers in other
processes: whole databases (``databases``) and workers (``workers``)."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from tests.commands.databases import connect, manage
from tests.commands.queue_workers import Worker
from tests.conftest import copy_reference_snapshot, create_migrated_database, on_server


@pytest.fixture(scope="session")
def reference_database(reference_snapshot, tmp_path_factory):
    """Return a database with the reference data committed, made once per test process (a
    copy of the run's migrated template, or migrated here) and dropped at its end: the
    template every ``databases`` copy is made from."""
    name = f"test_hist_corpus_{os.getpid()}_base"
    on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not create_migrated_database(name):  # no run-wide migrated template: one process
        on_server(f'CREATE DATABASE "{name}"')
        manage(name, tmp_path_factory.mktemp("base-index"), "migrate", "-v0")
    copy_reference_snapshot(reference_snapshot, name)  # what load_reference gives, in ~1 s
    yield name
    on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases(reference_database):
    """Yield a function making a fresh database with the reference data (a copy of
    ``reference_database``, or of ``template``, another database it made)."""
    prefix = f"test_hist_corpus_{os.getpid()}"
    admin = connect(connection.settings_dict["NAME"])
    made = []

    def create(name: str, template: str | None = None) -> str:
        full = f"{prefix}_{name}"
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{full}" TEMPLATE "{template or reference_database}"')
        made.append(full)
        return full

    try:
        yield create
    finally:
        with admin.cursor() as cursor:
            for full in made:
                cursor.execute(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []

    def start(
        count: int, env: dict, first: int = 0, wait: bool = True, queues: str | None = None
    ) -> list[Worker]:
        numbers = range(first, first + count)
        new = [Worker(f"w{i}", env, tmp_path / f"worker-{i}.log", queues) for i in numbers]
        started.extend(new)
        deadline = time.monotonic() + 60
        while wait and not all(" ready." in w.text() for w in new):
            assert time.monotonic() < deadline, [w.text()[-2000:] for w in new]
            assert all(w.process.poll() is None for w in new), [w.text()[-2000:] for w in new]
            time.sleep(0.1)
        return new

    yield start
    for worker in started:
        worker.kill()
