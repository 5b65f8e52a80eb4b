"""COPY text: values (every type, escaping only where needed) and streamed pieces."""

from datetime import UTC, datetime

import pytest

from articles.choices import Origin
from articles.ingest import mention_rows
from articles.ingest.copy_text import ChunkReader, copy_unescape, copy_value

CASES = [
    ("none", None, "\\N"),
    ("true", True, "t"),
    ("false", False, "f"),
    ("int", 42, "42"),
    ("float", 0.75, "0.75"),
    ("plain text", "Sergey Lavrov", "Sergey Lavrov"),
    ("tab newline cr", "a\tb\nc\rd", "a\\tb\\nc\\rd"),
    ("backslash first", "C:\\N\t", "C:\\\\N\\t"),
    ("choice member", Origin.AUTOMATIC, "automatic"),
    ("datetime", datetime(2012, 4, 9, 12, 24, tzinfo=UTC), "2012-04-09T12:24:00+00:00"),
]


@pytest.mark.parametrize(("name", "value", "expected"), CASES, ids=[c[0] for c in CASES])
def test_copy_value(name, value, expected):
    assert copy_value(value) == expected
    if isinstance(value, str):
        assert copy_unescape(copy_value(value)) == value


def test_mention_rows_write_the_automatic_origin():
    # The pure layer names the value itself: it may not import articles.choices.
    assert mention_rows.AUTOMATIC == Origin.AUTOMATIC


READER_CASES = [
    ("one piece", [b"1\tx\n"], [b"1\tx\n"]),
    (
        "pieces kept whole",
        [b"1\t", b"a long body\n", b"2\tb\n"],
        [b"1\t", b"a long body\n", b"2\tb\n"],
    ),
    ("empty pieces skipped", [b"", b"1\t", b"", b"x\n", b""], [b"1\t", b"x\n"]),
    ("nothing", [], []),
]


@pytest.mark.parametrize(
    ("name", "pieces", "reads"), READER_CASES, ids=[c[0] for c in READER_CASES]
)
def test_chunk_reader_returns_each_non_empty_piece_then_end(name, pieces, reads):
    reader = ChunkReader(pieces)
    got = []
    while chunk := reader.read(8192):
        got.append(chunk)
    assert got == reads
    assert reader.read(8192) == b""  # stays at the end


@pytest.mark.django_db
def test_chunk_reader_streams_a_copy_with_an_empty_piece_in_the_middle():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE copy_probe (n integer, body text)")
        cursor.cursor.copy_expert(
            "COPY copy_probe (n, body) FROM STDIN",
            ChunkReader([b"1\t", b"first body\n", b"", b"2\t", b"second\\tbody\n"]),
        )
        cursor.execute("SELECT n, body FROM copy_probe ORDER BY n")
        assert cursor.fetchall() == [(1, "first body"), (2, "second\tbody")]
