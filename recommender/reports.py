"""Read-only analytics over ratings, lists, the interaction log and experiment events."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.analytics.models import Interaction, InteractionKind
from apps.catalog.models import Content
from apps.core.vocabulary import language_name
from recommender.models import ExperimentEvent

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def user_patterns(user: User) -> dict[str, Any]:
    ratings = Rating.objects.filter(user=user)
    engaged = set(ratings.values_list("content_id", flat=True))
    engaged |= set(WatchlistItem.objects.filter(user=user).values_list("content_id", flat=True))
    engaged |= set(Favorite.objects.filter(user=user).values_list("content_id", flat=True))
    titles = Content.objects.filter(pk__in=engaged)
    genres = Counter(titles.filter(genres__isnull=False).values_list("genres__slug", flat=True))
    languages = Counter(titles.values_list("original_language", flat=True))
    kinds = Counter(titles.values_list("kind", flat=True))
    stamps = list(ratings.values_list("updated_at", flat=True)) + list(
        Interaction.objects.filter(user=user).values_list("created_at", flat=True)
    )
    histogram = dict(sorted(Counter(ratings.values_list("rating", flat=True)).items()))
    return {
        "user_id": user.pk,
        "titles_engaged": len(engaged),
        "ratings": {
            "count": ratings.count(),
            "average": ratings.aggregate(a=Avg("rating"))["a"],
            "histogram": histogram,
        },
        "interactions": dict(
            Counter(Interaction.objects.filter(user=user).values_list("kind", flat=True))
        ),
        "top_genres": [{"genre": g, "titles": n} for g, n in genres.most_common(10)],
        "languages": [
            {"language": code, "name": language_name(code), "titles": n}
            for code, n in languages.most_common()
        ],
        "kinds": dict(kinds),
        "by_weekday": {
            WEEKDAYS[d]: n for d, n in sorted(Counter(s.weekday() for s in stamps).items())
        },
        "by_hour": dict(sorted(Counter(s.hour for s in stamps).items())),
    }


def content_performance(*, days: int, limit: int = 20) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=days)
    recent = Q(interactions__created_at__gte=since)
    top = (
        Content.objects.annotate(
            views=Count("interactions", filter=recent & Q(interactions__kind=InteractionKind.VIEW)),
            clicks=Count(
                "interactions", filter=recent & Q(interactions__kind=InteractionKind.CLICK)
            ),
            watchlist_adds=Count(
                "interactions", filter=recent & Q(interactions__kind=InteractionKind.WATCHLIST_ADD)
            ),
            rating_events=Count(
                "interactions", filter=recent & Q(interactions__kind=InteractionKind.RATE)
            ),
        )
        .filter(Q(views__gt=0) | Q(clicks__gt=0) | Q(watchlist_adds__gt=0) | Q(rating_events__gt=0))
        .order_by("-views", "-watchlist_adds", "id")[:limit]
    )
    rows = []
    for content in top:
        exposures = ExperimentEvent.objects.filter(
            content=content, kind="exposure", created_at__gte=since
        ).count()
        clicks = ExperimentEvent.objects.filter(
            content=content, kind="click", created_at__gte=since
        ).count()
        rating = Rating.objects.filter(content=content).aggregate(a=Avg("rating"), n=Count("id"))
        rows.append(
            {
                "content_id": content.pk,
                "title": content.title,
                "language": content.original_language,
                "views": content.views,
                "clicks": content.clicks,
                "watchlist_adds": content.watchlist_adds,
                "ratings_in_window": content.rating_events,
                "average_rating": rating["a"],
                "ratings": rating["n"],
                "recommendation_exposures": exposures,
                "recommendation_ctr": round(clicks / exposures, 4) if exposures else None,
            }
        )
    return {"days": days, "titles": rows}


def regional_trends(*, days: int, per_language: int = 5) -> dict[str, Any]:
    """Ratings and interactions per original language in the window, with each language's top titles."""
    since = timezone.now() - timedelta(days=days)
    rated = Rating.objects.filter(updated_at__gte=since)
    by_language = (
        rated.values("content__original_language")
        .annotate(ratings=Count("id"), users=Count("user", distinct=True), average=Avg("rating"))
        .order_by("-ratings")
    )
    out = []
    for row in by_language[:20]:
        code = row["content__original_language"]
        top = (
            rated.filter(content__original_language=code)
            .values("content_id", "content__title")
            .annotate(n=Count("id"), average=Avg("rating"))
            .order_by("-n", "content_id")[:per_language]
        )
        out.append(
            {
                "language": code,
                "name": language_name(code),
                "ratings": row["ratings"],
                "users": row["users"],
                "average_rating": round(row["average"], 2) if row["average"] is not None else None,
                "top_titles": [
                    {
                        "content_id": t["content_id"],
                        "title": t["content__title"],
                        "ratings": t["n"],
                        "average_rating": round(t["average"], 2),
                    }
                    for t in top
                ],
            }
        )
    return {"days": days, "languages": out}
