"""Cached discovery lists share one version number: curation bumps it and every list refreshes."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")
VERSION_KEY = "catalog:version"
TTL_SECONDS = 300


def catalog_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def catalog_cache_bump() -> None:
    """Invalidate every cached catalogue list (called when curators or ingestion change titles)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(key: str, build: Callable[[], T], ttl: int = TTL_SECONDS) -> T:
    full_key = f"catalog:v{catalog_cache_version()}:{key}"
    value: Any = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout=ttl)
    return value
