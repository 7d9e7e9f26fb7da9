"""EASE and its dropout-emphasised variant DLAE (Steck 2019; Steck 2020, "Autoencoders that don't
overfit towards the identity"): closed-form item-item regression on the Gram matrix G = X'X.

EASE (dropout = 0): B = I - P / diag(P) with P = (G + l2 I)^-1, zero diagonal.
DLAE (dropout = p): Lambda = p / (1 - p) diag(G) + l2; B = I - (G + Lambda)^-1 Lambda.
The dropout penalty is heavier on popular items, which lifts catalog coverage.
lambda: `l2` when given; else `l2_per_interaction` x the mean number of interactions per title (so
it scales with the data's density); with neither, it is chosen on validation data cut from the
training rows (a doubling grid of that multiple, hill-climbed on NDCG@10; see validation.py).
rating_weight > 0 weights each interaction by how much the user liked it relative to their own
mean, 1 + rating_weight * (r - mean_u) / (range / 4), both in the Gram matrix and in scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import sparse
from scipy.linalg import lapack

from recommender.algorithms.base import (
    InteractionData,
    Recommender,
    UserState,
    pack_csr,
    unpack_csr,
)
from recommender.algorithms.validation import resolve_settings


@dataclass(frozen=True)
class EaseConfig:
    l2: float = 0.0  # > 0: this lambda; 0: l2_per_interaction, or chosen on validation
    l2_per_interaction: float = 0.0
    dropout: float = 0.0
    rating_weight: float = 0.0
    max_items: int = 0  # 0: every item; else the most interacted items only (memory is items^2)


def spd_inverse(matrix: np.ndarray) -> np.ndarray:
    """Inverse of a symmetric positive definite matrix through its Cholesky factor (about half
    the work of a general inverse); a general inverse when the factorisation fails."""
    factor, info = lapack.dpotrf(matrix, lower=True, clean=False)
    if info == 0:
        inverse, info = lapack.dpotri(factor, lower=True, overwrite_c=True)
    if info != 0:
        return np.linalg.inv(matrix)
    return _mirror_lower(inverse)


def _mirror_lower(matrix: np.ndarray, block: int = 512) -> np.ndarray:
    """The symmetric matrix whose lower triangle `matrix` holds, in place and a block of rows at
    a time (np.tril twice allocated and passed over an n x n matrix three times)."""
    n = len(matrix)
    for start in range(0, n, block):
        stop = min(start + block, n)
        matrix[start:stop, stop:] = matrix[stop:, start:stop].T
        square = matrix[start:stop, start:stop]
        upper = np.triu_indices(stop - start, 1)
        square[upper] = square.T[upper]
    return matrix


def ease_weights(gram: np.ndarray, l2: float, dropout: float = 0.0) -> np.ndarray:
    """EASE's item-item weights from the Gram matrix (DLAE's penalty when dropout > 0). Works on
    one float64 copy in place: at thousands of titles every n x n temporary costs seconds."""
    regularised = np.array(gram, dtype=np.float64)
    diagonal = np.diag_indices_from(regularised)
    if dropout > 0:
        penalty = dropout / (1.0 - dropout) * regularised[diagonal] + l2
    else:
        penalty = np.full(len(regularised), float(l2))
    regularised[diagonal] += penalty
    weights = spd_inverse(regularised)
    del regularised
    if dropout > 0:
        weights *= -penalty[None, :]
    else:
        weights /= -weights[diagonal].copy()
    weights[diagonal] = 0.0
    # row-major: fold-in sums the rows of the user's titles (LAPACK hands back column-major, whose
    # rows are strided: a fold-in took 4 ms instead of 0.4)
    return weights.astype(np.float32, order="C")


def liked_weights(ratings: sparse.csr_matrix, rating_weight: float) -> sparse.csr_matrix:
    """Interaction weights 1 + w (r - mean_u) / (range / 4), floored at 0.05; all 1 when w = 0."""
    x = ratings.tocsr().astype(np.float32, copy=True)
    if rating_weight <= 0 or not x.nnz:
        x.data[:] = 1.0
        return x
    counts = np.maximum(np.diff(x.indptr), 1)
    means = np.asarray(x.sum(axis=1)).ravel() / counts
    spread = max(float(x.data.max() - x.data.min()), 1.0) / 4.0
    centred = (x.data - np.repeat(means, np.diff(x.indptr))) / spread
    x.data = np.clip(1.0 + rating_weight * centred, 0.05, None).astype(np.float32)
    return x


LAMBDA_GRID = tuple(2.0**e for e in range(-1, 6))  # x mean interactions per title: 0.5 .. 32


def mean_interactions_per_title(data: InteractionData) -> float:
    counts = np.diff(data.matrix.tocsc().indptr)
    return float(counts[counts > 0].mean()) if counts.any() else 1.0


class EaseRecommender(Recommender):
    name = "ease"
    family = "collaborative"
    serving_config = {
        "dropout": 0.25,
        "rating_weight": 0.2,
        "max_items": 6000,
    }  # lambda on validation
    collaborative_signal = True
    anchors_reasons = True
    similar_weight = 1.0
    Config = EaseConfig

    @classmethod
    def candidates(cls, config: Any, data: InteractionData) -> list[Any]:
        if config.l2 > 0 or config.l2_per_interaction > 0:
            return [config]
        return [replace(config, l2_per_interaction=m) for m in LAMBDA_GRID]

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        config = resolve_settings(EaseRecommender, self.config, data, seed)
        self.settings_ = config  # what was chosen, for a hybrid that reuses this model
        self.l2_ = config.l2 or config.l2_per_interaction * mean_interactions_per_title(data)
        x = liked_weights(data.matrix, self.config.rating_weight)
        counts = np.asarray((x > 0).sum(axis=0)).ravel()
        active = np.flatnonzero(counts > 0)
        if self.config.max_items and len(active) > self.config.max_items:
            active = np.sort(
                active[np.argsort(-counts[active], kind="stable")[: self.config.max_items]]
            )
        self.active_ = active
        self.n_items_ = data.n_items
        sub = x[:, active]
        self.weights_ = ease_weights((sub.T @ sub).toarray(), self.l2_, self.config.dropout)
        self.input_ = x
        self.spread_ = (
            max(float(data.matrix.data.max() - data.matrix.data.min()), 1.0)
            if data.matrix.nnz
            else 4.0
        )

    def _widen(self, scores: np.ndarray) -> np.ndarray:
        out = np.zeros((*scores.shape[:-1], self.n_items_), dtype=np.float32)
        out[..., self.active_] = scores
        return out

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return self._widen(np.asarray(self.input_[rows][:, self.active_] @ self.weights_))

    def fold_in(self, state: UserState) -> np.ndarray:
        """x_u B with the user's current, rating-weighted interactions: instant updates."""
        rows, weights = self._fold_in_rows(state)
        if len(rows) == 0:
            return np.zeros(self.n_items_)
        return self._widen(weights @ self.weights_[rows]).astype(np.float64)

    def fold_in_columns(self, state: UserState, cols: np.ndarray) -> np.ndarray:
        """fold_in(state)[cols], touching only the user's rows x `cols` of the weights (a
        candidate pool: two-stage serving)."""
        rows, weights = self._fold_in_rows(state)
        out = np.zeros(len(cols))
        inside = self._positions()[np.asarray(cols, dtype=np.int64)]
        active = inside >= 0
        if len(rows) and active.any():
            out[active] = weights @ self.weights_[np.ix_(rows, inside[active])]
        return out

    def _fold_in_rows(self, state: UserState) -> tuple[np.ndarray, np.ndarray]:
        """(rows of the weight matrix the user's items hold, their float32 rating weights)."""
        position = self._positions()
        cols_all = position[state.items] if len(state.items) else np.empty(0, np.int64)
        keep = cols_all >= 0
        values = state.values[keep]
        weights = np.ones(keep.sum())
        if self.config.rating_weight > 0 and len(values) > 1:
            weights = np.clip(
                1.0 + self.config.rating_weight * (values - values.mean()) / (self.spread_ / 4.0),
                0.05,
                None,
            )
        return cols_all[keep], weights.astype(np.float32)

    def _positions(self) -> np.ndarray:
        """Item column -> row of the weight matrix (-1 for items outside it), built once."""
        cached: np.ndarray | None = getattr(self, "_position_cache", None)
        if cached is None:
            cached = np.full(self.n_items_, -1, dtype=np.int64)
            cached[self.active_] = np.arange(len(self.active_))
            self._position_cache = cached
        return cached

    def similar_scores(self, col: int) -> np.ndarray:
        out = np.zeros(self.n_items_)
        hits = np.flatnonzero(self.active_ == col)
        if len(hits):
            k = hits[0]
            out[self.active_] = self.weights_[:, k] + self.weights_[k, :]
        return out

    def get_parameters(self) -> dict[str, np.ndarray]:
        return pack_csr(self.input_, "input_") | {
            "weights": self.weights_,
            "active": self.active_,
            "spread": np.array(self.spread_),
            "l2": np.array(self.l2_),
        }

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.weights_ = np.ascontiguousarray(params["weights"], dtype=np.float32)
        self.input_ = unpack_csr(params, "input_")
        self.active_ = np.asarray(params["active"])
        self.n_items_ = self.input_.shape[1]
        self.spread_ = float(params["spread"])
        self.l2_ = float(params["l2"]) if "l2" in params else self.config.l2
