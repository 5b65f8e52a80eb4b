"""A test that skips for want of ../shared fails the run when ../shared is there."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import conftest


def _report(reason: str):
    return SimpleNamespace(skipped=True, longrepr=("file.py", 1, f"Skipped: {reason}"), nodeid="t")


def _session():
    return SimpleNamespace(
        exitstatus=0,
        config=SimpleNamespace(pluginmanager=SimpleNamespace(get_plugin=lambda name: None)),
    )


@pytest.mark.parametrize(
    ("shared_here", "reason", "fails"),
    [
        (True, f"/x/shared/corpus/a.gz is absent ({conftest.SHARED_SKIP}: …)", True),
        (False, f"/x/shared/corpus/a.gz is absent ({conftest.SHARED_SKIP}: …)", False),
        (True, "needs a browser", False),  # skips for other reasons are not this check's
    ],
)
def test_a_shared_skip_fails_only_where_shared_exists(
    monkeypatch, tmp_path, shared_here, reason, fails
):
    monkeypatch.setattr(conftest, "_skipped_for_shared", [])
    monkeypatch.setattr(conftest, "SHARED", tmp_path if shared_here else tmp_path / "absent")
    conftest.pytest_runtest_logreport(_report(reason))
    session = _session()
    conftest.pytest_sessionfinish(session, 0)
    assert (session.exitstatus == pytest.ExitCode.TESTS_FAILED) is fails


def test_shared_path_skips_with_the_marker(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    with pytest.raises(pytest.skip.Exception, match=conftest.SHARED_SKIP):
        conftest.shared_path("corpus", "missing.jsonl.gz")
