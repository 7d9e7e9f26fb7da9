"""Title search across scripts and spellings, ranked exact > phonetic key > fuzzy, then popularity.

A query is matched three ways against every form of a title (title, original title, localised
titles, aliases): its normalised text against the normalised title (exact), its phonetic key
(apps/catalog/phonetic.py) against the stored keys (key), and typo-tolerant similarity (fuzzy:
trigram indexes on PostgreSQL, rapidfuzz over an in-process index elsewhere). See docs/regional.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Max
from rapidfuzz import fuzz, process

from apps.catalog.list_cache import catalog_cache_version
from apps.catalog.models import Content
from apps.catalog.phonetic import phonetic_key
from apps.catalog.search_postgres import tier_settings

KEY_FUZZY_CUTOFF = 85.0
TRIGRAM_KEY_THRESHOLD = 0.45
KEY_MATCH_LIMIT = 500  # key matches kept on PostgreSQL, most popular first


@dataclass
class _KeyIndex:
    """Per catalogue version: phonetic key -> ids, and every (key, id) pair for fuzzy matching."""

    by_key: dict[str, list[int]]
    keys: list[str]
    key_ids: list[int]
    popularity: dict[int, float]
    by_title: dict[str, list[int]]


_INDEX: dict[tuple[int, int, int], _KeyIndex] = {}


def _fingerprint() -> tuple[int, int, int]:
    """Catalogue version (bumped by ingestion and curation) plus row count and newest id, so a
    cache flush that resets the version cannot bring back an index of another catalogue."""
    stats = Content.objects.aggregate(n=Count("id"), last=Max("id"))
    return catalog_cache_version(), int(stats["n"] or 0), int(stats["last"] or 0)


def _key_index() -> _KeyIndex:
    version = _fingerprint()
    if version not in _INDEX:
        by_key: dict[str, list[int]] = {}
        by_title: dict[str, list[int]] = {}
        popularity: dict[int, float] = {}
        rows = Content.objects.filter(is_adult=False, hidden=False).values_list(
            "id", "search_key", "alias_keys", "synonym_keys", "popularity", "normalized_title"
        )
        for cid, key, aliases, synonyms, pop, title in rows.iterator(chunk_size=5000):
            popularity[cid] = pop or 0.0
            by_title.setdefault(title, []).append(cid)
            for k in {key, *aliases.split(), *synonyms.split()} - {""}:
                by_key.setdefault(k, []).append(cid)
        keys = list(by_key)
        key_ids = [by_key[k][0] for k in keys]
        _INDEX.clear()
        _INDEX[version] = _KeyIndex(by_key, keys, key_ids, popularity, by_title)
    return _INDEX[version]


def key_matches(query: str) -> list[int]:
    """Ids whose title or any other form has the query's phonetic key, most popular first."""
    key = phonetic_key(query)
    if not key:
        return []
    if connection.vendor == "postgresql":  # index scans (b-tree, trigram) beat one OR
        visible = Content.objects.filter(is_adult=False, hidden=False).order_by("-popularity", "id")
        forms = [  # each stops at KEY_MATCH_LIMIT: the b-tree of migration 0011 is in this order
            visible.filter(**{lookup: value}).values_list("id", "popularity")[:KEY_MATCH_LIMIT]
            for lookup, value in (
                ("search_key", key),
                ("alias_keys__contains", f" {key} "),
                ("synonym_keys__contains", f" {key} "),
            )
        ]
        # one round trip: UNION ALL of the three, each keeping its own ORDER BY and LIMIT
        found = list(forms[0].union(*forms[1:], all=True))
        ranked = sorted(set(found), key=lambda row: (-(row[1] or 0.0), row[0]))
        return [cid for cid, _ in ranked[:KEY_MATCH_LIMIT]]
    index = _key_index()
    ids = index.by_key.get(key, [])
    return sorted(set(ids), key=lambda cid: (-index.popularity.get(cid, 0.0), cid))


@contextmanager
def trigram_threshold(threshold: float) -> Iterator[None]:
    """`%` at this similarity for the queries inside (PostgreSQL's default is 0.3).

    The trigram index answers `%` with every row at the session's threshold; the stricter
    similarity filter only runs on those rows afterwards. At 1M titles a key such as "lastnigt"
    has 54k rows at 0.3 and 3k at 0.45: 740 ms against 78 ms (docs/scale.md). The setting is
    local to a transaction and put back afterwards, so other `%` queries keep their own; the
    queries inside also run under the fuzzy tiers' statement timeout (search_postgres.py)."""
    with tier_settings(threshold=threshold):
        yield  # an error rolls the (sub)transaction back, and the settings with it


def key_fuzzy_matches(query: str, limit: int) -> list[int]:
    """Ids whose keys are close to the query's (a misspelt romanisation or transliteration)."""
    key = phonetic_key(query)
    if len(key) < 4:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        rows = (  # the % operator, so the trigram index of migration 0006 serves it
            Content.objects.filter(
                TrigramSimilar(F("search_key"), key), is_adult=False, hidden=False
            )
            .annotate(similarity=TrigramSimilarity("search_key", key))
            .filter(similarity__gte=TRIGRAM_KEY_THRESHOLD)
            .order_by("-similarity", "-popularity", "id")
        )
        with trigram_threshold(TRIGRAM_KEY_THRESHOLD):
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


def memory_search(normalized: str, query: str, limit: int) -> list[int]:
    """The three tiers from the in-process index (SQLite and other non-PostgreSQL databases)."""
    index = _key_index()

    def by_popularity(ids: list[int]) -> list[int]:
        return sorted(set(ids), key=lambda cid: (-index.popularity.get(cid, 0.0), cid))

    exact = by_popularity(index.by_title.get(normalized, [])) if normalized else []
    key = phonetic_key(query)
    keyed = by_popularity(index.by_key.get(key, [])) if key else []
    return rank_tiers(exact, keyed, _memory_fuzzy(index, key, limit), limit)


def _memory_fuzzy(index: _KeyIndex, key: str, limit: int) -> list[int]:
    """Keys within a few edits of the query's, or containing it (a longer title), best first."""
    if len(key) < 3:
        return []
    scored: dict[int, float] = {}
    if len(key) >= 4:
        for _, score, i in process.extract(
            key, index.keys, scorer=fuzz.ratio, limit=limit, score_cutoff=KEY_FUZZY_CUTOFF
        ):
            scored[i] = score
    for i, candidate in enumerate(index.keys):
        if key in candidate and i not in scored:
            scored[i] = max(fuzz.ratio(key, candidate), 60.0)
    ranked = sorted(
        scored,
        key=lambda i: (-round(scored[i] / 5), -index.popularity.get(index.key_ids[i], 0.0), i),
    )
    return [cid for i in ranked[:limit] for cid in index.by_key[index.keys[i]]]


def rank_tiers(exact: list[int], key: list[int], fuzzy: list[int], limit: int) -> list[int]:
    """Exact matches, then key matches, then fuzzy ones; each id once, at its best tier."""
    return list(dict.fromkeys([*exact, *key, *fuzzy]))[:limit]
