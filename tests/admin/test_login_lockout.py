"""django-axes on the admin login: lock-out per (account, address), lifted after the cool-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from tests.conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.django_db
GOOD = EDITOR_PASSWORD
ATTACKER, OFFICE = "203.0.113.9", "198.51.100.7"


def login(client, password, address):
    client.logout()
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def guess(client, times, address=ATTACKER):
    for n in range(times):
        assert not logged_in(login(client, f"wrong-{n}", address))


def test_settings_lock_per_account_and_address_with_a_cool_off():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_FAILURE_LIMIT == 5


def test_guessing_locks_the_account_out_from_that_address(client, editor):
    guess(client, settings.AXES_FAILURE_LIMIT)
    response = login(client, GOOD, ATTACKER)
    assert not logged_in(response)
    assert response.status_code == 429


def test_the_real_editor_elsewhere_is_not_locked_out(client, editor):
    guess(client, settings.AXES_FAILURE_LIMIT + 3)
    assert logged_in(login(client, GOOD, OFFICE))


def test_the_lock_lifts_after_the_cool_off(client, editor):
    guess(client, settings.AXES_FAILURE_LIMIT)
    assert login(client, GOOD, ATTACKER).status_code == 429
    # Fifteen minutes and a second later the lock has lifted.
    past = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert logged_in(login(client, GOOD, ATTACKER))


def test_a_successful_login_resets_the_count(client, editor):
    guess(client, settings.AXES_FAILURE_LIMIT - 1)
    assert logged_in(login(client, GOOD, ATTACKER))
    guess(client, settings.AXES_FAILURE_LIMIT - 1)
    assert logged_in(login(client, GOOD, ATTACKER))
