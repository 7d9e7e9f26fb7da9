"""Cached discovery lists share one version number: curation bumps it and every list refreshes."""

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")
VERSION_KEY = "catalog:version"
TTL_SECONDS = 300


def _fresh_version() -> int:
    """A number no earlier version had: after a cache flush (or a Redis restart) the version
    starts from the clock, so per-process memos keyed by it (the search index, the platform
    filter) can never answer from a catalogue state of before the flush."""
    return time.time_ns() // 1000


# While the cache cannot be read (Redis down), one stable number per process: slower to
# invalidate, never rebuilt on every request.
_PROCESS_VERSION = _fresh_version()


def catalog_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version) if version is not None else _PROCESS_VERSION


def catalog_cache_bump() -> None:
    """Invalidate every cached catalogue list (called when curators or ingestion change titles)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def cached(key: str, build: Callable[[], T], ttl: int = TTL_SECONDS) -> T:
    full_key = f"catalog:v{catalog_cache_version()}:{key}"
    value: Any = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout=ttl)
    return value
