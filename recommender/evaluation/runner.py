"""Runs an algorithm through rank-v1 or rating-v1 and returns its row of the results table."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recommender.algorithms.base import InteractionData, ItemFeatures, Recommender, top_n_rows
from recommender.evaluation.data import Ratings
from recommender.evaluation.metrics import rank_metrics, rmse_mae
from recommender.evaluation.protocols import rank_v1_split, rating_v1_folds

BATCH = 512


@dataclass
class Result:
    algorithm: str
    protocol: str
    metrics: dict[str, float]
    seconds: float
    peak_mb: float
    extra: dict[str, Any] = field(default_factory=dict)


def _measured(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        value = fn()
    finally:
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return value, seconds, peak / 2**20


def recommend_top_k(
    model: Recommender, train: InteractionData, rows: np.ndarray, k: int = 10
) -> np.ndarray:
    """Top-k item columns for each user row, the user's training items excluded."""
    out = np.empty((len(rows), k), dtype=np.int64)
    seen = train.binary()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        scores = np.asarray(model.score_rows(batch), dtype=np.float64)
        sub = seen[batch]
        scores[np.repeat(np.arange(len(batch)), np.diff(sub.indptr)), sub.indices] = -np.inf
        out[start : start + len(batch)] = top_n_rows(scores, k)
    return out


def evaluate_rank(
    name: str,
    factory: Callable[[], Recommender],
    data: Ratings,
    k: int = 10,
    item_features: ItemFeatures | None = None,
) -> Result:
    train_rows, test_rows = rank_v1_split(data)
    train = data.interaction_data(train_rows, item_features)
    eval_users = np.unique(data.users[test_rows])
    order = np.argsort(data.users[test_rows], kind="stable")
    test_users, test_items = data.users[test_rows][order], data.items[test_rows][order]
    bounds = np.flatnonzero(np.diff(test_users)) + 1
    relevant = np.split(test_items, bounds)

    fitted: dict[str, Recommender] = {}

    def run() -> np.ndarray:
        fitted["model"] = model = factory().fit(train, seed=0)
        return recommend_top_k(model, train, eval_users, k)

    recommended, seconds, peak = _measured(run)
    extra: dict[str, Any] = {"users": len(eval_users)}
    weights = getattr(fitted.get("model"), "weights", None)
    if callable(weights):
        extra["weights"] = weights()
    validation = getattr(fitted.get("model"), "validation_", None)
    if isinstance(validation, dict):
        extra["validation"] = validation
    train_counts = np.asarray(train.binary().sum(axis=0)).ravel()
    metrics = rank_metrics(
        recommended,
        relevant,
        n_items=data.n_items,
        train_counts=train_counts,
        n_users=data.n_users,
        k=k,
    )
    return Result(name, "rank-v1", metrics.as_dict(), seconds, peak, extra)


def evaluate_rating(name: str, factory: Callable[[], Any], data: Ratings) -> Result:
    """factory() -> an object with fit(InteractionData) and predict(user_rows, item_cols)."""
    low, high = float(data.ratings.min()), float(data.ratings.max())
    rmses, maes, fit_seconds, peaks = [], [], [], []
    for train_rows, test_rows in rating_v1_folds(len(data)):
        train = data.interaction_data(train_rows)

        def fit(train: InteractionData = train) -> Any:
            return factory().fit(train, seed=0)

        model, seconds, peak = _measured(fit)
        predicted = np.clip(model.predict(data.users[test_rows], data.items[test_rows]), low, high)
        rmse, mae = rmse_mae(predicted, data.ratings[test_rows])
        rmses.append(rmse)
        maes.append(mae)
        fit_seconds.append(seconds)
        peaks.append(peak)
    return Result(
        name,
        "rating-v1",
        {"RMSE": float(np.mean(rmses)), "MAE": float(np.mean(maes))},
        float(np.mean(fit_seconds)),
        float(max(peaks)),
        {"folds_rmse": [round(r, 4) for r in rmses]},
    )
