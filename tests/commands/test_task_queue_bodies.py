"""The task queue's bodies for reextract, index rebuilds and topic applies, run in this
process (no broker): the same result as the in-process paths, written once, in order."""

from __future__ import annotations

from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from articles.choices import ImportStatus
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleTopic,
    TaskBatch,
    TaskRun,
    TopicApplyJob,
    TopicRule,
)
from articles.pipeline import reextract as local
from articles.pipeline.queue import index as queued_index
from articles.pipeline.queue import reextract as queued
from articles.pipeline.queue.common import BatchNotReady
from articles.services import topics
from articles.services.queueing import index_queue
from tests.curation.conftest import article, make_world
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

BATCH = 2  # articles a batch: the five texts make three

TEXTS = [
    ("Jordan and Syria talk", "Officials from Jordan met Syria's envoys in Amman on Monday."),
    ("Syria sanctions", "Syrian Foreign Minister Walid Halabi said the sanctions would fail."),
    ("Border reopens", "The Jordanian border with Syria reopened, Minister Karim Naser said."),
    ("Weather", "Rain is expected across the region."),
    ("Talks in Amman", "Jordan's foreign minister hosted the talks about Syria."),
]


def _mentions() -> set[tuple]:
    rows = set()
    for model, entity in (
        (ArticleCountry, "country__iso2"),
        (ArticleOfficial, "official__slug"),
        (ArticleTopic, "topic__slug"),
    ):
        rows |= {
            (model.__name__, *r)
            for r in model.objects.values_list("article__title", entity, "raw_name" if model
                                               is ArticleOfficial else "origin", "suppressed")
        }  # fmt: skip
    return rows


def _run_now(run_id: int, number: int, ids: list[int]) -> None:
    """Stand in for the broker and a worker: run the batch's body at once."""
    queued.reextract_batch_run(run_id, number, ids)


@pytest.fixture
def corpus():
    make_world()
    for title, body in TEXTS:
        article(title, body)
    return list(Article.objects.order_by("id").values_list("id", flat=True))


def test_queued_reextract_ends_as_in_process(corpus):
    point = transaction.savepoint()
    expected = local.articles_reextract(workers=1, reclean_all=True, batch_size=BATCH)
    expected_mentions = _mentions()
    transaction.savepoint_rollback(point)
    assert _mentions() != expected_mentions  # the run changed something to compare

    dispatch = partial(queued.reextract_dispatch, send=_run_now)
    done = []
    summary = local.articles_reextract(
        workers=1, reclean_all=True, batch_size=BATCH, dispatch=dispatch, on_progress=done.append
    )
    assert _mentions() == expected_mentions
    assert summary.diff == expected.diff and summary.diff.candidates_created > 0
    assert (
        (summary.articles, summary.recleaned) == (expected.articles, expected.recleaned) == (5, 5)
    )
    assert summary.changed_bodies == expected.changed_bodies
    assert summary.line().split(" in ")[0] == expected.line().split(" in ")[0]
    assert sum(done) == 5
    run = TaskRun.objects.get()
    assert (run.kind, run.status, run.batches_total) == ("reextract", ImportStatus.FINISHED, 3)
    assert list(run.batches.values_list("number", "articles")) == [(0, 2), (1, 2), (2, 1)]


def test_a_reextract_batch_is_written_once_and_in_order(corpus):
    run = TaskRun.objects.create(
        kind=TaskRun.Kind.REEXTRACT,
        plan={"reclean_all": False, "furniture": {}, "officials_before": 10**9},
    )
    with override_settings(CELERY_BATCH_ORDER_WAIT=0.1), pytest.raises(BatchNotReady):
        queued.reextract_batch_run(run.pk, 1, corpus[2:4])
    assert not TaskBatch.objects.exists() and not ArticleCountry.objects.exists()
    first = queued.reextract_batch_run(run.pk, 0, corpus[:2])
    assert first["articles"] == 2 and first["added"]["countries"] == 3
    assert queued.reextract_batch_run(run.pk, 0, corpus[:2]) is None  # delivered again
    assert TaskBatch.objects.get().result == first
    assert queued.outcome_to_json(queued.outcome_from_json(first)) == first


