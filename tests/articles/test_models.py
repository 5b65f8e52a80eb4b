"""Model constraints, generated search vector, ordering and URLs on the real PostgreSQL."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import IntegrityError, transaction
from django.db.models import F

from articles.models import Appointment, Article, Country, CountryAlias, PublicDay
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CountryAliasFactory,
    CountryFactory,
    OfficialFactory,
)

pytestmark = pytest.mark.django_db


def assert_violates(constraint_name: str, create) -> None:
    """Assert that ``create()`` fails on the named database constraint."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    assert constraint_name in str(excinfo.value)


def test_appointment_end_before_start_is_refused():
    official = OfficialFactory()
    assert_violates(
        "appointment_end_not_before_start",
        lambda: AppointmentFactory(
            official=official, start_date=date(2012, 5, 1), end_date=date(2012, 4, 30)
        ),
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), (date(2012, 1, 1), None), (None, date(2012, 1, 1)), (date(2012, 1, 1),) * 2],
)
def test_appointment_open_or_ordered_bounds_are_accepted(start, end):
    appointment = AppointmentFactory(start_date=start, end_date=end)
    assert Appointment.objects.filter(pk=appointment.pk).exists()


def test_appointment_covers_uses_open_bounds():
    appointment = AppointmentFactory.build(start_date=date(2012, 2, 23), end_date=None)
    assert appointment.covers(date(2012, 4, 9))
    assert not appointment.covers(date(2011, 12, 31))


def test_country_code_must_be_upper_case_two_letters():
    assert_violates(
        "country_iso2_upper_two_letters",
        lambda: Country.objects.create(iso2="sy", name="Syria", slug="syria-lower"),
    )


def test_country_alias_unique_per_country():
    alias = CountryAliasFactory(alias="Burma")
    assert_violates(
        "countryalias_unique_per_country",
        lambda: CountryAlias.objects.create(country=alias.country, alias="Burma", kind="name"),
    )


def test_article_url_is_unique_and_null_when_absent():
    ArticleFactory(url="https://example.org/a")
    assert_violates("url", lambda: ArticleFactory(url="https://example.org/a"))
    ArticleFactory(url=None)
    ArticleFactory(url=None)  # several articles without a url are fine
    assert_violates("article_url_null_not_empty", lambda: ArticleFactory(url=""))


def test_article_content_hash_is_the_dedup_key():
    first = ArticleFactory()
    assert_violates("content_hash", lambda: ArticleFactory(content_hash=first.content_hash))


def test_search_vector_is_generated_and_weights_title_above_body():
    in_title = ArticleFactory(title="Ceasefire agreed in Aleppo", body="Officials spoke.")
    in_body = ArticleFactory(title="Officials spoke", body="A ceasefire was discussed at length.")
    ArticleFactory(title="Trade talks", body="Tariffs were discussed.")
    query = SearchQuery("ceasefire", config="english")
    ranked = list(
        Article.objects.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank")
        .values_list("pk", flat=True)
    )
    assert ranked == [in_title.pk, in_body.pk]


def test_search_vector_follows_updates():
    article = ArticleFactory(title="Summit opens", body="Leaders arrive.")
    Article.objects.filter(pk=article.pk).update(body="Leaders discuss sanctions.")
    assert Article.objects.filter(search_vector=SearchQuery("sanctions")).exists()


def test_public_days_count_public_story_leads_per_utc_day():
    """The statement triggers of migration 0008 keep ``PublicDay`` right on every write."""
    late = datetime(2020, 3, 1, 23, 30, tzinfo=UTC)
    first = ArticleFactory(published_at=late)
    ArticleFactory(published_at=late)
    ArticleFactory(published_at=late, status="hidden")
    copy = ArticleFactory(published_at=late)
    undated = ArticleFactory(published_at=None)
    assert dict(PublicDay.objects.values_list("day", "n")) == {date.min: 1, date(2020, 3, 1): 3}

    Article.objects.filter(pk=copy.pk).update(is_story_lead=False)
    Article.objects.filter(pk=undated.pk).update(published_at=datetime(2020, 3, 2, tzinfo=UTC))
    first.delete()
    assert dict(PublicDay.objects.values_list("day", "n")) == {
        date.min: 0,
        date(2020, 3, 1): 1,
        date(2020, 3, 2): 1,
    }


def test_article_ordering_is_deterministic_newest_first():
    older = ArticleFactory()
    newer = ArticleFactory(published_at=older.published_at)
    undated = ArticleFactory(published_at=None)
    ids = list(Article.objects.values_list("pk", flat=True))
    # Same date: the higher id first; undated after every dated article.
    assert ids == [newer.pk, older.pk, undated.pk]


def test_urls_use_lower_case_codes_and_slugs():
    country = CountryFactory(iso2="SY", name="Syria", slug="syria")
    assert country.get_absolute_url() == "/countries/sy/"
    article = ArticleFactory(title="Russia, China push to end Syria violence")
    assert article.get_absolute_url() == (
        f"/articles/{article.pk}/russia-china-push-to-end-syria-violence/"
    )
