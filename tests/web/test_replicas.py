"""Reads from a real streaming replica (newsroom/routers.py), started by this module.

A throwaway primary (initdb, on a free port, holding a copy of the migrated test database)
and a hot standby made from it with ``pg_basebackup -R``, both under a temporary folder and
stopped at the end. Django's "default" points at that primary for the module and
"replica_1" at the standby. Skipped, saying why, where PostgreSQL's server binaries are not
installed. The whole module takes a few seconds (one cluster pair for all its tests).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import routers
from tests.admin.forms import change_form_data
from tests.factories import ArticleFactory

# Committed writes (the replica only sees those); "__all__" lets a test use "replica_1",
# which this module adds, and flushes only the primary ("replica_1" is its test mirror).
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "pg_restore", "postgres")


def _pg_bin(major: int) -> Path | None:
    """Server binaries of PostgreSQL ``major`` (the test database's: ``pg_dump`` refuses a
    newer server): NEWSROOM_PG_BIN, the embedded server's own (pgserver ships them), the
    machine's (/usr/lib/postgresql/*/bin), then PATH."""
    candidates = [os.environ.get("NEWSROOM_PG_BIN", "")]
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += [str(Path(shutil.which("pg_ctl") or "/nonexistent").parent)]
    for folder in candidates:
        if folder and all((Path(folder) / tool).exists() for tool in TOOLS):
            version = subprocess.run(
                [str(Path(folder) / "postgres"), "--version"], capture_output=True, text=True
            ).stdout  # "postgres (PostgreSQL) 16.2"
            found = re.search(r"(\d+)(?:\.\d+)?", version)
            if found and int(found.group(1)) == major:
                return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pair:
    """A primary and its streaming standby under ``root``, run as a non-root user."""

    def __init__(self, bin_dir: Path, root: Path):
        self.bin, self.root = bin_dir, root
        self.primary_port, self.standby_port = _free_port(), _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no 'postgres' user to run a server")
            os.chown(root, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str, server: bool = True) -> None:
        command = [*(self.as_user if server else []), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")

    def start(self, source: dict) -> None:
        primary, standby = self.root / "primary", self.root / "standby"
        self.run(str(self.bin / "initdb"), "-D", str(primary), "-U", "root", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.primary_port}\n"
                f"unix_socket_directories = '{self.root}'\nfsync = off\n"
                "shared_buffers = 32MB\nmax_connections = 40\nwal_level = replica\n"
            )
        self._ctl(primary, "start")
        self.psql(self.primary_port, "postgres", "CREATE DATABASE newsroom")
        dump = subprocess.Popen(
            [str(self.bin / "pg_dump"), "-Fc", "-h",
             source["HOST"] or source.get("OPTIONS", {}).get("host") or "127.0.0.1",
             "-p", str(source["PORT"] or 5432), "-U", source["USER"], source["NAME"]],
            stdout=subprocess.PIPE, env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
        )  # fmt: skip
        subprocess.run(
            [str(self.bin / "pg_restore"), "--no-owner", "--no-acl", "-h", "127.0.0.1",
             "-p", str(self.primary_port), "-U", "root", "-d", "newsroom"],
            stdin=dump.stdout, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        assert dump.wait() == 0
        self.run(str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port),
                 "-U", "root", "-D", str(standby), "-R", "-X", "stream", "--checkpoint=fast")  # fmt: skip
        self._ctl(standby, "start", f"-p {self.standby_port}")

    def _ctl(self, data: Path, action: str, options: str = "") -> None:
        args = [str(self.bin / "pg_ctl"), "-D", str(data), "-l", f"{data}.log", "-w", action]
        self.run(*args, *(["-o", options] if options else []))

    def psql(self, port: int, database: str, sql: str) -> str:
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "root", "-d", database, "-Atc", sql],
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return out.stdout.strip()

    def caught_up(self, timeout: float = 10) -> None:
        """Wait until the standby has replayed everything the primary wrote."""
        target = self.psql(self.primary_port, "newsroom", "SELECT pg_current_wal_lsn()")
        sql = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        deadline = time.monotonic() + timeout
        while self.psql(self.standby_port, "newsroom", sql) != "t":
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.05)

    def stop(self) -> None:
        for name in ("standby", "primary"):
            if (self.root / name / "postmaster.pid").exists():
                subprocess.run(
                    [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.root / name),
                     "-m", "immediate", "stop"],
                    capture_output=True, timeout=60,
                )  # fmt: skip


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker):
    """Point "default" at a throwaway primary and "replica_1" at its standby (module-wide)."""
    with django_db_blocker.unblock():
        connections["default"].ensure_connection()
        major = connections["default"].pg_version // 10000
    bin_dir = _pg_bin(major)
    if bin_dir is None:
        pytest.skip(
            f"no PostgreSQL {major} server binaries ({', '.join(TOOLS)}) in NEWSROOM_PG_BIN, "
            "the embedded server's, /usr/lib/postgresql/*/bin or PATH: the streaming replica "
            "cannot be started"
        )
    # Not under pytest's folder: the server's user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    pair = Pair(bin_dir, root)
    with django_db_blocker.unblock():
        default = connections["default"]
        saved = dict(default.settings_dict)
        default.close()
        try:
            pair.start(saved)
            default.settings_dict.update(
                HOST="127.0.0.1", PORT=str(pair.primary_port), NAME="newsroom", USER="root",
                PASSWORD="",
            )  # fmt: skip
            connections.settings["replica_1"] = {
                **default.settings_dict,
                "PORT": str(pair.standby_port),
                "TEST": {**saved.get("TEST", {}), "MIRROR": "default"},
            }
            yield pair
        finally:
            connections.close_all()
            if "replica_1" in connections.settings:
                del connections["replica_1"]
                del connections.settings["replica_1"]
            default.settings_dict.clear()
            default.settings_dict.update(saved)
            pair.stop()
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def replicas(pair, settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    yield pair
    pair.psql(pair.standby_port, "newsroom", "SELECT pg_wal_replay_resume()")


@pytest.fixture
def editor_client(replicas):
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="replica-editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def _queries(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def test_the_standby_is_a_replica_and_the_primary_is_not(replicas):
    with connections["replica_1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (False,)


def test_a_public_page_reads_from_the_replica(replicas):
    article = ArticleFactory(title="Ministers meet in Oslo")
    replicas.caught_up()
    with _queries("replica_1") as on_replica, _queries("default") as on_primary:
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200 and "Ministers meet in Oslo" in response.text
    assert any("articles_article" in q["sql"] for q in on_replica.captured_queries)
    assert not any('FROM "articles_article"' in q["sql"] for q in on_primary.captured_queries)
    assert routers.PIN_COOKIE not in response.cookies  # a read pins nobody


def test_without_replicas_nobody_is_pinned(pair, settings, editor_client):
    settings.DATABASE_REPLICAS = []
    article = ArticleFactory(title="Delegations arrive in Baku")
    url = f"/admin/articles/article/{article.pk}/change/"
    saved = editor_client.post(url, change_form_data(editor_client.get(url)))
    assert saved.status_code == 302 and routers.PIN_COOKIE not in saved.cookies


def test_outside_a_request_everything_reads_from_the_primary(replicas):
    from articles.selectors.reading import read_connection

    assert routers.read_alias() == "default" and read_connection().alias == "default"


def test_an_editor_sees_their_own_change_at_once_while_the_replica_lags(replicas, editor_client):
    article = ArticleFactory(title="Talks stall in Vienna")
    replicas.caught_up()
    replicas.psql(replicas.standby_port, "newsroom", "SELECT pg_wal_replay_pause()")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = change_form_data(editor_client.get(url))
    data["title"] = "Talks resume in Vienna"
    with _queries("replica_1") as on_replica:
        saved = editor_client.post(url, data)  # the write goes to the primary
        assert saved.status_code == 302, saved.context and saved.context["errors"]
        page = editor_client.get(article.get_absolute_url(), follow=True)
    assert "Talks resume in Vienna" in page.text  # the editor reads the primary
    assert on_replica.captured_queries == []
    # A reader meanwhile gets the lagging replica's page, its API answer and its export.
    reader = Client()
    assert "Talks stall in Vienna" in reader.get(article.get_absolute_url()).text
    assert reader.get(f"/api/articles/{article.pk}/").json()["title"] == "Talks stall in Vienna"
    export = reader.get(reverse("articles:article_export_csv") + "?q=Vienna")
    assert export.status_code == 200 and export.streaming  # rows read while it streams
    assert "Talks stall in Vienna" in b"".join(export.streaming_content).decode()
    assert "Talks stall in Vienna" in reader.get(reverse("articles:article_feed")).text
    replicas.psql(replicas.standby_port, "newsroom", "SELECT pg_wal_replay_resume()")
    replicas.caught_up()
    assert "Talks resume in Vienna" in reader.get(article.get_absolute_url(), follow=True).text


def test_a_client_that_wrote_is_pinned_to_the_primary_for_a_while(replicas, settings):
    from django.contrib.auth.models import User

    article = ArticleFactory(title="Envoys gather in Doha")
    User.objects.filter(username="reader").delete()
    User.objects.create_user("reader", "reader@example.org", "a-long-passphrase-1")
    replicas.caught_up()
    replicas.psql(replicas.standby_port, "newsroom", "SELECT pg_wal_replay_pause()")
    type(article).objects.filter(pk=article.pk).update(title="Envoys leave Doha")
    reader = Client()
    signed_in = reader.post(
        reverse("accounts:login"), {"username": "reader", "password": "a-long-passphrase-1"}
    )
    assert signed_in.status_code == 302
    pin = signed_in.cookies[routers.PIN_COOKIE]
    assert pin["max-age"] == settings.DATABASE_PIN_SECONDS == 15
    assert "Envoys leave Doha" in reader.get(article.get_absolute_url(), follow=True).text  # pinned
    assert "Envoys gather in Doha" in Client().get(article.get_absolute_url()).text  # lagging
    reader.cookies[routers.PIN_COOKIE] = str(int(time.time()) - 1)  # the pin ran out
    assert "Envoys gather in Doha" in reader.get(article.get_absolute_url()).text


def test_a_request_reads_from_the_primary_after_it_wrote(replicas):
    route = routers.Route(replica="replica_1")
    token = routers._route.set(route)
    try:
        assert routers.read_alias() == "replica_1"
        ArticleFactory(title="Written mid-request")  # any ORM write
        assert route.wrote and routers.read_alias() == "default"
    finally:
        routers._route.reset(token)


@pytest.mark.parametrize(
    ("cookie", "pinned"),
    [("", False), ("abc", False), ("-5", False), ("1", False), (str(10**10), True)],
)
def test_only_a_pin_cookie_in_the_future_pins(cookie, pinned):
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_COOKIE=f"{routers.PIN_COOKIE}={cookie}")
    assert routers._pinned(request) is pinned
