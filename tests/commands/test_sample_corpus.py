"""The bundled sample corpus imports as its README's expectation tables say.

The tables in articles/data/sample_corpus/README.md (title, published, dateline per record,
near-duplicate groups, broken files) are the expected output; this test reads them, so
the corpus and its documentation cannot drift apart.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from articles.models import (
    Article,
    RejectedDocument,
    Source,
)
from articles.pipeline.imports import run_import
from tests.conftest import SAMPLE_CORPUS, remove_imported_world

README = SAMPLE_CORPUS / "README.md"
FURNITURE = [
    "Dear Reader",
    "Click for full",
    "Related Content",
    "SEE ALSO",
    "Sign up",
    "Copyright ©",
    "All rights reserved",
    "photo credit",
    "Photo credit",
    "minute read",
    "ADVERTISEMENT",
    "Share this story",
    "Read more",
]


def expected_rows() -> list[dict]:
    """Return the per-article rows of the README's expectation tables."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 10 or not re.match(r"`[^`]+/[^`]+`$", cells[0]):
            continue
        rows.append(
            {
                "record": cells[0].strip("`"),
                "title": cells[1],
                "published": cells[2],
                "dateline": cells[3],
                "notes": cells[-1],
            }
        )
    return rows


ROWS = expected_rows()


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """Import the sample corpus once for this module; clean up afterwards."""
    with django_db_blocker.unblock():
        summary = run_import([str(SAMPLE_CORPUS)], workers=2)
        yield summary
        # Everything the import committed, its history rows included: later tests start
        # from an empty database.
        remove_imported_world()


def test_the_readme_tables_were_read():
    assert len(ROWS) >= 60


def test_counts_add_up(imported):
    outcomes = imported.outcomes
    assert imported.records == sum(outcomes.values())
    assert outcomes["rejected"] == 4  # two files, one JSON line, one CSV row
    assert outcomes["duplicate"] == 1  # the byte-identical repost
    assert outcomes["inserted"] == len(ROWS) - 1
    assert Source.objects.count() >= 6


@pytest.mark.django_db
def test_every_layout_folder_lands_under_its_outlet(imported):
    # Half the Meridian Wire files name no outlet ("MOSCOW --" datelines): they take the
    # one their folder's other files name. Only the two degraded wire copies in broken/,
    # a folder of mixed outlets, stay unknown.
    wire = Article.objects.filter(source__name="Meridian Wire").count()
    assert wire == sum(r["record"].startswith("txt_wire/") for r in ROWS)
    unknown = Article.objects.filter(source__name="Unknown source")
    assert sorted(unknown.values_list("title", flat=True)) == sorted(
        r["title"]
        for r in ROWS
        if r["record"] in {"broken/no_date.txt", "broken/relative_date.txt"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[r["record"] for r in ROWS])
def test_article_fields_match_the_readme(imported, row):
    article = Article.objects.filter(title=row["title"]).order_by("id").first()
    assert article is not None, f"no article titled {row['title']!r}"
    if row["published"] == "undated":
        assert article.published_at is None
    else:
        fmt = "%Y-%m-%d %H:%M" if " " in row["published"] else "%Y-%m-%d"
        expected = datetime.strptime(row["published"], fmt).replace(tzinfo=UTC)
        assert article.published_at == expected
    if row["dateline"] not in {"-", ""}:
        assert article.dateline == row["dateline"]
    for phrase in FURNITURE:
        assert phrase not in article.body, f"furniture {phrase!r} left in {row['record']}"


@pytest.mark.django_db
def test_near_duplicate_groups(imported):
    groups = {
        "A": "North Korea",
        "B": "Iran",
        "C": "Kabul",
    }
    text = README.read_text(encoding="utf-8")
    for letter in groups:
        section = text.split(f"Near-duplicate group {letter}")[1].split("* **")[0]
        titles_in_group = []
        for record in re.findall(r"^\s+\* `([^`]+)`", section, re.MULTILINE):
            row = next(r for r in ROWS if r["record"] == record)
            titles_in_group.append(row["title"])
        group_ids = {
            Article.objects.get(title=title).duplicate_group_id for title in titles_in_group
        }
        assert len(titles_in_group) == 3
        assert len(group_ids) == 1 and None not in group_ids, (letter, titles_in_group)
    grouped = Article.objects.filter(duplicate_group__isnull=False).count()
    assert grouped == 9, "only the three documented stories are near-duplicates"


@pytest.mark.django_db
def test_broken_files(imported):
    rejected = {
        r.origin.split("sample_corpus/")[-1]: r.reason for r in RejectedDocument.objects.all()
    }
    # CSV origins give the physical line where the row starts (quoted text spans lines).
    csv_row = next(o for o in rejected if o.startswith("broken/missing_title_text.csv:"))
    assert set(rejected) == {
        "broken/empty.txt",
        "broken/binary_noise.txt",
        "broken/malformed_line.jsonl:2",
        csv_row,
    }, rejected
    assert rejected["broken/empty.txt"] == "empty file"
    assert "binary" in rejected["broken/binary_noise.txt"]
    assert "malformed JSON" in rejected["broken/malformed_line.jsonl:2"]
    assert rejected[csv_row] == "no title and no body"
    latin1 = Article.objects.get(title="Nearly 200 nations adopt Paris climate agreement")
    for word in ["François Hollande", "Ségolène Royal", "Élysée", "2°C"]:
        assert word in latin1.body
