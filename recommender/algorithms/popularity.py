"""Most popular items: the last fallback, and the baseline every other algorithm must beat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from recommender.algorithms.base import InteractionData, Recommender, UserState


@dataclass(frozen=True)
class PopularityConfig:
    half_life_days: float = 0.0  # > 0: recent interactions count more (trending)


class PopularityRecommender(Recommender):
    name = "popularity"
    family = "collaborative"
    serving_config = {"half_life_days": 0.0}
    needs_history = False
    Config = PopularityConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        binary = data.binary()
        if self.config.half_life_days > 0 and data.timestamps is not None and data.timestamps.nnz:
            stamps = data.timestamps.tocsr()
            age_days = (stamps.data.max() - stamps.data) / 86400.0
            weights = binary.copy()
            weights.data = np.power(0.5, age_days / self.config.half_life_days).astype(np.float32)
            counts = np.asarray(weights.sum(axis=0)).ravel()
        else:
            counts = np.asarray(binary.sum(axis=0)).ravel()
        self.scores_ = counts.astype(np.float32)

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.scores_, (len(rows), len(self.scores_)))

    def fold_in(self, state: UserState) -> np.ndarray:
        return self.scores_.astype(np.float64)

    def get_parameters(self) -> dict[str, np.ndarray]:
        return {"scores": self.scores_}

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.scores_ = np.asarray(params["scores"], dtype=np.float32)
