"""What analytics keeps about a person (the interaction log, search history): export sections and
erasers; and its part in title merges (log rows and daily title rollups move)."""

from __future__ import annotations

from typing import Any

from apps.analytics.models import Interaction, SearchQuery, TitleDaily
from apps.core.personal_data import register_personal_data
from apps.core.title_merge import register_title_mover

COUNTERS = ("views", "clicks", "watchlist_adds", "ratings", "rating_sum")


def _export_activity(user_id: int) -> list[dict[str, Any]]:
    rows = Interaction.objects.filter(user_id=user_id).order_by("created_at", "id")
    return [
        {
            "kind": row.kind,
            "content_id": row.content_id,
            "value": row.value,
            "context": row.context,
            "at": row.created_at.isoformat(),
        }
        for row in rows.iterator(chunk_size=2000)
    ]


def _anonymise_activity(user_id: int) -> None:
    """The rows stay (popularity and co-occurrence counts need them) without the person: the link
    goes and so does the context (search text, source pages)."""
    Interaction.objects.filter(user_id=user_id).update(user=None, context={})


def _export_searches(user_id: int) -> list[dict[str, Any]]:
    rows = SearchQuery.objects.filter(user_id=user_id).order_by("created_at", "id")
    return [
        {
            "query": row.query,
            "filters": row.filters,
            "results": row.result_count,
            "at": row.created_at.isoformat(),
        }
        for row in rows
    ]


def _anonymise_searches(user_id: int) -> None:
    """The daily search counts keep the row; what the person typed goes with them."""
    SearchQuery.objects.filter(user_id=user_id).update(user=None, query="")


def _add_up_day(duplicate: TitleDaily, kept: TitleDaily) -> TitleDaily:
    for name in COUNTERS:
        setattr(kept, name, getattr(kept, name) + getattr(duplicate, name))
    return duplicate


def register() -> None:
    register_personal_data(
        section="activity",
        models=(Interaction,),
        export=_export_activity,
        erase=_anonymise_activity,
    )
    register_personal_data(
        section="search_history",
        models=(SearchQuery,),
        export=_export_searches,
        erase=_anonymise_searches,
    )
    register_title_mover(Interaction, "content")
    # a day both titles have becomes one row with the counts added up
    register_title_mover(TitleDaily, "content", unique_with=("day",), resolve=_add_up_day)
