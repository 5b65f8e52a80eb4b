"""Writes for readers' accounts: sign-up, confirmation, saved searches, unsubscribing.

A reader is Django's ``User`` with the normalised email address as username and email,
never staff. The signed tokens in mailed links are made and read here too: one salt per
purpose, so a feed token cannot unsubscribe and a confirmation link cannot open a feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from articles.choices import DigestFrequency
from articles.models import Reader, SavedSearch
from articles.selectors.readers import article_latest_id

CONFIRM_SALT = "newsroom.readers.confirm"
FEED_SALT = "newsroom.readers.feed"
UNSUBSCRIBE_SALT = "newsroom.readers.unsubscribe"


def email_normalise(email: str) -> str:
    """Return the address as accounts store it: stripped and lower-case (the login)."""
    return (email or "").strip().lower()


# --- accounts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignUp:
    """The outcome of a sign-up: the account, and whether it was made now."""

    user: object
    created: bool


def reader_sign_up(*, email: str, password: str) -> SignUp:
    """Create a reader's account (not confirmed), or return the existing one unchanged.

    An address already signed up keeps its password: the caller mails its owner instead
    of saying on the page that the address is known.
    """
    email = email_normalise(email)
    User = get_user_model()
    existing = User.objects.filter(username=email).first()
    if existing is not None:
        return SignUp(existing, False)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=email, email=email, password=password)
            Reader.objects.create(user=user)
    except IntegrityError:  # the same address signed up a moment ago
        return SignUp(User.objects.get(username=email), False)
    return SignUp(user, True)


def reader_is_confirmed(*, user) -> bool:
    """Return whether the user's address is confirmed."""
    return Reader.objects.filter(user=user, email_confirmed_at__isnull=False).exists()


def confirm_token_make(*, user) -> str:
    """Return the signed token of a confirmation link (user and address, with a time)."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT)


def reader_confirm(*, token: str, now: datetime | None = None) -> str:
    """Confirm the address a token names; return "confirmed", "expired" or "invalid".

    A token works for ``ACCOUNT_CONFIRM_DAYS`` and only while the account's address is
    the one it was made for. Confirming twice is harmless.
    """
    max_age = settings.ACCOUNT_CONFIRM_DAYS * 86400
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("e"):
        return "invalid"
    reader, _ = Reader.objects.get_or_create(user=user)
    if reader.email_confirmed_at is None:
        reader.email_confirmed_at = now or timezone.now()
        reader.save(update_fields=["email_confirmed_at"])
    return "confirmed"


def mail_send(*, to: str, subject: str, template: str, context: dict, headers=None) -> None:
    """Send a text mail (and its HTML twin when ``template``.html exists) to one address."""
    text = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:  # a text-only mail
        html = None
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def confirmation_send(*, user, confirm_url: str) -> None:
    """Mail the confirmation link: the only mail an unconfirmed address ever gets."""
    mail_send(
        to=user.email,
        subject="Confirm your Newsroom address",
        template="accounts/email/confirm",
        context={"user": user, "confirm_url": confirm_url, "days": settings.ACCOUNT_CONFIRM_DAYS},
    )


def known_address_send(*, user, login_url: str, reset_url: str) -> None:
    """Tell a confirmed address that someone tried to sign it up again."""
    mail_send(
        to=user.email,
        subject="You already have a Newsroom account",
        template="accounts/email/known",
        context={"user": user, "login_url": login_url, "reset_url": reset_url},
    )


# --- saved searches ---------------------------------------------------------------------------


def saved_search_create(*, user, name: str, query: str, frequency: str = "none") -> SavedSearch:
    """Save a list state under a name; ValidationError for a name in use or too many."""
    name = name.strip()[:100]
    if not name:
        raise ValidationError({"name": "Give the search a name."})
    if SavedSearch.objects.filter(user=user).count() >= settings.SAVED_SEARCHES_MAX:
        raise ValidationError(
            {
                "name": f"You have {settings.SAVED_SEARCHES_MAX} saved searches, the most "
                "there may be: delete one first."
            }
        )
    search = SavedSearch(user=user, name=name, query=query)
    _set_frequency(search, frequency)
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"You already have a search named “{name}”: choose another name."}
        ) from None
    return search


def saved_search_update(
    *, saved_search: SavedSearch, name: str, frequency: str, now: datetime | None = None
) -> SavedSearch:
    """Rename a saved search and set its digest; ValidationError for a name in use."""
    name = name.strip()[:100]
    if not name:
        raise ValidationError({"name": "Give the search a name."})
    saved_search.name = name
    _set_frequency(saved_search, frequency, now=now)
    try:
        with transaction.atomic():
            saved_search.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"You already have a search named “{name}”: choose another name."}
        ) from None
    return saved_search


def _set_frequency(search: SavedSearch, frequency: str, *, now: datetime | None = None) -> None:
    """Set the digest; turning it on from off starts "new" at this moment."""
    if frequency not in DigestFrequency.values:
        raise ValidationError({"frequency": "Choose no email, daily or weekly."})
    turned_on = frequency != DigestFrequency.NONE and (
        search.frequency == DigestFrequency.NONE or search.digest_since is None
    )
    search.frequency = frequency
    if turned_on:
        search.digest_since = now or timezone.now()
        search.digest_after_id = article_latest_id()


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    """Delete a saved search with its digests' record."""
    saved_search.delete()


def feed_token_make(*, saved_search: SavedSearch) -> str:
    """Return the unguessable token of a saved search's Atom feed."""
    return signing.dumps(saved_search.pk, salt=FEED_SALT)


def feed_token_read(token: str) -> int | None:
    """Return the saved search a feed token names, or None for a bad token."""
    try:
        value = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_token_make(*, saved_search: SavedSearch) -> str:
    """Return the token of a digest's one-click unsubscribe link."""
    return signing.dumps(saved_search.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> int | None:
    """Return the saved search an unsubscribe token names, or None for a bad token."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def digest_unsubscribe(*, saved_search: SavedSearch) -> bool:
    """Turn a search's digest off; return whether it was on. The search itself stays."""
    was_on = saved_search.frequency != DigestFrequency.NONE
    if was_on:
        saved_search.frequency = DigestFrequency.NONE
        saved_search.save(update_fields=["frequency", "updated_at"])
    return was_on


def reader_delete(*, user) -> None:
    """Delete a reader's account with its saved searches and digests' record.

    Staff accounts are editors' and are never deleted here.
    """
    if user.is_staff or user.is_superuser:
        raise ValidationError("Staff accounts are deleted by an administrator.")
    user.delete()
