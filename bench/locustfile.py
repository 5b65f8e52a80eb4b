"""The load benchmark's page mix as a locust user (``bench_load --locust`` runs it headless).

The URL pools come from ``LoadRun.pools`` (built from the database by ``bench_load``), written
as JSON to the file ``NEWSROOM_LOCUST_POOLS`` names: {"home": [...], "list": [...], ...}, each
pool most popular first. Within a page type a URL is drawn by popularity (Zipf, exponent
``NEWSROOM_LOCUST_ZIPF``, default 1), as ``bench.load.Mix`` draws it. Requests are named by
page type, so locust's statistics are per type. No think time: each user is a closed loop.
"""

from __future__ import annotations

import json
import os
import random
from itertools import accumulate, count

from locust import HttpUser, task

with open(os.environ["NEWSROOM_LOCUST_POOLS"], encoding="utf-8") as pools_file:
    POOLS: dict[str, list[str]] = json.load(pools_file)
ZIPF = float(os.environ.get("NEWSROOM_LOCUST_ZIPF", "1.0"))
CUMULATIVE = {
    kind: list(accumulate(1 / (rank + 1) ** ZIPF for rank in range(len(urls))))
    for kind, urls in POOLS.items()
}
_addresses = count(1)


class Reader(HttpUser):
    """One reader: home 10%, filtered lists 40%, searches 20%, articles 20%, entity pages 10%."""

    def on_start(self) -> None:
        # Readers come from distinct addresses, as behind a proxy (the server trusts the
        # loopback's X-Forwarded-For), so no single address meets the page rate limit.
        n = next(_addresses)
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"

    def read(self, kind: str) -> None:
        url = random.choices(POOLS[kind], cum_weights=CUMULATIVE[kind])[0]
        self.client.get(url, name=kind)

    @task(10)
    def home(self) -> None:
        self.read("home")

    @task(40)
    def list(self) -> None:
        self.read("list")

    @task(20)
    def search(self) -> None:
        self.read("search")

    @task(20)
    def article(self) -> None:
        self.read("article")

    @task(10)
    def entity(self) -> None:
        self.read("entity")
