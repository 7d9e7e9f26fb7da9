from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from apps.core.viewing import ViewingContext, viewing_of
from apps.web.labels import BROWSE_LANGUAGES, MOOD_LABELS
from apps.web.pages.common import viewer
from apps.web.rows import HomeContext, home_rows
from apps.web.viewing import my_services

SESSION_LANGUAGES = "web_languages"
INDIAN_UI = {"hi", "te", "ta", "kn"}
LOCATION_LANGUAGES = 2  # rows for at most the location's first two film languages


def _languages(request: HttpRequest, location: ViewingContext) -> tuple[tuple[str, ...], bool]:
    """The language filter and whether it came from the visitor's location.

    Chosen on the page (kept in the session so it holds on every row), else a visitor's Indian UI
    language, else the film languages of where the visitor is (apps.regional: a Telangana address
    gives Telugu), located from the address through the trusted proxies."""
    asked = request.GET.get("lang")
    if asked is not None:
        chosen = [asked] if asked in BROWSE_LANGUAGES else []
        if request.session.get(SESSION_LANGUAGES) != chosen:  # no session write per page view
            request.session[SESSION_LANGUAGES] = chosen
        return tuple(chosen), False
    if SESSION_LANGUAGES in request.session:
        return tuple(request.session[SESSION_LANGUAGES]), False
    if request.user.is_authenticated:
        return (), False
    ui = get_language() or ""
    if ui in INDIAN_UI:
        return (ui,), False
    if location.source == "ip":
        found = [code for code in location.languages if code in BROWSE_LANGUAGES]
        if found and found != ["en"]:
            return tuple(found[:LOCATION_LANGUAGES]), True
    return (), False


def home(request: HttpRequest) -> HttpResponse:
    mood = request.GET.get("mood")
    seen = viewing_of(request)
    services = my_services(request)
    languages, located = _languages(request, seen)
    ctx = HomeContext(
        user=viewer(request),
        languages=languages,
        mood=mood if mood in MOOD_LABELS else None,
        now=timezone.now().astimezone(
            ZoneInfo(getattr(settings, "SITE_TIME_ZONE", "Asia/Kolkata"))
        ),
        country=seen.country,
        state_code=seen.state_code,
        platforms=services.platforms,
    )
    return render(
        request,
        "web/home.html",
        {
            "rows": home_rows(ctx),
            "languages": ctx.languages,
            "mood": ctx.mood,
            "located": located,
            "location": seen,
            "services": services,
        },
    )
