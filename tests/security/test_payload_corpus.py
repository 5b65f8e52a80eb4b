"""Issue 17, "No script from data": the hostile payload corpus, imported and shown everywhere.

``tests/fixtures/payloads.jsonl`` holds records whose titles, ledes, bodies, author lines,
outlet names, ids and urls carry script tags, attribute breakers, ``javascript:`` /
``data:`` / ``vbscript:`` urls (any case, with leading whitespace, a tab in the scheme),
C0 control and bidi formatting characters, spreadsheet formulas and template syntax. It is
imported once for this module through the real ``import_corpus`` command (on the committed
reference data, so the records are tagged with countries, officials and topics), and every
page, feed, export, API answer and admin page that shows them is checked:

- HTML: parsed with ``html.parser``, no element or attribute may come from the data — no
  inline ``<script>``, no ``<iframe>``, no ``<img src=x>``, no ``on…`` attribute anywhere,
  no ``href``/``src``/``action`` whose scheme (read as a browser reads it) is
  ``javascript:``, ``data:`` or ``vbscript:``; and no C0 control (but tab, LF, CR) or bidi
  formatting character in the body.
- Atom feed: parses as XML, the same character rule, links only to the site.
- CSV (web and ``export_articles``): every cell that opens with ``= + - @ \\t \\r`` is
  written with a leading apostrophe.
- JSON lines export and the API: values are the stored ones. ``url`` and ``external_id``
  are kept exactly as imported (they are the record's keys, docs/security.md) and may hold
  control or bidi characters; JSON escapes the controls (``\\u0001``), and a client that
  shows them must treat them as data. Every other text field (title, lede, body, outlet) is
  already clean at import.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import (
    Article,
    ArticleCountry,
    ArticleOrganisation,
    ArticleTopic,
    ImportRun,
    RejectedDocument,
)
from tests.api.helpers import csv_rows
from tests.conftest import ROOT, load_snapshot, remove_imported_world

PAYLOADS = ROOT / "tests" / "fixtures" / "payloads.jsonl"
ATOM = "{http://www.w3.org/2005/Atom}"

# What no response shown to a person may carry: C0 controls but tab/LF/CR, DEL, and the
# bidi formatting characters (embeddings, overrides, isolates, marks).
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BAD_SCHEME = re.compile(r"(javascript|data|vbscript):", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
FORMULA_START = tuple("=+-@\t\r")


def records() -> list[dict]:
    return [json.loads(line) for line in PAYLOADS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("payload-index") / "index"


@pytest.fixture(autouse=True)
def search_index(settings, index_dir):
    """One index for the module, like its data (committed once, see ``imported``)."""
    settings.SEARCH_INDEX_DIR = index_dir
    yield index_dir


@pytest.fixture(autouse=True)
def _api_limit_lifted(open_rate_limits):
    yield


@pytest.fixture(scope="module")
def imported(reference_snapshot, django_db_blocker, index_dir):
    """Import the payload corpus once through ``import_corpus``; remove it all afterwards."""
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index_dir):
        load_snapshot(reference_snapshot)
        out = io.StringIO()
        call_command("import_corpus", str(PAYLOADS), "--workers", "1", stdout=out)
        yield out.getvalue()
        remove_imported_world()


@pytest.fixture
def articles(imported, db) -> list[Article]:
    return list(Article.objects.select_related("source").order_by("pk"))


# --- checks -------------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            self.problems.append(f"inline <script> {attrs}")
        if tag in {"iframe", "object", "embed"}:
            self.problems.append(f"<{tag}> {attrs}")
        if tag == "img" and values.get("src") == "x":
            self.problems.append(f"<img src=x> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value is not None:
                # As a browser reads a url: surrounding whitespace and controls ignored,
                # tabs and newlines anywhere dropped.
                read = re.sub(r"[\t\n\r]", "", value).strip("\x00- ")
                if BAD_SCHEME.match(read):
                    self.problems.append(f"<{tag} {name}={value!r}>")


def assert_clean_html(text: str, where: str) -> None:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    assert not parser.problems, (where, parser.problems)
    hidden = HIDDEN.search(text)
    assert hidden is None, (where, hidden and text[max(0, hidden.start() - 80) : hidden.end() + 80])


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    text = response.content.decode()
    assert_clean_html(text, url)
    return text


def assert_clean_json_text(value, where: str, *, raw_keys=("url", "external_id")) -> None:
    """Every string in ``value`` is free of hidden characters but the raw keys' values."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in raw_keys:
                continue
            assert_clean_json_text(item, f"{where}.{key}", raw_keys=raw_keys)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            assert_clean_json_text(item, f"{where}[{n}]", raw_keys=raw_keys)
    elif isinstance(value, str):
        assert HIDDEN.search(value) is None, (where, value)


# --- the import ---------------------------------------------------------------------------


