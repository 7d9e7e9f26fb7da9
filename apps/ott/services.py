"""Writes: offers from TMDB (per platform and type, curated rows untouched), YouTube free films,
users' platforms, and the scheduled refresh of stale TMDB offers."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.catalog.list_cache import catalog_cache_bump
from apps.catalog.models import Content
from apps.core.exceptions import ApplicationError
from apps.integrations.exceptions import (
    IntegrationNotConfigured,
    IntegrationNotFound,
    QuotaExceeded,
)
from apps.integrations.tmdb import tmdb_client_get
from apps.integrations.tmdb.types import ProviderOffer
from apps.integrations.types import SourceTitle
from apps.ott.models import Availability, Monetisation, OfferCheck, Platform, UserPlatform
from apps.ott.seed import KIND_FOR_MONETISATION, SEED_PLATFORMS, slug_for_provider

logger = logging.getLogger(__name__)
TMDB_SOURCE = "tmdb"
YOUTUBE_SOURCE = "youtube"


def offer_countries() -> list[str]:
    """Countries whose TMDB offers are kept: OTT_COUNTRIES plus every country users are in."""
    users = User.objects.exclude(country="").values_list("country", flat=True).distinct()
    return sorted({*settings.OTT_COUNTRIES, *users})


def platform_for_provider(
    *, provider_id: int, name: str, logo_url: str, monetisation: str
) -> Platform:
    """Our platform for a TMDB provider: by provider id, else by name, else a new platform."""
    platform = next((p for p in Platform.objects.all() if provider_id in p.tmdb_provider_ids), None)
    if platform is not None:
        return platform
    slug = slug_for_provider(name)
    platform, created = Platform.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name[:80],
            "kind": KIND_FOR_MONETISATION[monetisation],
            "logo_url": logo_url,
            "tmdb_provider_ids": [provider_id],
        },
    )
    if not created and provider_id not in platform.tmdb_provider_ids:
        platform.tmdb_provider_ids = [*platform.tmdb_provider_ids, provider_id]
        platform.save(update_fields=["tmdb_provider_ids", "updated_at"])
    return platform


def tmdb_offers_store(
    *,
    content: Content,
    offers: Iterable[ProviderOffer],
    countries: Iterable[str],
    as_of: date | None = None,
) -> int:
    """Replace the title's TMDB offers in `countries` with these (a country missing from the
    answer has none now). Curated rows are never touched. Returns the rows written."""
    wanted = {c.upper() for c in countries}
    kept = [o for o in offers if o.country in wanted]
    as_of = as_of or timezone.now().date()
    with transaction.atomic():
        platforms: dict[int, Platform] = {}
        for o in kept:
            if o.provider_id not in platforms:
                platforms[o.provider_id] = platform_for_provider(
                    provider_id=o.provider_id,
                    name=o.provider_name,
                    logo_url=o.logo_url,
                    monetisation=o.monetisation,
                )
        existing = Availability.objects.filter(content=content, country__in=wanted)
        curated = {(a.platform_id, a.country, a.monetisation) for a in existing if a.curated}
        seen: set[tuple[int, str, str]] = set()
        for offer in kept:
            key = (platforms[offer.provider_id].pk, offer.country, offer.monetisation)
            if key in curated or key in seen:
                continue
            seen.add(key)
            Availability.objects.update_or_create(
                content=content,
                platform_id=key[0],
                country=offer.country,
                monetisation=offer.monetisation,
                defaults={
                    "source": TMDB_SOURCE,
                    "as_of": as_of,
                    "historical": False,
                    "deep_link": offer.link,
                },
            )
        stale = [
            a.pk
            for a in existing
            if a.source == TMDB_SOURCE
            and not a.curated
            and (a.platform_id, a.country, a.monetisation) not in seen
        ]
        Availability.objects.filter(pk__in=stale).delete()
        OfferCheck.objects.update_or_create(
            content=content, source=TMDB_SOURCE, defaults={"checked_at": timezone.now()}
        )
    catalog_cache_bump()
    return len(seen)


def youtube_free_film_store(*, content: Content, video_id: str, countries: Iterable[str]) -> int:
    """A full film on an official YouTube channel: a free offer in each country (not curated-over)."""
    youtube = Platform.objects.get(slug="youtube")
    written = 0
    with transaction.atomic():
        for country in countries:
            row = Availability.objects.filter(
                content=content, platform=youtube, country=country, monetisation=Monetisation.FREE
            ).first()
            if row is not None and row.curated:
                continue
            Availability.objects.update_or_create(
                content=content,
                platform=youtube,
                country=country,
                monetisation=Monetisation.FREE,
                defaults={
                    "deep_link": f"https://www.youtube.com/watch?v={video_id}",
                    "source": YOUTUBE_SOURCE,
                    "as_of": timezone.now().date(),
                    "historical": False,
                },
            )
            written += 1
    catalog_cache_bump()
    return written


def offers_from_source_title(*, content: Content, title: SourceTitle) -> int:
    """Ingestion hook: store the offers a provider payload carried (TMDB details' watch/providers,
    a YouTube free film). Registered with apps.catalog.after_ingest, run after each title's merge."""
    if title.source == "tmdb" and "watch_offers" in title.extra:
        return tmdb_offers_store(
            content=content, offers=title.extra["watch_offers"], countries=offer_countries()
        )
    if title.source == "youtube" and title.get("free_youtube_id"):
        return youtube_free_film_store(
            content=content, video_id=str(title.get("free_youtube_id")), countries=offer_countries()
        )
    return 0


