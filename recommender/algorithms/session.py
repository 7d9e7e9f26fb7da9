"""Session co-occurrence: items a user interacted with within minutes of each other are related.

For each user's interactions in time order, every pair up to `window` steps apart adds
exp(-dt / tau_seconds) to C[i, j] (both directions). C is normalised by sqrt(n_i n_j) and a user
is scored by the sum of the rows of the items they interacted with. Data without interaction
times (no timestamps, or all equal) has no sessions: fit raises ValueError, so the hybrid and the
evaluation skip this member instead of fusing a model that knows nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from recommender.algorithms.base import (
    InteractionData,
    Recommender,
    UserState,
    pack_csr,
    unpack_csr,
)


@dataclass(frozen=True)
class SessionConfig:
    window: int = 5
    tau_seconds: float = 30.0


def session_cooccurrence(
    stamps: sparse.csr_matrix, n_items: int, window: int, tau: float
) -> sparse.csr_matrix:
    """Symmetric time-decayed co-occurrence counts over consecutive interactions per user."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for user in range(stamps.shape[0]):
        start, end = stamps.indptr[user], stamps.indptr[user + 1]
        if end - start < 2 or stamps.data[start:end].min() == stamps.data[start:end].max():
            continue  # one interaction, or no time information (all stamps equal): no order to use
        order = np.argsort(stamps.data[start:end], kind="stable")
        items = stamps.indices[start:end][order]
        times = stamps.data[start:end][order]
        for offset in range(1, min(window, end - start - 1) + 1):
            weight = np.exp(-(times[offset:] - times[:-offset]) / tau)
            keep = weight > 1e-6
            rows += [items[:-offset][keep], items[offset:][keep]]
            cols += [items[offset:][keep], items[:-offset][keep]]
            vals += [weight[keep], weight[keep]]
    if not rows:
        return sparse.csr_matrix((n_items, n_items), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_items, n_items),
    )
    matrix.sum_duplicates()
    return matrix


class SessionRecommender(Recommender):
    name = "session"
    family = "collaborative"
    trained = False
    collaborative_signal = True
    anchors_reasons = True
    Config = SessionConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        counts = np.asarray(data.binary().sum(axis=0)).ravel()
        stamps = data.timestamps
        if stamps is None or not stamps.nnz or np.ptp(stamps.data) == 0:
            raise ValueError("session needs interaction times; this data has none (all equal)")
        cooc = session_cooccurrence(
            stamps.tocsr(), data.n_items, self.config.window, self.config.tau_seconds
        ).tocoo()
        norm = np.sqrt(np.maximum(counts[cooc.row] * counts[cooc.col], 1.0))
        self.weights_ = sparse.csr_matrix(
            ((cooc.data / norm).astype(np.float32), (cooc.row, cooc.col)), shape=cooc.shape
        )

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        assert self.seen_ is not None
        return np.asarray((self.seen_[rows] @ self.weights_).todense())

    def fold_in(self, state: UserState) -> np.ndarray:
        if state.empty:
            return np.zeros(self.weights_.shape[1])
        return np.asarray(self.weights_[state.items].sum(axis=0)).ravel().astype(np.float64)

    def get_parameters(self) -> dict[str, np.ndarray]:
        return pack_csr(self.weights_)

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.weights_ = unpack_csr(params)