def test_every_record_is_imported_and_tagged(imported, articles):
    assert "22 inserted" in imported, imported
    assert "1 rejected" in imported, imported  # no title and no body
    assert len(articles) == len(records()) - 1
    # The corpus reaches the entity pages: every record names France.
    france = ArticleCountry.objects.filter(country__iso2="FR", suppressed=False)
    assert france.values("article").distinct().count() == len(articles)
    assert ArticleTopic.objects.exists()
    payload_titles = [a.title for a in articles]
    assert any("<script>" in t for t in payload_titles)
    assert any(t.startswith("=HYPERLINK") for t in payload_titles)
    for article in articles:  # shown fields are clean from the import on
        for field in ("title", "lede", "body", "byline", "dateline"):
            assert HIDDEN.search(getattr(article, field)) is None, (article.pk, field)
        assert HIDDEN.search(article.source.name) is None


# --- public pages -------------------------------------------------------------------------


def test_article_pages(client, articles):
    pages = {}
    for article in articles:
        page = get_html(client, article.get_absolute_url())
        assert "address not linked" in page or 'href="https://payload.example/' in page
        pages[article.external_id] = page
    # The payloads are there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Macron and Merkel" in pages["payload-00"]
    assert "&lt;img src=x onerror=alert(1)&gt; Summit in Paris" in pages["payload-01"]
    assert "javascript:alert(1)" in pages["payload-04"]
    # A url holding a bidi character is not linked; it is shown with a marker. Controls at
    # its end are ignored, as a browser ignores them.
    assert "https://payload.example/bidi[U+202E]" in pages["payload-bidi\u202e"]
    assert 'href="https://payload.example/controls"' in pages["payload-controls\x01\x1b"]


def entity_keys(articles):
    ids = [a.pk for a in articles]
    topics = set(
        ArticleTopic.objects.filter(article_id__in=ids).values_list("topic__slug", flat=True)
    )
    orgs = set(
        ArticleOrganisation.objects.filter(article_id__in=ids).values_list(
            "organisation__slug", flat=True
        )
    )
    sources = {a.source.slug for a in articles}
    return topics, orgs, sources


def test_lists_home_and_entity_pages(client, articles):
    topics, orgs, sources = entity_keys(articles)
    assert topics and orgs and len(sources) >= 6
    urls = [
        "/",
        "/articles/",
        "/articles/?copies=all",
        "/articles/?sort=oldest",
        "/articles/?q=Macron",
        "/articles/?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/articles/?q=onerror",
        "/articles/?q=HYPERLINK",
        "/articles/?country=FR",
        "/articles/?country=FR&country=DE&match=all",
        "/articles/?official=emmanuel-macron",
        "/articles/?date_from=2018-05-01&date_to=2018-05-31",
        "/countries/",
        "/countries/FR/",
        "/countries/DE/",
        "/officials/",
        "/officials/emmanuel-macron/",
        "/officials/angela-merkel/",
        "/topics/",
        "/network/",
        "/network/?q=Macron",
        "/network/?country=FR",
        "/network/?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]
    urls += [f"/topics/{slug}/" for slug in sorted(topics)]
    urls += ["/articles/?" + urlencode({"topic": slug}) for slug in sorted(topics)]
    urls += ["/articles/?" + urlencode({"organization": slug}) for slug in sorted(orgs)]
    urls += ["/articles/?" + urlencode({"source": slug}) for slug in sorted(sources)]
    for url in urls:
        get_html(client, url)
    # The outlet names reach the list, escaped.
    page = get_html(client, "/articles/?copies=all")
    assert "&lt;script&gt;alert(&#x27;outlet&#x27;)&lt;/script&gt; Wire" in page


def test_hostile_filter_values_are_echoed_as_text(client, articles):
    for value in ['"><svg onload=alert(1)>', "javascript:alert(1)", "\u202eevil"]:
        for name in ("q", "source", "country", "official", "topic", "organization"):
            url = "/articles/?" + urlencode({name: value})
            response = client.get(url)
            assert response.status_code in (200, 400), url
            if response.status_code == 200:
                assert_clean_html(response.content.decode(), url)


def test_suggestions(client, articles):
    for kind in ("countries", "officials"):
        response = client.get(f"/articles/suggest/{kind}/", {"q": "<script>"})
        assert response.status_code == 200
        assert_clean_json_text(response.json(), kind)


# --- feed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "?q=Macron", "?country=FR", "?official=emmanuel-macron", "?copies=all"]
)
def test_feed(client, articles, query):
    response = client.get("/articles/feed.atom" + query)
    assert response.status_code == 200
    text = response.content.decode()
    assert HIDDEN.search(text) is None, HIDDEN.search(text)
    root = ET.fromstring(response.content)  # well-formed XML
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for element in root.iter():
        assert element.tag.startswith(ATOM), element.tag  # no element came from the data
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert not BAD_SCHEME.match(value.strip()), (element.tag, name, value)
    for link in root.iter(f"{ATOM}link"):
        assert link.get("href").startswith("http://testserver/"), link.get("href")
    if not query:
        titles = {e.find(f"{ATOM}title").text for e in entries}
        assert "<script>alert(1)</script> Macron and Merkel meet in Berlin" in titles


