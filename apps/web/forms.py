"""The site's forms: every label and message goes through translation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.accounts.forms import LockoutFormMixin
from apps.accounts.handles import HANDLE_MAX
from apps.accounts.models import User
from apps.web.labels import BROWSE_LANGUAGES, GENRE_LABELS, KIND_PLURALS, language_label


def _language_choices() -> list[tuple[str, str]]:
    return [(code, language_label(code)) for code in BROWSE_LANGUAGES]


class SignUpForm(forms.Form):
    # The public handle (apps/accounts/handles.py); left empty, one is generated.
    username = forms.CharField(
        label=_("Public handle"),
        max_length=HANDLE_MAX,
        required=False,
        help_text=_("Shown beside your reviews and lists. Leave it empty and we pick one."),
    )
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(
        label=pgettext_lazy("form field", "Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class SignInForm(LockoutFormMixin, forms.Form):
    login = forms.CharField(label=_("Username or e-mail"), max_length=254)
    password = forms.CharField(
        label=pgettext_lazy("form field", "Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.fields["login"].widget.attrs["autocomplete"] = "username"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        with self.limited():  # a lockout (apps/accounts/limits.py) is the form's error
            user = authenticate(self.request, username=data["login"], password=data["password"])
        if user is None:
            raise forms.ValidationError(_("That username or e-mail and password do not match."))
        assert isinstance(user, User)
        self.user = user
        return data


class PreferencesForm(forms.Form):
    preferred_languages = forms.MultipleChoiceField(
        label=_("Languages you watch in"),
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    preferred_genres = forms.MultipleChoiceField(
        label=_("Genres you enjoy"),
        choices=lambda: sorted(
            ((slug, str(label)) for slug, label in GENRE_LABELS.items()), key=lambda p: p[1]
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    preferred_content_types = forms.MultipleChoiceField(
        label=_("What you watch"),
        choices=lambda: [(kind, str(label)) for kind, label in KIND_PLURALS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ProfileForm(PreferencesForm):
    handle = forms.CharField(
        label=_("Public handle"),
        max_length=HANDLE_MAX,
        required=False,  # left empty, the handle stays as it is
        help_text=_("Letters, digits, - and _ only."),
    )

    def profile_data(self) -> dict[str, Any]:
        """What profile_update receives: an empty handle keeps the current one."""
        data = dict(self.cleaned_data)
        if not data.get("handle"):
            data.pop("handle", None)
        return data

    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    ui_language = forms.ChoiceField(label=_("Site language"), choices=settings.LANGUAGES)
    country = forms.RegexField(
        label=_("Country code"),
        regex=r"^[A-Z]{2}$",
        required=False,
        max_length=2,
        help_text=_("Two letters, such as IN."),
        error_messages={"invalid": _("Use a two-letter country code such as IN.")},
    )
    region = forms.CharField(label=_("State or region"), max_length=80, required=False)


class RatingForm(forms.Form):
    """The rate buttons send `rating` only; a review form sends `review` too. A field the
    request did not send keeps its stored value (`changes()`), so a star never erases a review."""

    rating = forms.IntegerField(label=_("Your rating"), min_value=1, max_value=10, required=False)
    review = forms.CharField(label=_("Reviews"), max_length=5000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.changes():
            self.add_error("rating", self.fields["rating"].error_messages["required"])
        return data

    def changes(self) -> dict[str, Any]:
        """The fields the request sent, as `rating_upsert` keywords (absent ones are left out)."""
        return {
            name: self.cleaned_data[name]
            for name in ("rating", "review")
            if name in self.data and self.cleaned_data.get(name) is not None
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search titles"), max_length=100, required=False)


class PlatformsForm(forms.Form):
    """The user's streaming services ("only my services"); choices are the platforms serving
    the user's country (apps.ott)."""

    platforms = forms.MultipleChoiceField(
        label=_("Streaming services you have"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["platforms"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label=pgettext_lazy("form field", "New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data["password"] != data["password_again"]:
            raise forms.ValidationError(_("The two passwords differ."))
        return data
