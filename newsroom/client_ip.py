"""The address of the client a request comes from, believing only configured proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

__all__ = ["client_ip"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request) -> str:
    """Return the client's address: ``REMOTE_ADDR``, or behind trusted proxies the header's.

    ``settings.TRUSTED_PROXIES`` (``DJANGO_TRUSTED_PROXIES``) lists the proxies' addresses
    or networks. Only when the connection comes from one of them is ``X-Forwarded-For``
    read, from the right (the entry our proxy added) leftwards, skipping trusted proxies:
    the first other address is the client. Entries further left were written by the
    client itself and could say anything, so they are never reached past an untrusted one.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks:
        return remote
    remote_address = _address(remote)
    if remote_address is None or not any(remote_address in n for n in networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _address(entry)
        if address is None:
            return remote  # a garbled header: fall back to the proxy's own address
        if not any(address in n for n in networks):
            return str(address)
    return remote
