"""A stateless web tier on Redis (REDIS_URL): rate limits in one round trip, shared caches and
sessions seen by every process; without REDIS_URL nothing touches Redis.

On the machine's real Redis (``NEWSROOM_TEST_REDIS``, default redis://127.0.0.1:6379/13: a
database number of its own, emptied before each test); skipped when it does not answer.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest
import redis
from django.db import connections
from django.test import Client

from articles.models import RateCounter
from articles.services import limits

REDIS_TEST_URL = os.environ.get("NEWSROOM_TEST_REDIS", "redis://127.0.0.1:6379/13")
A = "203.0.113.9"


def _redis_caches(url: str) -> dict:
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "shared",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "page",
            "TIMEOUT": 24 * 3600,
        },
    }


@pytest.fixture
def on_redis(settings):
    """The settings REDIS_URL gives (newsroom/settings/base.py), on an emptied test database."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_TEST_URL} does not answer ({error}): set NEWSROOM_TEST_REDIS")
    client.flushdb()
    settings.REDIS_URL = REDIS_TEST_URL
    settings.CACHES = _redis_caches(REDIS_TEST_URL)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "shared"
    yield client
    client.flushdb()
    client.close()


def _one_window() -> None:
    """Wait for the next minute when this one ends within 10 s: a test's requests then
    fall in one window of a per-minute rate."""
    if time.time() % 60 > 50:
        time.sleep(60.05 - time.time() % 60)


class RoundTrips:
    """Count what is sent to Redis: one ``send_packed_command`` is one round trip (a
    pipeline packs its commands into one send), and the commands it carried."""

    def __init__(self, monkeypatch):
        self.sends: list[list[bytes]] = []
        original = redis.connection.AbstractConnection.send_packed_command

        def send(connection, command, check_health=True):
            self.sends.append([command] if isinstance(command, bytes) else list(command))
            return original(connection, command, check_health)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", send)


@pytest.mark.django_db
def test_a_rate_limit_check_is_one_round_trip_and_no_query(on_redis, monkeypatch):
    trips = RoundTrips(monkeypatch)
    rate = limits.Rate(3, 60)
    now = (time.time() // 60 + 1000) * 60 + 15  # 15 s into a window, in the future
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    limits.redis_client(REDIS_TEST_URL).ping()  # the connection exists before counting
    trips.sends.clear()
    with CaptureQueriesContext(connection) as queries:
        answers = [limits.hit("pages:x", rate, now=now) for _ in range(4)]
    assert answers == [None, None, None, 45]
    assert len(trips.sends) == 4  # one round trip a check
    assert len(queries) == 0 and not RateCounter.objects.exists()
    assert limits.hit("pages:y", rate, now=now) is None  # another client
    assert limits.hit("pages:x", rate, now=now + 45) is None  # the next window
    # The window's key expires with it (plus a second): Redis needs no cleaning.
    (key,) = on_redis.keys(f"{limits.REDIS_PREFIX}pages:x:60:*{int(now // 60)}")
    assert 0 < on_redis.ttl(key) <= 46


@pytest.mark.django_db
def test_pages_and_the_api_answer_429_with_retry_after(on_redis, client, settings, monkeypatch):
    settings.RATE_LIMITS = {"pages": "5/minute", "exports": "", "login": ""}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }
    _one_window()
    for _ in range(5):
        assert client.get("/topics/", REMOTE_ADDR=A).status_code == 200
    refused = client.get("/topics/", REMOTE_ADDR=A)
    left = 60 - time.time() % 60
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) in (int(left), int(left) + 1)  # the window's rest
    assert client.get("/topics/", REMOTE_ADDR="198.51.100.7").status_code == 200

    _one_window()
    trips = RoundTrips(monkeypatch)
    statuses = [client.get("/api/countries/", REMOTE_ADDR=A).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Each API request: one round trip (its count), nothing in PostgreSQL's counters.
    assert len(trips.sends) == 3
    assert not RateCounter.objects.exists()


def _spend_allowance(requests: int) -> list[int]:
    """In a forked process (another server worker or node): API requests, their statuses."""
    client = Client()
    statuses = [client.get("/api/countries/").status_code for _ in range(requests)]
    connections.close_all()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_the_allowance_is_shared_by_every_process(on_redis, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    _one_window()
    connections.close_all()  # the forked worker opens its own connections
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_spend_allowance, (3,)) == [200, 200, 200]
    refused = client.get("/api/countries/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert not RateCounter.objects.exists()


def _signed_in(cookies) -> tuple[int, str]:
    """In a forked process (another app instance): open the admin with these cookies."""
    client = Client()
    client.cookies = cookies
    response = client.get("/admin/")
    connections.close_all()
    return response.status_code, response.get("Location", "")


@pytest.mark.django_db(transaction=True)
def test_a_session_is_seen_by_another_instance_and_outlives_a_redis_flush(
    on_redis, client, django_user_model
):
    user = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw-long-enough")
    client.force_login(user)
    session_keys = on_redis.keys("shared:*django.contrib.sessions.cached_db*")
    assert len(session_keys) == 1  # the session is in Redis…
    assert client.get("/admin/").status_code == 200
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:  # …and another process (node) reads it there
        assert pool.apply(_signed_in, (client.cookies,)) == (200, "")
    on_redis.flushdb()  # Redis restarted empty: the session is still in PostgreSQL
    with context.Pool(1) as pool:
        assert pool.apply(_signed_in, (client.cookies,)) == (200, "")
    assert len(on_redis.keys("shared:*django.contrib.sessions.cached_db*")) == 1  # cached again


@pytest.mark.django_db
def test_without_redis_url_nothing_touches_redis(client, settings, monkeypatch, admin_client):
    assert settings.REDIS_URL == ""
    assert settings.CACHES["shared"]["BACKEND"].endswith("DatabaseCache")
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    connects = []
    monkeypatch.setattr(
        redis.connection.AbstractConnection, "connect", lambda self: connects.append(self)
    )
    settings.RATE_LIMITS = {"pages": "5/minute", "exports": "", "login": ""}
    settings.PAGE_CACHE = True
    assert client.get("/topics/", REMOTE_ADDR=A).status_code == 200
    assert client.get("/api/countries/", REMOTE_ADDR=A).status_code == 200
    assert admin_client.get("/admin/").status_code == 200
    assert connects == []
    assert RateCounter.objects.filter(key__in=[f"pages:{A}", f"api:{A}"]).count() == 2


def test_redis_url_puts_caches_and_sessions_on_redis():
    """What the environment variable does to the settings (a fresh interpreter)."""
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "from django.conf import settings as s; "
        "print(s.CACHES['shared']['BACKEND'], s.CACHES['pages']['BACKEND'], "
        "s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"}
    env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-c", f"import django; django.setup(); {probe}"]
    out = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "shared",
    ]
