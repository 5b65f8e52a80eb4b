"""The post shown beside an official mention: linked post, the text's title, former."""

from __future__ import annotations

import pytest

from articles.models import ArticleOfficial
from tests.factories import AppointmentFactory, ArticleFactory, CountryFactory, OfficialFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("post", "raw_title", "former", "linked", "shown"),
    [
        ("Foreign Minister", "", False, True, "Foreign Minister of Syria"),
        ("Senator from Texas", "Sen.", False, True, "Senator from Texas"),  # says where already
        ("Foreign Minister", "", True, True, "former Foreign Minister of Syria"),
        ("", "Rosneft's president", False, False, "Rosneft's president"),  # as written
        ("", "former Prime Minister", True, False, "former Prime Minister"),  # not twice
        ("", "then-Secretary of State", True, False, "then-Secretary of State"),
        ("", "Prime Minister", True, False, "former Prime Minister"),
        ("", "", True, False, ""),  # former, but no post given: nothing to show
    ],
)
def test_post_display(post, raw_title, former, linked, shown):
    official = OfficialFactory()
    appointment = (
        AppointmentFactory(official=official, post=post, country=CountryFactory(name="Syria"))
        if linked
        else None
    )
    mention = ArticleOfficial.objects.create(
        article=ArticleFactory(),
        official=official,
        appointment=appointment,
        raw_name=official.name,
        raw_title=raw_title,
        former=former,
    )
    assert ArticleOfficial.objects.get(pk=mention.pk).post_display == shown
