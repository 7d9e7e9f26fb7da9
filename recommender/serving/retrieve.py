"""Stage one of a two-stage request inside its filters, at O(pool + the filter's narrowest
titles) rather than O(catalogue) (docs/scale.md, "Two-stage retrieval"):

- no filter: the ANN pool as is;
- a filter whose narrowest part (a language, a kind, genres, a platform's titles: ItemMeta's
  inverted indexes) holds few titles: those titles, filtered exactly, are the allowed set, and
  the index scans them exactly when that is cheaper than searching (index.use_exact), as a
  mask over the catalogue used to give;
- a broad filter: the index is searched deeper and its results filtered, only them.
"""

from __future__ import annotations

import math

import numpy as np

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import UserState
from recommender.retrieval.serving_pool import Pool, candidate_pool
from recommender.serving.filters import RequestFilters
from recommender.serving.items import ItemMeta

# Filters whose narrowest part holds at most this multiple of the exact-scan size
# (sqrt(pool x titles): 25,300 titles for a pool of 640 at 1M) are listed (O(those titles)):
# the index then decides between scanning them and searching within them, as before.
LISTED = 4.0


def retrieve(
    als: ImplicitAlsRecommender,
    state: UserState,
    meta: ItemMeta,
    filters: RequestFilters | None,
    size: int,
) -> Pool:
    """The `size` best unseen titles for the user by the ALS vectors, inside the filters."""
    if filters is None or not filters.filters_anything:
        pool = candidate_pool(als, state.items, size)
        assert pool is not None
        return pool
    found = filters.candidates(meta)
    listed = found.positions is not None and found.bound <= LISTED * math.sqrt(
        max(size, 1) * found.total
    )
    if not listed:
        pool = candidate_pool(
            als,
            state.items,
            size,
            keep=lambda cols: filters.mask(meta, np.asarray(cols, dtype=np.int64)),
            share=found.bound / max(found.total, 1),
        )
        if pool is not None:
            return pool
    allowed: np.ndarray | None = filters.allowed(meta, found)
    if allowed is not None and len(allowed) == found.total:  # the filters leave every title
        allowed = None
    listed_pool = candidate_pool(als, state.items, size, allowed=allowed)
    assert listed_pool is not None
    return listed_pool
