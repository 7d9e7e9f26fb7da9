"""Titles similar to one title: item-item collaborative similarity (EASE, item kNN) fused with
content similarity; the catalogue's genre/language similarity when no model is trained."""

from __future__ import annotations

import numpy as np

from apps.catalog.models import Content
from apps.catalog.selectors import content_similar
from recommender.algorithms import ALGORITHMS, names_where
from recommender.algorithms.base import ScoresSimilarItems, standardise_vector
from recommender.serving import rerank
from recommender.serving.availability import allowed_ids, allowed_mask
from recommender.serving.items import item_meta
from recommender.serving.reasons import Reason
from recommender.serving.registry import registry
from recommender.serving.served import Served, ServedItem, cards_by_id, item, served_items
from recommender.serving.types import RecoRequest

# The models that score similar items, heaviest first (the first one used names the reason).
SOURCES: tuple[tuple[str, float], ...] = tuple(
    sorted(
        ((n, c.similar_weight) for n, c in ALGORITHMS.items() if c.similar_weight is not None),
        key=lambda source: -source[1],
    )
)
COLLABORATIVE = frozenset(names_where(collaborative_signal=True))


def _similarity(content: Content) -> tuple[np.ndarray | None, np.ndarray | None, list[str]]:
    total: np.ndarray | None = None
    vocabulary: np.ndarray | None = None
    used: list[str] = []
    for name, weight in SOURCES:
        model = registry.get(name)
        if not isinstance(model, ScoresSimilarItems):
            continue
        ids = np.asarray(model.item_ids_)
        if vocabulary is not None and not np.array_equal(ids, vocabulary):
            continue
        pos = int(np.searchsorted(ids, content.pk))
        if pos >= len(ids) or ids[pos] != content.pk:
            continue
        scores = np.asarray(model.similar_scores(pos), dtype=np.float64)
        if not np.any(scores):
            continue
        vocabulary = ids
        total = weight * standardise_vector(scores) + (total if total is not None else 0.0)
        used.append(name)
    return total, vocabulary, used


def similar_for(content: Content, request: RecoRequest) -> Served:
    scores, vocabulary, used = _similarity(content)
    if scores is None or vocabulary is None:
        wide = request.platforms is not None  # filtered: a deeper pool still gives k
        candidates = content_similar(
            content=content, limit=max(request.k * 20, 400) if wide else request.k
        )
        ids = allowed_ids(candidates, request)[: request.k]
        cards = cards_by_id(ids, request)
        reason = Reason("similar_catalog", {"title": content.title})
        items = [
            item(cards[i], round(1.0 - n / max(len(ids), 1), 4), reason)
            for n, i in enumerate(ids)
            if i in cards
        ]
        return served_items(
            items,
            "catalog-similar",
            [{"algorithm": n, "reason": "model not trained"} for n, _ in SOURCES],
        )
    meta = item_meta(vocabulary)
    own = int(np.searchsorted(vocabulary, content.pk))
    exclude = np.array([own])
    mask = rerank.candidate_mask(
        meta,
        kinds=request.kinds,
        languages=request.languages,
        genres=request.genres,
        exclude=exclude,
        allowed=allowed_mask(meta.item_ids, request),
    )
    scores = np.where(mask, scores, -np.inf)
    finite = np.flatnonzero(np.isfinite(scores))
    pool = finite[np.argsort(-scores[finite], kind="stable")[: max(request.k * 5, 50)]]
    chosen = rerank.mmr(pool, scores[pool], meta, request.k, request.diversity)
    cards = cards_by_id([int(meta.item_ids[c]) for c in chosen], request)
    own_genres = set(np.flatnonzero(meta.genre_dense[own]))
    chosen_items: list[ServedItem] = []
    for col in chosen:
        shared = [
            meta.genre_slugs[g]
            for g in sorted(own_genres & set(np.flatnonzero(meta.genre_dense[col])))
        ]
        reason = Reason(
            "also_liked" if used[0] in COLLABORATIVE else "similar_to",
            {"title": content.title, "genres": shared[:2]},
        )
        cid = int(meta.item_ids[col])
        if cid in cards:
            chosen_items.append(item(cards[cid], round(float(scores[col]), 4), reason))
    return served_items(chosen_items, "+".join(used), [])
