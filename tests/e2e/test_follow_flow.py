"""Follow a search in a real browser: sign up, confirm from the mail, save a search, turn
on its digest, receive it (``send_digests``), unsubscribe from the mail's link.

Playwright drives Debian's Chromium against pytest-django's live server; the mails are
Django's test outbox (the locmem backend the test run uses), read from the test's thread.
Screenshots at 390 and 1280 px go to ``/tmp/follow/`` (and the run's screenshots folder).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest

from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NARROW,
    SCREENSHOTS,
    TIMEOUT_MS,
    WIDE,
    playwright_or_skip,
)

# No test transaction (transaction=True): what the browser writes through the live server
# and what this test writes (a new article, the digests) must see each other.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect, sync_playwright = playwright_or_skip()

SHOTS = [SCREENSHOTS, Path(os.environ.get("FOLLOW_SCREENSHOTS", "/tmp/follow"))]
EMAIL, PASSWORD = "e2e.reader@example.org", "a-long-reader-password-42"
LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A small committed world (Russia and France coverage), served; removed afterwards."""
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    from articles.search.indexing import sync
    from tests.conftest import remove_imported_world
    from tests.factories import ArticleFactory, at, list_world, tag

    with django_db_blocker.unblock():
        world = list_world()
        for day in range(1, 6):
            tag(
                ArticleFactory(title=f"Moscow and Paris talk, day {day}", published_at=at(day)),
                world["ru"],
                world["fr"],
            )
            tag(ArticleFactory(title=f"Kremlin statement {day}", published_at=at(day)), world["ru"])
        sync(wait=True)
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
        try:
            yield {"url": server.url, "world": world}
        finally:
            server.stop()
            remove_imported_world()
            User.objects.filter(username=EMAIL).delete()
            Session.objects.all().delete()
            try:
                from axes.models import AccessAttempt, AccessFailureLog, AccessLog

                for model in (AccessAttempt, AccessFailureLog, AccessLog):
                    model.objects.all().delete()
            except ImportError:  # pragma: no cover - older axes
                pass
            connections.close_all()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, base_url=site["url"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors or server errors while browsing: {errors}"


def shoot(page, name: str) -> None:
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 900})
        for folder in SHOTS:
            page.screenshot(path=str(folder / f"follow-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDE, "height": 900})


def test_sign_up_confirm_save_a_search_and_receive_its_digest(
    page, site, django_db_blocker, settings
):
    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import SavedSearch
    from tests.factories import ArticleFactory, tag

    mail.outbox.clear()
    settings.SITE_URL = site["url"]  # the links send_digests puts in mail
    # Anonymous: the list offers to sign in to save it.
    page.goto("/articles/?country=ru")
    page.get_by_role("link", name="Sign in to save this search").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.locator("h1")).to_have_text("Sign up")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".form-field-errors")).to_contain_text("too short")
    shoot(page, "01-signup-error")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    shoot(page, "02-signup-sent")

    # The one mail an unconfirmed address gets: the confirmation link.
    assert len(mail.outbox) == 1
    link = LINK.findall(mail.outbox[0].body)[0]
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Address confirmed")
    shoot(page, "03-confirmed")

    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email address").fill(EMAIL.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("My searches")
    expect(page.locator(".list-empty")).to_contain_text("No saved searches yet")

    page.goto("/articles/?country=ru&q=")
    save = page.locator("form.list-save")
    expect(save.get_by_label("Save this search as")).to_have_value("Country: Russia")
    shoot(page, "04-list-save")
    save.get_by_label("Save this search as").fill("Russia watch")
    save.get_by_role("button", name="Save this search").click()
    expect(page.locator("h1")).to_have_text("My searches")
    expect(page.locator(".messages")).to_contain_text("Saved “Russia watch”")
    row = page.locator(".saved-search").first
    expect(row).to_contain_text("10 articles now")
    row.get_by_label("Email digest").select_option("daily")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("a daily email of its new articles")
    shoot(page, "05-my-searches")
    row.get_by_role("link", name="Russia watch").click()
    expect(page.locator(".list-save")).to_contain_text("Saved as “Russia watch” (daily email)")

    # A new article arrives, then cron runs send_digests after the next morning's slot.
    with django_db_blocker.unblock():
        tag(ArticleFactory(title="Fresh Kremlin reply", published_at=None), site["world"]["ru"])
        tag(ArticleFactory(title="Paris only, not followed"), site["world"]["fr"])
        later = (timezone.now() + timedelta(days=1, hours=1)).isoformat()
        out = StringIO()
        call_command("send_digests", "--now", later, stdout=out)
        again = StringIO()
        call_command("send_digests", "--now", later, stdout=again)
        assert SavedSearch.objects.get(name="Russia watch").frequency == "daily"
    assert "1 sent" in out.getvalue() and "0 due" in again.getvalue()
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2 and digest.to == [EMAIL]
    assert "Fresh Kremlin reply" in digest.body and "Paris only" not in digest.body

    # The feed works signed out; the unsubscribe link works signed out, in one click.
    feed = re.search(r"Its Atom feed: (\S+)", digest.body).group(1)
    unsubscribe = re.search(r"no sign-in\): (\S+)", digest.body).group(1)
    page.get_by_role("link", name="My searches").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".messages")).to_contain_text("You are signed out")
    expect(page.locator(".site-account")).to_have_text("Sign in")
    response = page.request.get(feed)
    assert response.ok and "Fresh Kremlin reply" in response.text()
    page.goto(unsubscribe)
    expect(page.locator("h1")).to_have_text("Unsubscribed")
    expect(page.locator("main")).to_contain_text("no more daily emails for “Russia watch”")
    shoot(page, "06-unsubscribed")
    with django_db_blocker.unblock():
        assert SavedSearch.objects.get(name="Russia watch").frequency == "none"
        assert list(mail.outbox) == [mail.outbox[0], digest]  # nothing more was sent
