"""Writes the interaction log and the search history from the events lower apps announce
(`apps.core.events`); connected once in `AnalyticsConfig.ready()`."""

from __future__ import annotations

from typing import Any

from apps.analytics.services import interaction_record, search_record
from apps.core.events import interaction_happened, search_happened


def _on_interaction(
    sender: type, *, kind: str, user: Any, content: Any, value: Any, context: Any, **_: Any
) -> None:
    interaction_record(kind=kind, user=user, content=content, value=value, context=context)


def _on_search(
    sender: type, *, user: Any, query: str, filters: dict[str, Any], result_count: int, **_: Any
) -> None:
    search_record(user=user, query=query, filters=filters, result_count=result_count)


def connect() -> None:
    interaction_happened.connect(_on_interaction, dispatch_uid="analytics.interaction")
    search_happened.connect(_on_search, dispatch_uid="analytics.search")
