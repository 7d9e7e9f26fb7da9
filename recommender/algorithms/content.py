"""Content-based filtering: items as vectors of genres, language, kind, decade and overview
TF-IDF; a user is the weighted mean of the items they interacted with, weighted by how much
they liked each (rating relative to their mean) and how recently (exponential decay)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from recommender.algorithms.base import (
    InteractionData,
    Recommender,
    UserState,
    pack_csr,
    unpack_csr,
)
from recommender.algorithms.features import content_matrix


@dataclass(frozen=True)
class ContentConfig:
    half_life_days: float = 180.0
    like_weight: float = 1.0  # how strongly rating deviations move an item's weight


def interaction_weights(
    data: InteractionData, half_life_days: float, like_weight: float
) -> sparse.csr_matrix:
    """Per interaction: (0.5 + like * centred rating / rating range)+ x recency decay."""
    ratings = data.matrix.tocsr().astype(np.float64)
    weights = ratings.copy()
    counts = np.maximum(np.diff(ratings.indptr), 1)
    means = np.asarray(ratings.sum(axis=1)).ravel() / counts
    spread = max(float(ratings.data.max() - ratings.data.min()), 1.0) if ratings.nnz else 1.0
    centred = ratings.data - np.repeat(means, np.diff(ratings.indptr))
    weights.data = np.clip(1.0 + like_weight * 2.0 * centred / spread, 0.05, None)
    if data.timestamps is not None and data.timestamps.nnz and half_life_days > 0:
        stamps = data.timestamps.tocsr()
        if stamps.data.any():
            newest = stamps.max(axis=1).toarray().ravel()
            age_days = (np.repeat(newest, np.diff(stamps.indptr)) - stamps.data) / 86400.0
            weights.data *= np.power(0.5, age_days / half_life_days)
    return weights.tocsr()


def state_weights(state: UserState, config: ContentConfig) -> np.ndarray:
    """The same liking x recency weights as interaction_weights, for one user's current state."""
    values = state.values.astype(np.float64)
    spread = max(float(values.max() - values.min()), 1.0) if len(values) > 1 else 1.0
    weights = np.clip(
        1.0 + config.like_weight * 2.0 * (values - values.mean()) / spread, 0.05, None
    )
    if config.half_life_days > 0 and state.stamps.any():
        weights *= np.power(
            0.5, (state.stamps.max() - state.stamps) / 86400.0 / config.half_life_days
        )
    return weights


class ContentRecommender(Recommender):
    name = "content"
    family = "content-based"
    needs_item_features = True
    anchors_reasons = True
    similar_weight = 0.5
    Config = ContentConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        if data.item_features is None:
            raise ValueError("content-based filtering needs item features")
        self.items_ = content_matrix(data.item_features)
        weights = interaction_weights(data, self.config.half_life_days, self.config.like_weight)
        self.profiles_ = normalize(weights @ self.items_, norm="l2").astype(np.float32)

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray((self.profiles_[rows] @ self.items_.T).todense())

    def score_items(self, items: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Scores for an ad-hoc profile (cold start, real-time updates)."""
        w = np.ones(len(items)) if weights is None else weights
        profile = np.asarray(self.items_[items].T @ w).ravel()  # dense: one sparse mat-vec below
        norm = np.linalg.norm(profile)
        return np.asarray(self.items_ @ (profile / norm if norm else profile)).ravel()

    def fold_in(self, state: UserState) -> np.ndarray:
        if state.empty:
            return np.zeros(self.items_.shape[0])
        return self.score_items(state.items, state_weights(state, self.config))

    def similar_scores(self, col: int) -> np.ndarray:
        return np.asarray((self.items_ @ self.items_[col].T).todense()).ravel()

    def get_parameters(self) -> dict[str, np.ndarray]:
        return pack_csr(self.items_, "items_") | pack_csr(self.profiles_, "profiles_")

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.items_ = unpack_csr(params, "items_")
        self.profiles_ = unpack_csr(params, "profiles_")
