"""Title cards for rows and grids: the catalogue's real poster URL when it has one, otherwise a
typographic card (title, year, kind, language) coloured by the title's first genre."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from apps.catalog.models import Content
from apps.web.labels import genre_label, kind_label, language_label

# One hue per genre (HSL degrees); the card's background is a dark tone of it, so white text keeps
# a contrast above 7:1 whatever the genre.
GENRE_HUES: dict[str, int] = {
    "action": 8,
    "adventure": 28,
    "animation": 190,
    "biography": 40,
    "comedy": 48,
    "crime": 350,
    "documentary": 160,
    "drama": 262,
    "family": 130,
    "fantasy": 285,
    "history": 32,
    "horror": 0,
    "kids": 110,
    "music": 320,
    "musical": 330,
    "mystery": 240,
    "romance": 340,
    "science-fiction": 200,
    "sports": 100,
    "thriller": 220,
    "war": 60,
    "supernatural": 270,
    "mythology": 20,
    "psychological": 250,
    "slice-of-life": 150,
}
DEFAULT_HUE = 210


@dataclass(frozen=True)
class Card:
    id: int
    title: str
    year: int | None
    kind: str
    language: str
    poster_url: str
    genre: str
    rating: float | None
    reason: str = ""
    where: str = ""  # compact "where to watch" (apps.ott), when offers exist
    justwatch: bool = False  # that line uses TMDB's data, which JustWatch must be credited for

    @property
    def hue(self) -> int:
        return GENRE_HUES.get(self.genre, DEFAULT_HUE)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def language_label(self) -> str:
        return language_label(self.language)

    @property
    def genre_label(self) -> str:
        return genre_label(self.genre) if self.genre else ""

    @property
    def reason_label(self) -> str:
        """The serving layer renders reasons in the active UI language already."""
        return self.reason or ""


def card_from_brief(brief: dict[str, Any], reason: str = "") -> Card:
    """A card from the recommender's brief (id, kind, title, language, year, poster, genres)."""
    genres = brief.get("genres") or []
    return Card(
        id=int(brief["id"]),
        title=str(brief["title"]),
        year=brief.get("year"),
        kind=str(brief.get("kind") or ""),
        language=str(brief.get("original_language") or ""),
        poster_url=str(brief.get("poster_url") or ""),
        genre=str(genres[0]) if genres else "",
        rating=brief.get("rating"),
        reason=reason,
    )


def cards_from_body(body: dict[str, Any]) -> list[Card]:
    """Cards from a recommendations body ({"items": [{"content", "reason"}]})."""
    return [card_from_brief(item["content"], item.get("reason", "")) for item in body["items"]]


def card_from_content(content: Content, reason: str = "") -> Card:
    """A card from a Content whose genres are prefetched."""
    genres = sorted(g.slug for g in content.genres.all())
    return Card(
        id=content.pk,
        title=content.title,
        year=content.year,
        kind=content.kind,
        language=content.original_language,
        poster_url=content.poster_url,
        genre=genres[0] if genres else "",
        rating=content.rating,
        reason=reason,
    )


def cards_from_contents(contents: Iterable[Content]) -> list[Card]:
    return [card_from_content(c) for c in contents]
