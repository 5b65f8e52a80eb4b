"""Per-address limits on pages, exports and logins: 429 with Retry-After, shared by workers."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.models import ExportSlot, RateCounter
from articles.services import limits

pytestmark = pytest.mark.django_db

A, B = "203.0.113.9", "198.51.100.7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("600/minute", limits.Rate(600, 60)),
        ("20/hour", limits.Rate(20, 3600)),
        ("10/5minutes", limits.Rate(10, 300)),
        (" 3 / second ", limits.Rate(3, 1)),
        ("1/day", limits.Rate(1, 86400)),
        ("", None),
        (None, None),
    ],
)
def test_parse_rate(text, expected):
    assert limits.parse_rate(text) == expected


@pytest.mark.parametrize("text", ["600", "ten/minute", "5/fortnight", "-1/minute"])
def test_a_bad_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        limits.parse_rate(text)


def test_windows_count_and_tell_how_long_to_wait():
    rate = limits.Rate(3, 60)
    now = (time.time() // 60 + 1000) * 60 + 15  # 15 s into a window, in the future
    assert [limits.hit("pages:x", rate, now=now) for _ in range(3)] == [None, None, None]
    assert limits.hit("pages:x", rate, now=now) == 45
    assert limits.hit("pages:y", rate, now=now) is None  # another client
    assert limits.hit("pages:x", rate, now=now + 45) is None  # the next window


@pytest.fixture
def strict(settings):
    settings.RATE_LIMITS = {"pages": "5/minute", "exports": "2/minute", "login": "4/hour"}
    settings.EXPORTS_AT_ONCE = 1


def test_pages_answer_429_with_retry_after_per_address(client, strict):
    for _ in range(5):
        assert client.get("/topics/", REMOTE_ADDR=A).status_code == 200
    refused = client.get("/topics/", REMOTE_ADDR=A)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "slow down" in refused.content.decode()
    assert client.get("/topics/", REMOTE_ADDR=B).status_code == 200
    # Static files and the API are not counted here (the API has its own throttle).
    assert client.get("/api/topics/", REMOTE_ADDR=A).status_code == 200


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(client, strict, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    for _ in range(5):
        client.get("/topics/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=A)
    assert client.get("/topics/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=A).status_code == 429
    assert client.get("/topics/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=B).status_code == 200
    assert RateCounter.objects.filter(key=f"pages:{B}").exists()


def test_exports_are_strict_and_do_not_use_the_page_allowance(client, strict):
    for _ in range(2):
        response = client.get("/articles/export.csv", REMOTE_ADDR=A)
        assert response.status_code == 200
        b"".join(response.streaming_content)  # the whole export: its slot is freed
    refused = client.get("/articles/export.jsonl", REMOTE_ADDR=A)
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert client.get("/topics/", REMOTE_ADDR=A).status_code == 200


# Committed data: closing a response ends its request, which closes the connection.
@pytest.mark.django_db(transaction=True)
def test_at_most_n_exports_stream_at_once_and_a_finished_one_frees_its_slot(client, strict):
    first = client.get("/articles/export.csv", REMOTE_ADDR=A)
    assert first.status_code == 200 and first.streaming
    assert ExportSlot.objects.filter(client=A).count() == 1  # still streaming
    second = client.get("/articles/export.csv", REMOTE_ADDR=A)
    assert second.status_code == 429
    assert "at once" in second.content.decode()
    assert client.get("/articles/export.csv", REMOTE_ADDR=B).status_code == 200  # another client
    b"".join(first.streaming_content)  # the test client closes it at the end
    assert ExportSlot.objects.filter(client=A).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_client_that_leaves_before_the_first_byte_frees_its_slot(client, strict):
    response = client.get("/articles/export.csv", REMOTE_ADDR=A)
    response.close()  # never iterated
    assert not ExportSlot.objects.filter(client=A).exists()


def test_one_address_trying_many_usernames_is_slowed(client, strict, settings):
    # The lock-out per (account, address) never triggers: each username is tried once.
    for n in range(4):
        response = client.post(
            "/admin/login/", {"username": f"user{n}", "password": "x"}, REMOTE_ADDR=A
        )
        assert response.status_code == 200  # the form again, with its error
    refused = client.post("/admin/login/", {"username": "user9", "password": "x"}, REMOTE_ADDR=A)
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    ok = client.post("/admin/login/", {"username": "user9", "password": "x"}, REMOTE_ADDR=B)
    assert ok.status_code == 200
    assert client.get("/admin/login/", REMOTE_ADDR=A).status_code == 200  # the page still shows


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_share_one_exact_count(strict):
    """Eight threads (eight connections, as gunicorn's workers) hit one key: none is lost."""
    from django.db import connection

    rate = limits.Rate(1000, 10**9)  # a window of 31 years: the whole test is in one
    now = time.time()  # a real time: counters of past windows are pruned now and then

    def worker():
        try:
            for _ in range(25):
                limits.hit("pages:shared", rate, now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert RateCounter.objects.get(key="pages:shared").hits == 200
