"""An article's date shows its time only when one is known (midnight: none recorded)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import override_settings

from articles.templatetags.dates import published
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2020, 1, 16, tzinfo=UTC), "16 January 2020"),
        (datetime(2020, 1, 16, 14, 5, tzinfo=UTC), "16 January 2020, 14:05"),
        (datetime(2020, 1, 16, 0, 0, 30, tzinfo=UTC), "16 January 2020, 00:00"),
        (datetime(2020, 1, 16, 0, 1, tzinfo=UTC), "16 January 2020, 00:01"),
        (datetime(2020, 1, 16), "16 January 2020"),  # noqa: DTZ001 - a naive value too
        (None, ""),
        ("2020-01-16", ""),
    ],
)
@override_settings(TIME_ZONE="UTC")
def test_published_table(value, expected):
    assert published(value) == expected


@override_settings(TIME_ZONE="UTC")
def test_the_article_page_says_no_midnight(client):
    day_only = ArticleFactory(title="Day only", published_at=datetime(2020, 1, 16, tzinfo=UTC))
    timed = ArticleFactory(title="Timed", published_at=datetime(2020, 1, 16, 9, 30, tzinfo=UTC))
    html = client.get(day_only.get_absolute_url()).content.decode()
    assert '<time datetime="2020-01-16T00:00:00+00:00">16 January 2020</time>' in html
    assert "00:00</time>" not in html
    html = client.get(timed.get_absolute_url()).content.decode()
    assert ">16 January 2020, 09:30</time>" in html
