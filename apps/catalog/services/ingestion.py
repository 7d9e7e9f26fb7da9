"""Ingestion from the providers: fetch (outside any transaction), then merge title by title.

A provider that is unconfigured is skipped with a log line; a spent quota stops the run with
what it has; transient failures propagate so the Celery task retries with backoff.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.catalog.after_ingest import after_ingest
from apps.catalog.list_cache import catalog_cache_bump
from apps.catalog.models import Content
from apps.catalog.services.merge import content_ingest
from apps.core.vocabulary import REGIONAL_LANGUAGES
from apps.integrations.exceptions import (
    IntegrationNotConfigured,
    IntegrationNotFound,
    QuotaExceeded,
)
from apps.integrations.jikan import jikan_client_get
from apps.integrations.omdb import omdb_client_get
from apps.integrations.tmdb import tmdb_client_get
from apps.integrations.types import SourceTitle
from apps.integrations.youtube import youtube_client_get

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(days=7)


@dataclass
class IngestSummary:
    source: str
    counts: Counter[str] = field(default_factory=Counter)
    skipped: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            **dict(self.counts),
            **({"skipped": self.skipped} if self.skipped else {}),
        }


def ingest_titles(source: str, titles: Iterable[SourceTitle]) -> IngestSummary:
    summary = IngestSummary(source)
    for title in titles:
        result = content_ingest(title)
        summary.counts[result.action] += 1
        if result.content is not None:
            after_ingest(content=result.content, title=title)  # ott: where to watch
    if summary.counts["created"] or summary.counts["updated"]:
        catalog_cache_bump()
    logger.info("ingest %s: %s", source, dict(summary.counts))
    return summary


def _guarded(source: str, fetch: Callable[[], Iterable[SourceTitle]]) -> IngestSummary:
    try:
        titles = list(fetch())
    except IntegrationNotConfigured as exc:
        logger.info("ingest %s skipped: %s", source, exc)
        return IngestSummary(source, skipped=str(exc))
    except QuotaExceeded as exc:
        logger.warning("ingest %s stopped: %s", source, exc)
        return IngestSummary(source, skipped=str(exc))
    return ingest_titles(source, titles)


def ingest_tmdb_trending(*, window: str = "day", pages: int = 1) -> IngestSummary:
    def fetch() -> list[SourceTitle]:
        client = tmdb_client_get()
        return [
            t
            for page in range(1, pages + 1)
            for t in client.trending(window=window, page=page).items
        ]

    return _guarded("tmdb:trending", fetch)


def ingest_tmdb_popular(*, pages: int = 1) -> IngestSummary:
    def fetch() -> list[SourceTitle]:
        client = tmdb_client_get()
        return [
            t
            for kind in ("movie", "tv")
            for page in range(1, pages + 1)
            for t in client.popular(media_type=kind, page=page).items
        ]

    return _guarded("tmdb:popular", fetch)


def ingest_tmdb_regional(
    *, languages: Iterable[str] = REGIONAL_LANGUAGES, pages: int = 1
) -> IngestSummary:
    """Discover by original language (Telugu, Hindi, Tamil, Kannada, Malayalam) for India."""

    def fetch() -> list[SourceTitle]:
        client = tmdb_client_get()
        return [
            t
            for language in languages
            for kind in ("movie", "tv")
            for page in range(1, pages + 1)
            for t in client.discover(
                media_type=kind, original_language=language, region="IN", page=page
            ).items
        ]

    return _guarded("tmdb:regional", fetch)


def ingest_jikan_top(*, pages: int = 1) -> IngestSummary:
    def fetch() -> list[SourceTitle]:
        client = jikan_client_get()
        return [t for page in range(1, pages + 1) for t in client.top(page=page).items]

    return _guarded("jikan:top", fetch)


def ingest_jikan_season(*, pages: int = 1) -> IngestSummary:
    def fetch() -> list[SourceTitle]:
        client = jikan_client_get()
        return [t for page in range(1, pages + 1) for t in client.season_now(page=page).items]

    return _guarded("jikan:season", fetch)


def _stale(qs: Q, limit: int) -> list[Content]:
    cutoff = timezone.now() - STALE_AFTER
    return list(
        Content.objects.filter(qs).filter(updated_at__lt=cutoff).order_by("-popularity")[:limit]
    )


def refresh_stale_details(*, limit: int = 50) -> IngestSummary:
    """Full TMDB details (trailer, certification, ids, keywords) for the most popular stale titles."""

    def fetch() -> list[SourceTitle]:
        client = tmdb_client_get()
        out = []
        for content in _stale(Q(tmdb_id__isnull=False), limit):
            try:
                out.append(
                    client.details(media_type=content.tmdb_type, tmdb_id=int(content.tmdb_id or 0))
                )
            except IntegrationNotFound:
                logger.info("tmdb: %s/%s no longer exists", content.tmdb_type, content.tmdb_id)
        return out

    return _guarded("tmdb:details", fetch)


def ingest_omdb_ratings(*, limit: int = 100) -> IngestSummary:
    """IMDb, Rotten Tomatoes and Metacritic ratings for titles with an IMDb id (daily cap respected)."""

    def fetch() -> list[SourceTitle]:
        client = omdb_client_get()
        out = []
        for content in _stale(Q(imdb_id__isnull=False), limit):
            try:
                out.append(client.by_imdb_id(str(content.imdb_id)))
            except IntegrationNotFound:
                continue
            except QuotaExceeded:
                break
        return out

    return _guarded("omdb:ratings", fetch)


def ingest_youtube_trailers(*, limit: int = 20) -> IngestSummary:
    """Official trailers for popular titles that have none (100 quota units a search)."""

    def fetch() -> list[SourceTitle]:
        client = youtube_client_get()
        out = []
        for content in Content.objects.filter(trailer_youtube_id="").order_by("-popularity")[
            :limit
        ]:
            try:
                video = client.official_trailer(title=content.title, year=content.year)
            except QuotaExceeded:
                break
            if video is not None:
                out.append(_youtube_title(content, trailer=video.video_id))
        for content in Content.objects.filter(free_youtube_id="", kind="movie").order_by(
            "-popularity"
        )[: limit // 2]:
            if not settings.YOUTUBE_FREE_FILM_CHANNELS:
                break
            film = client.free_full_film(
                title=content.title, channel_ids=settings.YOUTUBE_FREE_FILM_CHANNELS
            )
            if film is not None:
                out.append(_youtube_title(content, free=film.video_id))
        return out

    return _guarded("youtube:trailers", fetch)


def _youtube_title(content: Content, *, trailer: str = "", free: str = "") -> SourceTitle:
    """A YouTube finding keyed to the title it was searched for (matched by our external ids)."""
    values: dict[str, object] = {"trailer_youtube_id": trailer, "free_youtube_id": free}
    for name in ("imdb_id", "mal_id", "movielens_id", "tvmaze_rank"):
        if getattr(content, name):
            values[name] = getattr(content, name)
    if content.tmdb_id:
        values |= {"tmdb_type": content.tmdb_type, "tmdb_id": content.tmdb_id}
    return SourceTitle(
        source="youtube",
        source_key=f"youtube:{trailer or free}",
        kind=content.kind,
        title=content.title,
        values={k: v for k, v in values.items() if v},
    )


INGESTERS: dict[str, dict[str, Callable[..., IngestSummary]]] = {
    "tmdb": {
        "trending": ingest_tmdb_trending,
        "popular": ingest_tmdb_popular,
        "regional": ingest_tmdb_regional,
        "details": refresh_stale_details,
    },
    "jikan": {"top": ingest_jikan_top, "season": ingest_jikan_season},
    "omdb": {"ratings": ingest_omdb_ratings},
    "youtube": {"trailers": ingest_youtube_trailers},
}
