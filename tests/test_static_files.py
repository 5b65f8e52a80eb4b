"""``collect_if_changed``: static files are collected again only when a source changed."""

from __future__ import annotations

import os

import pytest

from newsroom.static_files import collect_if_changed


@pytest.fixture
def sources(settings, tmp_path):
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "site.css").write_text("body { color: black }")
    settings.STATICFILES_DIRS = [folder]
    settings.STATIC_ROOT = tmp_path / "collected"
    return folder


def _bump(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


CHANGES = [
    ("nothing", lambda folder: None, False),
    ("a file rewritten", lambda folder: (folder / "site.css").write_text("body{}"), True),
    ("a file touched", lambda folder: _bump(folder / "site.css"), True),
    ("a file added", lambda folder: (folder / "app.js").write_text("1"), True),
    ("a file removed", lambda folder: (folder / "site.css").unlink(), True),
]


@pytest.mark.parametrize(
    "change, expected", [(c, e) for _, c, e in CHANGES], ids=[n for n, *_ in CHANGES]
)
def test_collects_again_only_after_a_source_changed(sources, change, expected):
    runs = []
    assert collect_if_changed(lambda: runs.append(1)) is True  # never collected
    assert collect_if_changed(lambda: runs.append(2)) is False
    change(sources)
    assert collect_if_changed(lambda: runs.append(3)) is expected
    assert runs == [1, 3] if expected else runs == [1]


def test_an_interrupted_collection_runs_again(sources):
    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        collect_if_changed(interrupted)
    runs = []
    assert collect_if_changed(lambda: runs.append(1)) is True
    assert runs == [1]
