"""Turning engine results into API bodies, with caching and experiment bookkeeping."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from apps.accounts.models import User
from recommender import experiments
from recommender.batch import precomputed
from recommender.services import user_cache_version
from recommender.serving.engine import RecoRequest, RecoResult, content_brief, recommend
from recommender.serving.registry import registry

LIST_TTL = 600


def _body(
    result: RecoResult, *, cached: bool, experiment: dict[str, Any] | None, k: int
) -> dict[str, Any]:
    items = result.items[:k]
    briefs = content_brief([i.content_id for i in items])
    return {
        "items": [
            {"content": briefs[i.content_id], "score": i.score, "reason": i.reason}
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


def _is_default(request: RecoRequest) -> bool:
    return (
        request.k <= 50
        and not request.kinds
        and not request.languages
        and not request.genres
        and request.exclude_seen
        and request.diversity == 0
        and request.mood is None
        and request.context.hour is None
        and request.context.weekday is None
        and request.algorithm is None
    )


def recommendations_for(
    user: User | None, request: RecoRequest, *, surface: str = "user"
) -> dict[str, Any]:
    """Cached per user version and request; the default request prefers the batch precompute."""
    experiment_meta = None
    experiment = experiments.active_experiment() if user is not None and surface == "user" else None
    variant = (
        experiments.assign(experiment, user.pk)
        if experiment is not None and user is not None
        else None
    )
    if variant is not None:
        params = {
            k: v for k, v in variant.parameters.items() if k in {"diversity", "k", "exclude_seen"}
        }
        request = RecoRequest(
            **{
                **asdict(request),
                **params,
                "context": request.context,
                "algorithm": variant.algorithm,
            }
        )
        experiment_meta = {"id": experiment.pk, "name": experiment.name, "variant": variant.name}  # type: ignore[union-attr]
    if user is None:
        return _body(recommend(None, request), cached=False, experiment=None, k=request.k)
    key = _cache_key(user, request, surface)
    body = cache.get(key)
    if body is not None:
        body = {**body, "meta": {**body["meta"], "cached": True, "experiment": experiment_meta}}
    else:
        result = precomputed(user.pk) if _is_default(request) else None
        body = _body(
            result or recommend(user, request),
            cached=result is not None,
            experiment=experiment_meta,
            k=request.k,
        )
        cache.set(key, body, timeout=LIST_TTL)
    if variant is not None and experiment is not None:
        experiments.log_exposures(
            experiment, variant, user, [i["content"]["id"] for i in body["items"]]
        )
    return body


def _cache_key(user: User, request: RecoRequest, surface: str) -> str:
    digest = hashlib.sha256(
        json.dumps(asdict(request), sort_keys=True, default=str).encode()
    ).hexdigest()[:20]
    return f"reco:list:{surface}:{user.pk}:{user_cache_version(user.pk)}:{versions_tag()}:{digest}"


def versions_tag() -> str:
    """Changes whenever a model version is promoted, so cached lists follow hot swaps."""
    versions = sorted(registry.active_versions().items())
    return hashlib.sha256(json.dumps(versions).encode()).hexdigest()[:12]
