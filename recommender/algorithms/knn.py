"""User-based and item-based k-nearest-neighbour collaborative filtering.

Similarities are cosine over mean-centred ratings (adjusted cosine), shrunk by co-support:
sim * n_common / (n_common + shrinkage) (Koren 2008), keeping the k strongest per row.
Ranking scores sum neighbour similarities over the user's (or neighbours') interactions; rating
predictions add the weighted mean-centred neighbour ratings to the baseline mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import sparse

from recommender.algorithms.base import (
    InteractionData,
    Recommender,
    UserState,
    pack_csr,
    unpack_csr,
)
from recommender.algorithms.validation import resolve_settings


@dataclass(frozen=True)
class KnnConfig:
    k: int = 50  # 0: chosen on validation among sqrt(n) x 1/4 .. 4 (n users or titles)
    shrinkage: float = 10.0
    centred: bool = True  # False: plain cosine over binary interactions (implicit data)


def centred(matrix: sparse.csr_matrix, axis: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Subtract each row's (axis=1) or column's (axis=0) mean of its non-zero entries."""
    m = matrix.tocsr().astype(np.float64) if axis == 1 else matrix.T.tocsr().astype(np.float64)
    counts = np.maximum(np.diff(m.indptr), 1)
    means = np.asarray(m.sum(axis=1)).ravel() / counts
    out = m.copy()
    out.data -= np.repeat(means, np.diff(m.indptr))
    out.data[out.data == 0] = 1e-6  # keep the entry: it is an interaction at the mean
    return (out if axis == 1 else out.T.tocsr()), means


def shrunk_topk_similarity(
    rows: sparse.csr_matrix, binary: sparse.csr_matrix, k: int, shrinkage: float
) -> np.ndarray:
    """Dense (n x n) row-row cosine, shrunk by co-support, top-k per row, zero diagonal."""
    norms = _norms(rows)
    sim = (rows @ rows.T).toarray() / np.outer(norms, norms)
    support = (binary @ binary.T).toarray()
    return _shrunk_topk(sim, support, k, shrinkage, first_row=0)


def _norms(rows: sparse.csr_matrix) -> np.ndarray:
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return norms


def _shrunk_topk(
    sim: np.ndarray, support: np.ndarray, k: int, shrinkage: float, first_row: int
) -> np.ndarray:
    """Rows first_row.. of the similarity: shrunk by co-support, own column zeroed, only the k
    strongest (by absolute value) kept, as float32. In place on sim."""
    sim *= support / (support + shrinkage)
    own = np.arange(len(sim))
    sim[own, first_row + own] = 0.0
    if 0 < k < sim.shape[1]:
        drop = np.argpartition(-np.abs(sim), k, axis=1)[:, k:]
        np.put_along_axis(sim, drop, 0.0, axis=1)
    return sim.astype(np.float32)


BLOCK_CELLS = 4_000_000  # similarity cells computed at once: 32 MB a float64 array


