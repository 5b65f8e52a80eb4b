"""Shared fixtures. Tests run on a real PostgreSQL (embedded unless DATABASE_URL is set)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE_CORPUS = ROOT / "articles" / "data" / "sample_corpus"


SHARED_SKIP = "needs ../shared"  # in every skip for want of it: see pytest_sessionfinish


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the test when it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent ({SHARED_SKIP}: it only exists on the team's machines)")
    return path


_skipped_for_shared: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and SHARED_SKIP in str(report.longrepr):
        _skipped_for_shared.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when ../shared is here and a test skipped for want of it anyway.

    A user's clone has no ../shared and those tests skip quietly; CI and the team's
    machines have it, so such a skip there means a wrong path, not a missing folder.
    Under pytest-xdist the controller decides: it receives every worker's reports.
    """
    if hasattr(session.config, "workerinput"):  # a pytest-xdist worker
        return
    if _skipped_for_shared and SHARED.is_dir():
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"FAILED: {len(_skipped_for_shared)} test(s) skipped for want of ../shared, "
                f"which is at {SHARED}: {', '.join(_skipped_for_shared[:5])}",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# The modules that take longest (their tests' durations added up, the longest first), as
# `make test`'s --durations=0 measured them. Under pytest-xdist's --dist loadfile a worker
# takes a whole module at a time from a queue; these go first so that the run does not end
# with one worker on a 40 s module while the other has nothing left to do. The real-broker
# modules (test_import_queue, test_task_queue_workers: a minute each, mostly waiting for a
# lost batch) stay out: queued by their few tests, they run beside modules that use the
# CPU. Putting them first made one run 9:34 against 7:48 (runs here vary by a minute).
LONGEST_MODULES = (
    "commands/test_import_real_corpus.py",
    "commands/test_import_history_corpus.py",
    "api/test_query_fuzz.py",
    "e2e/test_browse_flow.py",
    "commands/test_backup_restore.py",
    "security/test_payload_corpus.py",
    "commands/test_import_extraction.py",
    "articles/test_migration_resign.py",
    "test_reference_data.py",
    "search/test_concurrency.py",
    "search/test_durability.py",
    "api/test_api.py",
    "web/test_page_cache.py",
    "commands/test_bench_load.py",
    "commands/test_load_reference.py",
)


def pytest_configure(config):
    """Keep the module order ``pytest_collection_modifyitems`` sets: pytest-xdist would
    otherwise queue the modules by their number of tests (a one-test module of 45 s last)."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Put the ``LONGEST_MODULES`` first, the longest first, then the others by their number
    of tests (pytest-xdist's own order); each module's tests keep their order (pytest-django's:
    transactional tests after the others). Only the order changes, never what runs; and only
    in pytest-xdist's workers, whose collection makes its queue (one process keeps
    pytest-django's order: every transactional test after all the others).

    First, schemathesis's per-operation tests get a node id each: ``schema.parametrize()``
    names them ``test_…[GET /api/…]`` but leaves them one node id, and pytest-xdist, which
    schedules by node id, would silently run one operation of the thirteen.
    """
    from _pytest.nodeid import coerce_node_id  # pytest keeps a node's id private

    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not item.nodeid.endswith("]"):
            item._id = coerce_node_id(f"{item.nodeid}[{label}]")
    if not hasattr(config, "workerinput"):
        return
    rank = {f"tests/{path}": place for place, path in enumerate(LONGEST_MODULES)}
    counts: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        counts[module] = counts.get(module, 0) + 1

    def order(item):
        module = item.nodeid.split("::", 1)[0]
        return rank.get(module, len(rank)), -counts[module]

    items.sort(key=order)


@pytest.fixture
def seed_text() -> str:
    """Return the user's example article (../shared/seeds)."""
    return shared_path("seeds", "000_6137c64db4d1fcfb.txt").read_text(encoding="utf-8")


EDITOR_PASSWORD = "correct horse battery"

