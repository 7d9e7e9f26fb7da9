"""The fallback chain: which model scores this user, and what was skipped and why.

Chain (SERVING_CHAIN, declared with the algorithm registry): hybrid -> item-based ->
content-based -> regional popular -> global popular. A model that is missing, fails, or cannot
score this user (no interactions for one that needs history) passes to the next, and the response says which one served and why the others did not.
Scores are computed from the user's current ratings and lists (fold-in), so a rating changes
the very next answer without retraining.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from apps.accounts.models import User
from apps.catalog.models import Content
from recommender.algorithms import SERVING_CHAIN, names_where
from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import (
    FoldsIn,
    Recommender,
    UserState,
    WeightedMembers,
    standardise,
    standardise_vector,
)
from recommender.algorithms.hybrid import HybridRecommender
from recommender.retrieval.serving_pool import candidate_pool, stats_sample
from recommender.serving.items import ItemMeta, item_meta, user_state
from recommender.serving.priors import onboarding_boost, taste_prior
from recommender.serving.registry import registry
from recommender.serving.visitor import Visitor

logger = logging.getLogger(__name__)
CHAIN = SERVING_CHAIN.names
CF_MEMBERS = frozenset(names_where(collaborative_signal=True))
CATALOG_POPULAR = "catalog-popular"


@dataclass
class ChainScores:
    """One user's scores over `meta`'s items, from the model that served.

    contributions: each member's (weighted) standardised scores, for reasons; empty when the
    catalogue's popularity served. fallbacks: the models skipped, each with why.
    """

    meta: ItemMeta
    state: UserState
    scores: np.ndarray
    algorithm: str
    contributions: dict[str, np.ndarray] = field(default_factory=dict)
    fallbacks: list[dict[str, str]] = field(default_factory=list)
    retrieval: dict[str, str | int] | None = None


def _scores(
    name: str, model: Recommender, state: UserState
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    if isinstance(model, WeightedMembers):
        total, members = model.fold_in_scored(state)
        weights = model.weights()
        return total, {m: weights[m] * s for m, s in members.items()}
    if not isinstance(model, FoldsIn):
        raise TypeError(f"{name} cannot fold a user in")
    scores = model.fold_in(state)
    return scores, {name: standardise_vector(scores)}


def _pool_scores(
    model: HybridRecommender, state: UserState, pool: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The hybrid's fold-in over the pool's columns only, spread over the catalogue's columns
    (-inf outside the pool; 0 contributions there, which reasons never read)."""
    total, members = model.fold_in_pool(state, pool, stats_sample(model))
    weights = model.weights()
    raw = np.full(len(model.item_ids_), -np.inf)
    raw[pool] = total
    contributions: dict[str, np.ndarray] = {}
    for name, scores in members.items():
        full = np.zeros(len(model.item_ids_))
        full[pool] = weights[name] * scores
        contributions[name] = full
    return raw, contributions


def _align(scores: np.ndarray, from_ids: np.ndarray, meta: ItemMeta) -> np.ndarray:
    """Scores over another model's vocabulary, mapped onto meta's (missing items score -inf)."""
    if len(from_ids) == len(meta.item_ids) and np.array_equal(from_ids, meta.item_ids):
        return scores
    out = np.full(len(meta.item_ids), -np.inf)
    pos = np.searchsorted(from_ids, meta.item_ids)
    pos = np.minimum(pos, len(from_ids) - 1)
    found = from_ids[pos] == meta.item_ids
    out[found] = scores[pos[found]]
    return out


def _base_vocabulary() -> np.ndarray | None:
    for name in CHAIN:
        model = registry.get(name)
        if model is not None:
            return np.asarray(model.item_ids_)
    return None


def _two_stage_pool(
    model: Recommender,
    vocabulary: np.ndarray,
    state: UserState,
    meta: ItemMeta,
    allowed: Callable[[ItemMeta], np.ndarray] | None,
    fallbacks: list[dict[str, str]],
) -> tuple[np.ndarray, dict[str, str | int]] | None:
    """The hybrid's candidate pool (item columns) when the catalogue is large enough for
    two-stage serving (TWO_STAGE_MIN_TITLES), else None; None with a fallback entry when the
    ALS model or its index cannot give one (the hybrid then scores the whole catalogue)."""
    if not isinstance(model, WeightedMembers) or state.empty:
        return None
    if len(vocabulary) <= settings.TWO_STAGE_MIN_TITLES:
        return None
    als = registry.get("als")
    if not isinstance(als, ImplicitAlsRecommender):
        fallbacks.append(
            {"algorithm": "two-stage", "reason": "ALS model not trained or not loadable"}
        )
        return None
    if not np.array_equal(np.asarray(als.item_ids_), vocabulary):
        fallbacks.append(
            {"algorithm": "two-stage", "reason": "ALS titles differ from the hybrid's"}
        )
        return None
    size = int(settings.TWO_STAGE_POOL)
    mask = None if allowed is None else allowed(meta)  # only now: it may read the database
    narrow = None if mask is None or mask.all() else np.flatnonzero(mask)
    try:
        pool = candidate_pool(als, state.items, size, allowed=narrow)
    except Exception as exc:  # no index (faiss missing, broken vectors): the exact path
        logger.exception("two-stage retrieval failed")
        fallbacks.append({"algorithm": "two-stage", "reason": f"failed: {type(exc).__name__}"})
        return None
    return pool.columns, {"stage": "two-stage", "path": pool.path, "pool": len(pool.columns)}


