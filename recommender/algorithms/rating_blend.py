"""Stacked rating predictor: several scikit-surprise predictors blended by ridge regression.

The members are fitted on 90% of the training ratings, the blend weights on the other 10%
(never on test data), then the members are refitted on all training ratings. Linear stacking of
diverse predictors is the classic Netflix Prize recipe (Töscher & Jahrer 2009); here it is the
offline-best rating predictor. Serving predicts ratings with SvdRecommender (fold-in capable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recommender.algorithms.base import InteractionData

MEMBERS = ("baseline", "svd", "svd_wide", "knn_item", "knn_user", "svdpp", "slope_one")


def _member(name: str, seed: int) -> Any:
    from surprise import SVD, BaselineOnly, KNNBaseline, SlopeOne, SVDpp

    factories = {
        "baseline": lambda: BaselineOnly(verbose=False),
        "svd": lambda: SVD(random_state=seed),
        "svd_wide": lambda: SVD(n_factors=200, n_epochs=40, reg_all=0.1, random_state=seed),
        "knn_item": lambda: KNNBaseline(
            k=40,
            sim_options={"name": "pearson_baseline", "user_based": False, "shrinkage": 100},
            verbose=False,
        ),
        "knn_user": lambda: KNNBaseline(
            k=40, sim_options={"name": "pearson_baseline", "user_based": True}, verbose=False
        ),
        "svdpp": lambda: SVDpp(random_state=seed),
        "slope_one": SlopeOne,
    }
    return factories[name]()


@dataclass(frozen=True)
class RatingBlendConfig:
    members: tuple[str, ...] = MEMBERS
    holdout: float = 0.1
    ridge_alpha: float = 1.0


@dataclass
class RatingBlendPredictor:
    name = "rating_blend"
    config: RatingBlendConfig = field(default_factory=RatingBlendConfig)

    def fit(self, data: InteractionData, *, seed: int = 0) -> RatingBlendPredictor:
        from sklearn.linear_model import Ridge

        coo = data.matrix.tocoo()
        users, items, ratings = coo.row, coo.col, coo.data.astype(np.float64)
        perm = np.random.default_rng(seed + 1).permutation(len(ratings))
        n_hold = int(len(ratings) * self.config.holdout)
        hold, rest = perm[:n_hold], perm[n_hold:]
        members = self._fit_members(users[rest], items[rest], ratings[rest], seed)
        features = self._features(members, users[hold], items[hold])
        self.blend_ = Ridge(alpha=self.config.ridge_alpha).fit(features, ratings[hold])
        self.members_ = self._fit_members(users, items, ratings, seed)
        return self

    def _fit_members(
        self, users: np.ndarray, items: np.ndarray, ratings: np.ndarray, seed: int
    ) -> list[Any]:
        import pandas as pd
        from surprise import Dataset, Reader

        frame = pd.DataFrame({"u": users, "i": items, "r": ratings})
        scale = (float(ratings.min()), float(ratings.max()))
        trainset = Dataset.load_from_df(frame, Reader(rating_scale=scale)).build_full_trainset()
        fitted = []
        for name in self.config.members:
            algo = _member(name, seed)
            algo.fit(trainset)
            fitted.append(algo)
        return fitted

    @staticmethod
    def _features(members: list[Any], users: np.ndarray, items: np.ndarray) -> np.ndarray:
        pairs = list(zip(users.tolist(), items.tolist(), strict=True))
        return np.array([[algo.predict(u, i).est for algo in members] for u, i in pairs])

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        return np.asarray(self.blend_.predict(self._features(self.members_, users, items)))

    def weights(self) -> dict[str, float]:
        return dict(zip(self.config.members, self.blend_.coef_.round(4).tolist(), strict=True))
