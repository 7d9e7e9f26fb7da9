"""Serving results as API bodies: each item's title card, score and reason (rendered in the
active language, plus its code), and the meta block every recommendation surface shares."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from apps.catalog.selectors import content_brief
from recommender.serving.reasons import reason_fields
from recommender.serving.registry import registry
from recommender.serving.types import RecoResult


def result_body(
    result: RecoResult, *, cached: bool, experiment: dict[str, Any] | None, k: int
) -> dict[str, Any]:
    items = result.items[:k]
    briefs = content_brief([i.content_id for i in items])
    return {
        "items": [
            {"content": briefs[i.content_id], "score": i.score, **reason_fields(i.reason)}
            for i in items
            if i.content_id in briefs
        ],
        "meta": {
            "algorithm": result.algorithm,
            "fallbacks": result.fallbacks,
            "model_versions": result.model_versions,
            "cached": cached,
            "experiment": experiment,
            "generated_at": timezone.now(),
        },
    }


def items_body(
    items: list[dict[str, Any]], algorithm: str, fallbacks: list[dict[str, str]]
) -> dict[str, Any]:
    """A body for surfaces that build their items directly (similar titles, trending)."""
    return {
        "items": items,
        "meta": {
            "algorithm": algorithm,
            "fallbacks": fallbacks,
            "model_versions": dict(registry.active_versions()),
            "cached": False,
            "experiment": None,
            "generated_at": timezone.now(),
        },
    }
