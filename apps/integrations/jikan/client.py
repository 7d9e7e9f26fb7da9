"""Jikan v4 (MyAnimeList): top, search, current season, full details, recommendations.
Jikan allows 3 requests a second and 60 a minute. https://docs.api.jikan.moe/"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from apps.integrations.http import BaseClient, RateWindow
from apps.integrations.types import Page, SourceTitle, parse_date

HOUR = 3600


class JikanClient(BaseClient):
    provider = "jikan"
    rate_windows = (RateWindow(3, 1), RateWindow(60, 60))

    def __init__(self, *, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(base_url=base_url or settings.JIKAN_BASE_URL, **kwargs)

    def top(self, *, page: int = 1, anime_type: str | None = "tv") -> Page:
        return _page(
            self.get_json(
                "top/anime", {"page": page, "type": anime_type, "sfw": "true"}, ttl=24 * HOUR
            )
        )

    def search(self, *, query: str, page: int = 1) -> Page:
        return _page(
            self.get_json("anime", {"q": query, "page": page, "sfw": "true"}, ttl=6 * HOUR)
        )

    def season_now(self, *, page: int = 1) -> Page:
        return _page(self.get_json("seasons/now", {"page": page, "sfw": "true"}, ttl=24 * HOUR))

    def anime_full(self, mal_id: int) -> SourceTitle:
        return parse_anime(self.get_json(f"anime/{mal_id}/full", ttl=24 * HOUR)["data"])

    def recommendations(self, mal_id: int) -> list[tuple[int, int]]:
        """(recommended MAL id, number of users who recommended it), most votes first."""
        payload = self.get_json(f"anime/{mal_id}/recommendations", ttl=24 * HOUR)
        pairs = [
            (int(r["entry"]["mal_id"]), int(r.get("votes", 0))) for r in payload.get("data", [])
        ]
        return sorted(pairs, key=lambda pair: -pair[1])


def _page(payload: dict[str, Any]) -> Page:
    pagination = payload.get("pagination", {})
    items = [
        parse_anime(item)
        for item in payload.get("data", [])
        if isinstance(item, dict) and "mal_id" in item
    ]
    return Page(
        items=items,
        page=int(pagination.get("current_page", 1)),
        total_pages=int(pagination.get("last_visible_page", 1)),
    )


def parse_anime(item: dict[str, Any]) -> SourceTitle:
    aired = parse_date((item.get("aired") or {}).get("from"))
    year = item.get("year") or (aired.year if aired else None)
    english = item.get("title_english") or ""
    title = english or item.get("title") or ""
    titles = {"ja": item["title_japanese"]} if item.get("title_japanese") else {}
    if english:
        titles["en"] = english
    names = [g["name"] for key in ("genres", "themes", "demographics") for g in item.get(key) or []]
    explicit = {g["name"] for g in item.get("explicit_genres") or []}
    images = (item.get("images") or {}).get("jpg") or {}
    trailer = item.get("trailer") or {}
    values: dict[str, Any] = {
        "mal_id": item["mal_id"],
        "original_title": item.get("title", "") if english else "",
        "original_language": "ja",
        "release_date": aired,
        "year": year,
        "episodes": item.get("episodes"),
        "status": item.get("status", ""),
        "mal_score": item.get("score"),
        "mal_scored_by": item.get("scored_by"),
        "certification": (item.get("rating") or "").split(" - ")[0],
        "overview": item.get("synopsis") or "",
        "poster_url": images.get("large_image_url") or images.get("image_url") or "",
        "trailer_youtube_id": trailer.get("youtube_id") or "",
        "countries": ["JP"],
        # searched, never matched on: seasons of one show often share a synonym
        "synonyms": [name for name in item.get("title_synonyms") or [] if name],
        "is_adult": bool(explicit & {"Hentai", "Erotica"})
        or (item.get("rating") or "").startswith("Rx"),
    }
    return SourceTitle(
        source="jikan",
        source_key=f"jikan:{item['mal_id']}",
        kind="anime",
        title=title,
        values={k: v for k, v in values.items() if v not in (None, "", [])},
        genres=tuple(names),
        titles=titles,
        overviews={"en": item["synopsis"]} if item.get("synopsis") else {},
        extra={"members": item.get("members"), "mal_popularity_rank": item.get("popularity")},
    )


def jikan_client_get() -> JikanClient:
    return JikanClient()
