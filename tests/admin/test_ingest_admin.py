"""Sources (cleaning rules), import runs (read-only), rejected documents (download, retry)."""

from __future__ import annotations

import json

import pytest

from articles.ingest import boilerplate
from articles.models import Article, ImportRun, RejectedDocument, Source
from articles.pipeline import retry
from articles.pipeline.imports import run_import
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

STORY = (
    b"Ministers agree to reopen the border crossing\n\n"
    b"GENEVA, March 3, 2014 - Foreign ministers agreed on Monday to reopen the crossing "
    b"for aid convoys after two days of talks.\n\n"
    b"The agreement takes effect next week, officials said.\n"
)


@pytest.mark.parametrize(
    ("text", "rules", "body", "removed"),
    [
        ("One.\n\nFollow us on X.\n\nTwo.", ("^Follow us",), "One.\n\nTwo.", ("Follow us on X.",)),
        ("One.\n\nTwo.", ("^Follow us",), "One.\n\nTwo.", ()),
        # Lines are paragraphs unless the text is hard-wrapped (the cleaner's own split).
        ("One.\nPromo: buy now\n\nTwo.", (r"^Promo:",), "One.\n\nTwo.", ("Promo: buy now",)),
        ("Two.\n\nA photo (Reuters)", (r"\(Reuters\)$",), "Two.", ("A photo (Reuters)",)),
        ("Price $5 today.\n\nTwo.", (r"\$\d+ today",), "Two.", ("Price $5 today.",)),
    ],
)
def test_remove_matching_paragraphs(text, rules, body, removed):
    result = boilerplate.remove_matching_paragraphs(text, rules)
    assert (result.body, result.removed) == (body, removed)


def import_harbour_story(tmp_path, furniture: str) -> None:
    """Import one Harbour Times story whose middle paragraph is ``furniture``."""
    record = {
        "title": "Port reopens after talks",
        "text": f"The port reopened on Monday.\n\n{furniture}\n\nShipping resumed at noon.",
        "source": "Harbour Times",
        "url": "https://harbour.example/port",
    }
    path = tmp_path / "harbour.jsonl"
    path.write_text(json.dumps(record) + "\n")
    run_import([str(path)], workers=1)


def test_a_sources_cleaning_rules_apply_on_import(tmp_path):
    Source.objects.create(
        name="Harbour Times", slug="harbour-times", cleaning_rules=["^Follow the Harbour Times"]
    )
    import_harbour_story(tmp_path, "Follow the Harbour Times on every app.")
    article = Article.objects.get()
    assert "Follow the Harbour Times" not in article.body
    assert "Shipping resumed at noon." in article.body
    assert "Follow the Harbour Times" in article.raw_text


def test_a_rule_added_after_import_applies_on_reextract_reclean(tmp_path):
    from articles.pipeline.reextract import articles_reextract

    import_harbour_story(tmp_path, "Listen to the Harbour Times podcast.")
    assert "podcast" in Article.objects.get().body
    Source.objects.filter(name="Harbour Times").update(cleaning_rules=["podcast\\.$"])
    articles_reextract(reclean_all=True, workers=1)
    article = Article.objects.get()
    assert "podcast" not in article.body
    assert "Shipping resumed at noon." in article.body


def _domain_record(n: int, text: str = "Shipping resumed at noon.") -> dict:
    """A record that names its outlet only by its site, as many scraped feeds do."""
    return {
        "title": f"Port story {n}",
        "text": f"The port reopened on day {n}.\n\n{text}",
        "source_domain": "harbourtimes.example",
        "url": f"https://harbourtimes.example/{n}",
    }


def test_a_source_renamed_in_the_admin_keeps_its_outlets_later_records(tmp_path, editor_client):
    # Imported under its domain, renamed by an editor: the outlet's next records go to the
    # renamed source, its cleaning rules apply to them, and nothing is re-imported.
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(_domain_record(1)) + "\n")
    run_import([str(first)], workers=1)
    source = Source.objects.get()
    assert (source.name, source.domain) == ("harbourtimes.example", "harbourtimes.example")
    url = f"/admin/articles/source/{source.pk}/change/"
    data = {
        "name": "Harbour Times",
        "slug": source.slug,
        "domain": source.domain,
        "cleaning_rules": '["^Listen to the Harbour Times"]',
    }
    assert editor_client.post(url, data).status_code == 302

    later = tmp_path / "later.jsonl"
    records = [_domain_record(1), _domain_record(2, "Listen to the Harbour Times podcast.")]
    later.write_text("".join(json.dumps(r) + "\n" for r in records))
    summary = run_import([str(later)], workers=1)
    assert (summary.outcomes["unchanged"], summary.outcomes["inserted"]) == (1, 1)
    assert list(Source.objects.values_list("name", flat=True)) == ["Harbour Times"]
    assert Article.objects.filter(source=source).count() == 2
    assert "podcast" not in Article.objects.get(url__endswith="/2").body