def score_user(
    user: User | None,
    *,
    start: str | None = None,
    visitor: Visitor | None = None,
    allowed: Callable[[ItemMeta], np.ndarray] | None = None,
) -> ChainScores:
    """Walk the chain (from `start` when given, for experiments) until a model can score;
    `visitor` fills what the profile leaves empty (an anonymous visitor has only that).
    allowed: the request's filters as a boolean mask over meta's items; two-stage serving
    retrieves inside it (docs/scale.md, "Two-stage retrieval")."""
    vocabulary = _base_vocabulary()
    if vocabulary is None:
        ids = np.array(
            sorted(Content.objects.filter(is_adult=False).values_list("id", flat=True)),
            dtype=np.int64,
        )
        meta = item_meta(ids)
        return ChainScores(
            meta=meta,
            state=user_state(user, meta, visitor),
            scores=standardise_finite(meta.features.popularity.astype(np.float64)),
            algorithm=CATALOG_POPULAR,
            fallbacks=[{"algorithm": n, "reason": "no trained model"} for n in CHAIN],
        )
    meta = item_meta(vocabulary)
    state = user_state(user, meta, visitor)
    fallbacks: list[dict[str, str]] = []
    for step in SERVING_CHAIN.starting_at(start):
        name = step.algorithm
        if step.needs_history and state.empty:
            fallbacks.append({"algorithm": name, "reason": "no interactions yet (cold start)"})
            continue
        model = registry.get(name)
        if model is None:
            fallbacks.append({"algorithm": name, "reason": "model not trained or not loadable"})
            continue
        staged = _two_stage_pool(model, vocabulary, state, meta, allowed, fallbacks)
        try:
            if staged is not None and isinstance(model, HybridRecommender):
                raw, contributions = _pool_scores(model, state, staged[0])
            else:
                raw, contributions = _scores(name, model, state)
        except Exception as exc:  # a broken model must not break the endpoint
            logger.exception("serving with %s failed", name)
            fallbacks.append({"algorithm": name, "reason": f"failed: {type(exc).__name__}"})
            continue
        if not _collaborative_signal(contributions):
            fallbacks.append(
                {"algorithm": name, "reason": "no one else has rated this user's titles yet"}
            )
            continue
        retrieval = None
        if staged is not None:  # the hybrid ranked the pool only
            retrieval = staged[1]
            if not isinstance(model, HybridRecommender):
                pooled = np.full(len(raw), -np.inf)
                pooled[staged[0]] = np.asarray(raw, dtype=np.float64)[staged[0]]
                raw = pooled
        ids = np.asarray(model.item_ids_)
        scores = _align(np.asarray(raw, dtype=np.float64), ids, meta)
        contributions = {m: _align(c, ids, meta) for m, c in contributions.items()}
        scores = standardise_finite(scores)
        if state.empty and state.profile is not None:
            scores = scores + onboarding_boost(meta, state.profile)
        elif not state.empty:
            scores = scores + taste_prior(meta, state)
        return ChainScores(meta, state, scores, name, contributions, fallbacks, retrieval)
    return ChainScores(
        meta,
        state,
        standardise_finite(meta.features.popularity.astype(np.float64)),
        CATALOG_POPULAR,
        {},
        fallbacks,
    )


def _collaborative_signal(contributions: dict[str, np.ndarray]) -> bool:
    """False when every collaborative member scores all items alike for this user: their titles
    co-occur with nothing, and the fused weights, fitted where they do, do not apply."""
    collaborative = [c[np.isfinite(c)] for m, c in contributions.items() if m in CF_MEMBERS]
    return not collaborative or any(len(c) and np.ptp(c) > 1e-9 for c in collaborative)


def standardise_finite(scores: np.ndarray) -> np.ndarray:
    """Serving's scores: anything not finite (NaN, +inf from a broken model) is excluded (-inf),
    then the package's one standardising rule."""
    return standardise(np.where(np.isfinite(scores), scores, -np.inf))
