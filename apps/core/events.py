"""What people do, announced by the app where it happens and recorded by the apps above it.

Accounts (ratings, lists) and the catalogue (title pages, searches) sit below analytics, so they
cannot call its services; they send these signals instead, synchronously and inside their own
transaction, exactly as Django's `post_save` works. `apps.analytics.receivers` writes the
interaction log and the search history from them (connected in `AnalyticsConfig.ready()`).
"""

from __future__ import annotations

from django.db import models
from django.dispatch import Signal


class InteractionKind(models.TextChoices):
    VIEW = "view", "View"
    SEARCH = "search", "Search"
    CLICK = "click", "Click"
    RATE = "rate", "Rate"
    WATCHLIST_ADD = "watchlist_add", "Watchlist add"
    WATCHLIST_REMOVE = "watchlist_remove", "Watchlist remove"
    FAVORITE_ADD = "favorite_add", "Favorite add"
    FAVORITE_REMOVE = "favorite_remove", "Favorite remove"


# Keyword arguments: kind (InteractionKind), user (a User or None), content (a Content or None),
# value (float or None), context (dict or None).
interaction_happened = Signal()

# Keyword arguments: user (a User or None), query (str), filters (dict), result_count (int).
search_happened = Signal()


def interaction_announce(
    *,
    sender: type,
    kind: InteractionKind | str,
    user: object | None = None,
    content: object | None = None,
    value: float | None = None,
    context: dict[str, object] | None = None,
) -> None:
    """Send `interaction_happened`; a receiver's error propagates (the log is not optional)."""
    interaction_happened.send(
        sender=sender, kind=kind, user=user, content=content, value=value, context=context
    )


def search_announce(
    *, sender: type, user: object | None, query: str, filters: dict[str, object], result_count: int
) -> None:
    search_happened.send(
        sender=sender, user=user, query=query, filters=filters, result_count=result_count
    )
