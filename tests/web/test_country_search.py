"""The country search box over the committed gazetteer: former and alternative names find
their country, an ambiguous name lists every candidate (most covered first), and only a
text that names one country opens its page.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import ArticleCountry, Country
from articles.search.indexing import sync
from articles.selectors import pages as reads
from articles.services.reference import DATA_DIR, reference_load
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gazetteer(tmp_path):
    """The committed countries and their aliases (no officials, organisations or topics)."""
    shutil.copy(DATA_DIR / "countries.json", tmp_path / "countries.json")
    for name in ("organisations.json", "topics.json"):
        (tmp_path / name).write_text("[]", encoding="utf-8")
    (tmp_path / "officials.jsonl").write_text("", encoding="utf-8")
    reference_load(data_dir=tmp_path)


def cover(iso2: str, n: int) -> None:
    """Give a country ``n`` articles that mention it."""
    country = Country.objects.get(iso2=iso2)
    for _ in range(n):
        article = ArticleFactory(published_at=datetime(2014, 3, 1, tzinfo=UTC))
        ArticleCountry.objects.create(
            article=article, country=country, published_at=article.published_at
        )


# text typed, the country whose page opens
REDIRECTS = [
    ("Kiev", "ua"),
    ("kyiv", "ua"),
    ("Peking", "cn"),
    ("Bombay", "in"),
    ("Madras", "in"),
    ("Calcutta", "in"),
    ("Rangoon", "mm"),
    ("Saigon", "vn"),
    ("Dacca", "bd"),
    ("Ceylon", "lk"),
    ("Burma", "mm"),
    ("Swaziland", "sz"),
    ("Zaire", "cd"),
    ("Siam", "th"),
    ("Persia", "ir"),
    ("Alma-Ata", "kz"),
    ("DPRK", "kp"),
    ("Syrian", "sy"),
    ("syr", "sy"),
    ("Niger", "ne"),
    ("Georgia", "ge"),
    ("  north   korea ", "kp"),
]


@pytest.mark.parametrize(("text", "iso2"), REDIRECTS, ids=[t for t, _ in REDIRECTS])
def test_a_name_of_one_country_opens_its_page(client, gazetteer, text, iso2):
    response = client.get("/countries/", {"q": text})
    assert response.status_code == 302
    assert response["Location"] == f"/countries/{iso2}/"


# text typed, the candidates listed (in order: most covered first), as ISO codes
CHOICES = [
    ("Korea", ["kr", "kp"]),
    ("Korean", ["kr", "kp"]),
    ("Congo", ["cd", "cg"]),
    ("Congolese", ["cd", "cg"]),
    ("nige", ["ng", "ne"]),
]


@pytest.mark.parametrize(("text", "expected"), CHOICES, ids=[t for t, _ in CHOICES])
def test_an_ambiguous_name_lists_every_candidate_most_covered_first(
    client, gazetteer, text, expected
):
    cover("KR", 3)
    cover("KP", 1)
    cover("CD", 2)
    cover("NG", 2)
    response = client.get("/countries/", {"q": text})
    assert response.status_code == 200
    assert [h.country.iso2.lower() for h in response.context["hits"]][: len(expected)] == expected
    html = response.content.decode()
    assert "Several countries match: the most covered first." in html
    first = response.context["hits"][0]
    if first.article_count:
        n = first.article_count
        assert f'href="/articles/?country={expected[0]}"' in html
        assert f">{n} article{'s' if n > 1 else ''}</a>" in html


def test_congo_no_longer_opens_the_republic_of_the_congo(client, gazetteer):
    cover("CD", 5)
    hits = client.get("/countries/", {"q": "Congo"}).context["hits"]
    assert [(h.country.iso2, h.article_count) for h in hits[:2]] == [("CD", 5), ("CG", 0)]


@pytest.mark.parametrize(
    "text", ["(", "a.b", "[x", "\\", "*", "Côte", "%", "_", "o'", "\x00", "x" * 300]
)
def test_odd_text_never_fails(client, gazetteer, text):
    assert client.get("/countries/", {"q": text}).status_code in (200, 302)


def test_search_reads_three_queries(gazetteer, django_assert_max_num_queries):
    sync(wait=True)  # the counts come from the index (as its lists'), then kept
    reads.country_search(text="Korea")
    # Its countries, their aliases, and the index's check that it holds every change.
    with django_assert_max_num_queries(3):
        hits = reads.country_search(text="Korea")
    assert {h.country.iso2 for h in hits} >= {"KR", "KP"}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40))
def test_no_search_text_is_a_server_error(client, gazetteer, text):
    assert client.get("/countries/", {"q": text}).status_code in (200, 302)
