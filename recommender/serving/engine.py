"""Recommendations for a user: the chain's scores, then filters, mood, time context, diversity
and a reason per item."""

from __future__ import annotations

import numpy as np

from apps.accounts.models import User
from recommender.serving import rerank
from recommender.serving.chain import ChainScores, score_user
from recommender.serving.explain import ReasonMaker
from recommender.serving.filters import RequestFilters
from recommender.serving.registry import registry
from recommender.serving.types import RecoItem, RecoRequest, RecoResult


def _filters(request: RecoRequest) -> RequestFilters:
    """The request's filters (kind, language, genre, where to watch, hidden titles)."""
    return RequestFilters(request)


def recommend(user: User | None, request: RecoRequest) -> RecoResult:
    filters = _filters(request)
    scored = score_user(user, start=request.algorithm, visitor=request.visitor, allowed=filters)
    meta, state, scores = scored.meta, scored.state, scored.scores
    if scored.pool is not None:  # two-stage: filters and re-ranking on the pool only
        return _recommend_pool(scored, request, filters)
    mask = filters.mask(meta)
    if request.exclude_seen and len(state.items):
        mask[state.items] = False
    mood_fit = None
    if request.mood:
        scores, mood_fit = rerank.apply_mood(scores, meta, request.mood)
    boost, context_why = rerank.context_boost(meta, request.context)
    scores = scores + (boost if request.mood is None else 0.25 * boost)
    scores = np.where(mask & np.isfinite(scores), scores, -np.inf)
    pool_size = max(request.k * 5, 100) if request.diversity > 0 else request.k
    finite = np.flatnonzero(np.isfinite(scores))
    versions = dict(registry.active_versions())
    if len(finite) == 0:
        return RecoResult([], scored.algorithm, scored.fallbacks, versions, scored.retrieval)
    if len(finite) > pool_size:
        finite = finite[np.argpartition(-scores[finite], pool_size - 1)[:pool_size]]
    pool = finite[np.argsort(-scores[finite], kind="stable")]
    chosen = rerank.mmr(pool, scores[pool], meta, request.k, request.diversity)
    reasons = ReasonMaker(
        meta,
        state,
        scored.contributions,
        mood=request.mood,
        mood_fit=mood_fit,
        context_why=context_why,
    )
    items = [
        RecoItem(int(meta.item_ids[c]), round(float(scores[c]), 4), reasons.reason(int(c)))
        for c in chosen
    ]
    return RecoResult(items, scored.algorithm, scored.fallbacks, versions, scored.retrieval)


def _recommend_pool(
    scored: ChainScores, request: RecoRequest, filters: RequestFilters
) -> RecoResult:
    """Two-stage serving after retrieval: masks, mood, time context, MMR and reasons over the
    pool's positions (a sub-ItemMeta): O(pool), never an array over the whole catalogue."""
    assert scored.pool is not None
    cols = scored.pool  # item positions, ascending; scores and contributions follow them
    sub = scored.meta.take(cols)
    scores = scored.scores
    mask = filters.mask(scored.meta, cols)
    if request.exclude_seen and len(scored.state.items):
        mask &= ~np.isin(cols, scored.state.items)
    mood_fit = None
    if request.mood:
        scores, mood_fit = rerank.apply_mood(scores, sub, request.mood)
    boost, context_why = rerank.context_boost(sub, request.context)
    scores = scores + (boost if request.mood is None else 0.25 * boost)
    scores = np.where(mask & np.isfinite(scores), scores, -np.inf)
    versions = dict(registry.active_versions())
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) == 0:
        return RecoResult([], scored.algorithm, scored.fallbacks, versions, scored.retrieval)
    ranked = finite[np.argsort(-scores[finite], kind="stable")]
    ranked = ranked[: max(request.k * 5, 100) if request.diversity > 0 else request.k]
    chosen = rerank.mmr(ranked, scores[ranked], sub, request.k, request.diversity)
    reasons = ReasonMaker(
        scored.meta,
        scored.state,
        scored.contributions,
        mood=request.mood,
        mood_fit=mood_fit,
        context_why=context_why,
    )
    items = [
        RecoItem(
            int(sub.item_ids[c]), round(float(scores[c]), 4), reasons.reason(int(cols[c]), int(c))
        )
        for c in chosen
    ]
    return RecoResult(items, scored.algorithm, scored.fallbacks, versions, scored.retrieval)
