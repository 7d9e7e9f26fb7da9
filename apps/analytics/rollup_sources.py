"""Daily rollups that apps above analytics compute from their own tables.

The recommender's experiment events are its own (`recommender.models`), and analytics sits below
the recommender, so it cannot read them; the recommender registers a source here at
`AppConfig.ready()` and `rollups.rollup_range` writes what the sources return, in its transaction,
with the rest of the day's rollups (docs/architecture.md, "Layers between the apps")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from apps.analytics.models import RecommendationDaily

# (start, end) of the range in UTC, end exclusive -> the unsaved rows for those days.
RecommendationSource = Callable[[datetime, datetime], list[RecommendationDaily]]

_recommendation_sources: dict[str, RecommendationSource] = {}


def recommendation_rollup_register(name: str, source: RecommendationSource) -> None:
    """`name` keeps a second registration of the same source (a re-run `ready()`) from counting twice."""
    _recommendation_sources[name] = source


def recommendation_rows(start: datetime, end: datetime) -> list[RecommendationDaily]:
    return [
        row for _, source in sorted(_recommendation_sources.items()) for row in source(start, end)
    ]
