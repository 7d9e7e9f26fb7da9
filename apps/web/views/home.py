from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from apps.web.labels import BROWSE_LANGUAGES, MOOD_LABELS
from apps.web.rows import HomeContext, home_rows
from apps.web.views.common import viewer

SESSION_LANGUAGES = "web_languages"
INDIAN_UI = {"hi", "te", "ta", "kn"}


def _languages(request: HttpRequest) -> tuple[str, ...]:
    """The language filter: chosen on the page (kept in the session so it holds on every row),
    else a visitor's Indian UI language. Location-based defaults plug in here (issue 14)."""
    asked = request.GET.get("lang")
    if asked is not None:
        chosen = [asked] if asked in BROWSE_LANGUAGES else []
        if request.session.get(SESSION_LANGUAGES) != chosen:  # no session write per page view
            request.session[SESSION_LANGUAGES] = chosen
        return tuple(chosen)
    if SESSION_LANGUAGES in request.session:
        return tuple(request.session[SESSION_LANGUAGES])
    ui = get_language() or ""
    if not request.user.is_authenticated and ui in INDIAN_UI:
        return (ui,)
    return ()


def home(request: HttpRequest) -> HttpResponse:
    mood = request.GET.get("mood")
    ctx = HomeContext(
        user=viewer(request),
        languages=_languages(request),
        mood=mood if mood in MOOD_LABELS else None,
        now=timezone.now().astimezone(
            ZoneInfo(getattr(settings, "SITE_TIME_ZONE", "Asia/Kolkata"))
        ),
    )
    return render(
        request,
        "web/home.html",
        {
            "rows": home_rows(ctx),
            "languages": ctx.languages,
            "mood": ctx.mood,
        },
    )
