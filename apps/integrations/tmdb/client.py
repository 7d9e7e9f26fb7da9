"""TMDB v3 API: trending, popular, discover, search, details with videos, credits, external ids,
keywords, certifications and watch providers. https://developer.themoviedb.org/reference"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings

from apps.integrations.exceptions import IntegrationNotConfigured
from apps.integrations.http import BaseClient, RateWindow
from apps.integrations.tmdb.types import OFFER_TYPES, ProviderOffer
from apps.integrations.types import Page, SourceTitle, parse_date

HOUR = 3600
# TMDB's genre ids are stable (GET /genre/movie/list and /genre/tv/list).
GENRE_NAMES = {
    28: "Action",
    12: "Adventure",
    16: "Animation",
    35: "Comedy",
    80: "Crime",
    99: "Documentary",
    18: "Drama",
    10751: "Family",
    14: "Fantasy",
    36: "History",
    27: "Horror",
    10402: "Music",
    9648: "Mystery",
    10749: "Romance",
    878: "Science Fiction",
    10770: "TV Movie",
    53: "Thriller",
    10752: "War",
    37: "Western",
    10759: "Action & Adventure",
    10762: "Kids",
    10763: "News",
    10764: "Reality",
    10765: "Sci-Fi & Fantasy",
    10766: "Soap",
    10767: "Talk",
    10768: "War & Politics",
}
ANIMATION = 16
CERTIFICATION_COUNTRIES = ("IN", "US", "GB")


class TmdbClient(BaseClient):
    provider = "tmdb"
    rate_windows = (RateWindow(40, 1),)  # TMDB allows about 50 requests a second

    def __init__(
        self,
        *,
        token: str,
        base_url: str | None = None,
        image_base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not token:
            raise IntegrationNotConfigured(self.provider, "TMDB_API_TOKEN is not set")
        super().__init__(base_url=base_url or settings.TMDB_BASE_URL, **kwargs)
        self.token = token
        self.image_base_url = (image_base_url or settings.TMDB_IMAGE_BASE_URL).rstrip("/")

    def auth_headers(self) -> dict[str, str]:
        # v4 read access tokens are JWTs; a v3 key goes in the query string instead.
        return {"Authorization": f"Bearer {self.token}"} if "." in self.token else {}

    def auth_params(self) -> dict[str, str]:
        return {} if "." in self.token else {"api_key": self.token}

    # -- lists --------------------------------------------------------------------------------
    def trending(self, *, media_type: str = "all", window: str = "day", page: int = 1) -> Page:
        return self._page(
            self.get_json(f"trending/{media_type}/{window}", {"page": page}, ttl=HOUR), media_type
        )

    def popular(self, *, media_type: str = "movie", page: int = 1) -> Page:
        return self._page(
            self.get_json(f"{media_type}/popular", {"page": page}, ttl=6 * HOUR), media_type
        )

    def discover(
        self,
        *,
        media_type: str = "movie",
        original_language: str | None = None,
        genre_ids: list[int] | None = None,
        region: str | None = None,
        page: int = 1,
    ) -> Page:
        params = {
            "with_original_language": original_language,
            "with_genres": ",".join(map(str, genre_ids)) if genre_ids else None,
            "region": region,
            "watch_region": region,
            "sort_by": "popularity.desc",
            "page": page,
        }
        return self._page(self.get_json(f"discover/{media_type}", params, ttl=6 * HOUR), media_type)

    def search(self, *, query: str, page: int = 1) -> Page:
        return self._page(
            self.get_json("search/multi", {"query": query, "page": page}, ttl=HOUR), "all"
        )

    # -- one title ----------------------------------------------------------------------------
    def details(self, *, media_type: str, tmdb_id: int) -> SourceTitle:
        ratings = "release_dates" if media_type == "movie" else "content_ratings"
        append = f"videos,credits,external_ids,keywords,{ratings},watch/providers,translations"
        payload = self.get_json(
            f"{media_type}/{tmdb_id}", {"append_to_response": append}, ttl=24 * HOUR
        )
        return self._title(payload, media_type, detailed=True)

    def watch_providers(self, *, media_type: str, tmdb_id: int) -> list[ProviderOffer]:
        """Every country's offers for one title: GET /{movie|tv}/{id}/watch/providers."""
        payload = self.get_json(f"{media_type}/{tmdb_id}/watch/providers", ttl=12 * HOUR)
        return watch_offers(payload.get("results") or {}, self.image_base_url)

    # -- parsing ------------------------------------------------------------------------------
    def _page(self, payload: dict[str, Any], media_type: str) -> Page:
        items = []
        for item in payload.get("results", []):
            kind = item.get("media_type", media_type)
            if kind in ("movie", "tv"):
                items.append(self._title(item, kind, detailed=False))
        return Page(
            items=items,
            page=int(payload.get("page", 1)),
            total_pages=int(payload.get("total_pages", 1)),
        )

    def _image(self, path: str | None, size: str) -> str:
        return f"{self.image_base_url}/{size}{path}" if path else ""

    def _title(self, item: dict[str, Any], media_type: str, *, detailed: bool) -> SourceTitle:
        title = item.get("title") or item.get("name") or ""
        original = item.get("original_title") or item.get("original_name") or ""
        released = parse_date(item.get("release_date") or item.get("first_air_date"))
        genre_names = [g["name"] for g in item.get("genres", [])] or [
            GENRE_NAMES[g] for g in item.get("genre_ids", []) if g in GENRE_NAMES
        ]
        genre_ids = {g["id"] for g in item.get("genres", [])} | set(item.get("genre_ids", []))
        language = item.get("original_language", "")
        kind = "anime" if language == "ja" and ANIMATION in genre_ids else media_type
        values: dict[str, Any] = {
            "tmdb_type": media_type,
            "tmdb_id": item["id"],
            "original_title": original if original != title else "",
            "original_language": language,
            "release_date": released,
            "year": released.year if released else None,
            "tmdb_vote_average": item.get("vote_average"),
            "tmdb_vote_count": item.get("vote_count"),
            "poster_url": self._image(item.get("poster_path"), "w500"),
            "backdrop_url": self._image(item.get("backdrop_path"), "w1280"),
            "is_adult": bool(item.get("adult", False)),
            "countries": item.get("origin_country")
            or [c["iso_3166_1"] for c in item.get("production_countries", [])],
        }
        extra: dict[str, Any] = {"popularity": item.get("popularity")}
        if item.get("popularity"):
            values["popularity"] = popularity_score(float(item["popularity"]))
        overviews = {"en": item["overview"]} if item.get("overview") else {}
        if item.get("overview"):
            values["overview"] = item["overview"]
        if detailed:
            values |= _details_values(item, media_type)
            extra["watch_providers"] = item.get("watch/providers", {}).get("results", {})
            extra["watch_offers"] = watch_offers(extra["watch_providers"], self.image_base_url)
            overviews |= _translated_overviews(item)
        return SourceTitle(
            source="tmdb",
            source_key=f"tmdb:{media_type}:{item['id']}",
            kind=kind,
            title=title,
            values={k: v for k, v in values.items() if v not in (None, "", [])},
            genres=tuple(genre_names),
            titles={language: original} if original and language else {},
            overviews=overviews,
            extra=extra,
        )


