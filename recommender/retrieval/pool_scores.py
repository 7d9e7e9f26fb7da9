"""The hybrid's score restricted to a candidate pool, without scoring the whole catalogue.

The hybrid's score of item i for user u is sum_m w_m z_m(u, i) - beta x exposure_i, z_m being
member m's score standardised over the whole catalogue for that user (base.standardise). Its
ranking of a pool needs, per member, the scores of the pool's items and that member's mean and
standard deviation over the catalogue. Each member scores only the columns asked for (the
matrix products below touch the user's own items x the pool, not the catalogue), and the mean
and standard deviation are estimated from a fixed uniform sample of the catalogue
(`STATS_SAMPLE` titles, seeded): the same estimate for any catalogue size, its error set by the
sample alone. A member without a column-restricted path here is scored whole, then sliced.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from recommender.algorithms.base import Recommender
from recommender.algorithms.content import ContentRecommender
from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.hybrid import HybridRecommender
from recommender.algorithms.knn import ItemKnnRecommender, UserKnnRecommender
from recommender.algorithms.popularity import PopularityRecommender
from recommender.algorithms.session import SessionRecommender

STATS_SAMPLE = 2048  # catalogue titles sampled for each member's per-user mean and spread


class MemberColumns:
    """One fitted member's scores for one user row over chosen item columns."""

    def __init__(self, model: Recommender) -> None:
        self.model = model
        if isinstance(model, EaseRecommender):
            self._position = np.full(model.n_items_, -1, dtype=np.int64)
            self._position[model.active_] = np.arange(len(model.active_))
        elif isinstance(model, UserKnnRecommender):
            assert model.seen_ is not None
            self._seen_by_item = model.seen_.tocsc()
        elif isinstance(model, ItemKnnRecommender):
            self._positive = model.similarity_.maximum(0).T.tocsr()

    def scores(self, row: int, cols: np.ndarray) -> np.ndarray:
        """float64 scores of `cols` for the user in `row`, as score_rows(row)[cols] gives them."""
        model = self.model
        if isinstance(model, EaseRecommender):
            return self._ease(model, row, cols)
        if isinstance(model, SessionRecommender):
            assert model.seen_ is not None
            return _rows_then_columns(model.weights_, model.seen_[row], cols)
        if isinstance(model, UserKnnRecommender):
            weights = np.clip(model.similarity_[row], 0.0, None)
            return np.asarray(self._seen_by_item[:, cols].T @ weights, dtype=np.float64).ravel()
        if isinstance(model, ItemKnnRecommender):
            assert model.seen_ is not None
            return _rows_then_columns(self._positive, model.seen_[row], cols)
        if isinstance(model, ContentRecommender):
            product = model.profiles_[row] @ model.items_[cols].T
            return np.asarray(product.todense(), dtype=np.float64).ravel()
        if isinstance(model, PopularityRecommender):
            return model.scores_[cols].astype(np.float64)
        return np.asarray(model.score_rows(np.array([row]))[0], dtype=np.float64)[cols]

    def _ease(self, model: EaseRecommender, row: int, cols: np.ndarray) -> np.ndarray:
        user = model.input_[row]
        inside = self._position[user.indices]
        keep = inside >= 0
        out = np.zeros(len(cols))
        positions = self._position[cols]
        active = positions >= 0
        if keep.any() and active.any():
            block = model.weights_[np.ix_(inside[keep], positions[active])]
            out[active] = user.data[keep].astype(np.float32) @ block
        return out


def _rows_then_columns(
    matrix: sparse.csr_matrix, user: sparse.csr_matrix, cols: np.ndarray
) -> np.ndarray:
    """user (1 x items, sparse) @ matrix[:, cols]: the user's rows of `matrix` first (few),
    then the columns of those rows only."""
    if user.nnz == 0:
        return np.zeros(len(cols))
    block = matrix[user.indices][:, cols]
    return np.asarray(user.data @ block, dtype=np.float64).ravel()


class HybridPoolScorer:
    """A fitted HybridRecommender's scores over a candidate pool (see the module docstring)."""

    def __init__(self, hybrid: HybridRecommender, *, sample: int = STATS_SAMPLE, seed: int = 0):
        n_items = len(hybrid.item_ids_)
        size = min(sample, n_items)
        self.sample_ = np.sort(np.random.default_rng(seed).choice(n_items, size, replace=False))
        self._members = [
            (float(weight), MemberColumns(model))
            for weight, (_, model) in zip(hybrid.weights_, hybrid.members_, strict=True)
            if weight
        ]
        self._shift = hybrid.beta_ * np.asarray(hybrid.exposure_, dtype=np.float64)

    def scores(self, row: int, pool: np.ndarray) -> np.ndarray:
        """The hybrid's score of each item column in `pool` for the user in `row`, up to a
        constant per user (the ranking of the pool is the hybrid's)."""
        pool = np.asarray(pool, dtype=np.int64)
        cols = np.concatenate([pool, self.sample_])
        total = -self._shift[pool]
        for weight, member in self._members:
            values = member.scores(row, cols)
            reference = values[len(pool) :]
            spread = float(reference.std())
            total += weight * (values[: len(pool)] - reference.mean()) / (spread or 1.0)
        return total
