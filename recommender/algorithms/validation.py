"""Choosing settings on validation data cut from the training rows only.

One NDCG@k for the whole project (the offline metrics use it too), the per-user holdout that
makes a validation split out of training data, and the hill climb over a member's own candidate
settings (EASE's lambda, the neighbour count of kNN), whose grids scale with the data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from recommender.algorithms.base import InteractionData, Recommender, top_n_rows

logger = logging.getLogger(__name__)

TOP_K = 10
# Each user's share held out when a model picks its own settings: the share the offline protocol
# tests on, so the validation training part is as close to the final one as a holdout allows.
SETTINGS_SHARE = 0.2
SETTINGS_USERS = 1000  # users scored on validation (a bound on the work, not on the data)


def ndcg_from_hits(hits: np.ndarray, n_relevant: np.ndarray) -> np.ndarray:
    """Per-user NDCG@k with binary gains: hits is (users, k), True where the item at that rank
    is relevant; the ideal DCG runs over min(n_relevant, k) hits. Users with nothing relevant
    get 0 (callers average over users with something relevant)."""
    k = hits.shape[1]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    ideal = np.concatenate([[0.0], np.cumsum(discounts)])[np.minimum(n_relevant, k)]
    dcg = (hits * discounts).sum(axis=1)
    return np.divide(dcg, ideal, out=np.zeros(len(dcg)), where=ideal > 0)


def ndcg_and_coverage(
    scores: np.ndarray,
    seen: sparse.csr_matrix,
    held: sparse.csr_matrix | np.ndarray,
    k: int = TOP_K,
    *,
    copy: bool = True,
) -> tuple[float, float]:
    """NDCG@k and catalogue coverage of the top-k lists (seen items excluded); copy=False lets
    it mask the seen items in `scores` itself."""
    if copy:
        scores = scores.copy()
    mask_seen(scores, seen)
    top = top_n_rows(scores, k)
    return ndcg_of_lists(top, held), len(np.unique(top)) / scores.shape[1]


def ndcg_of_lists(top: np.ndarray, held: sparse.csr_matrix | np.ndarray) -> float:
    per_user = ndcg_per_user(top, held)
    return float(per_user.mean()) if len(per_user) else 0.0


def ndcg_per_user(top: np.ndarray, held: sparse.csr_matrix | np.ndarray) -> np.ndarray:
    """NDCG@k of each user's list (top: users x k columns) for the users with something held
    out, in row order."""
    relevant = held if isinstance(held, np.ndarray) else held.toarray() > 0
    hits = np.take_along_axis(relevant, top, axis=1)
    n_rel = relevant.sum(axis=1)
    return ndcg_from_hits(hits, n_rel)[n_rel > 0]


def mask_seen(scores: np.ndarray, seen: sparse.csr_matrix) -> None:
    """-inf in place on every (row, item) the user already has."""
    rows = np.repeat(np.arange(seen.shape[0]), np.diff(seen.indptr))
    scores[rows, seen.indices] = -np.inf


def holdout_split(
    data: InteractionData, seed: int, share: float = 0.2
) -> tuple[InteractionData, sparse.csr_matrix]:
    """(training part, held-out binary matrix): round(share) of each user's interactions held out
    (users with a single interaction keep it)."""
    rng = np.random.default_rng(seed)
    matrix = data.matrix.tocsr()
    keep = np.ones(matrix.nnz, dtype=bool)
    for user in range(data.n_users):
        start, end = matrix.indptr[user], matrix.indptr[user + 1]
        n_hold = round(share * (end - start))
        if n_hold and end - start > 1:
            keep[start + rng.permutation(end - start)[:n_hold]] = False

    def masked(m: sparse.csr_matrix, mask: np.ndarray) -> sparse.csr_matrix:
        out = m.tocsr().copy()
        out.data = np.where(mask, out.data, 0)
        out.eliminate_zeros()
        return out

    train_matrix = masked(matrix, keep)
    stamps = None
    if data.timestamps is not None:
        # The timestamps read at the matrix's own entries: a timestamps matrix need not share the
        # ratings' pattern (a zero stamp, as in data without dates, is no entry), so `keep`,
        # which follows the ratings, cannot index its data directly.
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        at_entries = np.asarray(data.timestamps.tocsr()[rows, matrix.indices]).ravel()
        stamps = sparse.csr_matrix(
            (np.where(keep, at_entries, 0.0), matrix.indices.copy(), matrix.indptr.copy()),
            shape=matrix.shape,
        )
        stamps = stamps.multiply(train_matrix > 0).tocsr()
    held = masked(data.binary(), ~keep)
    train = InteractionData(
        user_ids=data.user_ids,
        item_ids=data.item_ids,
        matrix=train_matrix,
        timestamps=stamps,
        item_features=data.item_features,
        user_profiles=data.user_profiles,
    )
    return train, held


@dataclass(frozen=True)
class ValidationSplit:
    """A holdout of the training data, restricted to a sample of the users with held-out items
    and to the titles with interactions (the only ones a held-out item can be)."""

    train: InteractionData
    users: np.ndarray
    cols: np.ndarray
    seen: sparse.csr_matrix  # users x cols, the validation-train interactions
    held: np.ndarray  # users x cols, bool

    def scores(self, model: Recommender) -> np.ndarray:
        return np.asarray(model.score_rows(self.users), dtype=np.float64)[:, self.cols]

    def ndcg(self, model: Recommender) -> float:
        return ndcg_and_coverage(self.scores(model), self.seen, self.held, copy=False)[0]


def validation_split(
    data: InteractionData, seed: int, share: float, max_users: int
) -> ValidationSplit:
    train, held = holdout_split(data, seed, share)
    users = np.flatnonzero(np.diff(held.indptr) > 0)
    if len(users) > max_users:
        users = np.sort(np.random.default_rng(seed).choice(users, max_users, replace=False))
    cols = np.flatnonzero(np.diff(data.matrix.tocsc().indptr) > 0)
    return ValidationSplit(
        train=train,
        users=users,
        cols=cols,
        seen=train.binary()[users][:, cols].tocsr(),
        held=held[users][:, cols].toarray() > 0,
    )


def tune(
    cls: type[Recommender], candidates: list[Any], split: ValidationSplit, seed: int
) -> tuple[Any, Recommender, float]:
    """(best config, its model fitted on split.train, its validation NDCG@10) over candidates
    ordered along one setting: a hill climb from the middle of the grid that walks in the
    direction that improves and stops at the first step that does not."""
    fitted: dict[int, tuple[Recommender, float]] = {}

    def score(i: int) -> float:
        if i not in fitted:
            model = cls(candidates[i]).fit(split.train, seed=seed)
            fitted[i] = (model, split.ndcg(model))
        return fitted[i][1]

    best = len(candidates) // 2
    if len(candidates) > 1:
        for step in (-1, 1):
            i = best
            while 0 <= i + step < len(candidates) and score(i + step) > score(i) + 1e-6:
                i += step
            if score(i) > score(best) + 1e-6:
                best = i
                break  # the other direction was worse from the start
    score(best)
    model, ndcg = fitted[best]
    logger.info(
        "%s: chose %s on validation (NDCG@10 %.4f; tried %s)",
        cls.name,
        candidates[best],
        ndcg,
        {i: round(v[1], 4) for i, v in sorted(fitted.items())},
    )
    return candidates[best], model, ndcg


def resolve_settings(cls: type[Recommender], config: Any, data: InteractionData, seed: int) -> Any:
    """The configuration to fit `data` with: `config` when it leaves nothing open, else the
    candidate chosen on a SETTINGS_SHARE holdout of `data` (seed + 1)."""
    grid = cls.candidates(config, data)
    if len(grid) == 1:
        return grid[0]
    split = validation_split(data, seed + 1, SETTINGS_SHARE, SETTINGS_USERS)
    return tune(cls, grid, split, seed)[0]


def geometric_grid(centre: float, factor: float = 2.0, steps: int = 3) -> list[float]:
    """centre x factor^-steps .. centre x factor^steps (ascending)."""
    return [centre * factor**e for e in range(-steps, steps + 1)]