def test_a_named_outlet_on_a_known_domain_keeps_its_own_name(tmp_path):
    # Only a record named by the domain itself joins the domain's source: a portal that
    # hosts several agencies' stories must not fold them into one outlet.
    Source.objects.create(name="Harbour Times", slug="harbour-times", domain="portal.example")
    record = {
        "title": "Agency story",
        "text": "The port reopened.",
        "source": "Meridian Wire",
        "url": "https://portal.example/wire/1",
    }
    path = tmp_path / "portal.jsonl"
    path.write_text(json.dumps(record) + "\n")
    run_import([str(path)], workers=1)
    assert Article.objects.get().source.name == "Meridian Wire"


def test_source_form_refuses_a_bad_regular_expression(editor_client):
    source = SourceFactory(name="Wire", slug="wire")
    url = f"/admin/articles/source/{source.pk}/change/"
    data = {"name": "Wire", "slug": "wire", "domain": "", "cleaning_rules": '["(unclosed"]'}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is not a regular expression" in response.content.decode()
    data["cleaning_rules"] = '["^Read the Wire"]'
    assert editor_client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.cleaning_rules == ["^Read the Wire"]
    assert source.history.first().history_user.username == "editor"


def test_import_runs_are_read_only_with_their_counts(editor_client):
    run = ImportRun.objects.create(inserted=7, rejected=2, records_read=9)
    listing = editor_client.get("/admin/articles/importrun/").content.decode()
    assert '<td class="field-inserted">7</td>' in listing
    page = editor_client.get(f"/admin/articles/importrun/{run.pk}/change/")
    assert page.status_code == 200
    assert 'name="inserted"' not in page.content.decode()  # nothing to edit
    assert editor_client.get("/admin/articles/importrun/add/").status_code == 403


@pytest.fixture
def rejected():
    run = ImportRun.objects.create(arguments={"source": None})
    return RejectedDocument.objects.create(
        import_run=run, origin="inbox/border.txt", reason="empty text", raw=STORY
    )


def test_rejected_document_bytes_download(editor_client, rejected):
    page = editor_client.get(f"/admin/articles/rejecteddocument/{rejected.pk}/change/")
    url = f"/admin/articles/rejecteddocument/{rejected.pk}/download/"
    assert url in page.content.decode()
    response = editor_client.get(url)
    assert response.content == STORY
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="border.txt"'


def test_anonymous_cannot_download(client, rejected):
    response = client.get(f"/admin/articles/rejecteddocument/{rejected.pk}/download/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_retry_imports_the_stored_bytes(editor, rejected):
    result = retry.rejected_document_retry(document=rejected, user=editor)
    assert result.imported, result.message
    rejected.refresh_from_db()
    assert rejected.resolved
    article = Article.objects.get()
    assert article.title == "Ministers agree to reopen the border crossing"
    assert article.import_run_id == result.run_id
    again = retry.rejected_document_retry(document=rejected, user=editor)
    assert (again.imported, again.message) == (False, "already imported")


def test_retry_that_fails_again_records_the_new_reason(editor):
    run = ImportRun.objects.create()
    document = RejectedDocument.objects.create(
        import_run=run, origin="feed.jsonl:4", reason="old reason", raw=b'{"title": '
    )
    result = retry.rejected_document_retry(document=document, user=editor)
    assert not result.imported
    document.refresh_from_db()
    assert not document.resolved
    assert document.reason != "old reason" and f"import #{result.run_id}" in document.reason
    # The retry's run does not keep a second copy of the document.
    assert RejectedDocument.objects.count() == 1


def test_retry_of_a_csv_row_explains_why_not(editor):
    run = ImportRun.objects.create()
    document = RejectedDocument.objects.create(
        import_run=run, origin="rows.csv:3", reason="no title and no body", raw=b",,"
    )
    result = retry.rejected_document_retry(document=document, user=editor)
    assert not result.imported and "header" in result.message


def test_retry_action_in_the_admin(editor_client, rejected):
    response = editor_client.post(
        "/admin/articles/rejecteddocument/",
        {"action": "retry", "_selected_action": [rejected.pk]},
        follow=True,
    )
    assert "imported" in response.content.decode() or "inserted" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.resolved
