"""import_corpus end to end on PostgreSQL: outcomes, idempotency, bad input, interruption, CLI."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import prepare
from articles.models import (
    Article,
    ImportRun,
    NearDuplicateGroup,
    RecordWarning,
    RejectedDocument,
    Source,
)
from articles.pipeline.imports import ImportSummary
from articles.pipeline.imports import run_import as run_pipeline
from articles.services.imports import batch
from tests.conftest import ROOT
from tests.texts import WIRE_BODY, write

pytestmark = pytest.mark.django_db

# Articles written for these tests (own wording, invented outlets).
TXT_LEDGER = """Truce extended after marathon Geneva talks

Mediator says both sides accept thirty more days of calm; aid convoys to move freely.

March 3, 2015 18:40
2 minute read.

{body}

Related Content
Earlier talks collapsed over prisoner lists
February 1, 2015 09:00
"""
TXT_OTHER = """Trade ministers fail to agree on tariff cuts

By Ana Ribeiro

Monday, June 6, 2016 - 09:15

BRUSSELS - Trade ministers ended two days of meetings without a deal on lowering tariffs on
farm goods, with several delegations saying the gap between exporters and importers had
widened since the spring. Officials will try again in September.

Sign up for our morning briefing.
"""


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A small mixed corpus: txt, JSON lines (gzipped), CSV, with duplicates and bad records."""
    folder = tmp_path / "corpus"
    write(folder / "ledger" / "truce.txt", TXT_LEDGER.format(body=WIRE_BODY))
    write(folder / "ledger" / "truce_copy.txt", TXT_LEDGER.format(body=WIRE_BODY))  # exact copy
    write(folder / "ledger" / "tariffs.txt", TXT_OTHER)
    write(folder / "ledger" / "empty.txt", "")
    write(folder / "ledger" / "binary.txt", b"\x00\x01\x02\xff\xfe" * 50)
    records = [
        {
            "url": "https://dispatch.example/truce",
            "source": "Capital Dispatch",
            "title": "Thirty-day truce agreed in Geneva",
            "date_publish": "2015-03-03T19:05:00",
            # The same wire story with its own ending: a near-duplicate, not an exact one.
            "text": WIRE_BODY + " Reporting by the Dispatch desk.",
        },
        {
            "url": "https://dispatch.example/summit",
            "source": "Capital Dispatch",
            "title": "Leaders gather for regional summit",
            "date_publish": "2016-09-04",
            "text": "Heads of government arrived for a two-day summit focused on energy links.",
        },
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(1, '{"url": "https://dispatch.example/broken", "title": ')  # malformed line
    write(folder / "dispatch.jsonl.gz", gzip.compress("\n".join(lines).encode()))
    write(
        folder / "harbour.csv",
        "url,date,title,text\n"
        'https://harbour.example/a,9 April 2012,"Ministers meet in Cairo","Foreign ministers met '
        'in Cairo on Monday to discuss the crisis."\n'
        "https://harbour.example/b,10 April 2012,,\n",
    )
    return folder


def run_import(*paths, **options) -> ImportSummary:
    return run_pipeline([str(p) for p in paths], workers=1, **options)


def test_every_record_gets_exactly_one_outcome(corpus):
    summary = run_import(corpus)
    assert summary.records == 10
    assert dict(summary.outcomes) == {
        "inserted": 5,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 1,
        "rejected": 4,
    }
    run = ImportRun.objects.get()
    assert run.status == "finished"
    assert run.records_read == run.accounted == 10
    assert (run.inserted, run.duplicate, run.rejected) == (5, 1, 4)
    assert Article.objects.count() == 5


def test_rejects_keep_reason_and_original_bytes(corpus):
    run_import(corpus)
    reasons = {Path(r.origin.split(":")[0]).name: r.reason for r in RejectedDocument.objects.all()}
    assert set(reasons) == {"empty.txt", "binary.txt", "dispatch.jsonl.gz", "harbour.csv"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "JSON" in reasons["dispatch.jsonl.gz"]
    binary = RejectedDocument.objects.get(origin__contains="binary.txt")
    assert bytes(binary.raw) == b"\x00\x01\x02\xff\xfe" * 50
    malformed = RejectedDocument.objects.get(origin__contains="dispatch.jsonl")
    assert bytes(malformed.raw).startswith(b'{"url": "https://dispatch.example/broken"')


def test_second_import_changes_nothing(corpus):
    run_import(corpus)
    before = sorted(Article.objects.values_list("content_hash", "title", "published_at"))
    summary = run_import(corpus)
    assert summary.outcomes["inserted"] == 0
    assert summary.outcomes["updated"] == 0
    assert summary.outcomes["duplicate"] == 0  # the exact copy is remembered on its article
    assert summary.outcomes["unchanged"] == 6
    assert summary.outcomes["rejected"] == 4
    assert sorted(Article.objects.values_list("content_hash", "title", "published_at")) == before


def test_known_url_with_new_content_is_updated(tmp_path):
    record = {
        "url": "https://dispatch.example/x",
        "source": "Capital Dispatch",
        "title": "Talks open",
        "text": "Delegations opened talks on Monday in the old palace by the lake shore.",
    }
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    run_import(path)
    record["text"] += " A second session is planned for Wednesday."
    write(path, json.dumps(record) + "\n")
    first = Article.objects.get()
    summary = run_import(path)
    assert summary.outcomes["updated"] == 1
    article = Article.objects.get()
    assert article.body.endswith("planned for Wednesday.")
    # Every content column follows the new text, the search vector included.
    assert article.raw_text.endswith("planned for Wednesday.")
    assert article.word_count == first.word_count + 7
    assert article.content_hash != first.content_hash
    assert article.updated_at > first.updated_at
    assert Article.objects.filter(search_vector=SearchQuery("Wednesday")).count() == 1


def test_structured_fields_and_text_layout_are_parsed(corpus):
    run_import(corpus)
    ledger = Article.objects.get(title="Truce extended after marathon Geneva talks")
    assert ledger.lede.startswith("Mediator says both sides")
    assert ledger.published_at.isoformat() == "2015-03-03T18:40:00+00:00"
    assert ledger.dateline == "GENEVA"
    assert ledger.body.startswith("Envoys from both governments")
    assert "Related Content" not in ledger.body
    assert "minute read" not in ledger.body
    assert ledger.raw_text.startswith("Truce extended")  # the raw text is kept as imported
    tariffs = Article.objects.get(title__startswith="Trade ministers")
    assert tariffs.byline.endswith("Ana Ribeiro")
    assert "Sign up" not in tariffs.body
    dispatch = Article.objects.get(url="https://dispatch.example/summit")
    assert dispatch.source.name == "Capital Dispatch"
    assert dispatch.published_at.date().isoformat() == "2016-09-04"
    harbour = Article.objects.get(url="https://harbour.example/a")
    assert harbour.published_at.date().isoformat() == "2012-04-09"


def test_source_option_names_the_outlet_of_plain_files(tmp_path):
    path = write(tmp_path / "one.txt", TXT_OTHER)
    run_import(path, source="Brussels Bulletin")
    assert Article.objects.get().source.name == "Brussels Bulletin"
    assert Source.objects.filter(slug="brussels-bulletin").exists()


def test_near_duplicates_form_one_story(corpus):
    run_import(corpus)
    ledger = Article.objects.get(title="Truce extended after marathon Geneva talks")
    dispatch = Article.objects.get(url="https://dispatch.example/truce")
    assert ledger.duplicate_group_id is not None
    assert ledger.duplicate_group_id == dispatch.duplicate_group_id
    group = NearDuplicateGroup.objects.get()
    assert group.size == 2
    first, second = sorted([ledger, dispatch], key=lambda a: a.pk)
    assert group.lead_id == first.pk  # the first imported copy leads the story
    assert (first.is_story_lead, second.is_story_lead) == (True, False)
    other = Article.objects.get(title__startswith="Trade ministers")
    assert other.duplicate_group_id is None


def test_dry_run_writes_nothing_but_reports(corpus):
    summary = run_import(corpus, dry_run=True)
    assert summary.outcomes["inserted"] == 5
    assert summary.line().startswith("Dry run (nothing written)")
    assert Article.objects.count() == 0
    assert ImportRun.objects.count() == 0
    assert RejectedDocument.objects.count() == 0
    assert Source.objects.count() == 0


def test_limit_reads_only_that_many_records(corpus):
    summary = run_import(corpus, limit=3)
    assert summary.records == 3


def test_parallel_workers_give_the_same_result(corpus):
    summary = run_pipeline([str(corpus)], workers=2)
    assert summary.outcomes["inserted"] == 5
    assert summary.outcomes["rejected"] == 4


def wire_jsonl(tmp_path, count: int, record) -> Path:
    """Write ``record(n)`` (with Meridian Wire as its outlet) for each n below ``count`` as
    JSON lines; return the file."""
    records = ({"source": "Meridian Wire", **record(n)} for n in range(count))
    return write(tmp_path / "wire.jsonl", "\n".join(json.dumps(r) for r in records))


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_size_is_the_records_of_each_write_transaction(tmp_path, workers):
    path = wire_jsonl(
        tmp_path,
        7,
        lambda n: {
            "url": f"https://wire.example/batch/{n}",
            "title": f"Envoys meet again, round {n}",
            "text": f"Round {n}: the envoys met for {n + 2} hours and agreed to meet again.",
        },
    )
    written: list[int] = []
    summary = run_pipeline([str(path)], workers=workers, batch_size=3, on_progress=written.append)
    assert written == [3, 3, 1]
    assert summary.outcomes["inserted"] == 7 == Article.objects.count()
    assert ImportRun.objects.get().arguments["batch_size"] == 3


def test_a_batch_size_below_one_is_refused_not_an_empty_import(tmp_path):
    path = wire_jsonl(tmp_path, 2, lambda n: {"url": f"https://w.example/{n}", "text": "Talks."})
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        run_pipeline([str(path)], workers=1, batch_size=0)
    assert not Article.objects.exists() and not ImportRun.objects.exists()


def test_interrupted_run_then_rerun_equals_one_clean_run(tmp_path, monkeypatch):
    path = wire_jsonl(
        tmp_path,
        2500,
        lambda n: {
            "url": f"https://wire.example/{n}",
            "title": f"Council meets on crisis, session {n}",
            "date": f"2019-01-{n % 28 + 1:02d}",
            "text": f"Session {n}: members discussed the draft resolution number {n} at length "
            f"and agreed to return to it after consultations in capital number {n * 7}.",
        },
    )

    def snapshot():
        return sorted(
            Article.objects.values_list("url", "content_hash", "title", "published_at", "body")
        )

    real_write = batch._write
    calls = {"n": 0}

    def failing_write(*args, **kwargs):
        calls["n"] += 1
        outcomes = real_write(*args, **kwargs)
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process dies inside the second batch's transaction
        return outcomes

    monkeypatch.setattr(batch, "_write", failing_write)
    with pytest.raises(KeyboardInterrupt):
        run_import(path)
    assert Article.objects.count() == prepare.CHUNK_SIZE  # only the first batch landed
    assert ImportRun.objects.get().status == "interrupted"
    monkeypatch.setattr(batch, "_write", real_write)
    summary = run_import(path)
    assert summary.outcomes["unchanged"] == prepare.CHUNK_SIZE
    assert summary.outcomes["inserted"] == 2500 - prepare.CHUNK_SIZE
    interrupted_then_resumed = snapshot()

    Article.objects.all().delete()
    run_import(path)
    assert snapshot() == interrupted_then_resumed
    assert len(interrupted_then_resumed) == 2500


def test_command_prints_summary_line(corpus):
    out = StringIO()
    call_command("import_corpus", str(corpus), "--workers", "1", stdout=out)
    line = out.getvalue().strip().splitlines()[-1]
    assert line.startswith("Import #")
    assert "10 records read: 5 inserted, 0 updated, 0 unchanged, 1 duplicate, 4 rejected" in line


EDITED = (
    "Delegations opened talks on Monday in the old palace by the lake shore, where the "
    "envoys of both sides met for three hours before a dinner given by the host city. "
)
OTHER = (
    "A storm closed the northern ports for two days, and fishing crews waited in the harbour "
    "while the coast guard warned of waves higher than any seen in the past decade. "
)


def test_a_url_known_with_another_article_keeps_both(tmp_path):
    first = {
        "url": "https://dispatch.example/x",
        "source": "Capital Dispatch",
        "title": "Talks open",
        "text": EDITED * 3,
    }
    second = {**first, "title": "Storm shuts ports", "text": OTHER * 3}
    path = write(tmp_path / "a.jsonl", json.dumps(first) + "\n" + json.dumps(second) + "\n")
    summary = run_import(path)
    assert summary.outcomes["inserted"] == 2 and summary.outcomes["updated"] == 0
    titles = dict(Article.objects.values_list("title", "url"))
    assert titles["Talks open"] == "https://dispatch.example/x"
    assert titles["Storm shuts ports"].startswith("https://dispatch.example/x#text-")
    (clash,) = RecordWarning.objects.filter(message__startswith="URL clash")
    assert "https://dispatch.example/x" in clash.message
    again = run_import(path)  # nothing lost, nothing doubled
    assert again.outcomes["unchanged"] == 2 and Article.objects.count() == 2


def test_an_edited_version_updates_and_keeps_the_old_text_in_history(tmp_path, editor_client):
    record = {
        "url": "https://dispatch.example/y",
        "source": "Capital Dispatch",
        "title": "Talks open",
        "text": EDITED * 3,
    }
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    run_import(path)
    record["text"] = EDITED * 3 + "A second session is planned for Wednesday."
    write(path, json.dumps(record) + "\n")
    assert run_import(path).outcomes["updated"] == 1
    article = Article.objects.get()
    assert article.body.endswith("planned for Wednesday.")
    (before,) = article.revisions.all()
    assert before.body == (EDITED * 3).strip() and before.raw_text.startswith("Delegations")
    assert before.import_run_id == ImportRun.objects.latest("id").pk
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Earlier texts" in page and "Delegations opened talks" in page


def test_warnings_are_stored_with_their_record_printed_and_listed(tmp_path, editor_client):
    folder = tmp_path / "warned"
    for n in range(7):  # no date line a reader could use: "3 hours ago" is never today
        write(
            folder / f"story{n}.txt",
            f"Envoys meet again in Geneva, round {n}\n\n3 hours ago\n\n"
            "The envoys met for three hours and agreed to meet again next week in the capital.",
        )
    out = StringIO()
    call_command("import_corpus", str(folder), "--workers", "1", stdout=out)
    run = ImportRun.objects.get()
    stored = list(RecordWarning.objects.filter(import_run=run))
    assert run.warnings == len(stored) >= 7
    assert {Path(w.origin).name for w in stored} == {f"story{n}.txt" for n in range(7)}
    assert all("relative date" in w.message for w in stored)
    printed = [line for line in out.getvalue().splitlines() if line.startswith("  warning: ")]
    assert len(printed) == 5 and "story" in printed[0] and "relative date" in printed[0]
    assert f"{run.warnings} warning(s) in all" in out.getvalue()
    page = editor_client.get(f"/admin/articles/importrun/{run.pk}/change/").content.decode()
    assert "relative date" in page and "story0.txt" in page
    listed = editor_client.get(f"/admin/articles/recordwarning/?import_run__id__exact={run.pk}")
    assert listed.status_code == 200 and "story6.txt" in listed.content.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/folder"], "No such file or folder"),
        (["{corpus}", "--limit", "0"], "--limit must be a positive number"),
        (["{corpus}", "--workers", "0"], "--workers must be at least 1"),
        (["{corpus}", "--batch-size", "0"], "--batch-size must be at least 1"),
    ],
)
def test_command_refuses_bad_arguments(corpus, args, message):
    args = [a.format(corpus=corpus) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("import_corpus", *args)


def test_cli_exit_codes(corpus):
    """Exit 0 when the run finished (rejects included); non-zero for unusable arguments."""
    from django.db import connection

    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@/{settings['NAME']}?host={settings['HOST']}"
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    missing = subprocess.run(
        [sys.executable, "manage.py", "import_corpus", "/no/such/folder"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1
    assert "No such file or folder" in missing.stderr
    bad_format = subprocess.run(
        [sys.executable, "manage.py", "import_corpus", str(corpus), "--format", "xml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad_format.returncode == 2
    assert "invalid choice" in bad_format.stderr


def _numbered(start: int, end: int) -> str:
    return " ".join(f"w{n}" for n in range(start, end))


@pytest.mark.parametrize("chunk", [1, 500])  # stored candidates, and this chunk's own
def test_a_copy_joins_a_story_only_when_like_its_lead(tmp_path, chunk):
    # The second text shares ~0.5 of its shingles with the first and with the third; the
    # third shares ~0.2 with the first: it must not join the story through the second.
    records = [
        {"url": f"https://outlet{i}.example/a", "title": f"Item {i}", "text": _numbered(a, a + 200)}
        for i, a in enumerate((0, 60, 120))
    ]
    path = write(tmp_path / "chain.jsonl", "\n".join(json.dumps(r) for r in records))
    run_import(path, batch_size=chunk)
    first, second, third = Article.objects.order_by("pk")
    assert first.duplicate_group_id == second.duplicate_group_id is not None
    assert third.duplicate_group_id is None and third.is_story_lead


def test_an_opening_block_in_common_does_not_make_a_story(tmp_path):
    opening = _numbered(0, 400)
    tails = [_numbered(1000, 2000), _numbered(3000, 4000), _numbered(1000, 1500)]
    records = [
        {"url": f"https://outlet{i}.example/b", "title": f"Item {i}", "text": f"{opening} {tail}"}
        for i, tail in enumerate(tails)
    ]
    run_import(write(tmp_path / "block.jsonl", "\n".join(json.dumps(r) for r in records)))
    first, second, third = Article.objects.order_by("pk")
    assert second.duplicate_group_id is None and second.is_story_lead
    assert first.duplicate_group_id == third.duplicate_group_id is not None  # shortened copy