# The groups the migrations made ("Editors" and its permissions), as natural-key JSON:
# read once the test database exists (see ``django_db_setup`` below).
_MIGRATED_GROUPS: list[str] = []
# The run's migrated template database, under pytest-xdist (see ``_clone_migrated_database``).
_MIGRATED_TEMPLATE: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's test database, and a copy of the groups its migrations made.

    Under pytest-xdist the migrations run once a run, not once a worker: the first worker
    to get here migrates a template database, and each worker's test database is a copy of
    it (CREATE DATABASE … TEMPLATE, well under a second). With --reuse-db or --no-migrations,
    or in a single process, pytest-django's own setup.
    """
    from django.contrib.auth.models import Group
    from django.core import serializers
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    cloned = (
        hasattr(request.config, "workerinput")
        and django_db_use_migrations
        and not keepdb
        and aliases == {"default"}
        and not serialized_aliases
    )
    template = None
    with django_db_blocker.unblock():
        if cloned:
            db_cfg, template = _clone_migrated_database(request, verbosity)
        else:
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
        groups = Group.objects.all()
        _MIGRATED_GROUPS[:] = [serializers.serialize("json", groups, use_natural_foreign_keys=True)]
    yield
    if keepdb:
        return
    with django_db_blocker.unblock():
        try:
            teardown_databases(db_cfg, verbosity=verbosity)
            if template is not None:
                on_server(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001 (as pytest-django: a warning, not an error)
            request.node.warn(
                pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}")
            )


def _clone_migrated_database(request, verbosity: int):
    """Make this worker's test database a copy of the run's migrated template, which the
    first worker here makes (and drops at its end). Return pytest-django's teardown list and
    the template's name when this worker made it."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases

    test_settings = connection.settings_dict["TEST"]
    name = test_settings["NAME"]  # the worker's: pytest-django added "_gw0" and so on
    worker = request.config.workerinput["workerid"]
    template = f"{name.removesuffix('_' + worker)}_migrated"
    made = None
    with run_shared(request, "test-database") as shared:
        marker = shared / "template"
        exists = marker.exists() and on_server(
            "SELECT 1 FROM pg_database WHERE datname = %s", [template]
        )
        if exists:
            old_name = connection.settings_dict["NAME"]
        else:
            test_settings["NAME"] = template
            try:
                ((_, old_name, _),) = setup_databases(
                    verbosity=verbosity, interactive=False, aliases={"default"}
                )
            finally:
                test_settings["NAME"] = name
            made = template
            marker.write_text(template, encoding="utf-8")
        connection.close()
        on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        on_server(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    _MIGRATED_TEMPLATE[:] = [template]
    return [(connection, old_name, True)], made


def create_migrated_database(name: str) -> bool:
    """Create database ``name`` as a copy of the run's migrated template (what ``manage.py
    migrate`` gives an empty database, in well under a second); return False when there is
    none (one process) or it is gone (its worker finished), for the caller to migrate."""
    import psycopg2

    if not _MIGRATED_TEMPLATE:
        return False
    try:
        on_server(f'CREATE DATABASE "{name}" TEMPLATE "{_MIGRATED_TEMPLATE[0]}"')
    except psycopg2.Error:
        return False
    return True


def on_server(statement: str, params=()) -> bool:
    """Run ``statement`` from the server's ``postgres`` database (never a test database,
    which it may create or drop); return whether it gave a row."""
    conn = server_connection("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.description is not None and cursor.fetchone() is not None
    finally:
        conn.close()


def _transactional(item) -> bool:
    """Whether ``item`` ends with a flush of every table (pytest-django's own rule)."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, commit the migrations' groups again.

    The flush empties every table; Django's post_migrate brings back content types and
    permissions, not the Editors group a migration made. Run in one process, pytest-django
    puts those tests last; under pytest-xdist a worker can run one before a module (or a
    module fixture) that needs the group. After the session's last test there is nothing
    to put back: its teardown has already destroyed the test database.
    """
    result = yield
    if _MIGRATED_GROUPS and nextitem is not None and _transactional(item):
        from django.contrib.auth.models import Group
        from django.core import serializers
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            if not Group.objects.exists():
                for obj in serializers.deserialize("json", _MIGRATED_GROUPS[0]):
                    obj.save()
    return result


@pytest.fixture
def editor(db):
    """Return a staff user whose only rights come from the Editors group, as `make run` makes."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session", autouse=True)
def _run_search_index(tmp_path_factory):
    """Point the search index at a folder of this run (of this worker, under pytest-xdist)
    before any module fixture imports: never the checkout's var/index, never shared."""
    from django.test import override_settings

    with override_settings(SEARCH_INDEX_DIR=tmp_path_factory.mktemp("run-index") / "index"):
        yield


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path_factory):
    """Give each test its own empty search index (a temporary folder), built on first use.

    The index is derived from the database, whose test transaction is rolled back: a
    shared index would keep documents of articles no other test can see.
    """
    path = tmp_path_factory.mktemp("index")
    settings.SEARCH_INDEX_DIR = path / "index"
    yield settings.SEARCH_INDEX_DIR


def _articles_tables() -> list[str]:
    from django.apps import apps

    return sorted(
        {
            model._meta.db_table
            for model in apps.get_app_config("articles").get_models(include_auto_created=True)
        }
    )


def _sequences_of(tables: list[str]) -> list[str]:
    """Return the sequences the columns of ``tables`` own (serial and identity columns)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.oid::regclass::text FROM pg_class s"
            " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " WHERE s.relkind = 'S' AND t.relname = ANY(%s) ORDER BY 1",
            [tables],
        )
        return [row[0] for row in cursor.fetchall()]


def remove_imported_world() -> None:
    """Empty every table of the articles app: what a module-scoped import committed.

    For module fixtures that load the reference data and import with it committed (outside
    any test transaction): later tests expect an empty database. One TRUNCATE, where
    deleting the 20,000-official gazetteer through the ORM (cascades, history rows) took
    about 45 s a module. Only the tables that have rows are named (CASCADE adds the ones
    that refer to them): a third of the time of naming all 40-odd. Every table's id
    sequence starts again at 1, as ``TRUNCATE … RESTART IDENTITY`` of all of them did.
    """
    from django.db import connection

    tables = _articles_tables()
    with connection.cursor() as cursor:
        filled = []
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
            if cursor.fetchone()[0]:
                filled.append(table)
        if filled:
            cursor.execute(f"TRUNCATE {', '.join(filled)} CASCADE")
        for sequence in _sequences_of(tables):
            cursor.execute("SELECT setval(%s, 1, false)", [sequence])


# The committed reference data, as ``reference_load()`` leaves it in an empty database,
# copied once per run into this schema of the test database (see ``reference_snapshot``).
SNAPSHOT_SCHEMA = "tests_reference_snapshot"
# Bookkeeping the database's own triggers write when content commits: never copied back.
_NOT_SNAPSHOT = {
    "articles_siteversion",
    "articles_datachange",
    "articles_indexqueue",
    "articles_publicday",  # counts per day the articles' triggers keep
    "articles_indexnode",  # the index copies' positions in the queue
}


@dataclass(frozen=True)
class _Snapshot:
    schema: str  # where its copy of the rows is, in the test database
    tables: dict[str, str]  # table -> its column list (generated columns left out)
    sequences: list[tuple[str, int, bool]]  # (sequence, last_value, is_called)

    def to_json(self) -> str:
        return json.dumps({"tables": self.tables, "sequences": self.sequences})

    @classmethod
    def from_json(cls, schema: str, text: str) -> _Snapshot:
        data = json.loads(text)
        return cls(
            schema=schema, tables=data["tables"], sequences=[tuple(x) for x in data["sequences"]]
        )


@contextmanager
def run_shared(request, name: str) -> Iterator[Path | None]:
    """Hold ``name``'s lock, a folder shared by this run's pytest-xdist workers, and yield
    the folder (``None`` in a single process): what one worker builds there once, under the
    lock, the others find when they get it. The folder goes with the run's temporary ones."""
    import fasteners

    if not hasattr(request.config, "workerinput"):
        yield None
        return
    folder = request.getfixturevalue("tmp_path_factory").getbasetemp().parent / name
    folder.mkdir(exist_ok=True)
    with fasteners.InterProcessLock(str(folder / "lock")):
        yield folder


@pytest.fixture(scope="session")
def reference_snapshot(request, django_db_setup, django_db_blocker):
    """Load the committed reference data once for the whole run (about 20 s on this machine)
    and keep a copy of its rows in the test database, then empty the tables again.

    Under pytest-xdist the first worker to get here loads it and writes the copy's rows to
    files (COPY, a second); the other worker fills its copy from those files.
    Module fixtures that need the real gazetteer committed call ``load_snapshot``
    (one INSERT … SELECT a table, about a second) instead of ``reference_load()``, and
    ``remove_imported_world`` (one TRUNCATE) afterwards.
    """
    from articles.services.reference import reference_load

    yield from _shared_snapshot(
        request, django_db_blocker, "reference-snapshot", SNAPSHOT_SCHEMA, reference_load
    )


@pytest.fixture(scope="session")
def sample_snapshot(request, reference_snapshot, django_db_blocker):
    """The reference data and the bundled sample corpus imported with it, as
    ``reference_snapshot`` keeps the reference data: imported once for the whole run (the
    whole import: cleaning, extraction, stories), then committed again by ``load_snapshot``
    for each module that serves it (the browser tests), a second instead of the import's
    several."""
    from articles.pipeline.imports import run_import

    def fill():
        load_snapshot(reference_snapshot)
        run_import([str(SAMPLE_CORPUS)], workers=1)

    yield from _shared_snapshot(
        request, django_db_blocker, "sample-snapshot", "tests_sample_snapshot", fill
    )


def _shared_snapshot(request, django_db_blocker, name: str, schema: str, fill):
    """Yield the snapshot of what ``fill`` commits into empty tables, taken once for the run
    (``run_shared``), its rows kept in ``schema`` of the test database; drop it at the end."""
    from django.db import connection

    with run_shared(request, name) as shared, django_db_blocker.unblock():
        manifest = shared / "snapshot.json" if shared else None
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
        if manifest is not None and manifest.exists():
            snapshot = _Snapshot.from_json(schema, manifest.read_text(encoding="utf-8"))
            _read_snapshot(snapshot, shared)
        else:
            snapshot = _take_snapshot(schema, fill)
            if manifest is not None:
                _write_snapshot(snapshot, shared)
                manifest.write_text(snapshot.to_json(), encoding="utf-8")
    yield snapshot
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _take_snapshot(schema: str, fill) -> _Snapshot:
    """Run ``fill`` on the empty tables, copy their rows into ``schema``, and empty the
    tables again."""
    from django.db import connection

    # From empty tables, so the copy holds what ``fill`` made and nothing an earlier
    # module left committed (each such module empties everything after itself anyway).
    remove_imported_world()
    fill()
    tables, sequences = {}, []
    with connection.cursor() as cursor:
        for table in _articles_tables():
            if table in _NOT_SNAPSHOT:
                continue
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
            if not cursor.fetchone()[0]:
                continue
            cursor.execute(
                "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = %s AND is_generated = 'NEVER'",
                [table],
            )
            columns = cursor.fetchone()[0]
            cursor.execute(f"CREATE TABLE {schema}.{table} AS SELECT {columns} FROM {table}")
            tables[table] = columns
            for sequence in _sequences_of([table]):
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                sequences.append((sequence, *cursor.fetchone()))
    remove_imported_world()
    return _Snapshot(schema=schema, tables=tables, sequences=sequences)


def _write_snapshot(snapshot: _Snapshot, folder: Path) -> None:
    """Write the snapshot schema's tables to ``folder``, a file each (COPY's binary format)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, columns in snapshot.tables.items():
            with (folder / f"{table}.copy").open("wb") as rows:
                cursor.copy_expert(
                    f"COPY {snapshot.schema}.{table} ({columns}) TO STDOUT (FORMAT binary)", rows
                )


def _read_snapshot(snapshot: _Snapshot, folder: Path) -> None:
    """Fill the snapshot's schema from the files ``_write_snapshot`` wrote."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, columns in snapshot.tables.items():
            cursor.execute(
                f"CREATE TABLE {snapshot.schema}.{table} AS SELECT {columns} FROM {table}"
                " WITH NO DATA"
            )
            with (folder / f"{table}.copy").open("rb") as rows:
                cursor.copy_expert(
                    f"COPY {snapshot.schema}.{table} ({columns}) FROM STDIN (FORMAT binary)", rows
                )


def load_snapshot(snapshot: _Snapshot) -> None:
    """Commit the rows of ``snapshot`` again: the rows, ids and sequences that its fill
    gave (``reference_load()``, an import), in one transaction (the foreign keys are
    checked at commit). The tables' triggers write their bookkeeping again."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns in snapshot.tables.items():
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {snapshot.schema}.{table}"
            )
        for sequence, last_value, is_called in snapshot.sequences:
            cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])


def copy_reference_snapshot(snapshot: _Snapshot, dbname: str) -> None:
    """Commit the reference data from ``snapshot`` into another, migrated database of the
    server (what ``manage.py load_reference`` would give it), in one transaction."""
    import io

    from django.db import connection

    source, target = server_connection(connection.settings_dict["NAME"]), server_connection(dbname)
    target.autocommit = False
    try:
        with source.cursor() as reading, target.cursor() as writing:
            for table, columns in snapshot.tables.items():
                rows = io.BytesIO()
                reading.copy_expert(f"COPY {snapshot.schema}.{table} ({columns}) TO STDOUT", rows)
                rows.seek(0)
                writing.copy_expert(f"COPY {table} ({columns}) FROM STDIN", rows)
            for sequence, last_value, is_called in snapshot.sequences:
                writing.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])
        target.commit()
    finally:
        source.close()
        target.close()


@pytest.fixture
def open_rate_limits(settings):
    """Lift the API's anonymous limit (tests of the limit set their own); forget past requests."""
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
    }
    cache.clear()
    yield
    cache.clear()


def server_connection(dbname: str | None = None):
    """An autocommit psycopg2 connection to the tests' PostgreSQL server (another database
    of it when ``dbname`` is given): for CREATE/DROP DATABASE and looking from outside."""
    import psycopg2

    from articles.services import backup

    env = backup.connection_env()
    conn = psycopg2.connect(
        dbname=dbname or env["PGDATABASE"],
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
    )
    conn.autocommit = True
    return conn
