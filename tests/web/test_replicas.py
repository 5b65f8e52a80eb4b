"""Reads from a real streaming replica (newsroom/routers.py), started by this module.

A throwaway primary (initdb, on a free port, holding a copy of the migrated test database)
and a hot standby made from it with ``pg_basebackup -R``, both under a temporary folder and
stopped at the end. Django's "default" points at that primary for the module and
"replica_1" at the standby. Skipped, saying why, where PostgreSQL's server binaries are not
installed. The whole module takes a few seconds (one cluster pair for all its tests).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.standby import Pair, Unavailable, require_bin
from newsroom import routers
from tests.admin.forms import change_form_data
from tests.factories import ArticleFactory

# Committed writes (the replica only sees those); "__all__" lets a test use "replica_1",
# which this module adds, and flushes only the primary ("replica_1" is its test mirror).
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker):
    """Point "default" at a throwaway primary and "replica_1" at its standby (module-wide)."""
    with django_db_blocker.unblock():
        connections["default"].ensure_connection()
        major = connections["default"].pg_version // 10000
    # Not under pytest's folder: the server's user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    try:
        pair = Pair(require_bin(major), root)
    except Unavailable as reason:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(str(reason))
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
