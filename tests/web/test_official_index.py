"""The officials index: most covered first with exact counts, sorted by name on request,
filtered by country (nationality or a post for it) and kind of post; every state a
permalink; bad values ignored with a message; a bounded number of queries.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import ArticleOfficial
from articles.search.indexing import sync
from articles.selectors.pages import officials as officials_module
from tests.factories import AppointmentFactory, ArticleFactory, CountryFactory, OfficialFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2014, 2, 1, tzinfo=UTC)


def cover(official, n: int, *, suppressed: int = 0) -> None:
    for i in range(n + suppressed):
        article = ArticleFactory(published_at=DAY)
        ArticleOfficial.objects.create(
            article=article,
            official=official,
            raw_name=official.name,
            published_at=DAY,
            suppressed=i >= n,
        )


@pytest.fixture
def people():
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    russia = CountryFactory(iso2="RU", iso3="RUS", name="Russia", slug="russia")
    un = CountryFactory(iso2="US", iso3="USA", name="United States", slug="united-states")
    made = {}
    # slug, nationality, posts (kind, post title, country), articles
    for slug, nationality, posts, n in [
        ("bashar-assad", syria, [("head_of_state", "President", syria)], 5),
        ("walid-mouallem", syria, [("foreign_minister", "Foreign Minister", syria)], 7),
        ("sergey-lavrov", russia, [("foreign_minister", "Foreign Minister", russia)], 9),
        ("bashar-jaafari", None, [("ambassador", "Ambassador to the UN", syria)], 2),
        ("maria-zakharova", russia, [("spokesperson", "Spokeswoman", russia)], 1),
        ("aaron-obscure", un, [("minister", "Minister of Fisheries", un)], 0),
        ("no-post-at-all", None, [], 3),
    ]:
        name = slug.replace("-", " ").title()
        official = OfficialFactory(name=name, slug=slug, nationality=nationality)
        for kind, post, country in posts:
            AppointmentFactory(official=official, post=post, post_kind=kind, country=country)
        cover(official, n, suppressed=1)
        made[slug] = official
    OfficialFactory(name="Candidate Person", slug="candidate-person", status="candidate")
    merged = OfficialFactory(
        name="Old Duplicate", slug="old-duplicate", merged_into=made["sergey-lavrov"]
    )
    cover(merged, 0)
    sync(wait=True)
    return made


def slugs(response) -> list[str]:
    return [o.slug for o in response.context["page"].object_list]


# query string, the officials listed in order
CASES = [
    (
        "",
        [
            "sergey-lavrov",
            "walid-mouallem",
            "bashar-assad",
            "no-post-at-all",
            "bashar-jaafari",
            "maria-zakharova",
            "aaron-obscure",
        ],
    ),
    (
        "sort=name",
        [
            "aaron-obscure",
            "bashar-assad",
            "bashar-jaafari",
            "maria-zakharova",
            "no-post-at-all",
            "sergey-lavrov",
            "walid-mouallem",
        ],
    ),
    ("country=sy", ["walid-mouallem", "bashar-assad", "bashar-jaafari"]),
    ("country=sy&sort=name", ["bashar-assad", "bashar-jaafari", "walid-mouallem"]),
    ("kind=foreign_minister", ["sergey-lavrov", "walid-mouallem"]),
    ("kind=head", ["bashar-assad"]),
    ("kind=envoy", ["bashar-jaafari"]),
    ("kind=spokesperson", ["maria-zakharova"]),
    ("kind=other", ["no-post-at-all", "aaron-obscure"]),
    ("country=ru&kind=foreign_minister", ["sergey-lavrov"]),
    ("country=ru&kind=head", []),
    ("q=bashar", ["bashar-assad", "bashar-jaafari"]),
    ("q=bashar&country=sy&kind=envoy", ["bashar-jaafari"]),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q or "default" for q, _ in CASES])
def test_order_and_filters(client, people, query, expected, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get("/officials/?" + query)
    assert response.status_code == 200
    assert slugs(response) == expected
    assert response.context["page"].paginator.count == len(expected)
    assert not response.context["messages_ignored"]


def test_every_count_is_the_size_of_the_list_it_opens(client, people):
    response = client.get("/officials/")
    html = response.content.decode()
    for official in response.context["page"].object_list:
        url = f"/articles/?official={official.slug}"
        listed = client.get(url).context["counts"].total
        assert (official.slug, official.article_count) == (official.slug, listed)
        if listed:
            assert f'href="{url}"' in html
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    assert "7 officials" in text
    assert "Sergey Lavrov 9 Foreign Minister, Russia" in text


@pytest.mark.parametrize(
    ("posts", "shown"),
    [
        # (post, start, end) in creation order; the post the index shows as the latest
        (
            [
                ("Foreign Minister", date(2013, 8, 15), date(2021, 8, 25)),
                ("Ambassador to the UN", None, date(2007, 7, 31)),
            ],
            "Foreign Minister",
        ),
        (
            [
                ("Ambassador to the UN", None, date(2007, 7, 31)),
                ("Foreign Minister", date(2013, 8, 15), None),
            ],
            "Foreign Minister",
        ),
        (
            [("Envoy", None, None), ("Foreign Minister", date(2004, 1, 1), date(2006, 1, 1))],
            "Foreign Minister",
        ),
        (
            [
                ("Foreign Minister", date(2004, 1, 1), date(2006, 1, 1)),
                ("Prime Minister", None, date(2016, 1, 1)),
            ],
            "Prime Minister",
        ),
    ],
)
def test_the_latest_post_is_not_an_undated_old_one(client, posts, shown):
    """An undated post (no start) is not the newest: PostgreSQL sorts NULLs first in DESC."""
    iran = CountryFactory(iso2="IR", iso3="IRN", name="Iran", slug="iran")
    official = OfficialFactory(name="Javad Zarif", slug="javad-zarif", nationality=iran)
    for post, start, end in posts:
        AppointmentFactory(
            official=official, post=post, country=iran, start_date=start, end_date=end
        )
    cover(official, 2)
    sync(wait=True)
    text = " ".join(
        unescape(re.sub(r"<[^>]+>", "", client.get("/officials/").content.decode())).split()
    )
    assert f"Javad Zarif 2 {shown}, Iran" in text


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", "Prime Minister"),
        ("?kind=foreign_minister", "Foreign Minister"),
        ("?kind=head", "Prime Minister"),
        ("?kind=envoy", "Ambassador to the UN"),
    ],
)
def test_a_chosen_kind_shows_the_post_of_that_kind(client, query, shown):
    """Netanyahu under "Foreign minister" said "Prime Minister, Israel": the post shown is
    the newest of the chosen kind, else the newest."""
    israel = CountryFactory(iso2="IL", iso3="ISR", name="Israel", slug="israel")
    official = OfficialFactory(name="Binyamin Example", slug="binyamin-example")
    for post, kind, start in [
        ("Ambassador to the UN", "ambassador", date(1984, 1, 1)),
        ("Foreign Minister", "foreign_minister", date(2018, 9, 1)),
        ("Prime Minister", "head_of_government", date(2022, 12, 29)),
    ]:
        AppointmentFactory(
            official=official, post=post, post_kind=kind, country=israel, start_date=start
        )
    cover(official, 1)
    sync(wait=True)
    html = client.get("/officials/" + query).content.decode()
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    assert f"Binyamin Example 1 {shown}, Israel" in text


def test_links_keep_the_state_and_drop_empty_and_default_values(client, people):
    for i in range(100):
        OfficialFactory(name=f"Zz Filler {i:03d}", nationality=people["walid-mouallem"].nationality)
    # The form sends every field: the answer is the permalink without empty or default ones.
    response = client.get("/officials/?q=&country=SY&kind=&sort=coverage")
    assert (response.status_code, response["Location"]) == (302, "/officials/?country=sy")
    assert client.get("/officials/?page=1&sort=name")["Location"] == "/officials/?sort=name"
    response = client.get("/officials/?country=sy")
    assert response.context["next_url"] == "?country=sy&page=2"
    response = client.get("/officials/?country=sy&sort=name&page=2")
    assert response.context["prev_url"] == "?country=sy&sort=name"
    html = response.content.decode()
    assert '<option value="sy" selected>Syria</option>' in html
    assert '<option value="name" selected>Name, A–Z</option>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=zz", "Ignored country: “zz” is not a country code"),
        ("country=syria", "Ignored country: “syria” is not a country code"),
        ("kind=king", "Ignored kind: “king” is not one of head, foreign_minister"),
        ("sort=popular", "Ignored sort: “popular” is not one of coverage, name"),
        ("page=x", "Ignored page"),
    ],
)
def test_bad_values_are_ignored_with_a_message(client, people, query, message):
    response = client.get("/officials/?" + query)
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert len(slugs(response)) == 7  # the rest of the request still applies


def test_controls_are_labelled_and_empty_filters_say_so(client, people):
    html = client.get("/officials/?country=ru&kind=head").content.decode()
    for control in ("official-q", "official-country", "official-kind", "official-sort"):
        assert f'<label for="{control}">' in html and f'id="{control}"' in html
    assert "No confirmed official matches these filters." in html
    assert html.count("<h1") == 1


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "country", "kind", "sort", "page"]), st.text(max_size=30), max_size=5
    )
)
def test_no_parameter_is_a_server_error(client, params):
    response = client.get("/officials/", params, follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 1


@pytest.mark.parametrize("heap_pages", [1_000, 0], ids=["heap", "sorted"])
def test_a_page_is_a_few_queries_whatever_the_number_of_officials(
    client, people, django_assert_max_num_queries, monkeypatch, heap_pages
):
    # The first pages are picked from a heap, far ones from a sort: the same order.
    monkeypatch.setattr(officials_module, "HEAP_PAGES", heap_pages)
    for i in range(250):
        official = OfficialFactory(name=f"Filler {i:03d}")
        AppointmentFactory(official=official, post="Deputy", post_kind="minister")
    ArticleOfficial.objects.create(
        article=ArticleFactory(published_at=DAY),
        official=OfficialFactory.create(name="Filler 200", slug="filler-late"),
        raw_name="Filler",
        published_at=DAY,
    )
    sync(wait=True)
    client.get("/officials/")  # the counts' aggregation is kept until the index changes
    for query in ("", "page=2", "page=3", "sort=name&page=2", "kind=other&page=3"):
        with django_assert_max_num_queries(5):
            response = client.get("/officials/?" + query)
        assert response.status_code == 200
    # Coverage first, then name (the database's order), then id, across pages.
    response = client.get("/officials/")
    assert slugs(response)[:8] == [
        *CASES[0][1][:5],
        "filler-late",
        "maria-zakharova",
        "aaron-obscure",
    ]
    assert response.context["page"].paginator.count == 258
    page_two = client.get("/officials/?page=2").context["page"].object_list
    assert [o.name for o in page_two] == [f"Filler {i:03d}" for i in range(92, 192)]
    assert all(o.article_count == 0 and o.posts_newest_first for o in page_two)
    last = client.get("/officials/?page=3").context["page"].object_list
    assert [o.name for o in last][-1] == "Filler 249"


def test_counts_follow_the_index_and_equal_the_lists_after_a_change(client, people):
    """The kept counts are those of the index's current generation: a new mention, once
    indexed, moves its official up, and every count still equals its list's."""
    assert slugs(client.get("/officials/"))[:2] == ["sergey-lavrov", "walid-mouallem"]
    cover(people["walid-mouallem"], 3)
    sync(wait=True)
    response = client.get("/officials/")
    assert slugs(response)[:2] == ["walid-mouallem", "sergey-lavrov"]
    for official in response.context["page"].object_list:
        listed = client.get(f"/articles/?official={official.slug}").context["counts"].total
        assert (official.slug, official.article_count) == (official.slug, listed)
    assert response.context["page"].object_list[0].article_count == 10
