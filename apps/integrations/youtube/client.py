"""YouTube Data API v3: official trailers and free full-length films from official channels.
Calls are budgeted in quota units (search.list 100, videos.list 1) against the daily quota.
https://developers.google.com/youtube/v3/determine_quota_cost"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationError,
    IntegrationNotConfigured,
    QuotaExceeded,
)
from apps.integrations.http import BaseClient, DailyBudget

DAY = 24 * 3600
SEARCH_COST = 100
LIST_COST = 1
_DURATION = re.compile(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")


@dataclass(frozen=True)
class Video:
    video_id: str
    title: str
    channel_id: str
    channel_title: str
    published_at: str
    duration_seconds: int | None = None
    embeddable: bool | None = None


def iso_duration_seconds(value: str) -> int | None:
    """'PT2H5M3S' -> 7503; None when not an ISO 8601 duration."""
    match = _DURATION.fullmatch(value or "")
    if not match or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


class YoutubeClient(BaseClient):
    provider = "youtube"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        daily_quota: int | None = None,
        **kwargs: Any,
    ) -> None:
        if not api_key:
            raise IntegrationNotConfigured(self.provider, "YOUTUBE_API_KEY is not set")
        super().__init__(base_url=base_url or settings.YOUTUBE_BASE_URL, **kwargs)
        self.api_key = api_key
        self.daily_budget = DailyBudget(daily_quota or settings.YOUTUBE_DAILY_QUOTA)

    def auth_params(self) -> dict[str, str]:
        return {"key": self.api_key}

    def _raise_for_status(self, status: int, message: str) -> None:
        if status == 403 and "quota" in message.lower():
            raise QuotaExceeded(self.provider, message, status=status)
        if status == 400 and "key" in message.lower():
            raise IntegrationAuthError(self.provider, message, status=status)
        super()._raise_for_status(status, message)

    def _decode(self, response: Any) -> Any:
        if response.status_code >= 400:
            try:
                error = response.json().get("error", {})
            except ValueError:
                error = {}
            reasons = " ".join(e.get("reason", "") for e in error.get("errors", []))
            self._raise_for_status(
                response.status_code, f"{error.get('message', '')} {reasons}".strip()
            )
        return super()._decode(response)

    def search_videos(
        self,
        *,
        query: str,
        channel_id: str | None = None,
        long_only: bool = False,
        max_results: int = 5,
    ) -> list[Video]:
        params = {
            "part": "snippet",
            "type": "video",
            "q": query,
            "maxResults": max_results,
            "channelId": channel_id,
            "videoDuration": "long" if long_only else None,
            "videoEmbeddable": "true",
        }
        payload = self.get_json("search", params, ttl=7 * DAY, cost=SEARCH_COST)
        return [
            _video(item)
            for item in payload.get("items", [])
            if item.get("id", {}).get("kind") == "youtube#video"
        ]

    def videos(self, video_ids: list[str]) -> list[Video]:
        if not video_ids:
            return []
        payload = self.get_json(
            "videos",
            {"part": "snippet,contentDetails,status", "id": ",".join(video_ids)},
            ttl=DAY,
            cost=LIST_COST,
        )
        return [_video(item) for item in payload.get("items", [])]

    def official_trailer(self, *, title: str, year: int | None) -> Video | None:
        """The first search hit whose title says trailer and names the film."""
        query = f"{title} {year or ''} official trailer".strip()
        wanted = title.lower()
        for video in self.search_videos(query=query, max_results=5):
            lowered = video.title.lower()
            if "trailer" in lowered and wanted.split(":")[0].strip() in lowered:
                return video
        return None

    def free_full_film(self, *, title: str, channel_ids: list[str]) -> Video | None:
        """A long (over 20 minutes) video named after the film on an official channel."""
        for channel in channel_ids:
            hits = self.search_videos(
                query=f"{title} full movie", channel_id=channel, long_only=True, max_results=3
            )
            details = {v.video_id: v for v in self.videos([h.video_id for h in hits])}
            for hit in hits:
                video = details.get(hit.video_id)
                if (
                    video
                    and (video.duration_seconds or 0) >= 20 * 60
                    and title.lower() in video.title.lower()
                ):
                    return video
        return None


def _video(item: dict[str, Any]) -> Video:
    snippet = item.get("snippet", {})
    raw_id = item.get("id")
    video_id = raw_id.get("videoId") if isinstance(raw_id, dict) else raw_id
    if not video_id:
        raise IntegrationError("youtube", "video without an id")
    return Video(
        video_id=str(video_id),
        title=snippet.get("title", ""),
        channel_id=snippet.get("channelId", ""),
        channel_title=snippet.get("channelTitle", ""),
        published_at=snippet.get("publishedAt", ""),
        duration_seconds=iso_duration_seconds(item.get("contentDetails", {}).get("duration", "")),
        embeddable=item.get("status", {}).get("embeddable"),
    )


def youtube_client_get() -> YoutubeClient:
    return YoutubeClient(api_key=settings.YOUTUBE_API_KEY)
