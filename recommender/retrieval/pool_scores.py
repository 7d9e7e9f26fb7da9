"""The hybrid's score restricted to a candidate pool, without scoring the whole catalogue.

The hybrid's score of item i for user u is sum_m w_m z_m(u, i) - beta x exposure_i, z_m being
member m's score standardised over the whole catalogue for that user (base.standardise). Its
ranking of a pool needs, per member, the scores of the pool's items and that member's mean and
standard deviation over the catalogue. Each member scores only the columns asked for (the
matrix products below touch the user's own items x the pool, not the catalogue), and the mean
and standard deviation are estimated from a fixed uniform sample of the catalogue
(`STATS_SAMPLE` titles, seeded): the same estimate for any catalogue size, its error set by the
sample alone. A member without a column-restricted path here is scored whole, then sliced.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from recommender.algorithms.base import FoldsIn, Recommender, UserState
from recommender.algorithms.content import ContentRecommender, state_weights
from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.hybrid import HybridRecommender
from recommender.algorithms.knn import ItemKnnRecommender, UserKnnRecommender
from recommender.algorithms.popularity import PopularityRecommender
from recommender.algorithms.preferences import LanguagePreferenceRecommender
from recommender.algorithms.session import SessionRecommender

STATS_SAMPLE = 2048  # catalogue titles sampled for each member's per-user mean and spread


class MemberColumns:
    """One fitted member's scores for one user row over chosen item columns."""

    def __init__(self, model: Recommender) -> None:
        self.model = model
        if isinstance(model, EaseRecommender):
            self._position = np.full(model.n_items_, -1, dtype=np.int64)
            self._position[model.active_] = np.arange(len(model.active_))
        elif isinstance(model, UserKnnRecommender):
            assert model.seen_ is not None
            self._seen_by_item = model.seen_.tocsc()
        elif isinstance(model, ItemKnnRecommender):
            self._positive = model.similarity_.maximum(0).T.tocsr()

    def scores(self, row: int, cols: np.ndarray) -> np.ndarray:
        """float64 scores of `cols` for the user in `row`, as score_rows(row)[cols] gives them."""
        model = self.model
        if isinstance(model, EaseRecommender):
            return self._ease(model, row, cols)
        if isinstance(model, SessionRecommender):
            assert model.seen_ is not None
            return _rows_then_columns(model.weights_, model.seen_[row], cols)
        if isinstance(model, UserKnnRecommender):
            weights = np.clip(model.similarity_[row], 0.0, None)
            return np.asarray(self._seen_by_item[:, cols].T @ weights, dtype=np.float64).ravel()
        if isinstance(model, ItemKnnRecommender):
            assert model.seen_ is not None
            return _rows_then_columns(self._positive, model.seen_[row], cols)
        if isinstance(model, ContentRecommender):
            product = model.profiles_[row] @ model.items_[cols].T
            return np.asarray(product.todense(), dtype=np.float64).ravel()
        if isinstance(model, PopularityRecommender):
            return model.scores_[cols].astype(np.float64)
        return np.asarray(model.score_rows(np.array([row]))[0], dtype=np.float64)[cols]

    def _ease(self, model: EaseRecommender, row: int, cols: np.ndarray) -> np.ndarray:
        user = model.input_[row]
        inside = self._position[user.indices]
        keep = inside >= 0
        out = np.zeros(len(cols))
        positions = self._position[cols]
        active = positions >= 0
        if keep.any() and active.any():
            block = model.weights_[np.ix_(inside[keep], positions[active])]
            out[active] = user.data[keep].astype(np.float32) @ block
        return out


def _rows_then_columns(
    matrix: sparse.csr_matrix, user: sparse.csr_matrix, cols: np.ndarray
) -> np.ndarray:
    """user (1 x items, sparse) @ matrix[:, cols]: the user's rows of `matrix` first (few),
    then the columns of those rows only."""
    if user.nnz == 0:
        return np.zeros(len(cols))
    block = matrix[user.indices][:, cols]
    return np.asarray(user.data @ block, dtype=np.float64).ravel()


class HybridPoolScorer:
    """A fitted HybridRecommender's scores over a candidate pool (see the module docstring)."""

    def __init__(self, hybrid: HybridRecommender, *, sample: int = STATS_SAMPLE, seed: int = 0):
        n_items = len(hybrid.item_ids_)
        size = min(sample, n_items)
        self.sample_ = np.sort(np.random.default_rng(seed).choice(n_items, size, replace=False))
        self._members = [
            (float(weight), MemberColumns(model))
            for weight, (_, model) in zip(hybrid.weights_, hybrid.members_, strict=True)
            if weight
        ]
        self._shift = hybrid.beta_ * np.asarray(hybrid.exposure_, dtype=np.float64)

    def scores(self, row: int, pool: np.ndarray) -> np.ndarray:
        """The hybrid's score of each item column in `pool` for the user in `row`, up to a
        constant per user (the ranking of the pool is the hybrid's)."""
        pool = np.asarray(pool, dtype=np.int64)
        cols = np.concatenate([pool, self.sample_])
        total = -self._shift[pool]
        for weight, member in self._members:
            values = member.scores(row, cols)
            reference = values[len(pool) :]
            spread = float(reference.std())
            total += weight * (values[: len(pool)] - reference.mean()) / (spread or 1.0)
        return total


