"""Two send_digests at the same moment (cron overlapping itself): one mail, not two."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from articles.filtersets import ArticleFilterSet
from articles.models import DigestDelivery, DigestItem, Reader
from articles.services import digests
from articles.services.readers import saved_search_create, saved_search_update
from tests.factories import ArticleFactory, at, list_world, tag

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_runs_send_each_digest_once():
    world = list_world()
    for n in range(3):
        user = User.objects.create_user(username=f"r{n}@example.org", email=f"r{n}@example.org")
        Reader.objects.create(user=user, email_confirmed_at=timezone.now())
        search = saved_search_create(user=user, name="Russia", query="country=ru")
        saved_search_update(
            saved_search=search,
            name="Russia",
            frequency="daily",
            now=datetime(2026, 12, 6, 12, tzinfo=UTC),
        )
    for day in (1, 2):
        tag(ArticleFactory(published_at=at(day)), world["ru"])
    now = datetime(2026, 12, 7, 7, tzinfo=UTC)
    ids = digests.digests_due(now=now)
    assert len(ids) == 3

    start = threading.Barrier(4)
    reports = []

    def run():
        try:
            start.wait()
            reports.append(
                digests.digests_send(
                    ids=ids,
                    now=now,
                    read_query=lambda q: ArticleFilterSet(QueryDict(q)),
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(r.sent for r in reports) == 3
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"r{n}@example.org" for n in range(3)]
    assert DigestDelivery.objects.count() == 3
    assert DigestItem.objects.count() == 6
    others = sum(r.outcomes["busy"] + r.outcomes["not_due"] for r in reports)
    assert others == 9  # every other attempt found the row taken or the period done
