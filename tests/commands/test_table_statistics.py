"""Import and reextract refresh the planner's statistics of the tables they changed a lot."""

from __future__ import annotations

import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.choices import CountryAliasKind
from articles.models import Article, ArticleBand, ArticleCountry
from articles.services import maintenance
from articles.services.maintenance import TableStatistics, needs_analyze
from tests.factories import CountryAliasFactory, CountryFactory

ARTICLES = Article._meta.db_table
BANDS = ArticleBand._meta.db_table
COUNTRY_MENTIONS = ArticleCountry._meta.db_table

# Words for the generated articles (invented text): random draws make bodies that are
# neither exact nor near copies of each other, each long enough to be signed (bands).
WORDS = [
    "envoys",
    "ministers",
    "delegation",
    "summit",
    "ceasefire",
    "treaty",
    "border",
    "convoy",
    "embassy",
    "harbour",
    "parliament",
    "tariff",
    "grain",
    "pipeline",
    "election",
    "monitors",
    "refugees",
    "charter",
    "accord",
    "talks",
    "mediator",
    "statement",
    "province",
    "capital",
    "sanctions",
    "agreement",
    "observers",
    "council",
    "session",
    "budget",
    "vote",
    "coalition",
    "governor",
    "reporters",
    "spokesman",
    "negotiators",
    "deadline",
    "proposal",
]


def write_corpus(folder: Path, count: int) -> Path:
    """Write ``count`` plain-text articles, each naming Jordan, into ``folder``."""
    for i in range(count):
        rng = random.Random(i)
        first = " ".join(rng.choices(WORDS, k=45))
        second = " ".join(rng.choices(WORDS, k=40))
        text = (
            f"Regional talks, day {i + 1}: {' '.join(rng.choices(WORDS, k=4))}\n\n"
            f"Monday, June {i % 28 + 1}, 2016 - 09:15\n\n"
            f"AMMAN - Jordan hosted another round on day {i + 1}: {first}.\n\n"
            f"Officials said the {second} would be discussed again.\n"
        )
        path = folder / "wire" / f"day_{i:02}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def reltuples(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


# ---------------------------------------------------------------------------- the rule

RULE_CASES = [
    # name, rows changed since the last analyze, reltuples at the last analyze, analyze?
    ("nothing changed", 0, 50_000, False),
    ("nothing changed, never analyzed", 0, -1, False),
    ("never analyzed", 1, -1, True),
    ("empty when last analyzed", 3, 0, True),
    ("three files into a million rows", 3, 1_000_000, False),
    ("a small table: under the 50-row floor", 49, 10, False),
    ("a small table: at the floor", 51, 10, True),
    ("just under 50 + 10%", 149, 1_000, False),
    ("at 50 + 10%", 150, 1_000, True),
    ("30,000 articles into 1,000", 30_000, 1_000, True),
    ("5% more on a million rows", 50_000, 1_000_000, False),
    ("10% more on a million rows", 100_050, 1_000_000, True),
]


@pytest.mark.parametrize(
    ("changed", "rows", "expected"),
    [case[1:] for case in RULE_CASES],
    ids=[case[0] for case in RULE_CASES],
)
def test_needs_analyze(changed, rows, expected):
    assert needs_analyze(changed=changed, reltuples=rows) is expected


def test_refresh_analyzes_only_the_stale_tables(monkeypatch):
    stats = [
        TableStatistics(ARTICLES, reltuples=1_000_000, changed=12),
        TableStatistics(BANDS, reltuples=-1, changed=500),
        TableStatistics(COUNTRY_MENTIONS, reltuples=2_000, changed=2_000),
    ]
    analyzed = []
    monkeypatch.setattr(maintenance, "_flush_statistics", lambda: None)
    monkeypatch.setattr(maintenance, "table_statistics", lambda names: stats)
    monkeypatch.setattr(maintenance, "_analyze", analyzed.extend)
    refresh = maintenance.table_statistics_refresh(tables=[ARTICLES, BANDS, COUNTRY_MENTIONS])
    assert analyzed == [BANDS, COUNTRY_MENTIONS]
    assert refresh.analyzed == (BANDS, COUNTRY_MENTIONS)
    assert refresh.line().startswith("Analyzed 2 tables (")


def test_the_runs_name_the_tables_they_write():
    assert {ARTICLES, BANDS, COUNTRY_MENTIONS, "articles_nearduplicategroup"} <= set(
        maintenance.IMPORT_TABLES
    )
    mentions = {f"articles_article{k}" for k in ("country", "official", "organisation", "topic")}
    assert mentions <= set(maintenance.IMPORT_TABLES)
    assert mentions | {ARTICLES} <= set(maintenance.REEXTRACT_TABLES)
    assert BANDS not in maintenance.REEXTRACT_TABLES


@pytest.mark.parametrize("name", ["pg_class", "articles_article; DROP TABLE auth_user", ""])
def test_only_model_tables_are_analyzed(name):
    with pytest.raises(ValueError, match="Not the table of a model"):
        maintenance.analyze_tables([ARTICLES, name])


# ------------------------------------------------------------------ on PostgreSQL


@pytest.mark.django_db
def test_changes_of_an_open_transaction_are_counted():
    maintenance.analyze_tables([BANDS])
    ArticleBand.objects.bulk_create(ArticleBand(article_id=1, band=b) for b in range(7))
    (stats,) = maintenance.table_statistics([BANDS])
    assert stats.changed >= 7


@pytest.mark.django_db
def test_import_analyzes_the_tables_it_filled(tmp_path):
    # Analyzed while empty: without a new ANALYZE the planner would go on believing so.
    maintenance.analyze_tables([ARTICLES, BANDS])
    assert reltuples(ARTICLES) == 0
    out = StringIO()
    call_command(
        "import_corpus", str(write_corpus(tmp_path, 12)), workers=1, verbosity=2, stdout=out
    )
    assert Article.objects.count() == 12
    assert reltuples(ARTICLES) == 12
    assert reltuples(BANDS) == ArticleBand.objects.count() > 12
    assert "Analyzed " in out.getvalue() and ARTICLES in out.getvalue()


@pytest.mark.django_db
def test_reextract_analyzes_the_mentions_it_wrote(tmp_path):
    call_command("import_corpus", str(write_corpus(tmp_path, 12)), workers=1)
    assert not ArticleCountry.objects.exists()  # no gazetteer at import: nothing tagged
    jordan = CountryFactory(iso2="JO", name="Jordan", slug="jordan")
    CountryAliasFactory(country=jordan, alias="Jordan", kind=CountryAliasKind.NAME)
    maintenance.analyze_tables([COUNTRY_MENTIONS])
    assert reltuples(COUNTRY_MENTIONS) == 0
    out = StringIO()
    call_command("reextract", workers=1, verbosity=2, stdout=out)
    assert ArticleCountry.objects.count() == 12
    assert reltuples(COUNTRY_MENTIONS) == 12
    assert COUNTRY_MENTIONS in out.getvalue()
