"""The active users, paged by id (keyset: `id > last ORDER BY id LIMIT n`, never OFFSET).

Active: an interaction logged, or a rating, watchlist entry or favourite written, in the last
`days` days (the rule `serving.batch.active_user_ids` had, without its 5,000 cap).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.analytics.models import Interaction


def _active_filter(days: int) -> Q:
    since = timezone.now() - timedelta(days=days)
    user = OuterRef("pk")
    return (
        Q(Exists(Interaction.objects.filter(user=user, created_at__gte=since)))
        | Q(Exists(Rating.objects.filter(user=user, updated_at__gte=since)))
        | Q(Exists(WatchlistItem.objects.filter(user=user, added_at__gte=since)))
        | Q(Exists(Favorite.objects.filter(user=user, added_at__gte=since)))
    )


def active_user_pages(page_size: int, *, days: int = 30, after: int = 0) -> Iterator[list[int]]:
    """Every active user's id exactly once, ascending, `page_size` at a time."""
    if page_size < 1:
        raise ValueError("page_size must be positive")
    active = User.objects.filter(_active_filter(days)).order_by("pk")
    last = after
    while True:
        page = list(active.filter(pk__gt=last).values_list("pk", flat=True)[:page_size])
        if not page:
            return
        yield page
        if len(page) < page_size:
            return
        last = page[-1]
