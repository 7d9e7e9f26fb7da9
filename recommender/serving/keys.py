"""Cache keys of recommendation lists: they change with the user's activity version (any library
write), the active model versions (hot swaps) and the language the list is rendered in."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from apps.analytics.activity import user_activity_version
from recommender.serving.registry import registry
from recommender.serving.types import RecoRequest


def versions_tag() -> str:
    """Changes whenever a model version is promoted, so cached lists follow hot swaps."""
    versions = sorted(registry.active_versions().items())
    return hashlib.sha256(json.dumps(versions).encode()).hexdigest()[:12]


def list_key(user_id: int, request: RecoRequest, surface: str, language: str) -> str:
    """A rendered list (reasons in `language`) for this user, request and surface."""
    digest = hashlib.sha256(
        json.dumps(asdict(request), sort_keys=True, default=str).encode()
    ).hexdigest()[:20]
    version = user_activity_version(user_id)
    return f"reco:list:{surface}:{language}:{user_id}:{version}:{versions_tag()}:{digest}"


def batch_key(user_id: int) -> str:
    """A precomputed result (reason codes, not text: any language renders it; r2: codes)."""
    return f"reco:batch:r2:{user_id}:{user_activity_version(user_id)}:{versions_tag()}"
