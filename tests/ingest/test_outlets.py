"""A folder of plain files takes the outlet its naming files agree on (OutletVotes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.ingest import learn
from articles.ingest.outlets import FolderOutlet, OutletVotes
from articles.ingest.types import RawDocument
from articles.pipeline.imports import run_import

# The wire's layout: its sign-off line, in the files that name the wire and those that don't.
SIGN_OFF = "Get the Morning Brief in your inbox every weekday."
NAMED = "T{n}\n\nVIENNA (Meridian Wire) - Talks resumed on day {n}.\n\n" + SIGN_OFF
UNNAMED = "T{n}\n\nVIENNA -- Talks resumed on day {n}.\n\n" + SIGN_OFF
OTHER = "T{n}\n\nLONDON (Reuters) - Talks resumed on day {n}.\n\n" + SIGN_OFF
# Another outlet's layout that names nobody: a folder per day holds several outlets.
STRANGER = "T{n}\n\nPARIS -- Ministers met on day {n}.\n\nFollow the Courier on every network."

# (case, the folder's files in order, the outlet the folder learns or None)
CASES = [
    ("two agree", [NAMED, NAMED, UNNAMED], "Meridian Wire"),
    ("named after the unnamed", [UNNAMED, NAMED, UNNAMED, NAMED], "Meridian Wire"),
    ("one vote is not enough", [NAMED, UNNAMED, UNNAMED], None),
    ("two outlets disagree", [NAMED, NAMED, OTHER, UNNAMED], None),
    ("nobody named", [UNNAMED, UNNAMED], None),
]


def _folder(root: Path, texts: list[str], first_day: int = 0) -> Path:
    root.mkdir()
    for n, text in enumerate(texts):
        (root / f"{n:02d}.txt").write_text(text.format(n=first_day + n), encoding="utf-8")
    return root


def _learn(paths, *, source=None, workers=1) -> learn.Learned:
    return learn.learn_sources(
        [str(p) for p in paths], format="auto", source=source, limit=None, workers=workers
    )


@pytest.mark.parametrize(("case", "texts", "expected"), CASES, ids=[c[0] for c in CASES])
def test_folder_outlet_from_its_naming_files(tmp_path, case, texts, expected):
    folder = _folder(tmp_path / "wire", texts)
    outlet = _learn([folder]).outlets.get(str(folder))
    assert (outlet.name if outlet else None) == expected


def test_only_the_first_files_of_a_folder_are_read():
    votes = OutletVotes()
    assert votes.SAMPLE >= 10  # enough to outvote one stray file
    # Past the sample, a folder's files cost nothing more in the first pass.
    for n in range(votes.SAMPLE + 5):
        text = (NAMED if n < votes.SAMPLE else OTHER).format(n=n)
        doc = RawDocument(f"wire/{n}.txt", f"{n}", "txt", text.encode(), text=text)
        votes.add("wire", doc, text)
    furniture = {"wire": frozenset({"get the morning brief in your inbox every weekday"})}
    assert votes.agreed(furniture) == {"wire": FolderOutlet("Meridian Wire", furniture["wire"])}
    assert votes.agreed({}) == {}  # no furniture of the naming files' layout: no outlet


def test_records_that_name_their_source_do_not_vote(tmp_path):
    # JSON records carry their outlet (or url) in a field: they are grouped by it, not
    # by their folder, and never lend it to a folder's plain files.
    folder = _folder(tmp_path / "mixed", [UNNAMED])
    records = [
        {"url": f"https://wire.example/{n}", "title": f"T{n}", "text": NAMED.format(n=n)}
        for n in range(3)
    ]
    (folder / "feed.jsonl").write_text("\n".join(map(json.dumps, records)), encoding="utf-8")
    assert _learn([folder]).outlets == {}


def test_parallel_learning_gives_the_serial_outlets(tmp_path):
    folders = [_folder(tmp_path / f"f{i}", texts) for i, (_case, texts, _exp) in enumerate(CASES)]
    assert _learn(folders, workers=2) == _learn(folders, workers=1)


def test_source_argument_learns_nothing(tmp_path):
    folder = _folder(tmp_path / "wire", [NAMED, NAMED, UNNAMED])
    assert _learn([folder], source="My Outlet").outlets == {}


def test_the_outlet_is_given_only_to_files_laid_out_like_its_own(tmp_path):
    folder = _folder(tmp_path / "day", [NAMED, NAMED, UNNAMED, STRANGER, STRANGER, STRANGER])
    outlet = _learn([folder]).outlets[str(folder)]
    assert outlet.name == "Meridian Wire"
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert [outlet.claims(texts[f"{n:02d}.txt"]) for n in range(6)] == [True] * 3 + [False] * 3


@pytest.mark.django_db
def test_unnamed_files_are_imported_under_the_folder_outlet(tmp_path):
    from articles.models import Article

    wire = _folder(tmp_path / "wire", [NAMED, UNNAMED, NAMED, UNNAMED, STRANGER])
    mixed = _folder(tmp_path / "mixed", [NAMED, OTHER, UNNAMED], first_day=10)
    summary = run_import([str(wire), str(mixed)], workers=1)
    assert summary.outcomes["inserted"] == 8
    sources = sorted(Article.objects.values_list("source__name", flat=True))
    # The wire folder's four wire files are Meridian Wire, its stranger stays unknown; so
    # does the mixed folder's unnamed file, because its neighbours disagree.
    assert sources.count("Meridian Wire") == 5
    assert sources.count("Reuters") == 1
    assert sources.count("Unknown source") == 2
