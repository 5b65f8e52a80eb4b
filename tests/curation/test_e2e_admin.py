"""Editors in a real browser: approve a candidate, merge two officials, open the old URL, undo.

Playwright drives Debian's Chromium (never a downloaded browser), like tests/e2e. The data
is committed for the module (a live server reads it from another thread) and removed after.
Screenshots go to ``test-artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import os
import re
import threading

import pytest

from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    TIMEOUT_MS,
    WIDE,
    playwright_or_skip,
)

# django_db also makes pytest-django create the test database when this module runs alone.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

expect, sync_playwright = playwright_or_skip()
PASSWORD = "curate-in-the-browser-1"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Serve a small curated world: a candidate with evidence, one person recorded twice."""
    from django.contrib.auth.models import Group, User
    from pytest_django.live_server_helper import LiveServer

    from articles import models
    from articles.choices import OfficialStatus
    from tests.conftest import remove_imported_world
    from tests.curation.conftest import article, official
    from tests.factories import AppointmentFactory, CountryFactory

    with django_db_blocker.unblock():
        jordan = CountryFactory(iso2="JO", name="Jordan", slug="jordan")
        syria = CountryFactory(iso2="SY", name="Syria", slug="syria")
        judeh = official("Nasser Judeh", status=OfficialStatus.CANDIDATE, nationality=jordan)
        judeh.appointments.create(
            post="Foreign Minister", post_kind="foreign_minister", country=jordan, proposed=True
        )
        first = official("Walid Mouallem", nationality=syria)
        second = official("Walid al-Moallem")
        AppointmentFactory(official=first, post="Foreign Minister", country=syria)
        for n, person in enumerate((judeh, judeh, first, second)):
            models.ArticleOfficial.objects.create(
                article=article(f"Talks in Amman, day {n}", f"Ministers met on day {n}."),
                official=person,
                raw_name=person.name,
                raw_title="Foreign Minister",
            )
        user = User.objects.create_user("browser-editor", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
        try:
            yield {"url": server.url, "judeh": judeh, "first": first, "second": second}
        finally:
            server.stop()
            remove_imported_world()  # what the module committed, its history rows included
            user.delete()


@pytest.fixture
def page(site):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": WIDE, "height": 900}, base_url=site["url"])
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None
        )
        page.goto("/admin/login/?next=/admin/articles/official/")
        page.get_by_label("Username").fill("browser-editor")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/articles/official/")
        yield page
        browser.close()
        assert not errors, f"JavaScript errors or server errors: {errors}"


def db_check(django_db_blocker, check):
    """Run ``check`` in its own thread and connection, closed afterwards.

    Inside Playwright's sync API the ORM would open a connection in another async context
    that nothing closes, and the test database could not be dropped at the end of the run.
    """
    from django.db import connections

    failure: list[BaseException] = []

    def run():
        try:
            with django_db_blocker.unblock():
                check()
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_approve_a_candidate_from_the_queue(page, site, django_db_blocker):
    page.get_by_role("link", name="Candidates queue").click()
    page.wait_for_url("**/admin/articles/official/candidates/")
    row = page.locator("#candidates tbody tr", has_text="Nasser Judeh")
    expect(row).to_contain_text("2 times in 2 articles")
    expect(row).to_contain_text("“Foreign Minister” (2)")
    expect(row).to_contain_text("Foreign Minister, Jordan")
    shoot(page, "curation-01-candidates")
    row.get_by_role("button", name="Approve Nasser Judeh").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Approved Nasser Judeh.")
    expect(page.locator("#candidates")).to_have_count(0)

    def approved():
        judeh = site["judeh"]
        judeh.refresh_from_db()
        assert judeh.status == "confirmed"
        assert judeh.appointments.get().proposed is False

    db_check(django_db_blocker, approved)


def test_merge_two_officials_then_undo(page, site, django_db_blocker):
    first, second = site["first"], site["second"]
    page.locator("#searchbar").fill("Walid")
    page.get_by_role("button", name="Search").click()
    for person in (first, second):
        page.locator(f'input[name="_selected_action"][value="{person.pk}"]').check()
    page.locator('select[name="action"]').select_option("merge_officials")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("h1")).to_have_text("Merge officials")
    page.get_by_label(re.compile(r"^Walid Mouallem")).check()
    shoot(page, "curation-02-merge")
    page.get_by_role("button", name="Merge").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Walid al-Moallem → Walid Mouallem")

    # The merged official's old address leads to the one that remains.
    page.goto(f"/officials/{second.slug}/")
    page.wait_for_url(f"**/officials/{first.slug}/")
    expect(page.locator("h1")).to_contain_text("Walid Mouallem")

    def merged():
        assert first.mentions.count() == 2
        assert first.aliases.filter(alias="Walid al-Moallem").exists()

    db_check(django_db_blocker, merged)

    page.goto("/admin/articles/officialmerge/")
    page.get_by_role("link", name=re.compile("Walid al-Moallem")).first.click()
    shoot(page, "curation-03-merge-record")
    page.get_by_role("button", name="Undo this merge").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Undone")

    def undone():
        second.refresh_from_db()
        assert second.merged_into_id is None
        assert second.mentions.count() == 1 and first.mentions.count() == 1

    db_check(django_db_blocker, undone)
    page.goto(f"/officials/{second.slug}/")
    expect(page.locator("h1")).to_contain_text("Walid al-Moallem")
