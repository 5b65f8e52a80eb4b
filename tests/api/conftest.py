"""Fixtures for the API, export and feed tests: a small tagged corpus and open rate limits."""

from __future__ import annotations

import pytest

from articles.models import Appointment, NearDuplicateGroup
from tests.factories import (
    ArticleFactory,
    OfficialFactory,
    TopicFactory,
    at,
    list_world,
    tag,
)


@pytest.fixture(autouse=True)
def _api_limit_lifted(open_rate_limits):
    """Every API test runs with the anonymous limit lifted (tests/conftest.py)."""
    yield


@pytest.fixture
def world(db):
    """Articles tagged with countries, officials, organisations and topics; a story with copies."""
    w = list_world()
    w["newbie"] = OfficialFactory(name="Nadia Novak", slug="nadia-novak", status="candidate")
    w["talks"] = TopicFactory(slug="peace-talks", name="Peace talks")
    w["post"] = Appointment.objects.create(
        official=w["lavrov"], post="Foreign Minister", country=w["ru"]
    )
    w["a1"] = tag(
        ArticleFactory(
            title="Moscow backs Damascus",
            lede="Russia said it backs Syria.",
            source=w["ledger"],
            published_at=at(1),
            url="https://ledger.example/moscow-backs-damascus",
            external_id="ledger-1",
        ),
        w["sy"],
        w["ru"],
        w["lavrov"],
        w["un"],
        w["sanctions"],
        focus=True,
    )
    w["a1"].articleofficial_set.update(appointment=w["post"])
    w["a2"] = tag(
        ArticleFactory(title="Aid convoy reaches Aleppo", source=w["wire"], published_at=at(5, 4)),
        w["sy"],
        w["newbie"],
        w["talks"],
    )
    w["a3"] = tag(
        ArticleFactory(title="Paris and Moscow talk", source=w["wire"], published_at=at(9, 5)),
        w["ru"],
        w["fr"],
        w["talks"],
    )
    w["u"] = tag(
        ArticleFactory(title="Undated Syria note", source=w["ledger"], published_at=None), w["sy"]
    )
    # A copy of a3 at another outlet: one row per story by default, both with copies=all.
    w["a3copy"] = tag(
        ArticleFactory(
            title="Paris and Moscow talk (copy)",
            source=w["ledger"],
            published_at=at(9, 5),
            is_story_lead=False,
        ),
        w["ru"],
        w["fr"],
    )
    group = NearDuplicateGroup.objects.create(lead=w["a3"], size=2)
    for a in (w["a3"], w["a3copy"]):
        a.duplicate_group = group
        a.save(update_fields=["duplicate_group"])
    w["hidden"] = tag(
        ArticleFactory(title="Hidden Syria piece", status="hidden", published_at=at(2)), w["sy"]
    )
    return w
