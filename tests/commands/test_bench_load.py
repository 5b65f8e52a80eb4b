"""The load benchmark: its URL mix (pure), and a short real run against gunicorn."""

from __future__ import annotations

import io
import random
import re
from collections import Counter

import pytest
from django.core.management import call_command

from bench.load import Mix


def test_the_mix_follows_the_weights_and_favours_popular_urls():
    pools = {"home": ["/"], "list": [f"/l{n}" for n in range(100)], "article": ["/a1", "/a2"]}
    mix = Mix(pools, {"home": 0.1, "list": 0.6, "article": 0.3})
    rng = random.Random(3)
    picks = [mix.pick(rng) for _ in range(20_000)]
    kinds = Counter(kind for kind, _ in picks)
    assert abs(kinds["list"] / 20_000 - 0.6) < 0.02
    assert abs(kinds["home"] / 20_000 - 0.1) < 0.01
    lists = Counter(url for kind, url in picks if kind == "list")
    # Zipf: the first URL about twice the second, ten times the tenth; the tail still read.
    assert 1.6 < lists["/l0"] / lists["/l1"] < 2.5
    assert 6 < lists["/l0"] / lists["/l9"] < 15
    assert len(lists) > 80


def test_a_share_of_requests_asks_for_new_urls_where_the_maker_has_some():
    pools = {"list": ["/l0", "/l1"], "article": ["/a1"]}
    made = iter(range(10**6))
    mix = Mix(
        pools,
        {"list": 0.5, "article": 0.5},
        fresh=0.3,
        fresh_url=lambda rng, kind: f"/new{next(made)}" if kind == "list" else None,
    )
    rng = random.Random(5)
    picks = [mix.pick(rng) for _ in range(10_000)]
    lists = [url for kind, url in picks if kind == "list"]
    new = [url for url in lists if url.startswith("/new")]
    assert abs(len(new) / len(lists) - 0.3) < 0.03
    assert len(set(new)) == len(new)  # each asked once
    assert all(url == "/a1" for kind, url in picks if kind == "article")


def test_a_type_with_no_urls_is_refused():
    with pytest.raises(ValueError, match="article"):
        Mix({"home": ["/"], "article": []}, {"home": 0.5, "article": 0.5})


@pytest.mark.django_db(transaction=True)
def test_a_short_run_against_gunicorn_reports_rates_percentiles_and_cache_hits(settings):
    from tests.factories import load_test_corpus

    load_test_corpus(30, "Ministers weigh sanctions and trade, round")
    out = io.StringIO()
    call_command("bench_load", users=4, seconds=4, stdout=out)
    report = out.getvalue()
    rate = re.search(r"([\d,]+) requests in [\d.]+ s: ([\d.]+) requests/s", report)
    assert rate, report
    assert int(rate.group(1).replace(",", "")) > 20
    assert re.search(r"p50 \d+ ms\s+p95 \d+ ms\s+p99 \d+ ms\s+errors 0\b", report), report
    for kind in ("home", "list", "search", "article", "entity"):
        assert re.search(rf"^{kind}\s+\d+", report, re.MULTILINE), report
    hits = re.search(r"page cache: .*hit (\d+)%", report)
    assert hits and int(hits.group(1)) > 0, report  # readers share popular pages
    # Four readers at four addresses stay within the limits: no 429 anywhere (as a word:
    # the server's random port, e.g. 127.0.0.1:60429, is not a status).
    assert not re.search(r"\b429\b", report), report
