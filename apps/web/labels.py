"""Translated names the site shows: content languages, genres, kinds, moods, and the reasons the
recommender gives (English sentences today; issue 12 turns them into codes, then this mapping
becomes a lookup)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.catalog.genres import GENRES
from apps.core.vocabulary import language_name

# The languages the catalogue is browsed by, first the ones the site is made for.
BROWSE_LANGUAGES: tuple[str, ...] = ("te", "hi", "ta", "kn", "ml", "en", "ja", "bn", "mr", "ko")

LANGUAGE_LABELS: dict[str, Promise] = {
    "te": _("Telugu"),
    "hi": _("Hindi"),
    "ta": _("Tamil"),
    "kn": _("Kannada"),
    "ml": _("Malayalam"),
    "en": _("English"),
    "ja": _("Japanese"),
    "bn": _("Bengali"),
    "mr": _("Marathi"),
    "ko": _("Korean"),
    "pa": _("Punjabi"),
    "gu": _("Gujarati"),
}

GENRE_LABELS: dict[str, Promise] = {
    "action": pgettext_lazy("genre", "Action"),
    "adventure": pgettext_lazy("genre", "Adventure"),
    "animation": pgettext_lazy("genre", "Animation"),
    "biography": pgettext_lazy("genre", "Biography"),
    "comedy": pgettext_lazy("genre", "Comedy"),
    "crime": pgettext_lazy("genre", "Crime"),
    "documentary": pgettext_lazy("genre", "Documentary"),
    "drama": pgettext_lazy("genre", "Drama"),
    "family": pgettext_lazy("genre", "Family"),
    "fantasy": pgettext_lazy("genre", "Fantasy"),
    "history": pgettext_lazy("genre", "History"),
    "horror": pgettext_lazy("genre", "Horror"),
    "kids": pgettext_lazy("genre", "Kids"),
    "music": pgettext_lazy("genre", "Music"),
    "musical": pgettext_lazy("genre", "Musical"),
    "mystery": pgettext_lazy("genre", "Mystery"),
    "news": pgettext_lazy("genre", "News"),
    "reality": pgettext_lazy("genre", "Reality"),
    "romance": pgettext_lazy("genre", "Romance"),
    "science-fiction": pgettext_lazy("genre", "Science Fiction"),
    "sports": pgettext_lazy("genre", "Sports"),
    "thriller": pgettext_lazy("genre", "Thriller"),
    "war": pgettext_lazy("genre", "War"),
    "western": pgettext_lazy("genre", "Western"),
    "talk-show": pgettext_lazy("genre", "Talk Show"),
    "film-noir": pgettext_lazy("genre", "Film Noir"),
    "slice-of-life": pgettext_lazy("genre", "Slice of Life"),
    "supernatural": pgettext_lazy("genre", "Supernatural"),
    "mecha": pgettext_lazy("genre", "Mecha"),
    "psychological": pgettext_lazy("genre", "Psychological"),
    "school": pgettext_lazy("genre", "School"),
    "martial-arts": pgettext_lazy("genre", "Martial Arts"),
    "mythology": pgettext_lazy("genre", "Mythology"),
}

KIND_LABELS: dict[str, Promise] = {
    "movie": _("Movie"),
    "tv": _("TV show"),
    "anime": _("Anime"),
}
KIND_PLURALS: dict[str, Promise] = {
    "movie": _("Movies"),
    "tv": _("TV shows"),
    "anime": _("Anime"),
}

MOOD_LABELS: dict[str, Promise] = {
    "feel-good": _("Feel-good"),
    "thrilling": _("Thrilling"),
    "romantic": _("Romantic"),
    "dark": _("Dark"),
    "funny": _("Funny"),
    "mind-bending": _("Mind-bending"),
    "family": _("Family"),
}


def language_label(code: str) -> str:
    label = LANGUAGE_LABELS.get(code)
    return str(label) if label is not None else language_name(code)


def genre_label(slug: str) -> str:
    label = GENRE_LABELS.get(slug)
    return str(label) if label is not None else GENRES.get(slug, slug)


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


def _genres(text: str) -> str:
    return ", ".join(genre_label(s.strip()) for s in text.split(","))


def _language_by_name(name: str) -> str:
    for code, label in LANGUAGE_LABELS.items():
        if language_name(code) == name:
            return str(label)
    return name


def _mood_by_label(label: str) -> str:
    for slug, text in MOOD_LABELS.items():
        if slug.replace("-", " ") == label.replace("-", " ").lower():
            return str(text)
    return label


# (pattern over the engine's English reason, translated rendering of its parts)
_REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^because you liked (?P<t>.+)$"),
        lambda m: gettext("because you liked %(title)s") % {"title": m["t"]},
    ),
    (
        re.compile(r"^people who liked (?P<t>.+) also liked this(?: \((?P<g>[^)]*)\))?$"),
        lambda m: gettext("people who liked %(title)s also liked this") % {"title": m["t"]},
    ),
    (
        re.compile(r"^similar to (?P<t>.+?)(?:: shared genres and language| \((?P<g>[^)]*)\))?$"),
        lambda m: gettext("similar to %(title)s") % {"title": m["t"]},
    ),
    (
        re.compile(r"^matches your mood: (?P<m>.+)$"),
        lambda m: gettext("matches your mood: %(mood)s") % {"mood": _mood_by_label(m["m"])},
    ),
    (
        re.compile(r"^popular in (?P<l>.+) with people like you$"),
        lambda m: gettext("popular in %(language)s with people like you")
        % {"language": _language_by_name(m["l"])},
    ),
    (
        re.compile(r"^popular in (?P<l>.+) and one of your genres: (?P<g>.+)$"),
        lambda m: gettext("popular in %(language)s and one of your genres: %(genres)s")
        % {"language": _language_by_name(m["l"]), "genres": _genres(m["g"])},
    ),
    (
        re.compile(r"^popular and one of your genres: (?P<g>.+)$"),
        lambda m: gettext("popular and one of your genres: %(genres)s")
        % {"genres": _genres(m["g"])},
    ),
    (
        re.compile(r"^trending in (?P<l>.+) this week$"),
        lambda m: gettext("trending in %(language)s this week")
        % {"language": _language_by_name(m["l"])},
    ),
    (re.compile(r"^trending this week$"), lambda m: gettext("trending this week")),
    (
        re.compile(r"^popular in (?P<l>.+)$"),
        lambda m: gettext("popular in %(language)s") % {"language": _language_by_name(m["l"])},
    ),
    (re.compile(r"^popular right now$"), lambda m: gettext("popular right now")),
    (re.compile(r"^weekend movie night$"), lambda m: gettext("weekend movie night")),
    (
        re.compile(r"^binge-worthy: complete series$"),
        lambda m: gettext("binge-worthy: complete series"),
    ),
    (re.compile(r"^late-night pick$"), lambda m: gettext("late-night pick")),
]


def reason_label(reason: str) -> str:
    """The reason in the active UI language; an unknown sentence is shown as it came."""
    for pattern, render in _REASONS:
        match = pattern.match(reason)
        if match:
            return render(match)
    return reason
