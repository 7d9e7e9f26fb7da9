"""Title cards: the one loader every list uses (catalogue lists and search, regional and free
lists, recommendations, the site's rows, Telegram captions).

A card is the title's list columns, its genre slugs and where to watch it in one country (apps.ott
answers through `apps/catalog/offers.py`), rendered in the active language. Cards are cached per
title, country and language under the catalogue version, which every title, curation or
availability write bumps, so a list mostly reads its cards from the cache: one `get_many`, then
for the titles not cached yet one query (their columns with their genres: on SQLite two) and
one where-to-watch query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef
from django.utils.translation import get_language

from apps.catalog.list_cache import catalog_cache_version
from apps.catalog.models import Content
from apps.catalog.offers import offers

CARD_TTL = 3600
# The model columns of a card, in the order the API's card lists them.
CARD_COLUMNS = (
    "id",
    "kind",
    "title",
    "original_title",
    "original_language",
    "year",
    "poster_url",
    "popularity",
    "rating",
    "imdb_rating",
    "mal_score",
    "tmdb_vote_average",
)  # fmt: skip


@dataclass(frozen=True)
class TitleCard:
    id: int
    kind: str
    title: str
    original_title: str
    original_language: str
    year: int | None
    poster_url: str
    popularity: float | None
    rating: float | None
    imdb_rating: float | None
    mal_score: float | None
    tmdb_vote_average: float | None
    genres: tuple[str, ...]  # slugs, by genre name
    where_to_watch: dict[str, Any] | None  # {text, platforms, historical, justwatch} or None
    hidden: bool = False  # curators hid it: lists leave it out


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _load(ids: list[int], country: str) -> dict[int, TitleCard]:
    titles = Content.objects.filter(pk__in=ids)
    links = Content.genres.through.objects.order_by("genre__name")
    genres: dict[int, list[str]]
    if connection.vendor == "postgresql":  # each title's genre slugs in the same round trip
        slugs = ArraySubquery(links.filter(content_id=OuterRef("pk")).values("genre__slug"))
        rows = {
            row["id"]: row
            for row in titles.annotate(genre_slugs=slugs).values(
                *CARD_COLUMNS, "hidden", "genre_slugs"
            )
        }
        genres = {content_id: row.pop("genre_slugs") for content_id, row in rows.items()}
    else:
        rows = {row["id"]: row for row in titles.values(*CARD_COLUMNS, "hidden")}
        genres = {content_id: [] for content_id in rows}
        pairs = links.filter(content_id__in=list(rows)).values_list("content_id", "genre__slug")
        for content_id, slug in pairs:
            genres[content_id].append(slug)
    where = offers().summaries(list(rows), country) if rows else {}
    return {
        content_id: TitleCard(
            **row, genres=tuple(genres[content_id]), where_to_watch=where.get(content_id)
        )
        for content_id, row in rows.items()
    }


def title_cards(ids: list[int], *, country: str, include_hidden: bool = False) -> list[TitleCard]:
    """The cards of `ids` in their order (ids that no longer exist are dropped, and hidden titles
    unless `include_hidden`), where to watch in `country`, texts in the active language."""
    prefix = f"catalog:v{catalog_cache_version()}:card:{_language()}:{country}:"
    found: dict[str, TitleCard] = cache.get_many([f"{prefix}{i}" for i in ids]) if ids else {}
    out = {i: found[f"{prefix}{i}"] for i in ids if f"{prefix}{i}" in found}
    missing = [i for i in dict.fromkeys(ids) if i not in out]
    if missing:
        loaded = _load(missing, country)
        cache.set_many({f"{prefix}{i}": card for i, card in loaded.items()}, timeout=CARD_TTL)
        out.update(loaded)
    return [out[i] for i in ids if i in out and (include_hidden or not out[i].hidden)]
