"""Whole-page cache of anonymous pages: served again until the data changes, never stale.

Committed data throughout (``transaction=True``): the site version is bumped by the
database as a change commits, which a test's rolled-back transaction never does.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from django.utils.http import parse_http_date

from articles.models import ArticleCountry, SiteVersion
from tests.factories import ArticleFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    from django.core.cache import caches

    from articles.middleware import _local_pages  # noqa: PLC2701

    caches["pages"].clear()
    _local_pages.clear()
    yield
    caches["pages"].clear()
    _local_pages.clear()


@pytest.fixture
def tagged():
    france = CountryFactory(iso2="FR", iso3="FRA", name="France", slug="france")
    article = ArticleFactory(title="Paris hosts the summit", published_at=timezone.now())
    ArticleCountry.objects.create(
        article=article, country=france, is_focus=True, published_at=article.published_at
    )
    return article, france


def version() -> int:
    return SiteVersion.objects.get(pk=1).number


def test_a_commit_bumps_the_version_once_whatever_it_wrote(tagged):
    article, france = tagged
    before = version()
    article.title = "Paris hosts the talks"
    article.save()
    assert version() == before + 1
    # Raw SQL and a COPY count too: the database notes them, not Django's signals.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_country SET name = 'French Republic' WHERE id = %s", [france.pk]
        )
    assert version() == before + 2
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            "COPY articles_topic (slug, name, description, threshold, ref_fingerprint,"
            " created_at, updated_at) FROM STDIN",
            io.StringIO("copied\tCopied\t\t1.0\t\tnow\tnow\n"),
        )
    assert version() == before + 3


def test_a_transaction_of_many_statements_bumps_once_and_only_when_it_commits(tagged):
    from django.db import transaction

    article, _ = tagged
    before = version()
    with transaction.atomic():
        for n in range(5):
            TopicFactory(slug=f"t-{n}")
        assert version() == before  # not yet committed: nobody may see the new number
    assert version() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        TopicFactory(slug="rolled-back")
        raise RuntimeError
    assert version() == before + 1


def test_reads_and_bookkeeping_writes_leave_the_version_alone(client, tagged):
    before = version()
    client.get("/articles/")
    client.get("/articles/")  # its index sync writes the queue and the page cache
    assert version() == before


def test_every_table_pages_read_is_watched():
    """A new model's table must be watched by migration 0022's trigger, or left out here."""
    from django.apps import apps

    bookkeeping = {
        "articles_datachange",
        "articles_exportslot",
        "articles_importrun",
        "articles_importbatch",  # a queued import's batches: the articles they write are watched
        "articles_taskrun",  # queued re-extractions and index rebuilds: likewise
        "articles_taskbatch",
        "articles_indexqueue",
        "articles_indexnode",  # where each node's copy of the search index has read to
        "articles_ratecounter",
        "articles_recordwarning",
        "articles_rejecteddocument",
        "articles_articlerevision",  # an import's history of a body, shown to editors only
        "articles_siteversion",
        "articles_publicday",  # derived from articles_article (watched) by its triggers
        "articles_officialmerge",  # jobs: the rows they change are watched
        "articles_officialmerge_others",
        "articles_topicapplyjob",
        # Readers' accounts: the pages showing them are never cached (signed in, or
        # Cache-Control set by the view: a saved search's feed, the unsubscribe page).
        "articles_reader",
        "articles_savedsearch",
        "articles_digestdelivery",
        "articles_digestitem",
    }
    tables = {
        m._meta.db_table
        for m in apps.get_app_config("articles").get_models(include_auto_created=True)
        if not m._meta.db_table.startswith("articles_historical")
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE '%%_note_change'"
        )
        watched = {row[0] for row in cursor.fetchall()}
    assert tables - bookkeeping == watched


def test_an_anonymous_page_is_served_from_the_cache_until_the_data_changes(
    client, tagged, django_assert_max_num_queries
):
    article, france = tagged
    client.get("/countries/FR/")  # indexes the new articles: the next request renders again
    first = client.get("/countries/FR/")
    assert first.status_code == 200 and b"France" in first.content
    with django_assert_max_num_queries(1):  # the site version; the page is in this process
        again = client.get("/countries/FR/")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["X-Page-Cache"] == "hit"
    # Another server process has not seen it: the shared cache answers.
    from articles.middleware import _local_pages  # noqa: PLC2701

    _local_pages.clear()
    with django_assert_max_num_queries(
        2
    ):  # the site version (and the cache, a table in production)
        shared = client.get("/countries/FR/")
    assert shared.content == first.content and shared["X-Page-Cache"] == "hit"

    france.name = "République française"
    france.save()
    changed = client.get("/countries/FR/")
    assert "République française" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_new_code_never_serves_the_old_codes_pages(client, tagged, monkeypatch):
    """The key holds the code's version too: pages stored by the code before an upgrade
    (a day in a shared table) are not served by the new code."""
    from articles import middleware

    client.get("/countries/FR/")  # indexes the new articles: the next request renders again
    assert client.get("/countries/FR/")["X-Page-Cache"] in ("miss", "hit")
    assert client.get("/countries/FR/")["X-Page-Cache"] == "hit"
    monkeypatch.setattr(middleware, "code_version", lambda: "upgraded")
    assert client.get("/countries/FR/")["X-Page-Cache"] == "miss"
    assert client.get("/countries/FR/")["X-Page-Cache"] == "hit"


def test_the_code_version_changes_with_any_template_or_module(tmp_path, settings):
    from articles.middleware import code_version

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("one")
    settings.BASE_DIR = tmp_path
    code_version.cache_clear()
    try:
        before = code_version()
        page.write_text("two, longer")
        code_version.cache_clear()
        assert code_version() != before
        (tmp_path / "templates" / "notes.md").write_text("not code")
        code_version.cache_clear()
        after = code_version()
        (tmp_path / "templates" / "more.md").write_text("still not code")
        code_version.cache_clear()
        assert code_version() == after
    finally:
        code_version.cache_clear()


def test_a_removed_tag_disappears_from_list_and_facets_at_once(client, tagged):
    article, france = tagged
    listed = client.get("/articles/?country=FR")
    assert article.title in listed.content.decode()
    ArticleCountry.objects.filter(article=article).delete()
    after = client.get("/articles/?country=FR")
    assert article.title not in after.content.decode()
    assert client.get("/articles/?country=FR").content == after.content


def test_an_editor_change_in_the_admin_is_never_served_stale(client, tagged):
    article, _ = tagged
    page = f"/articles/{article.pk}/"
    assert "Paris hosts the summit" in client.get(page, follow=True).content.decode()
    admin = User.objects.create_superuser("boss", password="pw-not-secret-1")
    editor = type(client)()
    editor.force_login(admin)
    response = editor.post(
        f"/admin/articles/article/{article.pk}/change/",
        {**_article_form(article), "title": "Paris hosts the ceasefire talks"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert "Paris hosts the ceasefire talks" in client.get(page, follow=True).content.decode()


def _article_form(article) -> dict:
    """The admin change form's current values, as a browser would post them back."""
    from html.parser import HTMLParser

    from django.test import Client

    admin = User.objects.get(username="boss")
    c = Client()
    c.force_login(admin)
    html = c.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self._select, self._textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                self.data[name] = a.get("value", "")
            elif tag == "select" and name:
                self._select = name
            elif tag == "option" and self._select and "selected" in a:
                self.data[self._select] = a.get("value", "")
            elif tag == "textarea" and name:
                self._textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self._select = None
            elif tag == "textarea":
                self._textarea = None

        def handle_data(self, data):
            if self._textarea:
                self.data[self._textarea] += data

    form = Form()
    form.feed(html)
    form.data.pop("csrfmiddlewaretoken", None)
    return form.data