@dataclass
class RefreshSummary:
    checked: int = 0
    offers: int = 0
    skipped: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"checked": self.checked, "offers": self.offers, "skipped": self.skipped}


def stale_titles(*, limit: int) -> list[Content]:
    """The most popular TMDB titles whose offers were never checked or not for OTT_STALE_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.OTT_STALE_DAYS)
    fresh = OfferCheck.objects.filter(source=TMDB_SOURCE, checked_at__gte=cutoff).values(
        "content_id"
    )
    return list(
        Content.objects.filter(tmdb_id__isnull=False)
        .exclude(id__in=fresh)
        .order_by("-popularity", "id")[:limit]
    )


def refresh_stale_availability(*, limit: int = 200) -> RefreshSummary:
    """Re-ask TMDB for stale titles' offers. The client paces itself under TMDB's rate limit
    (RateWindow, Retry-After on 429); each title is fetched outside any transaction."""
    summary = RefreshSummary()
    try:
        client = tmdb_client_get()
    except IntegrationNotConfigured as exc:
        summary.skipped = str(exc)
        return summary
    countries = offer_countries()
    for content in stale_titles(limit=limit):
        try:
            offers = client.watch_providers(
                media_type=content.tmdb_type, tmdb_id=int(content.tmdb_id or 0)
            )
        except IntegrationNotFound:
            offers = []
        except QuotaExceeded as exc:
            summary.skipped = str(exc)
            break
        summary.offers += tmdb_offers_store(content=content, offers=offers, countries=countries)
        summary.checked += 1
    logger.info("ott refresh: %s", summary.as_dict())
    return summary


def user_platforms_set(*, user: Any, slugs: list[str]) -> list[str]:
    """Replace the user's platforms; unknown slugs are a 400 and change nothing."""
    wanted = sorted(set(slugs))
    platforms = {p.slug: p for p in Platform.objects.filter(slug__in=wanted)}
    unknown = [s for s in wanted if s not in platforms]
    if unknown:
        raise ApplicationError(
            "Unknown platform.",
            code="unknown_platform",
            details={
                "platforms": unknown,
                "known": sorted(Platform.objects.values_list("slug", flat=True)),
            },
        )
    with transaction.atomic():
        UserPlatform.objects.filter(user=user).exclude(platform__slug__in=wanted).delete()
        for platform in platforms.values():
            UserPlatform.objects.get_or_create(user=user, platform=platform)
    return wanted


def platforms_seed() -> int:
    """Create or update the seeded platforms (migration 0002 does the same); returns how many."""
    for row in SEED_PLATFORMS:
        values = {k: v for k, v in row.items() if k != "slug"}
        Platform.objects.update_or_create(slug=row["slug"], defaults=values)
    return len(SEED_PLATFORMS)
