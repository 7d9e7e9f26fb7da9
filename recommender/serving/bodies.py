"""Serving results as API bodies: each item's title card, score and reason (rendered in the
active language, plus its code), and the meta block every recommendation surface shares."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone

from apps.catalog.list_cache import catalog_cache_version
from apps.catalog.selectors import content_brief
from apps.core.viewing import default_country
from apps.ott.selectors import availability_summaries
from recommender.serving.reasons import active_language, reason_fields
from recommender.serving.registry import registry
from recommender.serving.types import RecoRequest, RecoResult

CARD_TTL = 3600


def cards(ids: list[int], request: RecoRequest) -> dict[int, dict[str, Any]]:
    """Title cards by id: the brief plus where to watch it in the visitor's country (the
    filter's country, else where the visitor is, else the default), rendered in the active
    language like the reasons. Cards are cached per title under the catalogue version, which
    every title or availability write bumps, so computed lists mostly read them from the cache."""
    country = request.country or request.visitor.country or default_country()
    prefix = f"catalog:v{catalog_cache_version()}:card:{active_language()}:{country}:"
    found: dict[str, dict[str, Any]] = cache.get_many([f"{prefix}{i}" for i in ids])
    out = {i: found[f"{prefix}{i}"] for i in ids if f"{prefix}{i}" in found}
    missing = [i for i in ids if i not in out]
    if missing:
        briefs = content_brief(missing)
        summaries = availability_summaries(list(briefs), country)
        for content_id, brief in briefs.items():
            brief["where_to_watch"] = summaries.get(content_id)
        cache.set_many({f"{prefix}{i}": brief for i, brief in briefs.items()}, timeout=CARD_TTL)
        out.update(briefs)
    return out


def result_body(
    result: RecoResult, request: RecoRequest, *, cached: bool, experiment: dict[str, Any] | None
) -> dict[str, Any]:
    items = result.items[: request.k]
    briefs = cards([i.content_id for i in items], request)
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
