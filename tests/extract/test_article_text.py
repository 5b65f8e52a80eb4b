"""ArticleText.of: the one adapter from a parsed article or a stored row to what extraction reads."""

from datetime import UTC, date, datetime

from articles.extract.types import ArticleText
from articles.ingest.types import ParsedArticle

WHEN = datetime(2012, 4, 9, 23, 30, tzinfo=UTC)


def test_of_a_parsed_article_reads_every_field():
    parsed = ParsedArticle(
        external_id="a",
        title="T",
        body="B",
        raw_text="R",
        lede="L",
        dateline="MOSCOW",
        byline="By A",
        authors=("A",),
        published_at=WHEN,
    )
    assert ArticleText.of(parsed) == ArticleText(
        title="T",
        lede="L",
        body="B",
        published=date(2012, 4, 9),
        dateline="MOSCOW",
        byline="By A",
        authors=("A",),
    )


def test_of_a_row_leaves_missing_fields_empty_and_takes_overrides():
    row = {"id": 1, "title": "T", "lede": "L", "body": "old", "published_at": None}
    assert ArticleText.of(row) == ArticleText(title="T", lede="L", body="old")
    assert ArticleText.of(row, body="new", dateline="CAIRO") == ArticleText(
        title="T", lede="L", body="new", dateline="CAIRO"
    )
