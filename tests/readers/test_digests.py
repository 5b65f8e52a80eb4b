"""send_digests: what is due when, what "new" means, idempotence, unsubscribing."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone

from articles.choices import DigestFrequency
from articles.filtersets import ArticleFilterSet
from articles.models import DigestDelivery, DigestItem, Reader, SavedSearch
from articles.selectors.readers import digest_due_ids, digest_slot
from articles.services import digests
from articles.services.readers import (
    saved_search_create,
    saved_search_update,
    unsubscribe_token_make,
)
from tests.factories import ArticleFactory, at, list_world, tag

pytestmark = pytest.mark.django_db


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """Return that time in December 2026 (UTC); the 7th is a Monday."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "now", "slot_at", "period"),
    [
        ("daily", utc(7, 6), utc(7, 6), "2026-12-07"),
        ("daily", utc(7, 5, 59), utc(6, 6), "2026-12-06"),
        ("daily", utc(7, 23, 59), utc(7, 6), "2026-12-07"),
        ("weekly", utc(7, 6), utc(7, 6), "2026-W50"),
        ("weekly", utc(7, 5), datetime(2026, 11, 30, 6, tzinfo=UTC), "2026-W49"),
        ("weekly", utc(13, 23), utc(7, 6), "2026-W50"),
        ("weekly", utc(14, 6, 1), utc(14, 6), "2026-W51"),
    ],
)
def test_digest_slots(settings, frequency, now, slot_at, period):
    settings.DIGEST_HOUR = 6
    slot = digest_slot(frequency=frequency, now=now)
    assert (slot.at, slot.period) == (slot_at, period)


def reader(email="reader@example.org", *, confirmed=True) -> User:
    user = User.objects.create_user(username=email, email=email, password="x-long-password-1")
    Reader.objects.create(user=user, email_confirmed_at=timezone.now() if confirmed else None)
    return user


def follow(user, query: str, frequency="daily", *, since: datetime, name="Russia") -> SavedSearch:
    search = saved_search_create(user=user, name=name, query=query)
    return saved_search_update(saved_search=search, name=name, frequency=frequency, now=since)


def send(now: datetime) -> digests.DigestReport:
    ids = digests.digests_due(now=now)
    return digests.digests_send(
        ids=ids, now=now, read_query=lambda q: ArticleFilterSet(QueryDict(q))
    )


@pytest.fixture
def world():
    return list_world()


def russian(world, day=1, **kwargs):
    return tag(ArticleFactory(published_at=at(day), **kwargs), world["ru"])


def test_a_daily_digest_lists_new_articles_once_and_is_never_sent_twice(world):
    old = russian(world, title="Before the digest was turned on")
    search = follow(reader(), "country=ru", since=utc(6, 12))
    new = russian(world, title="Moscow answers")
    tag(ArticleFactory(title="Paris unrelated"), world["fr"])

    assert send(utc(6, 23)).outcomes == {}  # turned on at noon: first slot is the 7th, 06:00
    report = send(utc(7, 6, 5))
    assert report.sent == 1 and report.articles == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert "Moscow answers" in message.body
    assert old.title not in message.body and "Paris unrelated" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "text/html" in [kind for _, kind in message.alternatives]

    # Cron again a few minutes later, and later that day: nothing more.
    assert send(utc(7, 6, 10)).sent == 0
    assert send(utc(7, 22)).sent == 0
    assert len(mail.outbox) == 1
    assert list(
        DigestItem.objects.filter(saved_search=search).values_list("article_id", flat=True)
    ) == [new.pk]


def test_an_article_imported_later_with_an_older_date_appears_in_the_next_digest_exactly_once(
    world,
):
    follow(reader(), "country=ru", since=utc(6, 12))
    russian(world, day=20, title="First new article")
    send(utc(7, 7))
    late = russian(world, day=2, title="Imported late, dated years before")  # id is larger
    assert send(utc(8, 7)).articles == 1
    assert "Imported late" in mail.outbox[-1].body
    assert "First new article" not in mail.outbox[-1].body
    assert send(utc(9, 7)).sent == 0  # nothing new: no mail, recorded as empty
    assert len(mail.outbox) == 2
    assert DigestItem.objects.filter(article=late).count() == 1
    assert DigestDelivery.objects.get(period="2026-12-09").outcome == "empty"


def test_a_missed_day_is_caught_up_without_skipping(world):
    follow(reader(), "country=ru", since=utc(6, 12))
    first = russian(world, title="Monday's")
    send(utc(7, 7))
    second = russian(world, title="Tuesday's")
    third = russian(world, title="Wednesday's")
    # No run on the 8th at all; the run on the 9th lists both.
    report = send(utc(9, 6, 30))
    assert report.articles == 2
    body = mail.outbox[-1].body
    assert second.title in body and third.title in body and first.title not in body


def test_unconfirmed_addresses_and_inactive_accounts_get_no_digest(world):
    follow(reader("new@example.org", confirmed=False), "country=ru", since=utc(6, 12))
    gone = reader("gone@example.org")
    gone.is_active = False
    gone.save()
    follow(gone, "country=ru", since=utc(6, 12))
    russian(world)
    assert digest_due_ids(now=utc(7, 7)) == []
    assert send(utc(7, 7)).sent == 0
    assert mail.outbox == []