def blocked_topk_similarity(
    rows: sparse.csr_matrix, binary: sparse.csr_matrix, k: int, shrinkage: float
) -> sparse.csr_matrix:
    """shrunk_topk_similarity as a sparse matrix with at most k entries a row, computed a block
    of rows at a time from the sparse matrices: memory O(n x k) plus one block of
    BLOCK_CELLS, never n x n. The block's arithmetic is the dense path's, so the entries are too.
    When `rows` is `binary` (plain cosine of interactions), the co-support is the product itself."""
    n = rows.shape[0]
    norms = _norms(rows)
    rows_t = rows.T.tocsr()
    binary_t = rows_t if rows is binary else binary.T.tocsr()
    step = max(1, BLOCK_CELLS // max(n, 1))
    parts = []
    for start in range(0, n, step):
        stop = min(start + step, n)
        dots = (rows[start:stop] @ rows_t).toarray()
        # float32 like the dense path's (exact: counts), so both round the shrinkage alike
        support = (
            dots.astype(np.float32) if rows is binary else (binary[start:stop] @ binary_t).toarray()
        )
        sim = dots / np.outer(norms[start:stop], norms)
        parts.append(sparse.csr_matrix(_shrunk_topk(sim, support, k, shrinkage, start)))
    if not parts:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    return sparse.vstack(parts, format="csr")


K_GRID = (0.25, 0.5, 1.0, 2.0, 4.0)  # x sqrt(number of neighbours to choose from)


class _KnnBase(Recommender):
    Config = KnnConfig
    similarity_: Any  # dense for users, sparse top-k for items
    population_axis: int  # 0: neighbours are users, 1: titles

    @classmethod
    def candidates(cls, config: Any, data: InteractionData) -> list[Any]:
        if config.k > 0:
            return [config]
        root = np.sqrt(data.matrix.shape[cls.population_axis])
        ks = sorted({max(2, round(root * f)) for f in K_GRID})
        return [replace(config, k=k) for k in ks]

    def _resolved(self, data: InteractionData, seed: int) -> KnnConfig:
        """The configuration to fit with: k chosen on validation when the config leaves it open."""
        chosen: KnnConfig = resolve_settings(type(self), self.config, data, seed)
        self.settings_ = chosen  # what was chosen, for a hybrid that reuses this model
        return chosen

    def _prepare(
        self, data: InteractionData, axis: int
    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        binary = data.binary()
        if self.config.centred:
            values, self.means_ = centred(data.matrix, axis=axis)
        else:
            values = binary.astype(np.float64)
            self.means_ = np.zeros(data.n_users if axis == 1 else data.n_items)
        self.ratings_ = data.matrix.tocsr().astype(np.float32)
        self.global_mean_ = float(data.matrix.data.mean()) if data.matrix.nnz else 0.0
        return values, binary

    def get_parameters(self) -> dict[str, np.ndarray]:
        return {"similarity": self.similarity_, "means": self.means_, "k": np.array(self.config.k)}

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.similarity_ = np.asarray(params["similarity"], dtype=np.float32)
        self.means_ = np.asarray(params["means"], dtype=np.float64)
        self._load_k(params)

    def _load_k(self, params: Mapping[str, np.ndarray]) -> None:
        if "k" in params:  # the neighbour count chosen on validation when the config left it open
            self.config = replace(self.config, k=int(params["k"]))


class UserKnnRecommender(_KnnBase):
    """Users like you (k nearest by adjusted cosine) interacted with these items."""

    name = "user_knn"
    family = "collaborative"
    trained = False
    collaborative_signal = True
    anchors_reasons = True
    population_axis = 0

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        self.config = self._resolved(data, seed)
        values, binary = self._prepare(data, axis=1)
        self.similarity_ = shrunk_topk_similarity(
            values, binary, self.config.k, self.config.shrinkage
        )

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        assert self.seen_ is not None
        weights = np.clip(self.similarity_[rows], 0.0, None)
        return np.asarray(self.seen_.T @ weights.T).T

    def fold_in(self, state: UserState) -> np.ndarray:
        """Neighbours found now: cosine of the user's current items to every training user."""
        assert self.seen_ is not None
        if state.empty:
            return np.zeros(self.seen_.shape[1])
        x = np.zeros(self.seen_.shape[1], dtype=np.float32)
        x[state.items] = 1.0
        overlap = np.asarray(self.seen_ @ x).ravel()
        norms = np.sqrt(np.asarray(self.seen_.sum(axis=1)).ravel() * len(state.items))
        sims = np.where(norms > 0, overlap / np.maximum(norms, 1e-9), 0.0)
        if 0 < self.config.k < len(sims):
            sims[np.argpartition(-sims, self.config.k)[self.config.k :]] = 0.0
        return np.asarray(self.seen_.T @ sims).ravel().astype(np.float64)

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Mean-centred neighbour average: mu_u + sum s_uv (r_vi - mu_v) / sum |s_uv|."""
        ratings = self.ratings_.tocsc()
        out = np.empty(len(users))
        for n, (u, i) in enumerate(zip(users, items, strict=True)):
            col = slice(ratings.indptr[i], ratings.indptr[i + 1])
            raters, values = ratings.indices[col], ratings.data[col]
            sims = self.similarity_[u, raters]
            denom = np.abs(sims).sum()
            dev = (sims * (values - self.means_[raters])).sum() / denom if denom > 0 else 0.0
            out[n] = self.means_[u] + dev
        return out


class ItemKnnRecommender(_KnnBase):
    """Items similar (adjusted cosine over co-raters) to what the user interacted with.

    Only items with interactions have neighbours; the k strongest per item are computed a block
    of titles at a time and kept as a sparse matrix (blocked_topk_similarity), so memory is
    titles x k, never titles x titles (docs/scale.md).
    """

    name = "item_knn"
    family = "collaborative"
    serving_config = {"k": 50, "shrinkage": 10.0, "centred": False}
    collaborative_signal = True
    anchors_reasons = True
    similar_weight = 0.6
    population_axis = 1

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        self.config = self._resolved(data, seed)
        values, binary = self._prepare(data, axis=0)
        active = np.flatnonzero(np.diff(binary.tocsc().indptr) > 0)
        item_rows = values[:, active].T.tocsr()
        local = blocked_topk_similarity(
            item_rows,
            item_rows if not self.config.centred else binary[:, active].T.tocsr(),
            self.config.k,
            self.config.shrinkage,
        ).tocoo()
        self.similarity_ = sparse.csr_matrix(
            (local.data, (active[local.row], active[local.col])), shape=(data.n_items, data.n_items)
        )

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        assert self.seen_ is not None
        positive = self.similarity_.maximum(0).T.tocsr()
        return np.asarray((self.seen_[rows] @ positive).todense())

    def similar_scores(self, col: int) -> np.ndarray:
        return np.asarray(self.similarity_[col].todense()).ravel().astype(np.float64)

    def fold_in(self, state: UserState) -> np.ndarray:
        if state.empty:
            return np.zeros(self.similarity_.shape[0])
        columns = self.similarity_.T.tocsr()[state.items].maximum(0)
        return np.asarray(columns.sum(axis=0)).ravel().astype(np.float64)

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        ratings, sim = self.ratings_, self.similarity_.tocsr()
        out = np.empty(len(users))
        for n, (u, i) in enumerate(zip(users, items, strict=True)):
            row = slice(ratings.indptr[u], ratings.indptr[u + 1])
            rated, values = ratings.indices[row], ratings.data[row]
            sims = np.asarray(sim[i, rated].todense()).ravel() if len(rated) else np.empty(0)
            denom = np.abs(sims).sum()
            dev = (sims * (values - self.means_[rated])).sum() / denom if denom > 0 else 0.0
            out[n] = self.means_[i] + dev
        return out

    def get_parameters(self) -> dict[str, np.ndarray]:
        return pack_csr(self.similarity_, "sim_") | {
            "means": self.means_,
            "k": np.array(self.config.k),
        }

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.similarity_ = unpack_csr(params, "sim_")
        self.means_ = np.asarray(params["means"], dtype=np.float64)
        self._load_k(params)
