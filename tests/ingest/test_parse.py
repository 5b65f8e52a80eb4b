"""Tests for articles.ingest.parse and its helpers (dates, bylines): tables and golden files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.ingest import boilerplate
from articles.ingest.bylines import parse_authors, split_dateline
from articles.ingest.dates import match_date_line, parse_date
from articles.ingest.parse import parse_document
from articles.ingest.types import RawDocument, RejectedRecord
from tests.conftest import SHARED, shared_path
from tests.texts import FURNITURE_PHRASES

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
CORPUS = SHARED / "corpus"
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def txt(text: str, external_id: str = "a.txt") -> RawDocument:
    """Return a txt RawDocument for ``text``."""
    return RawDocument(
        origin=external_id, external_id=external_id, format="txt", raw=text.encode(), text=text
    )


def record(fields: dict[str, str], external_id: str = "1") -> RawDocument:
    """Return a structured RawDocument for ``fields``."""
    return RawDocument(
        origin=external_id, external_id=external_id, format="jsonl", raw=b"{}", fields=fields
    )


def summary(article) -> dict:
    """Return the fields a golden file pins down, JSON-ready."""
    return {
        "title": article.title,
        "lede": article.lede,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "dateline": article.dateline,
        "byline": article.byline,
        "authors": list(article.authors),
        "url": article.url,
        "source_name": article.source_name,
        "source_domain": article.source_domain,
        "body": article.body,
        "warnings": list(article.warnings),
    }


# --- dates -----------------------------------------------------------------------------

DATE_LINES = [
    ("month day year time", "April 9, 2012 12:24", datetime(2012, 4, 9, 12, 24, tzinfo=UTC)),
    ("weekday and dash", "Monday, April 9, 2012 - 12:24", datetime(2012, 4, 9, 12, 24, tzinfo=UTC)),
    ("abbreviated pm", "Apr. 9, 2012 / 12:24 PM", datetime(2012, 4, 9, 12, 24, tzinfo=UTC)),
    ("updated label", "Updated: 2017-09-15 17:52", datetime(2017, 9, 15, 17, 52, tzinfo=UTC)),
    (
        "agency and updated",
        "Xinhua | Updated: 2017-09-15 17:52",
        datetime(2017, 9, 15, 17, 52, tzinfo=UTC),
    ),
    ("day month year", "9 April 2012", datetime(2012, 4, 9, tzinfo=UTC)),
    ("wikinews weekday", "Friday, January 4, 2019\xa0", datetime(2019, 1, 4, tzinfo=UTC)),
    ("published on", "Published on Sept. 20, 2016", datetime(2016, 9, 20, tzinfo=UTC)),
    ("day first numeric", "25/04/2012", datetime(2012, 4, 25, tzinfo=UTC)),
    ("month first numeric", "04/25/2012", datetime(2012, 4, 25, tzinfo=UTC)),
    (
        "zone abbreviation",
        "April 9, 2012 12:24 EST",
        datetime(2012, 4, 9, 12, 24, tzinfo=timezone(timedelta(hours=-5))),
    ),
    ("twelve am", "April 9, 2012 12:05 a.m.", datetime(2012, 4, 9, 0, 5, tzinfo=UTC)),
    ("ambiguous numeric", "09/04/2012", None),
    ("impossible offset", "April 9, 2012 12:24 +9999", datetime(2012, 4, 9, 12, 24, tzinfo=UTC)),
    ("impossible day", "February 30, 2012", None),
    ("prose is not a date line", "On April 9, 2012 the talks began.", "no match"),
    ("relative", "2 hours ago", "no match"),
]


@pytest.mark.parametrize(("name", "line", "expected"), DATE_LINES, ids=[c[0] for c in DATE_LINES])
def test_match_date_line(name, line, expected):
    result = match_date_line(line)
    if expected == "no match":
        assert result is None
    else:
        assert result is not None
        assert result.value == expected
        assert result.value is None or result.value.tzinfo is not None


DATE_FIELDS = [
    ("iso date", "2016-09-20", datetime(2016, 9, 20, tzinfo=UTC), ""),
    ("iso naive", "2017-09-15T00:00:00", datetime(2017, 9, 15, tzinfo=UTC), ""),
    (
        "iso offset",
        "2018-01-10T22:25:00+03:00",
        datetime(2018, 1, 10, 19, 25, tzinfo=UTC),
        "",
    ),
    ("iso zulu", "2018-01-10T22:25:00Z", datetime(2018, 1, 10, 22, 25, tzinfo=UTC), ""),
    ("rfc 2822", "Mon, 09 Apr 2012 12:24:00 +0000", datetime(2012, 4, 9, 12, 24, tzinfo=UTC), ""),
    ("us short year", "9/28/16", datetime(2016, 9, 28, tzinfo=UTC), ""),
    ("ambiguous short year", "9/6/17", None, "ambiguous"),
    ("too old", "0001-11-30", None, "absurd date"),
    ("future", "2050-09-30", None, "absurd date"),
    ("before 1900", "1850-01-01", None, "absurd date"),
    ("yesterday", "yesterday", None, "relative date"),
    ("hours ago", "2 hours ago", None, "relative date"),
    ("empty", "", None, ""),
    ("null", "None", None, ""),
    ("junk", "soon", None, "unparsed"),
]


@pytest.mark.parametrize(
    ("name", "value", "expected", "warning"), DATE_FIELDS, ids=[c[0] for c in DATE_FIELDS]
)
def test_parse_date(name, value, expected, warning):
    result = parse_date(value, now=NOW)
    assert result.value == expected
    assert warning in result.warning
    if result.value is not None:
        assert result.value.tzinfo is not None


def test_relative_date_line_leaves_article_undated():
    article = parse_document(txt("Talks resume\n\n3 hours ago\n\nDiplomats met again."))
    assert article.published_at is None
    assert any("relative" in w for w in article.warnings)
    assert "3 hours ago" not in article.body


def test_absurd_date_line_is_dropped_with_warning():
    article = parse_document(txt("Talks resume\n\nJanuary 1, 2099 10:00\n\nDiplomats met."))
    assert article.published_at is None
    assert any(w.startswith("absurd date") for w in article.warnings)


def test_first_date_line_wins_over_related_teaser():
    text = (
        "Talks resume\n\nMay 2, 2013 08:00\n\nDiplomats met again on Thursday.\n\n"
        "Related Content\n\nNovember 12, 2018\nAnother story"
    )
    assert parse_document(txt(text)).published_at == datetime(2013, 5, 2, 8, 0, tzinfo=UTC)


def test_teaser_date_is_not_taken_when_article_is_undated():
    text = (
        "Talks resume\n\nDiplomats met again on Thursday.\n\nRelated Content\n\nNovember 12, 2018"
    )
    assert parse_document(txt(text)).published_at is None


# --- datelines and bylines ----------------------------------------------------------------

DATELINES = [
    ("hyphen", "MOSCOW - A diplomat said.", "MOSCOW", "", "A diplomat said."),
    ("en dash", "MOSCOW – A diplomat said.", "MOSCOW", "", "A diplomat said."),
    ("double hyphen", "BEIJING -- China said.", "BEIJING", "", "China said."),
    ("ap", "GRAYS, England (AP) — Police said.", "GRAYS, England", "AP", "Police said."),
    ("reuters", "WASHINGTON (Reuters) - The U.S. said.", "WASHINGTON", "Reuters", "The U.S. said."),
    (
        "date in dateline",
        "UNITED NATIONS, Sept 20 (Reuters) - Envoys met.",
        "UNITED NATIONS",
        "Reuters",
        "Envoys met.",
    ),
    ("two cities", "SEOUL/WASHINGTON (Reuters) - Talks.", "SEOUL/WASHINGTON", "Reuters", "Talks."),
    ("title case with wire", "Brussels (AFP) - Europe said.", "Brussels", "AFP", "Europe said."),
    ("agency only", "(CNN) — The talks began.", "", "CNN", "The talks began."),
    ("no dateline", "The talks began - again.", "", "", "The talks began - again."),
    (
        "label is not a place",
        "EXCLUSIVE - The talks began.",
        "",
        "",
        "EXCLUSIVE - The talks began.",
    ),
    (
        "after a caption",
        "Delegates arrive for talks\n\nGENEVA (AP) — Talks began.",
        "GENEVA",
        "AP",
        "Talks began.",
    ),
]


@pytest.mark.parametrize(
    ("name", "body", "dateline", "agency", "rest"), DATELINES, ids=[c[0] for c in DATELINES]
)
def test_split_dateline(name, body, dateline, agency, rest):
    got_rest, got_dateline, got_agency, _ = split_dateline(body)
    assert (got_dateline, got_agency, got_rest) == (dateline, agency, rest)


BYLINES = [
    ("single", "By Jane Doe", ("Jane Doe",)),
    ("two and agency", "By Jane Doe and John Roe, Reuters", ("Jane Doe", "John Roe")),
    ("capitals", "BY JANE DOE, Associated Press", ("Jane Doe",)),
    ("comma list", "Jessica Example, Matthew Sample", ("Jessica Example", "Matthew Sample")),
    ("for outlet", "Daniel Example For Dailymail.Com", ("Daniel Example",)),
    ("staff", "Sports Staff", ()),
    ("particle", "Ahmed al Example", ("Ahmed al Example",)),
    ("empty", "", ()),
]


@pytest.mark.parametrize(("name", "byline", "authors"), BYLINES, ids=[c[0] for c in BYLINES])
def test_parse_authors(name, byline, authors):
    assert parse_authors(byline) == authors


def test_byline_line_in_text_layout():
    text = "Talks resume\n\nBy Jane Doe and John Roe, Reuters\n\nMay 2, 2013\n\nDiplomats met."
    article = parse_document(txt(text))
    assert (article.byline, article.authors) == (
        "Jane Doe and John Roe, Reuters",
        ("Jane Doe", "John Roe"),
    )
    assert article.body == "Diplomats met."


def test_by_the_end_is_not_a_byline():
    text = "Talks resume\n\nBy the end of the day the envoys had left.\n\nMore talks are due."
    article = parse_document(txt(text))
    assert article.byline == ""
    assert article.body.startswith("By the end of the day")


# --- layouts --------------------------------------------------------------------------------

LAYOUTS = [
    (
        "title blank body has no lede",
        "Council backs bridge\n\nPlans were approved on Monday.\n\nWork starts in spring.",
        {"title": "Council backs bridge", "lede": "", "body_start": "Plans were approved"},
    ),
    (
        "lede before date line",
        "Council backs bridge\n\nVote ends long dispute.\n\nMay 2, 2013\n\nPlans were approved.",
        {"title": "Council backs bridge", "lede": "Vote ends long dispute.", "body_start": "Plans"},
    ),
    (
        "date line straight after title",
        "Council backs bridge\nMay 2, 2013\nPlans were approved.",
        {"title": "Council backs bridge", "lede": "", "body_start": "Plans were approved."},
    ),
    (
        "speech without headline",
        "Mr. President,\nIt is an honour to address the Assembly.\nI thank you.",
        {"title": "", "lede": "", "body_start": "Mr. President,"},
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_text_layouts(name, text, expected):
    article = parse_document(txt(text))
    got = {"title": article.title, "lede": article.lede, "body_start": ""}
    got["body_start"] = article.body[: len(expected["body_start"])]
    assert got == expected


REJECTS = [
    ("empty text", txt("  \n\n "), "empty text"),
    ("reader error", RawDocument("o", "x", "txt", b"\x00", error="binary file"), "binary file"),
    ("no title no body", record({"title": "", "text": "", "url": "http://x"}), "no title"),
    ("null fields", record({"title": "None", "content": "null"}), "no title"),
]


@pytest.mark.parametrize(("name", "doc", "reason"), REJECTS, ids=[c[0] for c in REJECTS])
def test_rejected_records(name, doc, reason):
    with pytest.raises(RejectedRecord, match=reason):
        parse_document(doc)


# --- structured records ---------------------------------------------------------------------

FIELD_SETS = [
    (
        "allsides",
        {
            "ID": "x1",
            "topic": "world",
            "source": "Example News",
            "source_url": "www.example.com",
            "url": "https://www.example.com/a/1",
            "date": "2016-09-20",
            "authors": "Jane Doe, John Roe",
            "title": "T",
            "content_original": "Body text.",
            "bias_text": "center",
        },
        {
            "title": "T",
            "body": "Body text.",
            "url": "https://www.example.com/a/1",
            "source_name": "Example News",
            "source_domain": "example.com",
            "authors": ("Jane Doe", "John Roe"),
            "published_at": datetime(2016, 9, 20, tzinfo=UTC),
            "extra": {"ID": "x1", "topic": "world", "bias_text": "center"},
        },
    ),
    (
        "giveme5w1h",
        {
            "url": "http://www.example.org/news/1",
            "source_domain": "www.example.org",
            "title": "T",
            "date_publish": "2017-12-30 08:31:00",
            "description": "The lede.",
            "text": "T\nBody text.",
            "authors": '["Jane Doe", "Www.Example.Org", "Author"]',
        },
        {
            "title": "T",
            "body": "Body text.",
            "url": "http://www.example.org/news/1",
            "source_name": "example.org",
            "source_domain": "example.org",
            "authors": ("Jane Doe",),
            "published_at": datetime(2017, 12, 30, 8, 31, tzinfo=UTC),
            "lede": "The lede.",
        },
    ),
    (
        "wikinews",
        {
            "url": "https://en.wikinews.org//wiki/T",
            "date": "2019-01-04",
            "title": "T",
            "text": "Friday, January 4, 2019\xa0\n\n\nBody text.",
        },
        {
            "title": "T",
            "body": "Body text.",
            "source_name": "en.wikinews.org",
            "published_at": datetime(2019, 1, 4, tzinfo=UTC),
        },
    ),
    (
        "generic names",
        {
            "id": "7",
            "headline": "T",
            "body": "Body text.",
            "published": "Mon, 09 Apr 2012 12:24:00 +0000",
            "outlet": "Example Times",
            "author": "By Jane Doe",
            "summary": "S.",
        },
        {
            "title": "T",
            "body": "Body text.",
            "source_name": "Example Times",
            "authors": ("Jane Doe",),
            "lede": "S.",
            "published_at": datetime(2012, 4, 9, 12, 24, tzinfo=UTC),
        },
    ),
    (
        "other text names",
        {"title": "T", "maintext": "Body text.", "pubdate": "2015-05-12", "lede": "L."},
        {"body": "Body text.", "lede": "L.", "published_at": datetime(2015, 5, 12, tzinfo=UTC)},
    ),
    (
        "content and published_at",
        {"title": "T", "content": "Body text.", "published_at": "2015-05-12T10:00:00+00:00"},
        {"body": "Body text.", "published_at": datetime(2015, 5, 12, 10, tzinfo=UTC)},
    ),
    (
        "text date used when field is empty",
        {"title": "T", "text": "T\nXinhua | Updated: 2017-09-15 17:52\nBody.", "date": ""},
        {"body": "Body.", "published_at": datetime(2017, 9, 15, 17, 52, tzinfo=UTC)},
    ),
    (
        "malformed url",
        {"title": "T", "text": "Body.", "url": "http://[abc/x"},
        {"url": "http://[abc/x", "source_domain": None},
    ),
    (
        "source_url with a path is the article",
        {"title": "T", "text": "Body.", "source_url": "https://example.net/story/9"},
        {"url": "https://example.net/story/9", "source_domain": "example.net"},
    ),
]


@pytest.mark.parametrize(("name", "fields", "expected"), FIELD_SETS, ids=[c[0] for c in FIELD_SETS])
def test_field_name_mapping(name, fields, expected):
    article = parse_document(record(fields))
    got = {key: getattr(article, key) for key in expected}
    assert got == expected


def test_structured_fields_win_but_text_is_still_parsed():
    fields = {
        "title": "Ministry urges restraint",
        "date_publish": "2017-09-15T00:00:00",
        "text": "Ministry urges restraint\nXinhua | Updated: 2017-09-15 17:52\n"
        "BEIJING -- The ministry spoke.\nIt said more.",
    }
    article = parse_document(record(fields))
    assert article.published_at == datetime(2017, 9, 15, tzinfo=UTC)
    assert article.dateline == "BEIJING"
    assert article.body == "The ministry spoke.\n\nIt said more."


# --- source guessing ------------------------------------------------------------------------

SOURCES = [
    ("reuters dateline", "T\n\nLONDON (Reuters) - Text.", None, "Reuters"),
    ("ap dateline", "T\n\nGRAYS, England (AP) — Text.", None, "Associated Press"),
    (
        "jpost promo",
        "T\n\nText.\n\nClick for full JPost coverage\n\nMore text.",
        None,
        "The Jerusalem Post",
    ),
    (
        "copyright line",
        "T\n\nText.\n\nCopyright © 2016 The Example Times, LLC.",
        None,
        "The Example Times",
    ),
    (
        "own section promo",
        "T\n\nText.\n\nClick for full Harbour Gazette coverage\n\nMore text.",
        None,
        "Harbour Gazette",
    ),
    (
        "staff photo credit",
        "T\n\nA quay at dawn. (photo credit: Ana Lima/The Harbour Gazette)\n\nText.",
        None,
        "The Harbour Gazette",
    ),
    ("argument wins", "T\n\nLONDON (Reuters) - Text.", "My Outlet", "My Outlet"),
    ("outlet in prose is not furniture", "T\n\nThe Jerusalem Post reported it.", None, None),
    ("nothing", "T\n\nText.", None, None),
]


@pytest.mark.parametrize(
    ("name", "text", "source", "expected"), SOURCES, ids=[c[0] for c in SOURCES]
)
def test_source_guessing(name, text, source, expected):
    assert parse_document(txt(text), source=source).source_name == expected


def test_learned_furniture_is_removed():
    text = "T\n\nBody one.\n\nOur app is free in every store today\n\nBody two."
    learned = frozenset({boilerplate.paragraph_key("Our app is free in every store today")})
    assert parse_document(txt(text), learned_furniture=learned).body == "Body one.\n\nBody two."


# --- golden files ---------------------------------------------------------------------------


def golden_cases() -> list[Path]:
    """Return every golden input (a .txt text or a .json record)."""
    return sorted(
        p
        for p in GOLDEN.iterdir()
        if p.suffix in {".txt", ".json"} and not p.name.endswith(".expected.json")
    )


@pytest.mark.parametrize("path", golden_cases(), ids=lambda p: p.stem)
def test_golden(path):
    if path.suffix == ".txt":
        doc = txt(path.read_text(encoding="utf-8"), external_id=path.name)
    else:
        doc = record(json.loads(path.read_text(encoding="utf-8")), external_id=path.name)
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert summary(parse_document(doc)) == expected


# --- the seed -------------------------------------------------------------------------------


@pytest.fixture
def seed_article():
    seed = shared_path("seeds", "000_6137c64db4d1fcfb.txt")
    return parse_document(txt(seed.read_text(encoding="utf-8"), external_id=seed.name))


def test_seed_header(seed_article):
    assert seed_article.title == "Russia, China increase push to end Syria violence"
    assert seed_article.lede.startswith("Syrian FM travels to Moscow")
    assert seed_article.published_at == datetime(2012, 4, 9, 12, 24, tzinfo=UTC)
    assert seed_article.dateline == "MOSCOW"
    assert seed_article.source_name == "The Jerusalem Post"


def test_seed_body(seed_article):
    body = seed_article.body
    assert body.startswith("A Russian diplomat said on Monday")
    assert body.endswith("outside the former Soviet Union.")
    for furniture in (
        "Dear Reader",
        "Be the first to know",
        "Click for full JPost coverage",
        "Join Jerusalem Post Premium",
        "Related Content",
        "Can Saudi Arabia compete",
        "November 12, 2018",
        "Ronit Hasin-Hochman",
        "Yaakov Katz",
        "photo credit",
        "minute read",
    ):
        assert furniture not in body


# --- the real corpora -----------------------------------------------------------------------


def _fields(raw: dict) -> dict[str, str]:
    return {
        k: json.dumps(v) if isinstance(v, list) else str(v) for k, v in raw.items() if v is not None
    }


def _jsonl(name: str, date_field: str):
    with gzip.open(CORPUS / name, "rt", encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            fields = _fields(json.loads(line))
            yield record(fields, f"{name}:{line_no}"), fields.get(date_field, "").strip()


def _wikinews():
    with gzip.open(CORPUS / "wikinews.csv.gz", "rb") as raw:
        for row_no, row in enumerate(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")), 1):
            yield record(row, f"wikinews:{row_no}"), row["date"].strip()


def _tar_texts(name: str):
    with tarfile.open(CORPUS / name) as archive:
        for member in archive:
            base = member.name.rsplit("/", 1)[-1]
            if (
                member.isfile()
                and base.endswith(".txt")
                and not base.startswith("._")
                and (base != "README.TXT")
            ):
                data = archive.extractfile(member).read()
                yield txt(data.decode("utf-8", errors="replace"), f"{name}!{member.name}"), ""


CORPORA = {
    "giveme5w1h-raw": lambda: _jsonl("giveme5w1h-raw.jsonl.gz", "date_publish"),
    "allsides-diplomatic": lambda: _jsonl("allsides-diplomatic.jsonl.gz", "date"),
    "wikinews": _wikinews,
    "bbc-fulltext": lambda: _tar_texts("bbc-fulltext.tar.gz"),
    "un-speeches": lambda: _tar_texts("un-speeches.tar.gz"),
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", list(CORPORA))
def test_corpus(name):
    shared_path("corpus")
    carrying = dated = parsed = 0
    leftovers: list[str] = []
    for doc, date_value in CORPORA[name]():
        try:
            article = parse_document(doc)
        except RejectedRecord:
            continue
        parsed += 1
        if date_value:
            carrying += 1
            dated += article.published_at is not None
        leftovers += [f"{doc.external_id}: {p}" for p in FURNITURE_PHRASES if p in article.body]
    assert parsed > 0
    assert dated >= 0.99 * carrying, f"{dated}/{carrying} dated"
    assert leftovers == []


# (field, value as imported, value stored): control and bidi formatting characters go from
# what pages show; the raw text keeps them.
HIDDEN = [
    ("title", "Envoys meet\x01 in Geneva", "Envoys meet in Geneva"),
    ("title", "Talks \u202eesrever\u202c resume", "Talks esrever resume"),
    ("title", "A \u2067quoted\u2069 name and \u200fmarks\u200e", "A quoted name and marks"),
    ("title", "Bell\x07 and escape\x1b[31m", "Bell and escape[31m"),
    ("title", "Arabic مرحبا and Hebrew שלום stay", "Arabic مرحبا and Hebrew שלום stay"),
    ("source", "Wire\u202e Service", "Wire Service"),
    ("author", "Jane\x08 Roe", "Jane Roe"),
]


@pytest.mark.parametrize(("field", "value", "stored"), HIDDEN)
def test_control_and_bidi_characters_never_reach_what_pages_show(field, value, stored):
    fields = {"title": "Envoys meet", "text": "The envoys met for three hours in the capital."}
    fields[field] = value
    parsed = parse_document(record(fields))
    shown = {"title": parsed.title, "source": parsed.source_name, "author": parsed.byline}
    assert shown[field] == stored


def test_control_characters_leave_the_body_and_stay_in_the_raw_text():
    text = "The envoys\x01 met for \u202ethree\u202c hours in the capital.\x1b"
    parsed = parse_document(record({"title": "Envoys meet", "text": text}))
    assert parsed.body == "The envoys met for three hours in the capital."
    assert parsed.raw_text == text
