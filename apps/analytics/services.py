from typing import Any

from django.db import transaction

from apps.accounts.models import User
from apps.analytics.models import Interaction, InteractionKind
from apps.catalog.models import Content


def interaction_record(
    *,
    kind: InteractionKind | str,
    user: User | None = None,
    content: Content | None = None,
    value: float | None = None,
    context: dict[str, Any] | None = None,
) -> Interaction:
    """Append one event to the log; callers run it inside their own transaction. The user's cached
    recommendations go stale with it (real-time learning)."""
    if user is not None and user.is_authenticated and kind != InteractionKind.SEARCH:
        from recommender.services import user_cache_bump

        # now, and again once committed: a list computed in between from the old state is dropped
        user_cache_bump(user.pk)
        transaction.on_commit(lambda: user_cache_bump(user.pk))
    return Interaction.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        content=content,
        kind=kind,
        value=value,
        context=context or {},
    )
