"""The splits of ../shared/bench/PROTOCOL.md, exactly: rank-v1 (per-user 80/20) and rating-v1 (5 folds)."""

from __future__ import annotations

import numpy as np

from recommender.evaluation.data import Ratings


def rank_v1_split(data: Ratings) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, test rows). Users visited in ascending id order with one default_rng(0);
    each user's rows (file order) are shuffled; the first round(0.2 * n) go to test."""
    rng = np.random.default_rng(0)
    order = np.argsort(data.users, kind="stable")  # rows grouped by user, file order kept
    bounds = np.flatnonzero(np.diff(data.users[order])) + 1
    test: list[np.ndarray] = []
    for user_rows in np.split(order, bounds):
        shuffled = rng.permutation(user_rows)
        n_test = round(0.2 * len(user_rows))
        test.append(shuffled[:n_test])
    test_rows = np.sort(np.concatenate(test)) if test else np.empty(0, dtype=np.int64)
    is_test = np.zeros(len(data), dtype=bool)
    is_test[test_rows] = True
    return np.flatnonzero(~is_test), test_rows


def rating_v1_folds(n_rows: int, n_folds: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """[(train rows, test rows)] for 5 equal consecutive folds of default_rng(0).permutation."""
    perm = np.random.default_rng(0).permutation(n_rows)
    folds = np.array_split(perm, n_folds)
    return [
        (np.concatenate([f for j, f in enumerate(folds) if j != i]), folds[i])
        for i in range(n_folds)
    ]
