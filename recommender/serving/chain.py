"""The fallback chain: which model scores this user, and what was skipped and why.

Chain (SERVING_CHAIN, declared with the algorithm registry): hybrid -> factor model (ALS) ->
item-based -> content-based -> regional popular -> global popular. A model that is missing,
fails, or cannot score this user (no interactions for one that needs history) passes to the
next, and the response says which one served and why the others did not.
Scores are computed from the user's current ratings and lists (fold-in), so a rating changes
the very next answer without retraining.
"""

from __future__ import annotations

import logging
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
from recommender.retrieval.pool_scores import has_neighbours, hybrid_pool_scores
from recommender.retrieval.serving_pool import stats_sample
from recommender.serving.filters import RequestFilters
from recommender.serving.items import ItemMeta, item_meta, user_state
from recommender.serving.priors import onboarding_boost, taste_prior
from recommender.serving.registry import registry
from recommender.serving.retrieve import retrieve
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
    pool: when two-stage serving ranked a candidate pool, its item positions (ascending), and
    `scores` and `contributions` are then over the pool, in its order, not the catalogue.
    """

    meta: ItemMeta
    state: UserState
    scores: np.ndarray
    algorithm: str
    contributions: dict[str, np.ndarray] = field(default_factory=dict)
    fallbacks: list[dict[str, str]] = field(default_factory=list)
    retrieval: dict[str, str | int] | None = None
    pool: np.ndarray | None = None


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
    name: str, model: Recommender, state: UserState, pool: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], bool]:
    """(the pool's positions ascending, raw scores and contributions over them, whether the
    collaborative members carry signal). The hybrid scores the pool's columns only, its members'
    spread from the fixed sample (pool_scores); another model is scored whole, then sliced."""
    order = np.argsort(pool, kind="stable")
    cols = pool[order]
    if isinstance(model, HybridRecommender):
        total, members = hybrid_pool_scores(model, state, pool, stats_sample(model))
        weights = model.weights()
        contributions = {m: weights[m] * s[order] for m, s in members.items()}
        # a member's standardised score outside the pool counted as 0 (its mean) before the
        # pool was carried explicitly; the signal test keeps that reading, and a sparse
        # item-item member whose user's titles have neighbours outside the pool (a narrow
        # filter's pool they do not reach) has signal, as on the exact path
        outside = len(pool) < len(model.item_ids_)
        signal = _collaborative_signal(contributions, outside) or any(
            has_neighbours(member, state)
            for (name, member), weight in zip(model.members_, model.weights_, strict=True)
            if weight and name in CF_MEMBERS
        )
        return cols, total[order], contributions, signal
    raw, whole = _scores(name, model, state)
    signal = _collaborative_signal(whole)
    raw = np.asarray(raw, dtype=np.float64)[cols]
    return cols, raw, {m: c[cols] for m, c in whole.items()}, signal


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


SAME_TITLES_ATTRIBUTE = "serving_same_titles_"


def _same_titles(model: Recommender, vocabulary: np.ndarray) -> bool:
    """Whether `model`'s item ids are `vocabulary`, compared once per (model, vocabulary array)
    instead of per request (1M ids take a millisecond to compare)."""
    cached = getattr(model, SAME_TITLES_ATTRIBUTE, None)
    if cached is not None and cached[0] is vocabulary:
        return bool(cached[1])
    same = np.array_equal(np.asarray(model.item_ids_), vocabulary)
    setattr(model, SAME_TITLES_ATTRIBUTE, (vocabulary, same))
    return same


def _two_stage_pool(
    model: Recommender,
    vocabulary: np.ndarray,
    state: UserState,
    meta: ItemMeta,
    filters: RequestFilters | None,
    fallbacks: list[dict[str, str]],
) -> tuple[np.ndarray, dict[str, str | int]] | None:
    """The hybrid's candidate pool (item positions) when the catalogue is large enough for
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
    if not _same_titles(als, vocabulary) or not _same_titles(model, vocabulary):
        fallbacks.append(
            {"algorithm": "two-stage", "reason": "ALS titles differ from the hybrid's"}
        )
        return None
    try:
        pool = retrieve(als, state, meta, filters, int(settings.TWO_STAGE_POOL))
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
    allowed: RequestFilters | None = None,
) -> ChainScores:
    """Walk the chain (from `start` when given, for experiments) until a model can score;
    `visitor` fills what the profile leaves empty (an anonymous visitor has only that).
    allowed: the request's filters; two-stage serving retrieves inside them (docs/scale.md,
    "Two-stage retrieval")."""
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
        if staged is not None and len(staged[0]) == 0:  # the filters leave no unseen title
            empty = np.empty(0)
            return ChainScores(meta, state, empty, name, {}, fallbacks, staged[1], staged[0])
        try:
            if staged is not None:
                cols, raw, contributions, signal = _pool_scores(name, model, state, staged[0])
            else:
                raw, contributions = _scores(name, model, state)
                signal = _collaborative_signal(contributions)
        except Exception as exc:  # a broken model must not break the endpoint
            logger.exception("serving with %s failed", name)
            fallbacks.append({"algorithm": name, "reason": f"failed: {type(exc).__name__}"})
            continue
        if not signal:
            fallbacks.append(
                {"algorithm": name, "reason": "no one else has rated this user's titles yet"}
            )
            continue
        if staged is not None:  # over the pool only: O(pool), never the catalogue
            scores = standardise_finite(raw) + taste_prior(meta, state, cols)
            return ChainScores(meta, state, scores, name, contributions, fallbacks, staged[1], cols)
        ids = np.asarray(model.item_ids_)
        scores = _align(np.asarray(raw, dtype=np.float64), ids, meta)
        contributions = {m: _align(c, ids, meta) for m, c in contributions.items()}
        scores = standardise_finite(scores)
        if state.empty and state.profile is not None:
            scores = scores + onboarding_boost(meta, state.profile)
        elif not state.empty:
            scores = scores + taste_prior(meta, state)
        return ChainScores(meta, state, scores, name, contributions, fallbacks)
    return ChainScores(
        meta,
        state,
        standardise_finite(meta.features.popularity.astype(np.float64)),
        CATALOG_POPULAR,
        {},
        fallbacks,
    )


def _collaborative_signal(contributions: dict[str, np.ndarray], with_zero: bool = False) -> bool:
    """False when every collaborative member scores all items alike for this user: their titles
    co-occur with nothing, and the fused weights, fitted where they do, do not apply.
    with_zero: the items not in the arrays score 0 (a pool's members outside the pool)."""
    collaborative = [c[np.isfinite(c)] for m, c in contributions.items() if m in CF_MEMBERS]
    if with_zero:
        collaborative = [np.append(c, 0.0) for c in collaborative]
    return not collaborative or any(len(c) and np.ptp(c) > 1e-9 for c in collaborative)


def standardise_finite(scores: np.ndarray) -> np.ndarray:
    """Serving's scores: anything not finite (NaN, +inf from a broken model) is excluded (-inf),
    then the package's one standardising rule."""
    return standardise(np.where(np.isfinite(scores), scores, -np.inf))
