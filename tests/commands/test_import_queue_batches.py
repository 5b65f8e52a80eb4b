"""The task queue's batch body, run in this process (no broker): written once, in order."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from articles.choices import ImportStatus
from articles.ingest.learn import Learned
from articles.ingest.readers import iter_documents
from articles.models import Article, ImportBatch, ImportRun
from articles.pipeline.queue import imports as queue
from articles.services.imports.runs import import_run_start

pytestmark = pytest.mark.django_db

RECORDS = [
    {"url": "https://wire.example/a", "title": "Talks resume", "text": "Ministers met in Vienna."},
    {"url": "https://wire.example/b", "title": "Talks stall", "text": "No agreement on Friday."},
    {"url": "https://wire.example/c", "title": "", "text": ""},  # rejected: nothing in it
]


@pytest.fixture
def payload(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return queue.encode_documents(iter_documents([str(path)]))


@pytest.fixture
def run():
    run = import_run_start(arguments={"queue": True})
    learned = Learned(furniture={}, outlets={}, names={})
    run.plan = queue.run_plan(source="Meridian Wire", learned=learned, stored={})
    run.save()
    return run


def test_documents_survive_the_message(tmp_path, payload):
    path = tmp_path / "wire.jsonl"
    assert queue.decode_documents(payload) == list(iter_documents([str(path)]))


def test_a_batch_is_written_once_and_counted_once(run, payload):
    first = queue.import_batch_run(run.pk, 0, payload)
    assert (first["inserted"], first["rejected"]) == (2, 1)
    assert queue.import_batch_run(run.pk, 0, payload) is None  # delivered again: skipped
    run.refresh_from_db()
    assert (run.records_read, run.inserted, run.rejected) == (3, 2, 1)
    batch = ImportBatch.objects.get(import_run=run)
    assert (batch.number, batch.records, batch.inserted, batch.rejected) == (0, 3, 2, 1)
    assert Article.objects.count() == 2


@override_settings(CELERY_BATCH_ORDER_WAIT=0.1)
def test_a_batch_waits_for_the_one_before_it(run, payload):
    with pytest.raises(queue.BatchNotReady):
        queue.import_batch_run(run.pk, 1, payload)
    assert not ImportBatch.objects.exists() and not Article.objects.exists()
    queue.import_batch_run(run.pk, 0, payload)
    assert queue.import_batch_run(run.pk, 1, payload)["unchanged"] == 2


def test_the_batches_of_a_stopped_run_are_dropped(run, payload):
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.INTERRUPTED)
    assert queue.import_batch_run(run.pk, 0, payload) is None
    assert not ImportBatch.objects.exists() and not Article.objects.exists()
