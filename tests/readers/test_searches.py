"""Saved searches: save from the list, "My searches", edit, delete, feed, unsubscribe."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Reader, SavedSearch
from articles.search.indexing import sync
from articles.services.readers import (
    feed_token_make,
    saved_search_create,
    saved_search_update,
    unsubscribe_token_make,
)
from tests.factories import ArticleFactory, at, list_world, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = list_world()
    w["a1"] = tag(
        ArticleFactory(title="Moscow answers Paris", published_at=at(1)), w["ru"], w["fr"]
    )
    w["a2"] = tag(ArticleFactory(title="Moscow again", published_at=at(2)), w["ru"])
    w["a3"] = tag(ArticleFactory(title="Paris alone", published_at=at(3)), w["fr"])
    return w


def make_reader(email="reader@example.org", confirmed=True):
    user = User.objects.create_user(username=email, email=email, password="x-long-password-1")
    Reader.objects.create(user=user, email_confirmed_at=timezone.now() if confirmed else None)
    return user


@pytest.fixture
def reader(client):
    user = make_reader()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def test_the_list_page_offers_to_save_the_search_with_a_name(client, world, reader):
    page = client.get("/articles/?country=ru&q=&sort=").content.decode()
    assert 'action="/account/searches/new/"' in page
    assert 'name="query" value="country=ru"' in page
    assert 'value="Country: Russia"' in page


def test_saving_canonicalises_the_list_state(client, world, reader):
    response = client.post(
        reverse("accounts:search_create"),
        {"name": "Russia", "query": "country=RU&q=&page=3&sort=newest&bogus=1"},
    )
    search = SavedSearch.objects.get()
    assert response["Location"] == reverse("accounts:searches") + f"#search-{search.pk}"
    assert (search.user, search.name, search.query, search.frequency) == (
        reader,
        "Russia",
        "country=ru",
        "none",
    )


def test_a_name_in_use_is_refused_with_a_message(client, world, reader):
    saved_search_create(user=reader, name="Russia", query="country=ru")
    response = client.post(
        reverse("accounts:search_create"), {"name": "Russia", "query": "country=fr"}, follow=True
    )
    assert "already have a search named “Russia”" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_my_searches_lists_each_with_its_exact_count_and_links(
    client, world, reader, django_assert_max_num_queries
):
    saved_search_create(user=reader, name="Russia", query="country=ru")
    saved_search_create(user=reader, name="France", query="country=fr")
    saved_search_create(user=make_reader("other@example.org"), name="Other", query="country=sy")
    sync(wait=True)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:searches")).content.decode()
    assert page.index("France") < page.index("Russia")
    assert "Other" not in page
    assert 'href="/articles/?country=ru"' in page
    assert "2 articles now" in page
    assert page.count("/account/feeds/") == 2
    assert page.count("<h1") == 1


def test_my_searches_is_for_signed_in_readers(client):
    response = client.get(reverse("accounts:searches"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_editing_sets_the_digest_and_rename(client, world, reader):
    search = saved_search_create(user=reader, name="Russia", query="country=ru")
    prefix = f"s{search.pk}"
    response = client.post(
        reverse("accounts:search_edit", args=[search.pk]),
        {f"{prefix}-name": "Russia daily", f"{prefix}-frequency": "daily"},
    )
    assert response.status_code == 302
    search.refresh_from_db()
    assert (search.name, search.frequency) == ("Russia daily", "daily")
    assert search.digest_since is not None and search.digest_after_id == world["a3"].pk
    bad = client.post(
        reverse("accounts:search_edit", args=[search.pk]),
        {f"{prefix}-name": "Russia", f"{prefix}-frequency": "hourly"},
    )
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_someone_elses_search_cannot_be_edited_or_deleted(client, world, reader):
    other = saved_search_create(user=make_reader("b@example.org"), name="Theirs", query="")
    assert client.get(reverse("accounts:search_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("accounts:search_delete", args=[other.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=other.pk).exists()


def test_delete_needs_a_post_with_csrf(world, reader):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    search = saved_search_create(user=reader, name="Russia", query="country=ru")
    assert strict.get(reverse("accounts:search_delete", args=[search.pk])).status_code == 405
    assert strict.post(reverse("accounts:search_delete", args=[search.pk])).status_code == 403
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_delete(client, world, reader):
    search = saved_search_create(user=reader, name="Russia", query="country=ru")
    response = client.post(reverse("accounts:search_delete", args=[search.pk]), follow=True)
    assert "Deleted “Russia”" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_feed_works_without_sign_in_and_a_tampered_token_does_not(client, world):
    search = saved_search_create(user=make_reader(), name="Russia only", query="country=ru")
    sync(wait=True)
    url = reverse("accounts:search_feed", args=[feed_token_make(saved_search=search)])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Russia only" in body and "Moscow again" in body and "Paris alone" not in body
    assert "no-cache" in response["Cache-Control"]
    token = feed_token_make(saved_search=search)
    # The signature's last character changed (always to another one: it is "A" one time
    # in 16, which made this test pass a token it had not tampered with).
    tampered = token[:-1] + ("B" if token[-1] == "A" else "A")
    assert client.get(reverse("accounts:search_feed", args=[tampered])).status_code == 404
    # Another purpose's token names the same search but opens nothing.
    other = unsubscribe_token_make(saved_search=search)
    assert client.get(reverse("accounts:search_feed", args=[other])).status_code == 404
    search.delete()
    assert client.get(url).status_code == 404


def digest_on(user, query="country=ru"):
    search = saved_search_create(user=user, name="Russia", query=query)
    return saved_search_update(saved_search=search, name="Russia", frequency="weekly")


def test_unsubscribe_needs_no_sign_in_and_can_be_undone(client, world):
    search = digest_on(make_reader())
    url = reverse("accounts:unsubscribe", args=[unsubscribe_token_make(saved_search=search)])
    page = client.get(url)
    assert page.status_code == 200 and "no more weekly emails" in page.content.decode()
    search.refresh_from_db()
    assert search.frequency == "none"
    resumed = client.post(url, {"resume": "weekly"})
    assert "Digest back on" in resumed.content.decode()
    search.refresh_from_db()
    assert search.frequency == "weekly"


def test_one_click_unsubscribe_by_post_rfc8058(world):
    from django.test import Client

    search = digest_on(make_reader())
    url = reverse("accounts:unsubscribe", args=[unsubscribe_token_make(saved_search=search)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    search.refresh_from_db()
    assert search.frequency == "none"


def test_a_tampered_unsubscribe_token_fails(client, world):
    search = digest_on(make_reader())
    token = unsubscribe_token_make(saved_search=search)
    for bad in (token[:-2] + "zz", feed_token_make(saved_search=search), "nonsense"):
        response = client.get(reverse("accounts:unsubscribe", args=[bad]))
        assert response.status_code == 400 and b"not valid" in response.content
    search.refresh_from_db()
    assert search.frequency == "weekly"


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300), name=st.text(max_size=150), token=st.text(max_size=80))
def test_no_input_makes_a_server_error(client, reader, query, name, token):
    response = client.post(reverse("accounts:search_create"), {"name": name, "query": query})
    assert response.status_code == 302
    mine = SavedSearch.objects.filter(user=reader).first()
    if mine is not None:
        edited = client.post(
            reverse("accounts:search_edit", args=[mine.pk]),
            {f"s{mine.pk}-name": name, f"s{mine.pk}-frequency": token},
        )
        assert edited.status_code in (302, 400)
    safe = quote(token, safe="") or "x"
    assert client.get(f"/account/feeds/{safe}/").status_code in (404,)
    assert client.get(f"/account/unsubscribe/{safe}/").status_code in (400, 404)
    assert client.get(f"/account/confirm/{safe}/").status_code in (400, 404)


@pytest.mark.parametrize("count", [1, 10])
def test_my_searches_queries_stay_bounded(
    client, world, reader, count, django_assert_max_num_queries
):
    """Session, user, reader, the searches, and one entity lookup per search with filters."""
    for n in range(count):
        saved_search_create(user=reader, name=f"Search {n}", query=f"country=ru&q=word{n}")
    sync(wait=True)
    with django_assert_max_num_queries(5 + count):
        assert client.get(reverse("accounts:searches")).status_code == 200


def test_a_saved_list_says_so_instead_of_offering_to_save_it_again(client, world, reader):
    search = saved_search_create(user=reader, name="Russia", query="country=ru")
    saved_search_update(saved_search=search, name="Russia", frequency="weekly")
    page = client.get("/articles/?country=RU&page=1").content.decode()
    assert "Saved as" in page and "“Russia”" in page and "(weekly email)" in page
    assert 'action="/account/searches/new/"' not in page
    assert 'action="/account/searches/new/"' in client.get("/articles/?country=fr").content.decode()


def test_my_searches_says_what_no_longer_applies(client, world, reader):
    saved_search_create(user=reader, name="Gone", query="country=ru&topic=gone-topic")
    page = client.get(reverse("accounts:searches")).content.decode()
    assert "no longer applies" in page and "gone-topic" in page
