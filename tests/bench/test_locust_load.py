"""``bench_load --locust``: a short real locust run against gunicorn, its figures reported."""

from __future__ import annotations

import importlib.util
import io
import re

import pytest
from django.core.management import call_command

# Looked up, never imported here: importing locust monkey-patches the process with gevent.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("locust") is None,
    reason="locust is a dev requirement (requirements-dev.txt): pip install -r requirements-dev.txt",
)


@pytest.mark.django_db(transaction=True)
def test_a_short_locust_run_reports_rates_percentiles_and_no_errors():
    from tests.factories import load_test_corpus

    load_test_corpus(20, "Envoys discuss fisheries and tariffs, meeting")
    out = io.StringIO()
    call_command("bench_load", locust=True, users=5, seconds=8, stdout=out)
    report = out.getvalue()
    assert "client: locust" in report, report
    row = r"\s+([\d,]+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d,]+)$"
    for kind in ("home", "list", "search", "article", "entity", "total"):
        found = re.search(rf"^{kind}{row}", report, re.MULTILINE)
        assert found, report
        requests, rate, p50, p95, p99, errors = found.groups()
        assert int(requests.replace(",", "")) > 0, report
        assert int(p50) <= int(p95) <= int(p99), report
        assert errors == "0", report  # every page of the mix answered 200
    total = re.search(rf"^total{row}", report, re.MULTILINE)
    assert float(total.group(2)) > 5, report  # requests/s over the run
    assert "error:" not in report, report


@pytest.mark.django_db(transaction=True)
def test_with_replica_the_standby_serves_the_reads_and_nothing_fails(monkeypatch):
    from django.core.management.base import CommandError

    from tests.factories import load_test_corpus

    monkeypatch.setattr("bench.replicas.DURABLE", False)  # fsync off: the pair starts faster
    load_test_corpus(20, "Envoys discuss fisheries and tariffs, meeting")
    out = io.StringIO()
    try:
        call_command("bench_load", locust=True, replica=True, users=5, seconds=5, stdout=out)
    except CommandError as error:
        if str(error).startswith("--replica:"):  # no server binaries, no user to run them
            pytest.skip(str(error))
        raise
    report = out.getvalue()
    total = re.search(r"^total\s+([\d,]+)\s+[\d.]+\s+\d+\s+\d+\s+\d+\s+([\d,]+)$", report, re.M)
    assert total and int(total.group(1).replace(",", "")) > 0, report
    assert total.group(2) == "0", report  # every request answered 200
    read = re.search(
        r"^read on the standby: ([\d,]+) transactions, ([\d,]+) rows returned", report, re.M
    )
    assert read, report
    transactions, rows = (int(n.replace(",", "")) for n in read.groups())
    assert transactions > 0 and rows > 0, report  # the public pages read from the standby