def test_the_batches_of_a_stopped_reextract_are_dropped(corpus):
    run = TaskRun.objects.create(
        kind=TaskRun.Kind.REEXTRACT,
        status=ImportStatus.INTERRUPTED,
        plan={"reclean_all": False, "furniture": {}, "officials_before": 0},
    )
    assert queued.reextract_batch_run(run.pk, 0, corpus[:2]) is None
    assert not TaskBatch.objects.exists() and not ArticleCountry.objects.exists()


def test_without_a_broker_reextract_runs_here(corpus):
    out = StringIO()
    call_command("reextract", "--workers", "1", stdout=out)
    assert out.getvalue().startswith("Re-extracted 5 articles")
    assert not TaskRun.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1"),
        (["--batch-size", "0"], "--batch-size must be at least 1"),
        (["--since", "last week"], "--since must be an ISO date"),
    ],
)
def test_reextract_refuses_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("reextract", *args)


def test_a_reextract_batch_size_below_one_is_refused(corpus):
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        local.articles_reextract(workers=1, batch_size=0)


@pytest.fixture
def embargo():
    topic = TopicFactory(slug="embargo", name="Embargo", threshold=2.0)
    TopicRule.objects.create(topic=topic, phrase="embargo", weight=2.0)
    for n in range(5):
        article(f"Embargo {n}", f"The arms embargo, day {n}: an embargo on weapons.")
    article("Weather", "Rain is expected.")
    return topic


def test_a_topic_apply_job_delivered_again_goes_on_after_its_last_chunk(embargo, monkeypatch):
    point = transaction.savepoint()
    fresh = topics.topic_apply_start(topic=embargo, background=False)
    topics.topic_apply_run(job=fresh)
    expected = _mentions()
    transaction.savepoint_rollback(point)

    monkeypatch.setattr(topics, "CHUNK", 2)
    job = topics.topic_apply_start(topic=embargo, background=False)
    write_chunk = topics._write_chunk
    calls = []

    def dies_on_the_second_chunk(**kwargs):
        calls.append(kwargs["chunk"])
        if len(calls) == 2:
            raise SystemExit("killed")  # as kill -9: no failure recorded by the job
        return write_chunk(**kwargs)

    monkeypatch.setattr(topics, "_write_chunk", dies_on_the_second_chunk)
    with pytest.raises(SystemExit):
        topics.topic_apply_resume(job_id=job.pk)
    TopicApplyJob.objects.filter(pk=job.pk).update(status=TopicApplyJob.Status.RUNNING)
    job.refresh_from_db()
    assert (job.done, job.gained, job.last_article_id) == (2, 2, calls[0][-1])

    monkeypatch.setattr(topics, "_write_chunk", write_chunk)
    topics.topic_apply_resume(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == TopicApplyJob.Status.FINISHED, job.error
    assert (job.total, job.done, job.gained, job.lost) == (5, 5, 5, 0)
    assert (fresh.total, fresh.gained, fresh.lost) == (5, 5, 0)
    assert _mentions() == expected
    assert topics.topic_apply_resume(job_id=job.pk) is None  # a finished job is not redone


def test_with_a_broker_a_topic_apply_goes_to_the_queue(
    embargo, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(topics, "task_send", lambda name, *args: sent.append((name, *args)))
    with (
        override_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/10"),
        django_capture_on_commit_callbacks(execute=True),  # the admin's commit
    ):
        job = topics.topic_apply_start(topic=embargo)
    assert sent == [("articles.topic_apply", job.pk)]
    job.refresh_from_db()
    assert job.status == TopicApplyJob.Status.PENDING  # no thread ran it


def test_an_index_rebuild_run_by_the_nodes_worker(corpus):
    sent = []

    def run_now(run_id: int, queue: str) -> None:
        sent.append(queue)
        queued_index.index_rebuild_run(run_id)

    done = []
    run = queued_index.index_rebuild_dispatch(
        node="web-2", sync=False, threads=1, send=run_now, on_progress=done.append
    )
    assert sent == [index_queue("web-2")] == ["index.web-2"]
    assert run.status == ImportStatus.FINISHED and run.result["indexed"] == 5
    assert "is ready" in run.result["health"] and sum(done) == run.done == 5
    assert queued_index.index_rebuild_run(run.pk) is None  # delivered again after it ended
