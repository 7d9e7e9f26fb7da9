"""Matrix factorisation for explicit ratings: scikit-surprise SVD / SVD++ (Koren 2008), exported
as plain arrays so serving needs neither surprise nor its trainset.

prediction = mu + b_u + b_i + q_i . p_u, where for SVD++ p_u already includes
|N(u)|^-1/2 sum_{j in N(u)} y_j. New or changed users are folded in by ridge regression on
the fixed item factors (fold_in), which is what real-time learning uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from recommender.algorithms.base import InteractionData, Recommender, UserState


@dataclass(frozen=True)
class SvdConfig:
    variant: str = "svd"  # "svd" or "svdpp"
    n_factors: int = 100
    n_epochs: int = 20
    lr_all: float = 0.005
    reg_all: float = 0.02
    fold_in_l2: float = 1.0


def _trainset(data: InteractionData):  # type: ignore[no-untyped-def]
    import pandas as pd
    from surprise import Dataset, Reader

    coo = data.matrix.tocoo()
    frame = pd.DataFrame({"u": coo.row, "i": coo.col, "r": coo.data.astype(np.float64)})
    scale = (float(coo.data.min()), float(coo.data.max())) if coo.nnz else (1.0, 5.0)
    return Dataset.load_from_df(frame, Reader(rating_scale=scale)).build_full_trainset()


class SvdRecommender(Recommender):
    name = "svd"
    family = "collaborative"
    serving_config = {"n_factors": 64, "n_epochs": 15}
    Config = SvdConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        from surprise import SVD, SVDpp

        cfg = self.config
        algo_cls = SVDpp if cfg.variant == "svdpp" else SVD
        algo = algo_cls(
            n_factors=cfg.n_factors,
            n_epochs=cfg.n_epochs,
            lr_all=cfg.lr_all,
            reg_all=cfg.reg_all,
            random_state=seed,
        )
        trainset = _trainset(data)
        algo.fit(trainset)
        self._export(algo, trainset, data)

    def _export(self, algo, trainset, data: InteractionData) -> None:  # type: ignore[no-untyped-def]
        f = algo.n_factors
        users = np.zeros((data.n_users, f), dtype=np.float32)
        items = np.zeros((data.n_items, f), dtype=np.float32)
        user_bias = np.zeros(data.n_users, dtype=np.float32)
        item_bias = np.zeros(data.n_items, dtype=np.float32)
        u_raw = np.array([trainset.to_raw_uid(i) for i in range(trainset.n_users)], dtype=np.int64)
        i_raw = np.array([trainset.to_raw_iid(i) for i in range(trainset.n_items)], dtype=np.int64)
        pu = np.asarray(algo.pu)
        if hasattr(algo, "yj"):
            yj = np.asarray(algo.yj)
            for inner in range(trainset.n_users):
                rated = [j for j, _ in trainset.ur[inner]]
                if rated:
                    pu[inner] = pu[inner] + yj[rated].sum(axis=0) / np.sqrt(len(rated))
        users[u_raw] = pu
        items[i_raw] = np.asarray(algo.qi)
        user_bias[u_raw] = np.asarray(algo.bu)
        item_bias[i_raw] = np.asarray(algo.bi)
        self.user_factors_, self.item_factors_ = users, items
        self.user_bias_, self.item_bias_ = user_bias, item_bias
        self.global_mean_ = np.float32(trainset.global_mean)

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return (
            self.global_mean_
            + self.user_bias_[rows, None]
            + self.item_bias_[None, :]
            + self.user_factors_[rows] @ self.item_factors_.T
        )

    def predict(self, users: np.ndarray, items: np.ndarray) -> np.ndarray:
        dots = np.einsum("ij,ij->i", self.user_factors_[users], self.item_factors_[items])
        return self.global_mean_ + self.user_bias_[users] + self.item_bias_[items] + dots

    def fold_in_factors(self, items: np.ndarray, ratings: np.ndarray) -> tuple[float, np.ndarray]:
        """(user bias, user factors) that best explain these ratings with item factors fixed."""
        q = self.item_factors_[items].astype(np.float64)
        design = np.hstack([np.ones((len(items), 1)), q])
        target = ratings - self.global_mean_ - self.item_bias_[items]
        l2 = self.config.fold_in_l2 * np.eye(design.shape[1])
        solution = np.linalg.solve(design.T @ design + l2, design.T @ target)
        return float(solution[0]), solution[1:].astype(np.float32)

    def fold_in(self, state: UserState) -> np.ndarray:
        if state.empty:
            return (self.global_mean_ + self.item_bias_).astype(np.float64)
        bias, factors = self.fold_in_factors(state.items, state.values.astype(np.float64))
        return self.score_folded(bias, factors).astype(np.float64)

    def score_folded(self, bias: float, factors: np.ndarray) -> np.ndarray:
        return self.global_mean_ + bias + self.item_bias_ + self.item_factors_ @ factors

    def get_parameters(self) -> dict[str, np.ndarray]:
        return {
            "user_factors": self.user_factors_,
            "item_factors": self.item_factors_,
            "user_bias": self.user_bias_,
            "item_bias": self.item_bias_,
            "global_mean": np.array(self.global_mean_),
        }

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.user_factors_ = np.asarray(params["user_factors"], dtype=np.float32)
        self.item_factors_ = np.asarray(params["item_factors"], dtype=np.float32)
        self.user_bias_ = np.asarray(params["user_bias"], dtype=np.float32)
        self.item_bias_ = np.asarray(params["item_bias"], dtype=np.float32)
        self.global_mean_ = np.float32(params["global_mean"])
