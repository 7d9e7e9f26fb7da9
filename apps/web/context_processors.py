from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_supported_language_variant

from apps.web.labels import BROWSE_LANGUAGES, GENRE_LABELS, MOOD_LABELS, language_label


def site(request: HttpRequest) -> dict[str, Any]:
    """Navigation data every page needs: UI languages in their own scripts, the current one,
    browse languages, genres and moods."""
    return {
        "ui_languages": settings.LANGUAGES,
        "ui_language": get_supported_language_variant(get_language() or settings.LANGUAGE_CODE),
        "nav_languages": [(code, language_label(code)) for code in BROWSE_LANGUAGES[:6]],
        "nav_genres": sorted(
            ((slug, str(label)) for slug, label in GENRE_LABELS.items()), key=lambda p: p[1]
        ),
        "nav_moods": [(slug, str(label)) for slug, label in MOOD_LABELS.items()],
    }