TRANSPOSE_ATTRIBUTE = "serving_by_target_"  # item-kNN's similarity by target title, per model


def fold_in_columns(model: Recommender, state: UserState, cols: np.ndarray) -> np.ndarray:
    """float64 scores of `cols` for a user as they are now, as model.fold_in(state)[cols]
    gives them: the sparse item-item members (session, item-kNN) read only the user's titles'
    rows and then the asked columns; popularity, language and content read those columns'
    rows; EASE has its own column path; any other member is folded in whole and sliced."""
    if isinstance(model, SessionRecommender):
        return _rows_summed(model.weights_, state.items, cols, clip=False)
    if isinstance(model, ItemKnnRecommender):
        by_target = getattr(model, TRANSPOSE_ATTRIBUTE, None)
        if by_target is None:  # once per model object (the registry holds one per version)
            by_target = model.similarity_.T.tocsr()
            setattr(model, TRANSPOSE_ATTRIBUTE, by_target)
        return _rows_summed(by_target, state.items, cols, clip=True)
    if isinstance(model, PopularityRecommender):
        return model.scores_[cols].astype(np.float64)
    if isinstance(model, LanguagePreferenceRecommender):
        language = model.item_language_[cols]
        affinity = model.state_affinity(state)
        picked = np.where(language >= 0, affinity[np.maximum(language, 0)], 0.0)
        return (picked * model.item_popularity_[cols]).astype(np.float64)
    if isinstance(model, ContentRecommender) and not state.empty:
        profile = np.asarray(
            model.items_[state.items].T @ state_weights(state, model.config)
        ).ravel()
        norm = np.linalg.norm(profile)
        return np.asarray(model.items_[cols] @ (profile / norm if norm else profile)).ravel()
    columns = getattr(model, "fold_in_columns", None)
    if columns is not None:
        return np.asarray(columns(state, cols), dtype=np.float64)
    assert isinstance(model, FoldsIn)
    return np.asarray(model.fold_in(state), dtype=np.float64)[cols]


def has_neighbours(model: Recommender, state: UserState) -> bool:
    """For the sparse item-item members (session, item-kNN): whether the user's titles have any
    neighbour at all, i.e. whether the member's fold-in over the whole catalogue is not flat
    (its scores are sums of those entries, 0 elsewhere), read from the user's rows only. False
    for any other member (unknown here: the caller's pool test decides)."""
    if isinstance(model, SessionRecommender):
        _, values = _row_entries(model.weights_, np.asarray(state.items, dtype=np.int64))
        return bool(np.any(values != 0))
    if isinstance(model, ItemKnnRecommender):
        by_target = getattr(model, TRANSPOSE_ATTRIBUTE, None)
        if by_target is None:
            return False
        _, values = _row_entries(by_target, np.asarray(state.items, dtype=np.int64))
        return bool(np.any(values > 0))
    return False


def _rows_summed(
    matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, *, clip: bool
) -> np.ndarray:
    """matrix[rows].sum(axis=0)[cols] (negative entries clipped to 0 first when `clip`) without
    a catalogue-length row: the rows' entries are matched to the distinct `cols` by a sort.
    Sums run in the matrix's dtype in row order, as scipy's column sums do: the same values."""
    indices, values = _row_entries(matrix, np.asarray(rows, dtype=np.int64))
    distinct, inverse = np.unique(np.asarray(cols, dtype=np.int64), return_inverse=True)
    sums = np.zeros(len(distinct), dtype=np.result_type(matrix.dtype, np.float32))
    if len(indices) and len(distinct):
        data = np.maximum(values, 0) if clip else values
        pos = np.minimum(np.searchsorted(distinct, indices), len(distinct) - 1)
        hit = distinct[pos] == indices
        np.add.at(sums, pos[hit], data[hit])
    return sums[inverse].astype(np.float64)


def _row_entries(matrix: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(column indices, values) of `rows` of a CSR matrix, row after row, read straight from
    its arrays (scipy's row indexing costs more in validation than the few rows it copies)."""
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = (ends - starts).astype(np.int64)
    if not lengths.sum():
        return np.empty(0, np.int64), np.empty(0, matrix.dtype)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    where = offsets + np.arange(int(lengths.sum()))
    return matrix.indices[where], matrix.data[where]


def hybrid_pool_scores(
    hybrid: HybridRecommender, state: UserState, pool: np.ndarray, sample: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """hybrid.fold_in_pool with every member scored through fold_in_columns (O(the user's
    titles x their neighbours + pool + sample) for the sparse members): each member's pool
    scores standardised with its mean and spread over `sample`; arrays in the pool's order."""
    return hybrid.fold_in_pool(state, pool, sample, columns=fold_in_columns)
