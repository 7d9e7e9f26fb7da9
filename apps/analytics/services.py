"""Writes to the interaction log and the search history."""

from typing import Any

from django.db import transaction

from apps.accounts.models import User
from apps.analytics.activity import user_activity_bump
from apps.analytics.models import Interaction, InteractionKind, SearchQuery
from apps.catalog.models import Content

QUERY_MAX = 200


def interaction_record(
    *,
    kind: InteractionKind | str,
    user: User | None = None,
    content: Content | None = None,
    value: float | None = None,
    context: dict[str, Any] | None = None,
) -> Interaction:
    """Append one event to the log; callers run it inside their own transaction. The user's
    activity version moves with it, so their cached recommendations go stale (real-time learning)."""
    if user is not None and user.is_authenticated and kind != InteractionKind.SEARCH:
        # now, and again once committed: a list computed in between from the old state is dropped
        user_activity_bump(user.pk)
        transaction.on_commit(lambda: user_activity_bump(user.pk))
    return Interaction.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        content=content,
        kind=kind,
        value=value,
        context=context or {},
    )


def search_record(
    *, user: User | None, query: str, filters: dict[str, Any], result_count: int
) -> SearchQuery:
    """One search: a row of search history and a `search` event in the interaction log."""
    query = query[:QUERY_MAX]
    with transaction.atomic():
        row = SearchQuery.objects.create(
            user=user, query=query, filters=filters, result_count=result_count
        )
        interaction_record(
            kind=InteractionKind.SEARCH,
            user=user,
            context={"query": query, "results": result_count, **filters},
        )
    return row
