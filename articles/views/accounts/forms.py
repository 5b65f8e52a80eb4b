"""Forms of readers' accounts: the address is the login."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User

from articles.choices import DigestFrequency
from articles.selectors.readers import readers_for_reset
from articles.services.readers import email_normalise

EMAIL_MAX = 150  # the username column's length: the address is the username


class SignUpForm(forms.Form):
    """An address and a password (Django's password validators), typed twice."""

    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return email_normalise(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            email = cleaned.get("email") or ""
            probe = User(username=email, email=email)
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with the address as the username (any capitals)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That address and password do not match an account.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.CharField(
            label="Email address",
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        )

    def clean_username(self) -> str:
        return email_normalise(self.cleaned_data.get("username", ""))


class ReaderPasswordResetForm(PasswordResetForm):
    """Django's reset form that mails only confirmed addresses (and active accounts)."""

    def clean_email(self) -> str:
        return email_normalise(self.cleaned_data["email"])

    def get_users(self, email):
        return readers_for_reset(email=email_normalise(email))


class SaveSearchForm(forms.Form):
    """A name for the list state in ``query`` (its query string)."""

    name = forms.CharField(label="Name", max_length=1000)  # cut to 100 when saved
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class EditSearchForm(forms.Form):
    """A saved search's name and digest."""

    name = forms.CharField(label="Name", max_length=100)
    frequency = forms.ChoiceField(
        label="Email digest", choices=DigestFrequency.choices, initial=DigestFrequency.NONE
    )


class DeleteAccountForm(forms.Form):
    """The reader's password, to delete the account."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
