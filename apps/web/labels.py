"""Translated names the site shows: content languages, genres, kinds and moods (the reasons arrive
rendered in the active language from the recommender)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
