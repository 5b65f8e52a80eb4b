"""The import's fast paths: COPY row text, in-batch updates and folds, parallel learning."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from articles.ingest import learn, prepare, signing
from articles.models import Article, RejectedDocument
from articles.pipeline.imports import run_import

pytestmark = pytest.mark.django_db

BODY = (
    "Delegations from nine countries met on Monday in the old palace by the lake shore to "
    "discuss the water treaty, which expires next spring, and agreed to meet again in June."
)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_copy_keeps_tabs_backslashes_and_newlines(tmp_path):
    body = "First\tcolumn \\N and a back\\slash.\n\nSecond paragraph\r\nwith CRLF. " + BODY
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{"url": "https://x.example/1", "source": "X Post", "title": "T\tab", "text": body}],
    )
    summary = run_import([str(path)], workers=1)
    assert summary.outcomes["inserted"] == 1
    article = Article.objects.get()
    assert "\\N and a back\\slash." in article.body
    assert "\\N and a back\\slash." in article.raw_text
    assert Article.objects.filter(search_vector="treaty").exists()
    rerun = run_import([str(path)], workers=1)
    assert rerun.outcomes["unchanged"] == 1


def test_same_url_twice_in_one_batch_is_inserted_then_updated(tmp_path):
    first = {"url": "https://x.example/1", "source": "X Post", "title": "One", "text": BODY}
    second = dict(first, text=BODY + " A second session is planned for Wednesday.")
    path = write_jsonl(tmp_path / "a.jsonl", [first, second])
    summary = run_import([str(path)], workers=1)
    assert (summary.outcomes["inserted"], summary.outcomes["updated"]) == (1, 1)
    assert Article.objects.get().body.endswith("planned for Wednesday.")
    # A rerun replays both versions in order (as the per-record writes always did): the
    # last one wins again and nothing new is inserted.
    rerun = run_import([str(path)], workers=1)
    assert rerun.outcomes["inserted"] == 0
    assert Article.objects.get().body.endswith("planned for Wednesday.")


def test_exact_copy_in_the_same_batch_is_folded_into_the_new_article(tmp_path):
    records = [
        {"url": f"https://x.example/{n}", "source": "X Post", "title": "Same", "text": BODY}
        for n in (1, 2, 3)
    ]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    summary = run_import([str(path)], workers=1)
    assert (summary.outcomes["inserted"], summary.outcomes["duplicate"]) == (1, 2)
    assert Article.objects.get().duplicate_keys == ["https://x.example/2", "https://x.example/3"]
    rerun = run_import([str(path)], workers=1)
    assert rerun.outcomes["unchanged"] == 3


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("text", "a\u0000b "),  # NUL: PostgreSQL text cannot hold it
        ("text", "an emoji cut in half \ud83d "),  # a lone surrogate: no UTF-8 for it
        ("title", "\udc00"),
    ],
)
def test_text_postgresql_cannot_store_is_rejected_not_fatal(tmp_path, field, bad):
    broken = {"url": "https://x.example/bad", "source": "X Post", "title": "Bad", "text": BODY}
    broken[field] = bad + broken[field]
    records = [
        broken,
        {"url": "https://x.example/ok", "source": "X Post", "title": "Fine", "text": BODY},
    ]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    summary = run_import([str(path)], workers=1)
    assert (summary.outcomes["inserted"], summary.outcomes["rejected"]) == (1, 1)
    assert "cannot be stored" in RejectedDocument.objects.get().reason


def test_parallel_learning_equals_serial_learning(tmp_path):
    records = []
    for outlet in ("Alpha Times", "Beta News", "Gamma Daily", "Delta Wire"):
        for n in range(6):
            text = (
                f"Story {n} of {outlet}: the council met for the {n}th time this year.\n\n"
                f"Subscribe to the {outlet} newsletter for more stories like this one.\n\n" + BODY
            )
            records.append({"source": outlet, "title": f"Story {n}", "text": text})
    path = write_jsonl(tmp_path / "a.jsonl", records)
    options = {"format": "auto", "source": None, "limit": None}
    serial = learn.learn_sources([str(path)], workers=1, **options)
    parallel = learn.learn_sources([str(path)], workers=2, **options)
    assert parallel == serial
    assert serial.furniture and all(serial.furniture.values())


def test_bands_go_with_their_article_and_a_stray_band_is_harmless(tmp_path):
    # ArticleBand has no database foreign key (an insert-time check per band row): the
    # ORM still deletes an article's bands, and a band whose article is gone (a raw SQL
    # delete) never makes a later copy join a group.
    from articles.models import ArticleBand

    long_body = " ".join([BODY] * 3)
    first = {"url": "https://x.example/1", "source": "X Post", "title": "One", "text": long_body}
    path = write_jsonl(tmp_path / "a.jsonl", [first])
    run_import([str(path)], workers=1)
    article = Article.objects.get()
    bands = list(article.bands.values_list("band", flat=True))
    assert bands
    article.delete()
    assert not ArticleBand.objects.exists()
    ArticleBand.objects.bulk_create(ArticleBand(article_id=10**9, band=b) for b in bands)
    copy = dict(first, url="https://y.example/1", source="Y Post")
    summary = run_import([str(write_jsonl(tmp_path / "b.jsonl", [copy]))], workers=1)
    assert summary.outcomes["inserted"] == 1
    stored = Article.objects.get()
    assert (stored.duplicate_group_id, stored.is_story_lead) == (None, True)


def test_an_updated_record_replaces_its_bands_and_a_later_copy_joins_it(tmp_path):
    from articles.models import ArticleBand

    other = " ".join(
        f"Paragraph {n} of the revised report covers the border talks in detail." for n in range(9)
    )
    record = {"url": "https://x.example/1", "source": "X Post", "title": "One", "text": other}
    run_import([str(write_jsonl(tmp_path / "a.jsonl", [record]))], workers=1)
    # An edited version (a section added): an update, not another article (see the URL
    # clash test in test_import_corpus).
    changed = dict(record, text=other + " " + " ".join([BODY] * 3))
    summary = run_import([str(write_jsonl(tmp_path / "b.jsonl", [changed]))], workers=1)
    assert summary.outcomes["updated"] == 1
    after = set(ArticleBand.objects.values_list("band", flat=True))
    assert after == set(signing.sign_words(changed["text"].split())[1])  # the new text's only
    # A copy of the new text at another outlet joins the updated article's story.
    copy = dict(changed, url="https://y.example/1", source="Y Post")
    run_import([str(write_jsonl(tmp_path / "c.jsonl", [copy]))], workers=1)
    lead, later = Article.objects.order_by("id")
    assert later.duplicate_group_id is not None
    assert lead.duplicate_group_id == later.duplicate_group_id
    assert (lead.is_story_lead, later.is_story_lead) == (True, False)


def test_a_record_updated_within_its_batch_is_signed_and_grouped_by_its_last_text(tmp_path):
    from articles.models import ArticleBand

    first_text = " ".join(
        f"Paragraph {n} of the first draft covers the harbour dispute at length." for n in range(9)
    )
    final_text = first_text + " " + " ".join([BODY] * 3)  # an edited version of the first
    records = [
        {"url": "https://x.example/1", "source": "X Post", "title": "One", "text": first_text},
        {"url": "https://x.example/1", "source": "X Post", "title": "One", "text": final_text},
    ]
    summary = run_import([str(write_jsonl(tmp_path / "a.jsonl", records))], workers=1)
    assert (summary.outcomes["inserted"], summary.outcomes["updated"]) == (1, 1)
    signature, bands = signing.sign_words(final_text.split())
    article = Article.objects.get()
    assert article.minhash == list(signature)
    assert set(ArticleBand.objects.values_list("band", flat=True)) == set(bands)
    copy = {"url": "https://y.example/1", "source": "Y Post", "title": "One", "text": final_text}
    run_import([str(write_jsonl(tmp_path / "b.jsonl", [copy]))], workers=1)
    lead, later = Article.objects.order_by("id")
    assert later.duplicate_group_id is not None
    assert lead.duplicate_group_id == later.duplicate_group_id


def test_a_new_copy_of_a_text_updated_in_the_same_batch_is_not_grouped_with_it(tmp_path):
    old_text = " ".join([BODY] * 3)
    # An edited version that keeps one paragraph of the old text: an update, and too far
    # from the old text to be a near-duplicate of it.
    new_text = (
        BODY
        + " "
        + " ".join(
            f"Paragraph {n} of the revised report covers the border talks in detail."
            for n in range(12)
        )
    )
    stored = {"url": "https://x.example/1", "source": "X Post", "title": "One", "text": old_text}
    run_import([str(write_jsonl(tmp_path / "a.jsonl", [stored]))], workers=1)
    batch = [
        dict(stored, text=new_text),  # the stored article's text changes...
        {"url": "https://y.example/1", "source": "Y Post", "title": "One", "text": old_text},
    ]
    summary = run_import([str(write_jsonl(tmp_path / "b.jsonl", batch))], workers=1)
    assert (summary.outcomes["updated"], summary.outcomes["inserted"]) == (1, 1)
    # ...so the other outlet's copy of the old text is a story of its own.
    assert not Article.objects.filter(duplicate_group__isnull=False).exists()


def test_run_reports_cpu_time_per_process_group(tmp_path):
    import os

    from bench.cpu import database_cpu_seconds

    records = [
        {
            "url": f"https://x.example/{n}",
            "source": "X Post",
            "title": f"T{n}",
            "text": f"{n} {BODY}",
        }
        for n in range(40)
    ]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    times = run_import([str(path)], workers=2, database_cpu=database_cpu_seconds).times
    assert times.cpu_main > 0 and times.cpu_workers > 0 and times.cpu_learn > 0
    assert times.parse > 0 and times.sign > 0
    if os.environ.get("DATABASE_URL"):
        return  # a remote server's processes cannot be read: the figures may be None
    backend, server = database_cpu_seconds()
    assert 0 < backend <= server
    # /proc counts in clock ticks (10 ms): a 40-record import may not reach one.
    assert times.cpu_pg_backend is not None and times.cpu_pg_backend >= 0
    # Each is a difference of two float sums of ticks: equal counts can differ by 1e-14.
    assert times.cpu_pg_server >= times.cpu_pg_backend - 1e-9


def test_workers_run_at_a_lower_priority_than_the_writer():
    # The serial writer (this process and its database backend) must not queue behind
    # the workers for a core, or the workers end up idle waiting for it.
    context = multiprocessing.get_context("fork")
    with context.Pool(1, initializer=prepare._init_worker, initargs=(None, {})) as pool:
        worker_niceness = pool.apply(os.nice, (0,))
    assert worker_niceness == min(19, os.nice(0) + prepare.WORKER_NICENESS)
    assert prepare.WORKER_NICENESS > 0
