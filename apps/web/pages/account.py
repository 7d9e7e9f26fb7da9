"""Sign up, sign in, sign out, onboarding and the profile: Django sessions with CSRF."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.forms import lockout_response
from apps.accounts.limits import remember_device
from apps.accounts.services import profile_update, user_register
from apps.catalog.selectors import ContentFilters, content_list
from apps.core.exceptions import ApplicationError
from apps.core.viewing import viewing_of
from apps.ott.selectors import platform_list, user_platform_slugs
from apps.ott.services import user_platforms_set
from apps.web.cards import card_from_content
from apps.web.forms import PlatformsForm, PreferencesForm, ProfileForm, SignInForm, SignUpForm
from apps.web.pages.common import safe_next, viewer

BACKEND = "apps.accounts.backends.EmailOrUsernameBackend"
ONBOARDING_TITLES = 12


def remember_language(response: HttpResponse, code: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                handle=form.cleaned_data["username"],
                ui_language=translation.get_supported_language_variant(
                    translation.get_language() or settings.LANGUAGE_CODE
                ),
            )
        except ApplicationError as exc:
            _form_errors(form, exc, aliases={"handle": "username"})
        else:
            login(request, user, backend=BACKEND)
            return redirect("web:onboarding")
    return render(request, "web/signup.html", {"form": form})


def _form_errors(form: Form, exc: ApplicationError, aliases: dict[str, str]) -> None:
    """A service's refusal shown on the form, beside the field it names."""
    for field, messages in (exc.details or {}).items():
        name = aliases.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user, backend=BACKEND)
        response = redirect(safe_next(request, reverse("web:home")))
        remember_device(response, user=form.user)  # passes lockouts elsewhere (docs/operations.md)
        return remember_language(response, form.user.ui_language or "en")
    page = render(request, "web/signin.html", {"form": form, "next": safe_next(request, "")})
    return lockout_response(page, form.retry_after)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:home")


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    assert user is not None
    initial = {
        "preferred_languages": user.preferred_languages,
        "preferred_genres": user.preferred_genres,
        "preferred_content_types": user.preferred_content_types,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(user=user, data=form.cleaned_data)
        return redirect("web:onboarding-platforms")
    return render(request, "web/onboarding.html", {"form": form})


def _platforms(request: HttpRequest, *, onboarding: bool) -> HttpResponse:
    """My streaming services: the same service as `PUT /api/user/platforms`."""
    user = viewer(request)
    assert user is not None
    country = viewing_of(request).country
    choices = [(p.slug, p.name) for p in platform_list(country=country)]
    form = PlatformsForm(
        request.POST or None,
        choices=choices,
        initial={"platforms": user_platform_slugs(user=user)},
    )
    if request.method == "POST" and form.is_valid():
        user_platforms_set(user=user, slugs=form.cleaned_data["platforms"])
        return redirect("web:onboarding-rate" if onboarding else "web:home")
    return render(request, "web/platforms.html", {"form": form, "onboarding": onboarding})


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_platforms(request: HttpRequest) -> HttpResponse:
    return _platforms(request, onboarding=True)


@login_required
@require_http_methods(["GET", "POST"])
def platforms(request: HttpRequest) -> HttpResponse:
    return _platforms(request, onboarding=False)


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_rate(request: HttpRequest) -> HttpResponse:
    """Rate a few well-known titles of the chosen languages (most popular first)."""
    user = viewer(request)
    assert user is not None
    if request.method == "POST":
        profile_update(user=user, data={"onboarding_completed": True})
        return redirect("web:home")
    languages = list(user.preferred_languages) or ["te"]
    kinds = list(user.preferred_content_types)
    per_language = max(ONBOARDING_TITLES // len(languages), 4)
    contents = []
    for language in languages:
        for kind in kinds or [None]:
            filters = ContentFilters(language=language, kind=kind)
            contents += list(content_list(filters=filters)[:per_language])
    cards = [card_from_content(c) for c in sorted(contents, key=lambda c: -c.popularity)]
    return render(
        request,
        "web/onboarding_rate.html",
        {"cards": cards[:ONBOARDING_TITLES], "rating_choices": range(1, 11)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    assert user is not None
    initial = {"handle": user.username} | {
        field: getattr(user, field)
        for field in (
            "display_name",
            "ui_language",
            "country",
            "region",
            "preferred_languages",
            "preferred_genres",
            "preferred_content_types",
        )
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=user, data=form.profile_data())
        except ApplicationError as exc:
            _form_errors(form, exc, aliases={})
        else:
            translation.activate(user.ui_language)
            return remember_language(redirect("web:profile"), user.ui_language)
    return render(request, "web/profile.html", {"form": form})
