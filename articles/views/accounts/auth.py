"""Sign-up, address confirmation, sign-in and password reset, each rate-limited.

Sign-up never says whether an address already has an account: the page is the same,
and the mail goes to the address (a confirmation link again, or "you already have an
account" for a confirmed one). Nothing but the confirmation link is mailed to an address
before it is confirmed; a reset asked for an unconfirmed one sends the link again.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.selectors.readers import reader_by_email
from articles.services import limits
from articles.services.readers import (
    confirm_token_make,
    confirmation_send,
    email_normalise,
    known_address_send,
    reader_confirm,
    reader_delete,
    reader_is_confirmed,
    reader_sign_up,
)
from newsroom.client_ip import client_ip

from .forms import (
    DeleteAccountForm,
    EmailAuthenticationForm,
    ReaderPasswordResetForm,
    SignUpForm,
)

LIMITED = {
    "signup": "sign-up attempts",
    "reset": "password reset requests",
    "login": "sign-in attempts",
}


def over_limit(request, action: str, email: str = "") -> str | None:
    """Count an attempt at ``action``; return the refusal to show when over a limit.

    Counted per client address (``RATE_LIMITS[action]``) and per email address
    (``RATE_LIMITS[action + "_email"]``; sign-in: ``login_account``).
    """
    checks = [(action, client_ip(request), "from your address")]
    if email:
        scope = "login_account" if action == "login" else f"{action}_email"
        # A digest of the address: the counters table holds no addresses, and any text
        # (a NUL, a lone surrogate) makes a key.
        address = email_normalise(email).encode("utf-8", "surrogatepass")
        checks.append((scope, hashlib.sha256(address).hexdigest()[:40], "for this email address"))
    for scope, key, where in checks:
        rate = limits.parse_rate(settings.RATE_LIMITS.get(scope))
        if rate is None:
            continue
        wait = limits.hit(f"{scope}:{key}", rate)
        if wait is not None:
            minutes = max(1, -(-wait // 60))
            return (
                f"Too many {LIMITED[action]} {where}: please try again in "
                f"{minutes} minute{'s' if minutes != 1 else ''}."
            )
    return None


def _confirm_url(request, user) -> str:
    token = confirm_token_make(user=user)
    return request.build_absolute_uri(reverse("accounts:confirm", args=[token]))


@never_cache
def sign_up(request):
    """Make an account (address and password) and mail the confirmation link."""
    if request.user.is_authenticated:
        return redirect("accounts:searches")
    form = SignUpForm(request.POST or None)
    status, refusal = 200, None
    if request.method == "POST":
        refusal = over_limit(request, "signup", request.POST.get("email", ""))
        if refusal:
            form = SignUpForm(initial={"email": request.POST.get("email")})
            status = 429
        elif form.is_valid():
            email = form.cleaned_data["email"]
            outcome = reader_sign_up(email=email, password=form.cleaned_data["password1"])
            user = outcome.user
            if user.is_staff or not user.is_active or not user.email:
                pass  # an editor's or a disabled account: nothing is mailed from here
            elif outcome.created or not reader_is_confirmed(user=user):
                confirmation_send(user=user, confirm_url=_confirm_url(request, user))
            else:
                known_address_send(
                    user=user,
                    login_url=request.build_absolute_uri(reverse("accounts:login")),
                    reset_url=request.build_absolute_uri(reverse("accounts:password_reset")),
                )
            request.session["signup_email"] = email
            return redirect("accounts:signup_sent")
    context = {"form": form, "refusal": refusal if status == 429 else None}
    return render(request, "accounts/signup.html", context, status=status)


@never_cache
def sign_up_sent(request):
    """Say where the confirmation link went and what comes next."""
    return render(
        request,
        "accounts/signup_sent.html",
        {"email": request.session.get("signup_email", ""), "days": settings.ACCOUNT_CONFIRM_DAYS},
    )


@never_cache
def confirm(request, token: str):
    """Confirm the address of a signed link (valid ``ACCOUNT_CONFIRM_DAYS`` days)."""
    outcome = reader_confirm(token=token)
    status = 200 if outcome == "confirmed" else 400
    return render(
        request,
        "accounts/confirm.html",
        {"outcome": outcome, "days": settings.ACCOUNT_CONFIRM_DAYS},
        status=status,
    )


@never_cache
@login_required
@require_POST
def confirm_resend(request):
    """Mail the signed-in reader's confirmation link again (rate-limited like sign-up)."""
    if reader_is_confirmed(user=request.user):
        messages.info(request, "Your address is already confirmed.")
    elif refusal := over_limit(request, "signup", request.user.email):
        messages.error(request, refusal)
    else:
        confirmation_send(user=request.user, confirm_url=_confirm_url(request, request.user))
        messages.success(request, f"We sent the link again to {request.user.email}.")
    return redirect("accounts:searches")


@method_decorator(never_cache, name="dispatch")
class SignInView(auth_views.LoginView):
    """Django's sign-in with the address as the login; axes locks out repeated failures."""

    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        refusal = over_limit(request, "login", request.POST.get("username", ""))
        if refusal:
            # An unbound form: the password is not checked (nor counted by axes).
            form = self.form_class(request, initial={"username": request.POST.get("username")})
            context = self.get_context_data(form=form, refusal=refusal)
            response = self.render_to_response(context)
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ResetView(auth_views.PasswordResetView):
    """Django's password reset: mails confirmed addresses only (the confirmation link to
    an unconfirmed one), at most ``RATE_LIMITS["reset_email"]`` a address."""

    form_class = ReaderPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        refusal = over_limit(request, "reset", request.POST.get("email", ""))
        if refusal:
            form = self.form_class(initial={"email": request.POST.get("email")})
            context = self.get_context_data(form=form, refusal=refusal)
            response = self.render_to_response(context)
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = reader_by_email(email=form.cleaned_data["email"])
        if user is not None and user.is_active and not reader_is_confirmed(user=user):
            confirmation_send(user=user, confirm_url=_confirm_url(self.request, user))
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class SignOutView(auth_views.LogoutView):
    """Django's sign-out (a POST), back to the home page with a word that it worked."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are signed out.")
        return response


@never_cache
@login_required
def delete_account(request):
    """Delete the signed-in reader's account, after the password is given again."""
    if request.user.is_staff:
        messages.error(request, "Staff accounts are deleted by an administrator.")
        return redirect("accounts:searches")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        reader_delete(user=request.user)
        logout(request)
        messages.info(request, "Your account, saved searches and digests are deleted.")
        return redirect("articles:home")
    status = 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
