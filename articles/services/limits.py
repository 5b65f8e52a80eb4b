"""Per-client request limits, counted where every server process and node shares them.

One round trip a request. With ``REDIS_URL`` set: INCR and EXPIRE of the window's key in
one pipeline. Otherwise: an upsert on an UNLOGGED table (``RateCounter``) that returns the
window's count. Both are atomic however many gunicorn workers count at once (the database
cache's ``incr`` is a read then a write, and would let concurrent requests through
uncounted).
"""

from __future__ import annotations

import logging
import math
import random
import re
import time
from functools import lru_cache
from typing import NamedTuple

import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

__all__ = ["Rate", "acquire_export_slot", "hit", "parse_rate", "release_export_slot"]

logger = logging.getLogger(__name__)

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$")
SLOT_LIFETIME = 15 * 60  # an export slot a crashed worker never freed lapses after this
PRUNE_CHANCE = 1 / 500  # how often a request also deletes expired counters


class Rate(NamedTuple):
    requests: int
    seconds: int


def parse_rate(text: str | None) -> Rate | None:
    """Parse "600/minute", "20/hour", "10/5minutes"; empty means no limit."""
    if not text or not text.strip():
        return None
    match = _RATE.match(text)
    if not match:
        raise ImproperlyConfigured(
            f"A rate limit must look like 600/minute or 20/hour (second, minute, hour, day), "
            f"not {text!r}"
        )
    count, multiple, period = match.groups()
    return Rate(int(count), int(multiple or 1) * PERIODS[period])


def hit(key: str, rate: Rate, *, now: float | None = None) -> int | None:
    """Count a request for ``key``; return the seconds to wait if it is over ``rate``.

    Fixed windows of ``rate.seconds``: the answer's Retry-After is the time left in the
    window, after which the client may make ``rate.requests`` requests again.
    """
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    ends = (window + 1) * rate.seconds
    if settings.REDIS_URL:
        try:
            hits = _redis_hit(f"{REDIS_PREFIX}{key}:{rate.seconds}:{window}", ends - now)
        except redis.RedisError:  # an outage of Redis must not take pages down: let it pass
            logger.exception("rate limit count failed")
            return None
    else:
        hits = _database_hit(key, window, ends)
    if hits <= rate.requests:
        return None
    return max(1, math.ceil(ends - now))


REDIS_PREFIX = "newsroom:rate:"


@lru_cache(maxsize=4)
def redis_client(url: str) -> redis.Redis:
    """Return a client of ``url`` (one connection pool a process, shared by its threads)."""
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _redis_hit(key: str, seconds_left: float) -> int:
    """Count in Redis: one round trip (a pipeline of INCR and EXPIRE), atomic per key."""
    pipe = redis_client(settings.REDIS_URL).pipeline(transaction=False)
    pipe.incr(key)
    # The key outlives its window by a second, never by more: no cleaning needed.
    pipe.expire(key, max(1, math.ceil(seconds_left)) + 1)
    hits, _ = pipe.execute()
    return hits


def _database_hit(key: str, window: int, ends: float) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO articles_ratecounter (key, period, hits, expires)
            VALUES (%s, %s, 1, to_timestamp(%s))
            ON CONFLICT (key, period) DO UPDATE SET hits = articles_ratecounter.hits + 1
            RETURNING hits""",
            [key[:200], window, ends],
        )
        hits = cursor.fetchone()[0]
        if random.random() < PRUNE_CHANCE:
            cursor.execute("DELETE FROM articles_ratecounter WHERE expires < now()")
    return hits


def acquire_export_slot(client: str, at_once: int) -> int | None:
    """Take one of ``client``'s ``at_once`` export slots; return its id, or None if all busy."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO articles_exportslot (client, expires)
            VALUES (%s, now() + make_interval(secs => %s)) RETURNING id""",
            [client[:100], SLOT_LIFETIME],
        )
        slot = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM articles_exportslot WHERE client = %s AND expires > now()",
            [client[:100]],
        )
        if cursor.fetchone()[0] <= at_once:
            return slot
        cursor.execute("DELETE FROM articles_exportslot WHERE id = %s", [slot])
        return None


def release_export_slot(slot: int) -> None:
    """Free an export slot (the export finished, failed or its client went away)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_exportslot WHERE id = %s OR expires < now()", [slot])
