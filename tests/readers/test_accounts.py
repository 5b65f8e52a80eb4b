"""Reader accounts: sign-up with a confirmed address, sign-in, reset, limits, no admin."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from articles.models import Reader
from articles.services.readers import confirm_token_make

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-reader-password-42"
LINK = re.compile(r"https?://\S+")


def sign_up(client, email="Reader@Example.org", password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:signup"),
        {"email": email, "password1": password, "password2": password},
        **extra,
    )


def link_in(message) -> str:
    return LINK.findall(message.body)[0]


def test_sign_up_mails_only_a_confirmation_link_and_the_link_confirms(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.username == user.email == "reader@example.org"  # the login, normalised
    assert not user.is_staff and not user.is_superuser
    assert Reader.objects.get(user=user).email_confirmed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.org"]
    assert "reader@example.org" in client.get(response["Location"]).content.decode()

    confirmed = client.get(link_in(mail.outbox[0]))
    assert confirmed.status_code == 200 and b"Address confirmed" in confirmed.content
    assert Reader.objects.get(user=user).email_confirmed_at is not None
    assert client.get(link_in(mail.outbox[0])).status_code == 200  # twice is harmless


@pytest.mark.parametrize(
    ("email", "password1", "password2", "error"),
    [
        ("not-an-address", PASSWORD, PASSWORD, "valid email"),
        ("a@example.org", "short", "short", "too short"),
        ("a@example.org", PASSWORD, PASSWORD + "x", "differ"),
        ("a@example.org", "password", "password", "too common"),
    ],
)
def test_sign_up_says_what_is_wrong(client, email, password1, password2, error):
    response = client.post(
        reverse("accounts:signup"), {"email": email, "password1": password1, "password2": password2}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert User.objects.count() == 0 and mail.outbox == []


def test_signing_up_a_known_address_reveals_nothing_and_changes_nothing(client):
    sign_up(client)
    user = User.objects.get()
    again = sign_up(client, email="reader@example.org", password="another-password-77")
    assert again["Location"] == reverse("accounts:signup_sent")  # the same answer
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Not confirmed yet: the mail is the confirmation link again, nothing else.
    assert len(mail.outbox) == 2 and "/account/confirm/" in mail.outbox[1].body
    Reader.objects.filter(user=user).update(email_confirmed_at="2026-12-01T00:00Z")
    sign_up(client, email="reader@example.org")
    assert "already have a Newsroom account" in mail.outbox[2].subject


def test_a_tampered_or_expired_confirmation_link_fails(client, settings):
    sign_up(client)
    user = User.objects.get()
    token = confirm_token_make(user=user)
    bad = client.get(reverse("accounts:confirm", args=[token[:-2] + "xx"]))
    assert bad.status_code == 400 and b"not valid" in bad.content
    settings.ACCOUNT_CONFIRM_DAYS = 0  # the token carries its time: now too old
    expired = client.get(reverse("accounts:confirm", args=[token]))
    assert expired.status_code == 400 and b"expired" in expired.content
    assert Reader.objects.get(user=user).email_confirmed_at is None


def test_sign_in_with_the_address_in_any_case_and_sign_out(client):
    sign_up(client)
    response = client.post(
        reverse("accounts:login"), {"username": " READER@example.org ", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:searches")
    page = client.get(reverse("accounts:searches"))
    assert b"My searches" in page.content and b"Confirm your address" in page.content
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:searches")).status_code == 302


def test_a_wrong_password_says_so(client):
    sign_up(client)
    response = client.post(
        reverse("accounts:login"), {"username": "reader@example.org", "password": "wrong-one-1"}
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_readers_get_no_admin(client):
    sign_up(client)
    client.post(reverse("accounts:login"), {"username": "reader@example.org", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    login = client.post(
        "/admin/login/?next=/admin/", {"username": "reader@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200 and b"staff account" in login.content


def test_password_reset_mails_confirmed_addresses_only(client):
    sign_up(client)
    user = User.objects.get()
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "Reader@example.org"})
    # Unconfirmed: the confirmation link again, never a reset link.
    assert len(mail.outbox) == 1 and "/account/confirm/" in mail.outbox[0].body
    Reader.objects.filter(user=user).update(email_confirmed_at="2026-12-01T00:00Z")
    response = client.post(reverse("accounts:password_reset"), {"email": "reader@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 2 and "/account/password/reset/" in mail.outbox[1].body
    # Follow the link, set a new password, sign in with it.
    page = client.get(link_in(mail.outbox[1]), follow=True)
    assert b"Choose a new password" in page.content
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "brand-new-password-9", "new_password2": "brand-new-password-9"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "reader@example.org", "password": "brand-new-password-9"},
    )
    assert signed_in.status_code == 302
    # An unknown address: the same page, no mail.
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 2


@pytest.fixture
def account_limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "signup": "5/hour",
        "signup_email": "2/hour",
        "reset": "5/hour",
        "reset_email": "2/hour",
        "login": "4/hour",
        "login_account": "3/hour",
    }


def test_sign_up_is_limited_per_email_address_and_per_client_address(client, account_limits):
    for _ in range(2):
        assert sign_up(client, email="same@example.org").status_code == 302
    refused = sign_up(client, email="same@example.org")
    assert refused.status_code == 429
    assert "Too many sign-up attempts for this email address" in refused.content.decode()
    assert len(mail.outbox) == 2
    # Other addresses from the same client: its own limit (5 attempts in all).
    assert sign_up(client, email="other1@example.org").status_code == 302
    assert sign_up(client, email="other2@example.org").status_code == 302
    from_client = sign_up(client, email="other3@example.org")
    assert from_client.status_code == 429
    assert "from your address" in from_client.content.decode()
    # Another client is not held up by the first one's attempts.
    assert sign_up(client, email="fresh@example.org", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_reset_is_limited(client, account_limits):
    for _ in range(2):
        assert (
            client.post(reverse("accounts:password_reset"), {"email": "x@example.org"}).status_code
            == 302
        )
    refused = client.post(reverse("accounts:password_reset"), {"email": "x@example.org"})
    assert refused.status_code == 429 and "password reset requests" in refused.content.decode()


def test_sign_in_is_limited_per_account_before_the_password_is_checked(client, account_limits):
    sign_up(client)
    for n in range(3):
        response = client.post(
            reverse("accounts:login"),
            {"username": "reader@example.org", "password": PASSWORD if n == 2 else "wrong-1"},
            REMOTE_ADDR=f"198.51.100.{n + 10}",
        )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    refused = client.post(
        reverse("accounts:login"),
        {"username": "reader@example.org", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.99",
    )
    assert refused.status_code == 429
    assert "Too many sign-in attempts for this email address" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_axes_locks_a_reader_out_after_repeated_failures(client):
    sign_up(client)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "reader@example.org", "password": "no"})
    locked = client.post(
        reverse("accounts:login"), {"username": "reader@example.org", "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "Try again in 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_pages_need_no_account(client):
    for name in ("articles:home", "articles:article_list", "articles:country_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert b"Sign in" in response.content
    assert b"Sign in to save this search" in client.get(reverse("articles:article_list")).content


def test_editors_may_view_readers_searches_in_the_admin_but_not_change_them(editor_client):
    from articles.services.readers import saved_search_create

    user = User.objects.create_user(username="r@example.org", email="r@example.org")
    search = saved_search_create(user=user, name="Russia", query="country=ru")
    assert editor_client.get("/admin/articles/savedsearch/").status_code == 200
    assert editor_client.get("/admin/articles/digestdelivery/").status_code == 200
    assert editor_client.get("/admin/articles/reader/").status_code == 200
    detail = editor_client.get(f"/admin/articles/savedsearch/{search.pk}/change/")
    assert detail.status_code == 200 and b'name="name"' not in detail.content  # read-only
    assert editor_client.get("/admin/articles/savedsearch/add/").status_code == 403
    deleted = editor_client.post(
        f"/admin/articles/savedsearch/{search.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 403


def test_a_reader_deletes_the_account_with_the_password(client):
    from articles.models import SavedSearch
    from articles.services.readers import saved_search_create

    sign_up(client)
    user = User.objects.get()
    saved_search_create(user=user, name="Russia", query="country=ru")
    client.post(reverse("accounts:login"), {"username": "reader@example.org", "password": PASSWORD})
    assert client.get(reverse("accounts:delete")).status_code == 200
    wrong = client.post(reverse("accounts:delete"), {"password": "not-it"})
    assert wrong.status_code == 400 and "not your password" in wrong.content.decode()
    done = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)
    assert "are deleted" in done.content.decode()
    assert not User.objects.exists() and not SavedSearch.objects.exists()
    assert not Reader.objects.exists()


def test_signing_up_an_editors_address_mails_nothing_and_changes_nothing(client, editor):
    editor.email = editor.username = "editor@example.org"
    editor.save()
    response = sign_up(client, email="editor@example.org")
    assert response.status_code == 302
    assert mail.outbox == [] and not Reader.objects.exists()
    editor.refresh_from_db()
    assert editor.is_staff


@pytest.mark.parametrize("path", ["signup", "login", "password_reset"])
def test_account_forms_never_fail_on_odd_input(client, path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.dictionaries(
            st.sampled_from(["email", "username", "password", "password1", "password2", "next"]),
            st.text(max_size=300),
        )
    )
    def check(data):
        response = client.post(reverse(f"accounts:{path}"), data)
        assert response.status_code < 500

    check()


@pytest.mark.parametrize("email", ["nul\x00@example.org", "\U0001f600@example.org", "x" * 5000])
def test_limits_count_any_address_text(client, account_limits, email):
    for _ in range(2):
        assert sign_up(client, email=email).status_code == 200  # the form says it is invalid
    assert sign_up(client, email=email).status_code == 429


def test_a_signed_in_reader_changes_the_password(client):
    sign_up(client)
    client.post(reverse("accounts:login"), {"username": "reader@example.org", "password": PASSWORD})
    assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-8",
            "new_password2": "another-long-password-8",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert User.objects.get().check_password("another-long-password-8")
    assert client.get(reverse("accounts:searches")).status_code == 200  # still signed in
