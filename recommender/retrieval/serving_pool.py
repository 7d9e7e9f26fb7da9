"""Stage one of two-stage serving: a user's candidate pool from the ALS model's ANN index.

The index comes with the model: training stores it in the ALS artifact and a serving process
maps it from the host's local copy (recommender/retrieval/stored_index.py). An artifact without
one (trained before it was stored) gets one built from the item vectors the first time a process
serves from it. Either way it is kept on the model object, which the model registry holds once
per process (a new version is a new object, so a new index). Building is deterministic (one
seed, one thread); build and load costs: bench/artifact_load.py (docs/scale.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import Recommender
from recommender.retrieval.index import AnnIndex, use_exact
from recommender.retrieval.pool_scores import STATS_SAMPLE
from recommender.retrieval.stored_index import stored_index

INDEX_ATTRIBUTE, SAMPLE_ATTRIBUTE = "ann_index_", "stats_sample_"


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
) -> Pool:
    """The `size` unseen columns whose ALS score for a user holding `items` is highest; only
    columns in `allowed` when given (a narrow filter: its titles are scanned exactly when that
    costs no more than searching, index.use_exact)."""
    index = als_index(model)
    vector = model.user_vector(items)
    seen = np.unique(np.asarray(items, dtype=np.int64))
    keys, _ = index.search(vector[None, :], size, allowed=allowed, exclude=[seen])
    path = (
        "exact" if allowed is not None and use_exact(len(allowed), size, index.n_items) else "ann"
    )
    row = keys[0]
    return Pool(row[row >= 0], path)


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
