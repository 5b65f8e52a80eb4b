"""A bounded load client: N readers requesting a weighted mix of pages for a fixed time.

Plain asyncio over HTTP/1.1 keep-alive connections (one per reader), so the client costs
little of the machine it shares with the server. Each reader is a closed loop: it sends
its next request as soon as the last one is answered (no think time), which is the most
load N readers can make. Readers come from distinct addresses (``X-Forwarded-For``,
believed only when the server trusts the loopback proxy), as readers behind a proxy do.

``Mix`` is pure (tested without a server): it picks a page type by weight, then a URL of
that type by popularity, Zipf over its pool (a few pages are read by many, most by few:
the front page of a busy story, not a uniform draw over every filter combination).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

__all__ = ["Mix", "Result", "run"]


@dataclass
class Mix:
    """Page types with their share of requests, and each type's URLs in popularity order."""

    pools: dict[str, list[str]]
    weights: dict[str, float]
    zipf: float = 1.0
    # The share of requests for a URL nobody asked for before (a new filter combination, an
    # odd search): the long tail no cache holds. ``fresh_url`` makes one of a page type.
    fresh: float = 0.0
    fresh_url: Callable[[random.Random, str], str | None] | None = None
    _cumulative: dict[str, list[float]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        missing = [
            kind for kind, weight in self.weights.items() if weight and not self.pools.get(kind)
        ]
        if missing:
            raise ValueError(f"no URLs for {', '.join(missing)}")
        for kind, urls in self.pools.items():
            self._cumulative[kind] = list(
                accumulate(1 / (rank + 1) ** self.zipf for rank in range(len(urls)))
            )

    def pick(self, rng: random.Random) -> tuple[str, str]:
        kinds = [k for k, w in self.weights.items() if w]
        kind = rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]
        if self.fresh and self.fresh_url and rng.random() < self.fresh:
            url = self.fresh_url(rng, kind)
            if url is not None:
                return kind, url
        url = rng.choices(self.pools[kind], cum_weights=self._cumulative[kind])[0]
        return kind, url


@dataclass
class Result:
    seconds: float
    latencies: dict[str, list[float]]  # page type -> seconds of each answered request
    statuses: Counter
    errors: Counter  # what went wrong, for requests that got no answer or a 5xx
    cache: Counter  # X-Page-Cache of the answers: hit, miss, bypass

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def percentiles(self, kind: str | None = None) -> tuple[float, float, float]:
        values = (
            [x for v in self.latencies.values() for x in v]
            if kind is None
            else self.latencies.get(kind, [])
        )
        if len(values) < 2:
            return (values[0],) * 3 if values else (0.0, 0.0, 0.0)
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        return cuts[49], cuts[94], cuts[98]

    @property
    def failed(self) -> int:
        return sum(self.errors.values())


async def _request(reader, writer, host: str, path: str, client: str) -> tuple[int, dict, bool]:
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {client}\r\n"
        "User-Agent: newsroom-bench-load\r\nAccept: text/html\r\n\r\n".encode("latin-1")
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()  # until the server closes
        return status, headers, False
    return status, headers, headers.get("connection", "").lower() != "close"


async def _reader(
    n: int, host: str, port: int, mix: Mix, deadline: float, seed: int, result: Result
) -> None:
    rng = random.Random(seed * 1_000 + n)
    client = f"10.{n // 250 % 250}.{n % 250}.{1 + seed % 250}"
    conn = None
    while time.monotonic() < deadline:
        kind, path = mix.pick(rng)
        started = time.monotonic()
        try:
            if conn is None:
                conn = await asyncio.open_connection(host, port)
            status, headers, keep = await asyncio.wait_for(
                _request(*conn, f"{host}:{port}", path, client), timeout=30
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            result.errors[type(exc).__name__] += 1
            if conn is not None:
                conn[1].close()
            conn = None
            continue
        result.latencies.setdefault(kind, []).append(time.monotonic() - started)
        result.statuses[status] += 1
        result.cache[headers.get("x-page-cache", "none")] += 1
        if status >= 500 or status == 429:
            result.errors[f"HTTP {status}"] += 1
        if not keep:
            conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


def run(host: str, port: int, mix: Mix, *, users: int, seconds: float, seed: int = 1) -> Result:
    """Run ``users`` closed-loop readers for ``seconds``; return what they measured."""
    result = Result(seconds, {}, Counter(), Counter(), Counter())

    async def main() -> None:
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(_reader(n, host, port, mix, deadline, seed, result) for n in range(users))
        )

    started = time.monotonic()
    asyncio.run(main())
    result.seconds = time.monotonic() - started
    return result
