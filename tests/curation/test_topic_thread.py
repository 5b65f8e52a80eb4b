"""The topic apply job really runs in a background thread (committed data, no test transaction)."""

from __future__ import annotations

import threading

import pytest

from articles.models import Topic, TopicApplyJob, TopicRule
from articles.services import topics as service
from tests.conftest import remove_imported_world
from tests.curation.conftest import article
from tests.curation.helpers import holders


@pytest.fixture
def committed_topic(django_db_setup, django_db_blocker):
    """A topic and articles committed for real, so a background thread can see them."""
    with django_db_blocker.unblock():
        topic = Topic.objects.create(slug="embargo-bg", name="Embargo", threshold=2.0)
        TopicRule.objects.create(topic=topic, phrase="embargo", weight=2.0)
        article("Arms embargo imposed", "An embargo on weapons starts today.")
        article("Weather", "Rain is expected.")
        try:
            yield topic
        finally:
            remove_imported_world()  # the rows, their history rows and the job


def test_apply_runs_in_a_background_thread(committed_topic, django_db_blocker):
    with django_db_blocker.unblock():
        job = service.topic_apply_start(topic=committed_topic)  # autocommit: starts at once
        # Wait for the job's thread itself (gone already if it has finished), not a poll.
        for thread in threading.enumerate():
            if thread.name == f"topic-apply-{job.pk}":
                thread.join(timeout=30)
                assert not thread.is_alive(), "the apply job still runs after 30 s"
        job.refresh_from_db()
        assert job.status == TopicApplyJob.Status.FINISHED, job.error
        assert (job.total, job.gained, job.lost) == (1, 1, 0)
        assert holders(committed_topic) == {"Arms embargo imposed"}
