"""Cache keys of recommendation lists: they change with the user's activity version (any library
write), the active model versions (hot swaps) and the language the list is rendered in."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from apps.analytics.activity import user_activity_version
from recommender.serving.registry import registry
from recommender.serving.types import RecoRequest


def versions_tag() -> str:
    """Changes whenever a model version is promoted, so cached lists follow hot swaps."""
    return _tag(tuple(sorted(registry.active_versions().items())))


@lru_cache(maxsize=64)
def _tag(versions: tuple[tuple[str, int], ...]) -> str:
    return hashlib.sha256(json.dumps(versions).encode()).hexdigest()[:12]


def request_digest(request: RecoRequest) -> str:
    """The request's fields as its repr spells them (dataclasses of strings, numbers, lists and
    tuples: the same text in every process), hashed; a tenth of `asdict` and `json.dumps`."""
    return hashlib.sha256(repr(request).encode()).hexdigest()[:20]


def list_key(user_id: int, request: RecoRequest, surface: str, language: str) -> str:
    """A rendered list (reasons in `language`) for this user, request and surface."""
    version = user_activity_version(user_id)
    digest = request_digest(request)
    return f"reco:list:{surface}:{language}:{user_id}:{version}:{versions_tag()}:{digest}"


def batch_key(user_id: int) -> str:
    """A precomputed result (reason codes, not text: any language renders it; r2: codes)."""
    return f"reco:batch:r2:{user_id}:{user_activity_version(user_id)}:{versions_tag()}"
