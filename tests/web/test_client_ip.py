"""The client's address: X-Forwarded-For is believed only from configured proxies."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from newsroom.client_ip import client_ip

CASES = [
    # trusted proxies, REMOTE_ADDR, X-Forwarded-For, expected client
    ([], "203.0.113.9", "", "203.0.113.9"),
    ([], "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # no proxy configured: header ignored
    (["10.0.0.2"], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from our proxy
    (["10.0.0.2"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
    (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1, 10.1.1.1", "198.51.100.1"),  # two hops
    (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # client's lie left
    (["10.0.0.2"], "10.0.0.2", "garbage", "10.0.0.2"),
    (["10.0.0.2"], "10.0.0.2", "", "10.0.0.2"),
    (["10.0.0.2"], "10.0.0.2", "198.51.100.1:5123", "198.51.100.1"),
    (["::1"], "::1", "[2001:db8::7]:443", "2001:db8::7"),
    (["127.0.0.1"], "127.0.0.1", "127.0.0.1", "127.0.0.1"),  # all trusted: the proxy itself
]


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), CASES)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_bad_proxy_setting_stops_start_up(monkeypatch):
    import importlib

    import newsroom.settings.base as base

    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.1,not-an-address")
    with pytest.raises(ImproperlyConfigured, match="not-an-address"):
        importlib.reload(base)
    monkeypatch.delenv("DJANGO_TRUSTED_PROXIES")
    importlib.reload(base)
