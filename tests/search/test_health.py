"""A stale, damaged or missing index is reported, refused by ``--check``, and rebuilt by a page.

Each case builds the index by reading a page, spoils it on disk, then checks that
``engine.health()`` names the state in a sentence, that ``rebuild_index --check`` fails
with it, and that the next page read rebuilds the index and shows the right numbers.

First as a process that had not opened the index before sees it (a server started after
an upgrade, ``rebuild_index --check`` itself), then as the server process that had it
open when it was spoiled (a folder removed or a file damaged while the site runs).
"""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from articles.models import ArticleCountry
from articles.search import engine as engines
from articles.search.schema import SCHEMA_VERSION
from tests.curation.conftest import article

from .helpers import listing
from .processes import manage

pytestmark = pytest.mark.django_db


def make_stale(path: Path) -> None:
    (path / engines.MARKER).write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))


def remove(path: Path) -> None:
    shutil.rmtree(path)


def truncate_meta(path: Path) -> None:
    (path / "meta.json").write_text("")


def delete_a_segment_file(path: Path) -> None:
    segment_files = sorted(path.glob("*.idx"))
    assert segment_files, sorted(p.name for p in path.iterdir())
    segment_files[0].unlink()


def spoil_marker(path: Path) -> None:
    (path / engines.MARKER).write_text("{not json")


CASES = {
    "stale": (make_stale, "stale", f"needs version {SCHEMA_VERSION}"),
    "missing": (remove, "missing", "There is no search index in"),
    "meta.json truncated": (truncate_meta, "damaged", "cannot be read"),
    "segment file deleted": (delete_a_segment_file, "damaged", "cannot be read"),
    "marker unreadable": (spoil_marker, "damaged", "has no readable newsroom.json"),
}


@pytest.fixture
def indexed(gazetteer):
    """Three public articles (two about Jordan) and a hidden one, indexed by a page read."""
    stories = [
        article("Talks in Amman", "Envoys met in Amman."),
        article("Jordan hosts summit", "Leaders met."),
        article("Weather", "Rain in the north."),
        article("Hidden piece", "Not public.", status="hidden"),
    ]
    for story in stories[:2]:
        ArticleCountry.objects.create(article=story, country=gazetteer["jordan"], count=1)
    shown = listing()
    assert (shown.total, shown.facets["country"]) == (3, {"jo": 2})
    assert engines.health()[0] == "ok"
    return stories


@pytest.mark.parametrize("case", list(CASES))
def test_spoiled_index_is_reported_then_rebuilt_by_the_next_page(indexed, search_index, case):
    spoil, state, phrase = CASES[case]
    spoil(search_index)
    engines._forget(search_index)  # a process that has not opened the index yet

    found, reason = engines.health()
    assert (found, phrase in reason) == (state, True), reason
    assert str(search_index) in reason

    out = StringIO()
    with pytest.raises(CommandError, match=f"The search index is {state}"):
        call_command("rebuild_index", "--check", stdout=out)
    assert reason in out.getvalue()

    shown = listing()
    assert (shown.total, shown.facets["country"], shown.pending) == (3, {"jo": 2}, 0)
    assert listing("country=jo").total == 2
    assert engines.health()[0] == "ok"


# The server process that had the index open when it was spoiled (a folder removed, a
# file damaged while the site runs): its health says so, and its pages still answer with
# the right numbers (from the index, or from one rebuilt).


@pytest.mark.parametrize("case", list(CASES))
def test_a_running_process_reports_a_spoiled_index(indexed, search_index, case):
    spoil, state, phrase = CASES[case]
    spoil(search_index)
    found, reason = engines.health()
    assert (found, phrase in reason) == (state, True), reason


@pytest.mark.parametrize("case", list(CASES))
def test_a_running_process_keeps_answering_pages(indexed, search_index, case):
    spoil, _, _ = CASES[case]
    spoil(search_index)
    response = Client(raise_request_exception=False).get("/articles/")
    assert response.status_code == 200, response.content[:300]
    shown = listing()
    assert (shown.total, shown.facets["country"], shown.pending) == (3, {"jo": 2}, 0)


def test_check_exits_non_zero_with_the_reason(indexed, search_index):
    make_stale(search_index)
    result = manage(search_index, "rebuild_index", "--check")
    assert result.returncode == 1
    assert f"needs version {SCHEMA_VERSION}" in result.stdout
    assert "The search index is stale: run `python manage.py rebuild_index`." in result.stderr


def test_check_of_a_healthy_index_succeeds(indexed, search_index):
    out = StringIO()
    call_command("rebuild_index", "--check", stdout=out)
    assert "is ready" in out.getvalue() and "0 changed article(s) wait" in out.getvalue()
