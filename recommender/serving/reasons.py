"""Why an item is recommended: a code with parameters, rendered in the request's language.

Serving decides the code (`because_you_liked`, `popular_in_language`, ...) and its parameters
(a title, a language code, genre slugs); `render` turns it into a sentence through Django's
translation machinery, in whatever language is active for the request. Codes are what the API
carries in `reason_code`, so clients may render their own text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from apps.catalog.genres import GENRES
from apps.core.vocabulary import language_name, language_native_name
from recommender.algorithms.mood import MOODS

# Language names in reasons, translated by the catalogues ("तेलुगु" in a Hindi response); a
# language named in a response in that same language takes its native name from the shared
# vocabulary ("తెలుగు" in a Telugu response).
LANGUAGE_LABELS: dict[str, Promise] = {
    "te": gettext_lazy("Telugu"),
    "hi": gettext_lazy("Hindi"),
    "ta": gettext_lazy("Tamil"),
    "kn": gettext_lazy("Kannada"),
    "ml": gettext_lazy("Malayalam"),
    "en": gettext_lazy("English"),
    "ja": gettext_lazy("Japanese"),
    "bn": gettext_lazy("Bengali"),
    "mr": gettext_lazy("Marathi"),
    "ko": gettext_lazy("Korean"),
}
MOOD_LABELS: dict[str, Promise] = {
    "feel-good": gettext_lazy("feel-good"),
    "thrilling": gettext_lazy("thrilling"),
    "romantic": gettext_lazy("romantic"),
    "dark": gettext_lazy("dark"),
    "funny": gettext_lazy("funny"),
    "mind-bending": gettext_lazy("mind-bending"),
    "family": gettext_lazy("family"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def language_label(code: str) -> str:
    if (get_language() or "en").split("-")[0] == code:
        return language_native_name(code)
    label = LANGUAGE_LABELS.get(code)
    return str(label) if label is not None else language_name(code)


def mood_label(slug: str) -> str:
    label = MOOD_LABELS.get(slug)
    if label is not None:
        return str(label)
    return MOODS[slug].label.lower() if slug in MOODS else slug


def genre_label(slug: str) -> str:
    """A genre's name in the active language: the catalogue's English name, translated with the
    "genre" context the site's catalogues carry (apps/web/locale); a slug we do not know as is."""
    name = GENRES.get(slug)
    return pgettext("genre", name) if name else slug


def _genres(params: dict[str, Any]) -> str:
    return ", ".join(genre_label(slug) for slug in params.get("genres") or [])


def render(reason: Reason) -> str:
    """The sentence for a reason in the active language (English when none is active)."""
    p = reason.params
    code = reason.code
    if code == "mood_match":
        return _("matches your mood: %(mood)s") % {"mood": mood_label(p["mood"])}
    if code == "weekend_movie_night":
        return _("weekend movie night")
    if code == "binge_worthy":
        return _("binge-worthy: complete series")
    if code == "late_night_pick":
        return _("late-night pick")
    if code == "because_you_liked":
        return _("because you liked %(title)s") % {"title": p["title"]}
    if code == "popular_with_people_like_you":
        return _("popular in %(language)s with people like you") % {
            "language": language_label(p["language"])
        }
    if code == "popular_in_your_genres":
        if p.get("language"):
            return _("popular in %(language)s and one of your genres: %(genres)s") % {
                "language": language_label(p["language"]),
                "genres": _genres(p),
            }
        return _("popular and one of your genres: %(genres)s") % {"genres": _genres(p)}
    if code == "popular_in_language":
        return _("popular in %(language)s") % {"language": language_label(p["language"])}
    if code == "popular_now":
        return _("popular right now")
    if code == "similar_catalog":
        return _("similar to %(title)s: shared genres and language") % {"title": p["title"]}
    if code in ("also_liked", "similar_to"):
        text = (
            _("people who liked %(title)s also liked this")
            if code == "also_liked"
            else _("similar to %(title)s")
        ) % {"title": p["title"]}
        return f"{text} ({_genres(p)})" if p.get("genres") else text
    if code == "trending_in_language":
        return _("trending in %(language)s this week") % {"language": language_label(p["language"])}
    if code == "trending_now":
        return _("trending this week")
    raise ValueError(f"unknown reason code {code!r}")


def reason_fields(reason: Reason) -> dict[str, Any]:
    """The two API fields of an item: the rendered `reason` and the `reason_code`."""
    return {"reason": render(reason), "reason_code": reason.as_dict()}


def active_language() -> str:
    """The language the current request renders in (part of every cached list's key)."""
    return (get_language() or "en").split("-")[0]
