"""COPY text formatting of mention rows: every value type, escaping only where needed."""

from datetime import UTC, datetime

import pytest

from articles.choices import Origin
from articles.services.mentions import _copy_value

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
    assert _copy_value(value) == expected
