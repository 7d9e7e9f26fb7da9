"""Title cards for rows and grids: the catalogue's real poster URL when it has one, otherwise a
typographic card (title, year, kind, language) coloured by the title's first genre."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db.models import QuerySet

from apps.catalog.cards import TitleCard, title_cards
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
    where_loaded: bool = False  # `where` came with the card (a loaded card): not looked up again

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


class ServedItem(Protocol):
    """What the site reads of one recommended title (recommender/serving/served.py)."""

    @property
    def card(self) -> TitleCard: ...

    @property
    def reason_text(self) -> str: ...


class Served(Protocol):
    @property
    def items(self) -> Sequence[ServedItem]: ...


def card_from_title(title: TitleCard, reason: str = "") -> Card:
    """The site's card from the catalogue's loaded card (apps/catalog/cards.py), with the
    where-to-watch it already carries."""
    where = title.where_to_watch or {}
    return Card(
        id=title.id,
        title=title.title,
        year=title.year,
        kind=title.kind,
        language=title.original_language,
        poster_url=title.poster_url,
        genre=title.genres[0] if title.genres else "",
        rating=title.rating,
        reason=reason,
        where=str(where.get("text", "")),
        justwatch=bool(where.get("justwatch", False)),
        where_loaded=True,
    )


def cards_from_served(served: Served) -> list[Card]:
    """Cards of a recommendation list: the cards serving loaded, with their reasons and
    where-to-watch (the site does not look those up again)."""
    return [card_from_title(item.card, item.reason_text) for item in served.items]


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


def cards_from_ids(ids: list[int], country: str) -> list[Card]:
    """The site's cards of `ids` from the catalogue's card loader (cached per title, country and
    language), where to watch in `country` included; hidden titles are left out."""
    return [card_from_title(title) for title in title_cards(ids, country=country)]


def ids_of(contents: QuerySet[Content], limit: int) -> list[int]:
    """The first `limit` ids of a list query (the cards come from the loader, not its rows)."""
    return list(contents.prefetch_related(None).values_list("id", flat=True)[:limit])
