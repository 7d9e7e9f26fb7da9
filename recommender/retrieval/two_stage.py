"""Two-stage ranking for the offline evaluation: the user's factor vector retrieves a candidate
pool from the ANN index (the user's own titles excluded), then the hybrid ranks only the pool.

The pool size is chosen on validation data cut from the training rows (never the test rows):
pool sizes on a grid of k x 2^j up to the catalogue, and the smallest whose validation NDCG@k
keeps `POOL_TOLERANCE` of the full-catalogue hybrid's on the same validation users. The
tolerance is half the loss the quality gate allows (issue 25: >= 0.98x on test), a margin for
the difference between the validation and the test split.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from recommender.algorithms.base import top_n_rows
from recommender.algorithms.validation import ndcg_from_hits
from recommender.retrieval.index import AnnIndex
from recommender.retrieval.pool_scores import HybridPoolScorer

POOL_TOLERANCE = 0.99  # validation NDCG@k of the two-stage ranking / the full hybrid's
SEARCH_BATCH = 256  # users per ANN batch search


def pool_grid(k: int, n_items: int) -> list[int]:
    """k x 2, k x 4, ... below the catalogue size, then the catalogue itself (the full ranking)."""
    grid, size = [], 2 * k
    while size < n_items:
        grid.append(size)
        size *= 2
    return [*grid, n_items]


@dataclass
class TwoStageRanker:
    """index: item vectors' ANN index (positions = item columns); user_vectors: one row per
    user row of `seen` (the training interactions, excluded from the pool)."""

    index: AnnIndex
    user_vectors: np.ndarray
    scorer: HybridPoolScorer
    seen: sparse.csr_matrix

    def pools(self, rows: np.ndarray, size: int) -> list[np.ndarray]:
        """Each user's candidate pool: the `size` best unseen items by inner product."""
        out: list[np.ndarray] = []
        for start in range(0, len(rows), SEARCH_BATCH):
            batch = rows[start : start + SEARCH_BATCH]
            exclude = [self.seen[r].indices for r in batch]
            keys, _ = self.index.search(self.user_vectors[batch], size, exclude=exclude)
            out.extend(row_keys[row_keys >= 0] for row_keys in keys)
        return out

    def rank(self, rows: np.ndarray, pools: list[np.ndarray], k: int) -> np.ndarray:
        """(len(rows), k) item columns: each pool ranked by the hybrid, best first, ties by
        column; -1 pads a pool smaller than k."""
        out = np.full((len(rows), k), -1, dtype=np.int64)
        for i, (row, pool) in enumerate(zip(rows, pools, strict=True)):
            if len(pool) == 0:
                continue
            pool = np.sort(pool)
            best = top_n_rows(self.scorer.scores(int(row), pool)[None, :], k)[0]
            out[i, : len(best)] = pool[best]
        return out

    def recommend(self, rows: np.ndarray, size: int, k: int = 10) -> np.ndarray:
        return self.rank(rows, self.pools(rows, size), k)


def ndcg_per_user(top: np.ndarray, relevant: list[np.ndarray]) -> np.ndarray:
    """NDCG@k of each list (binary gains, -1 never relevant) against that user's items."""
    hits = np.array([np.isin(t, r) & (t >= 0) for t, r in zip(top, relevant, strict=True)])
    return ndcg_from_hits(hits.reshape(len(top), -1), np.array([len(r) for r in relevant]))


def choose_pool_size(
    ranker: TwoStageRanker,
    rows: np.ndarray,
    relevant: list[np.ndarray],
    full_top: np.ndarray,
    k: int = 10,
    tolerance: float = POOL_TOLERANCE,
) -> tuple[int, dict[int, float]]:
    """(the smallest pool size on pool_grid whose mean NDCG@k over `rows` is at least tolerance x
    the full ranking's (full_top), NDCG@k per size tried). One search at the largest size gives
    every smaller pool (its prefix: the index returns best first)."""
    full = float(ndcg_per_user(full_top, relevant).mean())
    grid = pool_grid(k, ranker.index.n_items)
    deepest = ranker.pools(rows, grid[-2] if len(grid) > 1 else grid[-1])
    curve: dict[int, float] = {}
    for size in grid[:-1]:
        top = ranker.rank(rows, [pool[:size] for pool in deepest], k)
        curve[size] = float(ndcg_per_user(top, relevant).mean())
        if curve[size] >= tolerance * full:
            return size, curve
    curve[grid[-1]] = full
    return grid[-1], curve