def test_conditional_requests_get_304_until_something_changes(client, tagged):
    client.get("/articles/")
    first = client.get("/articles/")
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache"
    assert "Cookie" in first["Vary"]
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/articles/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    TopicFactory(slug="new-topic", name="New topic")
    fresh = client.get("/articles/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag  # the topic list in the filters changed the page
    # Last-Modified is the time of the new change (HTTP dates have whole seconds).
    changed = SiteVersion.objects.get(pk=1).changed
    assert parse_http_date(fresh["Last-Modified"]) == int(changed.timestamp())
    assert parse_http_date(fresh["Last-Modified"]) >= parse_http_date(modified)


def stored() -> int:
    from django.core.cache import caches

    return len(caches["pages"]._cache)  # noqa: SLF001 - the test's locmem store


def test_logged_in_users_and_unfinished_syncs_are_never_cached(client, tagged, monkeypatch):
    client.get("/articles/")
    client.get("/articles/")
    kept = stored()
    assert kept >= 1
    admin = User.objects.create_superuser("boss", password="pw-not-secret-1")
    editor = type(client)()
    editor.force_login(admin)
    assert editor.get("/topics/").status_code == 200
    assert stored() == kept  # an editor's page is neither served from nor kept in the cache

    # A page that could not include every queued change is shown but not kept.
    monkeypatch.setattr("articles.middleware.request_pending", _Pending(3))
    assert client.get("/topics/").status_code == 200
    assert stored() == kept


class _Pending:
    def __init__(self, value):
        self.value = value

    def set(self, value):
        return None

    def get(self):
        return self.value
