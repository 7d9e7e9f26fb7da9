"""Stage one of two-stage serving: a user's candidate pool from the ALS model's ANN index.

The index comes with the model: training stores it in the ALS artifact and a serving process
maps it from the host's local copy (recommender/retrieval/stored_index.py). An artifact without
one (trained before it was stored) gets one built from the item vectors the first time a process
serves from it. Either way it is kept on the model object, which the model registry holds once
per process (a new version is a new object, so a new index). Building is deterministic (one
seed, one thread); build and load costs: bench/artifact_load.py (docs/scale.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import Recommender
from recommender.retrieval.index import AnnIndex, use_exact
from recommender.retrieval.pool_scores import STATS_SAMPLE
from recommender.retrieval.stored_index import stored_index

INDEX_ATTRIBUTE, SAMPLE_ATTRIBUTE = "ann_index_", "stats_sample_"
# A filtered search deepens to at most this share of the catalogue (half of what the index's
# probed lists hold at its default probe share); a filter passing fewer titles is resolved by
# listing them (candidate_pool's `allowed`).
DEEPEST_SHARE = 0.064
KEEP_MARGIN = 1.2


def als_index(model: ImplicitAlsRecommender) -> AnnIndex:
    """The ANN index over `model`'s item vectors, once per model object: the one stored in its
    artifact (mapped), else built here."""
    index = getattr(model, INDEX_ATTRIBUTE, None)
    if index is None:
        index = stored_index(model) or AnnIndex.build(model.item_vectors())
        setattr(model, INDEX_ATTRIBUTE, index)
    return index


@dataclass(frozen=True)
class Pool:
    """columns: the pool's item columns (the ALS model's), best first by inner product;
    path: "ann" (index search) or "exact" (a narrow filter's titles scanned exactly)."""

    columns: np.ndarray
    path: str


def candidate_pool(
    model: ImplicitAlsRecommender,
    items: np.ndarray,
    size: int,
    *,
    allowed: np.ndarray | None = None,
    keep: Callable[[np.ndarray], np.ndarray] | None = None,
    share: float = 1.0,
) -> Pool | None:
    """The `size` unseen columns whose ALS score for a user holding `items` is highest.

    allowed: only these columns (a narrow filter's titles are scanned exactly when that costs no
    more than searching, index.use_exact). keep: a filter as a predicate over columns, `share`
    an upper bound of the share of titles it passes; the search deepens until `size` pass,
    touching only the titles it returns (never a mask over the catalogue). None when `keep`
    passes too few of the titles a search reaches cheaply: the caller then gives `allowed`."""
    index = als_index(model)
    vector = model.user_vector(items)
    seen = np.unique(np.asarray(items, dtype=np.int64))
    if keep is not None:
        kept = _kept_search(index, vector, seen, size, keep, share)
        return None if kept is None else Pool(kept, "ann")
    keys, _ = index.search(vector[None, :], size, allowed=allowed, exclude=[seen])
    path = (
        "exact" if allowed is not None and use_exact(len(allowed), size, index.n_items) else "ann"
    )
    row = keys[0]
    return Pool(row[row >= 0], path)


def _kept_search(
    index: AnnIndex,
    vector: np.ndarray,
    seen: np.ndarray,
    size: int,
    keep: Callable[[np.ndarray], np.ndarray],
    share: float,
) -> np.ndarray | None:
    """The first `size` results `keep` passes, in the index's order (what a search restricted
    to the allowed titles returns when it reaches that deep), or None past DEEPEST_SHARE."""
    cap = max(math.ceil(index.n_items * DEEPEST_SHARE), min(index.n_items, 4 * size))
    # a margin over the expected depth: a filter passing about `share` of the results would
    # otherwise fall short half the time and pay a second search
    margin = 1.0 if share >= 1.0 else KEEP_MARGIN
    depth = min(cap, math.ceil(margin * size / max(share, 1.0 / index.n_items)))
    while True:
        keys, _ = index.search(vector[None, :], depth, exclude=[seen])
        row = keys[0][keys[0] >= 0]
        kept = row[keep(row)]
        if len(kept) >= size or len(row) < depth:  # enough, or every unseen title returned
            return kept[:size]
        if depth >= cap:
            return None
        grow = min(16.0, 1.25 * size / max(len(kept), 1))
        depth = min(cap, max(depth + 1, math.ceil(depth * grow)))


def stats_sample(model: Recommender, size: int = STATS_SAMPLE) -> np.ndarray:
    """A fixed seeded sample of `model`'s item columns (all of them for a smaller catalogue),
    for each member's per-user mean and spread (pool_scores' estimate), drawn once per model."""
    sample: np.ndarray | None = getattr(model, SAMPLE_ATTRIBUTE, None)
    if sample is None:
        n_items = len(model.item_ids_)
        if n_items <= size:
            sample = np.arange(n_items)
        else:
            sample = np.sort(np.random.default_rng(0).choice(n_items, size, replace=False))
        setattr(model, SAMPLE_ATTRIBUTE, sample)
    return sample
