"""OMDb: IMDb, Rotten Tomatoes and Metacritic ratings by IMDb id. https://www.omdbapi.com/
OMDb answers most errors with HTTP 200 and {"Response": "False", "Error": "..."}."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationError,
    IntegrationNotConfigured,
    IntegrationNotFound,
    QuotaExceeded,
)
from apps.integrations.http import BaseClient, DailyBudget
from apps.integrations.types import SourceTitle, parse_date, parse_float, parse_int

WEEK = 7 * 24 * 3600
KINDS = {"movie": "movie", "series": "tv", "episode": "tv"}


class OmdbClient(BaseClient):
    provider = "omdb"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        daily_limit: int | None = None,
        **kwargs: Any,
    ) -> None:
        if not api_key:
            raise IntegrationNotConfigured(self.provider, "OMDB_API_KEY is not set")
        super().__init__(base_url=base_url or settings.OMDB_BASE_URL, **kwargs)
        self.api_key = api_key
        self.daily_budget = DailyBudget(daily_limit or settings.OMDB_DAILY_LIMIT)

    def auth_params(self) -> dict[str, str]:
        return {"apikey": self.api_key}

    def check_payload(self, payload: Any, status: int) -> None:
        if not isinstance(payload, dict):
            raise IntegrationError(self.provider, "unexpected response shape", status=status)
        if payload.get("Response") == "False":
            message = str(payload.get("Error", "unknown error"))
            lowered = message.lower()
            if "not found" in lowered or "incorrect imdb id" in lowered:
                raise IntegrationNotFound(self.provider, message, status=status)
            if "api key" in lowered:
                raise IntegrationAuthError(self.provider, message, status=status)
            if "limit" in lowered:
                raise QuotaExceeded(self.provider, message, status=status)
            raise IntegrationError(self.provider, message, status=status)

    def by_imdb_id(self, imdb_id: str) -> SourceTitle:
        return parse_title(self.get_json("", {"i": imdb_id, "plot": "short"}, ttl=WEEK))


def _na(value: Any) -> Any:
    return None if value in (None, "", "N/A") else value


def _score(value: Any) -> int | None:
    """'87/100' -> 87."""
    number = parse_float(_na(value))
    return int(number) if number is not None else None


def parse_title(payload: dict[str, Any]) -> SourceTitle:
    ratings = {r.get("Source"): r.get("Value") for r in payload.get("Ratings", [])}
    released = parse_date(_na(payload.get("Released")))
    values = {
        "imdb_id": payload.get("imdbID"),
        "year": parse_int(str(_na(payload.get("Year")) or "")[:4]),
        "release_date": released,
        "runtime_minutes": parse_int(_na(payload.get("Runtime"))),
        "certification": _na(payload.get("Rated")) or "",
        "imdb_rating": parse_float(_na(payload.get("imdbRating"))),
        "imdb_votes": parse_int(_na(payload.get("imdbVotes"))),
        "rotten_tomatoes": parse_int(_na(ratings.get("Rotten Tomatoes"))),
        "metacritic": parse_int(_na(payload.get("Metascore"))) or _score(ratings.get("Metacritic")),
        "overview": _na(payload.get("Plot")) or "",
        "poster_url": _na(payload.get("Poster")) or "",
        "seasons": parse_int(_na(payload.get("totalSeasons"))),
    }
    genres = tuple(g.strip() for g in (_na(payload.get("Genre")) or "").split(",") if g.strip())
    return SourceTitle(
        source="omdb",
        source_key=f"omdb:{payload.get('imdbID')}",
        kind=KINDS.get(str(payload.get("Type")), "movie"),
        title=str(payload.get("Title", "")),
        values={k: v for k, v in values.items() if v not in (None, "")},
        genres=genres,
    )


def omdb_client_get() -> OmdbClient:
    return OmdbClient(api_key=settings.OMDB_API_KEY)
