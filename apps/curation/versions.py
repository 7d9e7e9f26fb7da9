"""One cache version for curation reads (hidden ids, featured lists), bumped after commit."""

from django.core.cache import cache
from django.db import transaction

from apps.catalog.list_cache import catalog_cache_bump

HIDDEN_IDS_KEY = "curation:hidden_ids"
FEATURED_VERSION_KEY = "curation:featured_version"


def featured_version() -> int:
    value = cache.get(FEATURED_VERSION_KEY)
    if value is None:
        cache.add(FEATURED_VERSION_KEY, 1, timeout=None)
        value = cache.get(FEATURED_VERSION_KEY, 1)
    return int(value)


def _bump() -> None:
    cache.delete(HIDDEN_IDS_KEY)
    try:
        cache.incr(FEATURED_VERSION_KEY)
    except ValueError:
        cache.set(FEATURED_VERSION_KEY, 2, timeout=None)


def curation_changed(*, catalog: bool = False) -> None:
    """Drop cached curation reads now and once committed (a read in between is not kept);
    `catalog` also refreshes every cached catalogue list (hide, unhide, merge)."""
    _bump()
    transaction.on_commit(_bump)
    if catalog:
        catalog_cache_bump()
        transaction.on_commit(catalog_cache_bump)