def test_weekly_digests_go_out_on_mondays(world):
    search = follow(reader(), "country=ru", "weekly", since=utc(8, 12))  # a Tuesday
    russian(world)
    for day in range(8, 14):  # Tuesday to Sunday: not due
        assert digest_due_ids(now=utc(day, 12)) == []
    assert digest_due_ids(now=utc(14, 6)) == [search.pk]
    assert send(utc(14, 6)).sent == 1
    assert DigestDelivery.objects.get().period == "2026-W51"
    assert digest_due_ids(now=utc(20, 23)) == []


def test_a_digest_that_is_turned_off_sends_nothing(world):
    search = follow(reader(), "country=ru", since=utc(6, 12))
    russian(world)
    saved_search_update(saved_search=search, name=search.name, frequency=DigestFrequency.NONE)
    assert send(utc(7, 7)).sent == 0 and mail.outbox == []


def test_the_mail_lists_at_most_a_hundred_and_counts_the_rest(world, monkeypatch):
    monkeypatch.setattr(digests, "LISTED_MAX", 3)
    follow(reader(), "country=ru", since=utc(6, 12))
    for n in range(5):
        russian(world, day=n + 1)
    assert send(utc(7, 7)).articles == 5
    assert "… and 2 more" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Newsroom: 5 new articles")


def test_a_failed_send_is_rolled_back_and_tried_again(world, monkeypatch):
    follow(reader(), "country=ru", since=utc(6, 12))
    russian(world)

    def broken(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(digests, "mail_send", broken)
    assert send(utc(7, 7)).outcomes["failed"] == 1
    assert DigestDelivery.objects.count() == 0 and DigestItem.objects.count() == 0
    monkeypatch.undo()
    assert send(utc(7, 7, 5)).sent == 1


def test_the_command_is_idempotent_and_prints_a_summary(world):
    follow(reader(), "country=ru", since=utc(6, 12))
    follow(reader("two@example.org"), "country=fr", since=utc(6, 12), name="France")
    russian(world)
    out = StringIO()
    call_command("send_digests", "--now", "2026-12-07T07:00", stdout=out)
    assert "2 due" in out.getvalue() and "1 sent, 1 with nothing new" in out.getvalue()
    again = StringIO()
    call_command("send_digests", "--now", "2026-12-07T07:05", stdout=again)
    assert "0 due" in again.getvalue()
    assert len(mail.outbox) == 1


def test_the_command_dry_run_sends_and_records_nothing(world):
    follow(reader(), "country=ru", since=utc(6, 12))
    russian(world)
    out = StringIO()
    call_command("send_digests", "--dry-run", "--now", "2026-12-07T07:00", stdout=out)
    assert "Dry run" in out.getvalue() and "1 would be sent" in out.getvalue()
    assert mail.outbox == [] and DigestDelivery.objects.count() == 0


def test_a_search_whose_filters_later_match_nothing_known_still_runs(world):
    """A saved value that no longer resolves (an entity deleted) is ignored, not a crash."""
    follow(reader(), "country=ru&topic=gone-topic", since=utc(6, 12))
    russian(world)
    assert send(utc(7, 7)).sent == 1
    assert "no longer applies" in mail.outbox[0].body
    assert "Ignored topic “gone-topic”" in mail.outbox[0].body


def test_unsubscribe_tokens_are_per_search(world):
    search = follow(reader(), "country=ru", since=utc(6, 12))
    other = follow(reader("b@example.org"), "country=ru", since=utc(6, 12))
    assert unsubscribe_token_make(saved_search=search) != unsubscribe_token_make(saved_search=other)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ceasefire", {"ceasefire-ru", "ceasefire-fr"}),
        ("q=ceasefire&country=ru", {"ceasefire-ru"}),
        ("country=ru&country=fr&match=all", {"both"}),
        ("country=ru&focus=1", {"focus-ru"}),
        ("q=ceasefire -paris", {"ceasefire-ru"}),
    ],
)
def test_a_digest_lists_what_the_list_itself_matches(world, query, expected):
    """The digest's new articles are those the search's own list shows."""
    from articles.search.indexing import sync
    from articles.search.results import all_ids

    follow(reader(), query, since=utc(6, 12))
    made = {
        "ceasefire-ru": tag(ArticleFactory(title="Ceasefire holds in Moscow talks"), world["ru"]),
        "ceasefire-fr": tag(ArticleFactory(title="Paris ceasefire plan"), world["fr"]),
        "both": tag(ArticleFactory(title="Moscow and Paris meet"), world["ru"], world["fr"]),
        "focus-ru": tag(ArticleFactory(title="Kremlin speaks"), world["ru"], focus=True),
    }
    send(utc(7, 7))
    names = {name for name, article in made.items() if article.title in mail.outbox[0].body}
    assert names == expected
    sync(wait=True)
    listed = set(all_ids(ArticleFilterSet(QueryDict(query)).criteria))
    assert {made[name].pk for name in expected} == listed