# --- exports ------------------------------------------------------------------------------


def export_csv_texts(client) -> list[str]:
    response = client.get("/articles/export.csv?copies=all")
    assert response.status_code == 200
    web = b"".join(response.streaming_content).decode("utf-8")
    out = io.StringIO()
    call_command("export_articles", "--format", "csv", "--copies", "all", stdout=out)
    return [web, out.getvalue()]


def test_csv_exports_neutralise_formulas(client, articles):
    by_id = {a.pk: a for a in articles}
    for text in export_csv_texts(client):
        rows = csv_rows(text)
        assert {int(r["id"]) for r in rows} == set(by_id)
        for row in rows:
            for name, cell in row.items():
                assert not cell.startswith(FORMULA_START), (name, cell)
            article = by_id[int(row["id"])]
            for name in ("title", "url", "external_id"):
                stored = getattr(article, name) or ""
                expected = "'" + stored if stored.startswith(FORMULA_START) else stored
                assert row[name] == expected, (name, row[name], stored)


def test_jsonl_exports_are_the_stored_values(client, articles):
    by_id = {a.pk: a for a in articles}
    response = client.get("/articles/export.jsonl?copies=all")
    assert response.status_code == 200
    web = b"".join(response.streaming_content).decode("utf-8")
    out = io.StringIO()
    call_command("export_articles", "--format", "jsonl", "--copies", "all", stdout=out)
    for text in (web, out.getvalue()):
        rows = [json.loads(line) for line in text.splitlines()]
        assert {r["id"] for r in rows} == set(by_id)
        for row in rows:
            article = by_id[row["id"]]
            assert row["title"] == article.title
            assert row["url"] == article.url
            assert row["external_id"] == article.external_id
            assert row["source"] == article.source.slug
            assert_clean_json_text(row, "jsonl")


# --- API ----------------------------------------------------------------------------------


def test_api_list_and_detail(client, articles):
    by_id = {a.pk: a for a in articles}
    response = client.get("/api/articles/", {"page_size": 100, "copies": "all"})
    assert response.status_code == 200
    listed = response.json()["results"]
    assert {r["id"] for r in listed} == set(by_id)
    assert_clean_json_text(listed, "list")
    for article in articles:
        response = client.get(f"/api/articles/{article.pk}/")
        assert response.status_code == 200
        body = response.json()
        assert body["title"] == article.title
        assert body["body"] == article.body
        assert body["url"] == article.url  # data, as imported
        assert body["external_id"] == article.external_id
        assert_clean_json_text(body, f"detail {article.pk}")
    for url in ("/api/articles/facets/", "/api/countries/FR/", "/api/officials/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean_json_text(response.json(), url)


# --- admin --------------------------------------------------------------------------------


@pytest.fixture(params=["superuser", "editor"])
def staff_client(request, client, django_user_model, imported):
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    else:
        user = request.getfixturevalue("editor")
    client.force_login(user)
    return client


def test_admin_pages(staff_client, articles):
    sources = {a.source for a in articles}
    urls = [
        "/admin/articles/article/",
        "/admin/articles/article/?q=script",
        "/admin/articles/article/?q=%3Csvg",
        "/admin/articles/source/",
        "/admin/articles/recordwarning/",
        "/admin/articles/importrun/",
        f"/admin/articles/importrun/{ImportRun.objects.get().pk}/change/",
        "/admin/articles/articlecountry/",
        "/admin/articles/rejecteddocument/",
        f"/admin/articles/rejecteddocument/{RejectedDocument.objects.get().pk}/change/",
    ]
    urls += [f"/admin/articles/article/{a.pk}/change/" for a in articles]
    urls += [f"/admin/articles/article/{a.pk}/history/" for a in articles[:4]]
    urls += [f"/admin/articles/source/{s.pk}/change/" for s in sources]
    pages = {url: get_html(staff_client, url) for url in urls}
    controls = Article.objects.get(external_id="payload-controls\x01\x1b")
    page = pages[f"/admin/articles/article/{controls.pk}/change/"]
    assert "payload-controls[U+0001][U+001B]" in page  # the external id
    assert (
        '/controls" rel="noopener noreferrer">https://payload.example/controls[U+0001][U+001B]<'
        in page
    )
    assert "[U+0001]" in page.split("<h3>Raw text</h3>")[1]  # the raw text keeps them, shown
    rejected = f"/admin/articles/rejecteddocument/{RejectedDocument.objects.get().pk}/change/"
    assert "reject-[U+202E]&lt;script&gt;alert(1)&lt;/script&gt;[U+0001]" in pages[rejected]
