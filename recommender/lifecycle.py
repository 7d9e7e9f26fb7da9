"""What the recommender keeps about a person (experiment events, cached recommendation lists)
and its part in title merges (experiment events move to the title kept).

Registered with apps.core.personal_data and apps.core.title_merge from RecommenderConfig.ready():
the apps below never name the recommender's tables or cache keys.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction

from apps.analytics.activity import user_activity_bump
from apps.core.personal_data import register_personal_data
from apps.core.title_merge import register_title_mover
from recommender.models import ExperimentEvent
from recommender.serving.keys import batch_key


def _export_events(user_id: int) -> list[dict[str, Any]]:
    events = ExperimentEvent.objects.filter(user_id=user_id).select_related("experiment", "variant")
    return [
        {
            "experiment": e.experiment.name,
            "variant": e.variant.name,
            "kind": e.kind,
            "content_id": e.content_id,
            "at": e.created_at.isoformat(),
        }
        for e in events.order_by("created_at", "id")
    ]


def _anonymise_events(user_id: int) -> None:
    """Finished experiments keep their counts; the events lose the person."""
    ExperimentEvent.objects.filter(user_id=user_id).update(user=None)


def _forget_lists(user_id: int) -> None:
    """The precomputed list goes now; every cached list's key carries the activity version, which
    moves now and again once the deletion commits, so none of them is served again."""
    cache.delete(batch_key(user_id))
    user_activity_bump(user_id)
    transaction.on_commit(lambda: user_activity_bump(user_id))


def register() -> None:
    register_personal_data(
        section="experiment_events",
        models=(ExperimentEvent,),
        export=_export_events,
        erase=_anonymise_events,
    )
    register_personal_data(
        section="recommendation_cache",
        erase=_forget_lists,
        not_exported="lists computed from the exported ratings and activity, not stored data",
    )
    register_title_mover(ExperimentEvent, "content")
