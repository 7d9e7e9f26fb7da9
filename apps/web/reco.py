"""The one module of the site that imports the recommender.

Views and row providers call these functions only; this module reaches the recommender through
its declared entry point, `recommender.entry`. Lists arrive as objects (`Served`): each item's
loaded title card, with where to watch, and its reason rendered in the active language.
"""

from __future__ import annotations

from datetime import datetime

from apps.accounts.models import User
from apps.analytics.activity import user_activity_version
from apps.catalog.models import Content
from apps.web.cards import Served
from recommender.entry import (
    MOODS,
    Context,
    RecoRequest,
    recommendations_for,
    similar_for,
    trending_for,
    versions_tag,
)

MOOD_SLUGS: tuple[str, ...] = tuple(MOODS)


def for_user(
    user: User | None,
    *,
    k: int = 12,
    kinds: list[str] | None = None,
    languages: list[str] | None = None,
    genres: list[str] | None = None,
    mood: str | None = None,
    when: datetime | None = None,
    surface: str = "user",
    platforms: tuple[str, ...] | None = None,
    country: str = "",
) -> Served:
    """Personalised (or, for a visitor, popular) titles with reasons; `when` asks for the
    time-aware boosts (weekend movie night, binge-worthy series, late-night picks)."""
    context = Context(hour=when.hour, weekday=when.weekday()) if when is not None else Context()
    request = RecoRequest(
        k=k,
        kinds=kinds or [],
        languages=languages or [],
        genres=genres or [],
        mood=mood if mood in MOODS else None,
        context=context,
        platforms=platforms,
        country=country,
    )
    return recommendations_for(user, request, surface=surface)


def similar_to(
    content: Content,
    *,
    k: int = 12,
    languages: list[str] | None = None,
    platforms: tuple[str, ...] | None = None,
    country: str = "",
) -> Served:
    """Titles like `content`; with `platforms`, only those on them in `country` or free there."""
    request = RecoRequest(k=k, languages=languages or [], platforms=platforms, country=country)
    return similar_for(content, request)


def trending(user: User | None, *, k: int = 12, languages: list[str] | None = None) -> Served:
    return trending_for(user, RecoRequest(k=k, languages=languages or []))


def library_version(user: User) -> str:
    """Changes with every rating, list change or logged interaction of the user, and with every
    promoted model version: a cache key part for anything personal."""
    return f"{user_activity_version(user.pk)}-{versions_tag()}"
