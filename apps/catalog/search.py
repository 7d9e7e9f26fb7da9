"""Title search across scripts and spellings, ranked exact > phonetic key > fuzzy, then popularity.

A query is matched three ways against every form of a title (title, original title, localised
titles, aliases): its normalised text against the normalised title (exact), its phonetic key
(apps/catalog/phonetic.py) against the stored keys (key), and typo-tolerant similarity (fuzzy:
trigram indexes on PostgreSQL, rapidfuzz over an in-process index elsewhere). See docs/regional.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q
from rapidfuzz import fuzz, process

from apps.catalog.cache import catalog_cache_version
from apps.catalog.models import Content
from apps.catalog.phonetic import phonetic_key

KEY_FUZZY_CUTOFF = 85.0
TRIGRAM_KEY_THRESHOLD = 0.45


@dataclass
class _KeyIndex:
    """Per catalogue version: phonetic key -> ids, and every (key, id) pair for fuzzy matching."""

    by_key: dict[str, list[int]]
    keys: list[str]
    key_ids: list[int]
    popularity: dict[int, float]


_INDEX: dict[int, _KeyIndex] = {}


def _key_index() -> _KeyIndex:
    version = catalog_cache_version()
    if version not in _INDEX:
        by_key: dict[str, list[int]] = {}
        popularity: dict[int, float] = {}
        rows = Content.objects.filter(is_adult=False).values_list(
            "id", "search_key", "alias_keys", "popularity"
        )
        for cid, key, aliases, pop in rows.iterator(chunk_size=5000):
            popularity[cid] = pop or 0.0
            for k in {key, *aliases.split()} - {""}:
                by_key.setdefault(k, []).append(cid)
        keys = list(by_key)
        key_ids = [by_key[k][0] for k in keys]
        _INDEX.clear()
        _INDEX[version] = _KeyIndex(by_key, keys, key_ids, popularity)
    return _INDEX[version]


def key_matches(query: str) -> list[int]:
    """Ids whose title or any other form has the query's phonetic key, most popular first."""
    key = phonetic_key(query)
    if not key:
        return []
    if connection.vendor == "postgresql":
        rows = Content.objects.filter(
            Q(search_key=key) | Q(alias_keys__contains=f" {key} "), is_adult=False
        ).order_by("-popularity", "id")
        return list(rows.values_list("id", flat=True)[:500])
    index = _key_index()
    ids = index.by_key.get(key, [])
    return sorted(set(ids), key=lambda cid: (-index.popularity.get(cid, 0.0), cid))


def key_fuzzy_matches(query: str, limit: int) -> list[int]:
    """Ids whose keys are close to the query's (a misspelt romanisation or transliteration)."""
    key = phonetic_key(query)
    if len(key) < 4:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        rows = (  # the % operator, so the trigram index of migration 0004 serves it
            Content.objects.filter(TrigramSimilar(F("search_key"), key), is_adult=False)
            .annotate(similarity=TrigramSimilarity("search_key", key))
            .filter(similarity__gte=TRIGRAM_KEY_THRESHOLD)
            .order_by("-similarity", "-popularity", "id")
        )
        return list(rows.values_list("id", flat=True)[:limit])
    index = _key_index()
    found = process.extract(
        key, index.keys, scorer=fuzz.ratio, limit=limit, score_cutoff=KEY_FUZZY_CUTOFF
    )
    ranked = sorted(
        found,
        key=lambda hit: (-round(hit[1]), -index.popularity.get(index.key_ids[hit[2]], 0.0)),
    )
    return [cid for _, _, i in ranked for cid in index.by_key[index.keys[i]]]


def rank_tiers(exact: list[int], key: list[int], fuzzy: list[int], limit: int) -> list[int]:
    """Exact matches, then key matches, then fuzzy ones; each id once, at its best tier."""
    return list(dict.fromkeys([*exact, *key, *fuzzy]))[:limit]