def watch_offers(results: dict[str, Any], image_base_url: str) -> list[ProviderOffer]:
    """TMDB's watch/providers `results` ({country: {link, flatrate: [...], ...}}) as flat offers."""
    offers = []
    for country, block in sorted(results.items()):
        if not isinstance(block, dict):
            continue
        for monetisation in OFFER_TYPES:
            for provider in block.get(monetisation) or []:
                logo = provider.get("logo_path")
                offers.append(
                    ProviderOffer(
                        country=country.upper(),
                        monetisation=monetisation,
                        provider_id=int(provider["provider_id"]),
                        provider_name=str(provider.get("provider_name", "")),
                        logo_url=f"{image_base_url.rstrip('/')}/original{logo}" if logo else "",
                        display_priority=int(provider.get("display_priority") or 0),
                        link=str(block.get("link", "")),
                    )
                )
    return offers


def popularity_score(tmdb_popularity: float) -> float:
    """TMDB's open-ended popularity on our 0-100 scale (log: 10 -> 26, 100 -> 50, 5000 -> 92)."""
    return round(min(100.0, 25.0 * math.log10(1.0 + max(tmdb_popularity, 0.0))), 3)


def _details_values(item: dict[str, Any], media_type: str) -> dict[str, Any]:
    runtime = item.get("runtime") or (item.get("episode_run_time") or [None])[0]
    external = item.get("external_ids", {})
    return {
        "runtime_minutes": runtime,
        "episodes": item.get("number_of_episodes"),
        "seasons": item.get("number_of_seasons"),
        "status": item.get("status", ""),
        "spoken_languages": [lang["iso_639_1"] for lang in item.get("spoken_languages", [])],
        "imdb_id": item.get("imdb_id") or external.get("imdb_id"),
        "keywords": [
            k["name"]
            for k in (
                item.get("keywords", {}).get("keywords")
                or item.get("keywords", {}).get("results")
                or []
            )
        ],
        "trailer_youtube_id": _trailer(item.get("videos", {}).get("results", [])),
        "certification": _certification(item, media_type),
    }


def _trailer(videos: list[dict[str, Any]]) -> str:
    """The official YouTube trailer, else any YouTube trailer, else a teaser."""
    youtube = [v for v in videos if v.get("site") == "YouTube"]
    for wanted in (
        lambda v: v.get("type") == "Trailer" and v.get("official"),
        lambda v: v.get("type") == "Trailer",
        lambda v: v.get("type") == "Teaser",
    ):
        for video in youtube:
            if wanted(video):
                return str(video["key"])
    return ""


def _certification(item: dict[str, Any], media_type: str) -> str:
    if media_type == "movie":
        by_country = {
            r["iso_3166_1"]: r.get("release_dates", [])
            for r in item.get("release_dates", {}).get("results", [])
        }
        for country in CERTIFICATION_COUNTRIES:
            for release in by_country.get(country, []):
                if release.get("certification"):
                    return str(release["certification"])
        return ""
    ratings = {
        r["iso_3166_1"]: r.get("rating", "")
        for r in item.get("content_ratings", {}).get("results", [])
    }
    return next((ratings[c] for c in CERTIFICATION_COUNTRIES if ratings.get(c)), "")


def _translated_overviews(item: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for translation in item.get("translations", {}).get("translations", []):
        text = (translation.get("data") or {}).get("overview")
        code = translation.get("iso_639_1")
        if text and code:
            out.setdefault(code, text)
    return out


def tmdb_client_get() -> TmdbClient:
    return TmdbClient(token=settings.TMDB_API_TOKEN)
