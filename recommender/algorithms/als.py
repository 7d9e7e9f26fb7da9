"""Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren, Volinsky 2008,
"Collaborative Filtering for Implicit Feedback Datasets"), trained with the `implicit` package.

Every interaction is a preference p = 1 with confidence c = offset + alpha (the binary view of
the data, so a rating and a watchlist entry count alike); every other item has p = 0, c = 1.
implicit's convention is offset 0 (its fit takes the confidence itself); Spark MLlib's is
offset 1 and a regularisation scaled by the user's number of interactions (ALS-WR), which the
config can say so that factors trained by Spark fold users in the same way (`from_factors`).

Serving needs numpy only: `implicit` is imported inside `fit`, so the web process, which loads
the float32 factor arrays, never imports it. A user is folded in by the closed-form user step
of ALS against the fixed item factors Y:

    x_u = (Y'Y + lambda_u I + sum_i (c_i - 1) y_i y_i')^-1  sum_i c_i y_i

so a user unseen at training gets a vector from their current items. Scores are x_u . y_i;
similar titles are the cosine of item factors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from recommender.algorithms.base import InteractionData, Recommender, UserState, rows_normalize

INDEX_PREFIX = "ann_"  # parameter names of the stored ANN index (index_arrays_)


@dataclass(frozen=True)
class AlsConfig:
    """regularization and alpha: the best mean NDCG@10 on the protocol's validation split of
    MovieLens 100K and the anime ratings (bench/als_validation.py; docs/algorithms.md, "ALS");
    factors 64 and 15 iterations: the issue's scale target (128 factors scored a little higher
    on validation, at twice the memory). num_threads 0: implicit's threads on every core."""

    factors: int = 64
    regularization: float = 30.0
    alpha: float = 3.0
    iterations: int = 15
    num_threads: int = 0
    confidence_offset: float = 0.0  # c = offset + alpha: 0 for implicit, 1 for Spark MLlib
    scale_regularization: bool = False  # lambda x the user's interactions (Spark's ALS-WR)


class ImplicitAlsRecommender(Recommender):
    """Implicit ALS: float32 user and item factors; fold-in and similar items in numpy.

    For an approximate-nearest-neighbour index (two-stage serving):
    - `item_vectors()`: float32 (n_items, factors), the item factors, rows aligned with item_ids_;
    - `user_vector(items)`: float32 (factors,), a user's vector folded in from the item columns
      they have now; the inner product with item_vectors() is fold_in()'s score;
    - `user_vectors(history)`: the same for every row of a users x items CSR matrix (a batch);
    - `index_arrays_`: the ANN index over item_vectors() as opaque arrays (recommender/retrieval/
      stored_index.py builds and reads them; this module stays numpy only), saved with the
      factors under INDEX_PREFIX so that a serving host maps the index instead of building it.
      Empty until attached, and emptied whenever the factors change.
    """

    name = "als"
    family = "collaborative"
    Config = AlsConfig
    collaborative_signal = True
    # A score is a weighted sum over the user's own items (Hu et al. 2008, section 5), so "because
    # you liked X" names what drives it.
    anchors_reasons = True

    user_factors_: np.ndarray
    item_factors_: np.ndarray
    index_arrays_: dict[str, np.ndarray]

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        cfg = self.config
        if cfg.scale_regularization:
            raise ValueError("implicit cannot scale lambda per user; that setting describes Spark")
        confidence = data.binary()  # implicit takes the confidence itself: offset + alpha
        confidence.data *= np.float32(cfg.confidence_offset + cfg.alpha)
        # implicit's own threads do the parallel work; BLAS threads on top of them oversubscribe.
        with threadpool_limits(1, "blas"):
            model = AlternatingLeastSquares(
                factors=cfg.factors,
                regularization=cfg.regularization,
                alpha=1.0,  # the confidence is already in the matrix
                iterations=cfg.iterations,
                num_threads=cfg.num_threads,
                random_state=seed,
            )
            model.fit(confidence, show_progress=False)
        self._set_factors(model.user_factors, model.item_factors)

    @classmethod
    def from_factors(
        cls,
        *,
        user_ids: np.ndarray,
        item_ids: np.ndarray,
        user_factors: np.ndarray,
        item_factors: np.ndarray,
        seen: sparse.spmatrix,
        config: AlsConfig | None = None,
    ) -> ImplicitAlsRecommender:
        """A fitted model from factors trained elsewhere (Spark MLlib's ALS): rows of
        user_factors follow user_ids, rows of item_factors follow item_ids, seen is the users x
        items interaction matrix they were trained on. storage.save_model writes it as the same
        artifact a local fit writes. config must describe the training (factors, alpha,
        regularization, confidence_offset, scale_regularization) for the fold-in to match."""
        users, items = np.asarray(user_factors), np.asarray(item_factors)
        seen_csr = sparse.csr_matrix(seen)
        if users.ndim != 2 or items.ndim != 2 or users.shape[1] != items.shape[1]:
            raise ValueError(f"factor shapes do not match: {users.shape} and {items.shape}")
        if users.shape[0] != len(user_ids) or items.shape[0] != len(item_ids):
            raise ValueError("one factor row per user id and per item id is needed")
        if seen_csr.shape != (len(user_ids), len(item_ids)):
            raise ValueError(
                f"seen has shape {seen_csr.shape}, ids say {users.shape[0]} x {items.shape[0]}"
            )
        model = cls(config if config is not None else AlsConfig(factors=users.shape[1]))
        if model.config.factors != users.shape[1]:
            raise ValueError(
                f"config says {model.config.factors} factors, arrays have {users.shape[1]}"
            )
        model.user_index_ = {_plain(uid): row for row, uid in enumerate(np.asarray(user_ids))}
        model.item_ids_ = np.asarray(item_ids)
        binary = seen_csr.astype(np.float32)
        binary.data[:] = 1.0
        model.seen_ = binary
        model._set_factors(users, items)
        return model

    def _set_factors(
        self, users: np.ndarray, items: np.ndarray, gram: np.ndarray | None = None
    ) -> None:
        """gram: Y'Y as saved with the factors; computed when not given (a float64 copy of
        the item factors: 512 MB and seconds at 1M titles, so an artifact carries it)."""
        self.user_factors_ = np.ascontiguousarray(users, dtype=np.float32)
        self.item_factors_ = np.ascontiguousarray(items, dtype=np.float32)
        k = self.item_factors_.shape[1]
        if gram is None or np.shape(gram) != (k, k):
            y = self.item_factors_.astype(np.float64)
            gram = y.T @ y
        self.gram_ = np.asarray(gram, dtype=np.float64)  # Y'Y, shared by every fold-in
        self.__dict__.pop("_unit_items", None)  # derived from the factors on first use
        self.index_arrays_ = {}  # an index over other factors would answer for the wrong items
        self.__dict__.pop("ann_index_", None)  # and so would one built from them in this process

    @property
    def unit_items_(self) -> np.ndarray:
        """Item factors scaled to unit length (similar titles), made on first use: a private
        copy the size of the item factors (256 MB at 1M titles) that a web process, where ALS
        is no similar-titles source, never needs."""
        unit: np.ndarray | None = self.__dict__.get("_unit_items")
        if unit is None:
            unit = rows_normalize(self.item_factors_).astype(np.float32)
            self.__dict__["_unit_items"] = unit
        return unit

    # -- serving ------------------------------------------------------------------------------
    def item_vectors(self) -> np.ndarray:
        """Item factors, float32 (n_items, factors), rows aligned with item_ids_."""
        return self.item_factors_

    def user_vector(self, items: np.ndarray) -> np.ndarray:
        """A user's factors, float32 (factors,), from the item columns they have (the ALS user
        step against the fixed item factors); zeros for no items."""
        cols = np.unique(np.asarray(items, dtype=np.int64))
        k = self.item_factors_.shape[1]
        if cols.size == 0:
            return np.zeros(k, dtype=np.float32)
        y = self.item_factors_[cols].astype(np.float64)
        cfg = self.config
        c = cfg.confidence_offset + cfg.alpha
        lam = cfg.regularization * (cols.size if cfg.scale_regularization else 1.0)
        a = self.gram_ + lam * np.eye(k) + (c - 1.0) * (y.T @ y)
        b = c * y.sum(axis=0)
        return np.linalg.solve(a, b).astype(np.float32)

    def user_vectors(self, history: sparse.spmatrix) -> np.ndarray:
        """user_vector for each row of a users x items matrix: float32 (n_rows, factors)."""
        rows = sparse.csr_matrix(history)
        out = np.zeros((rows.shape[0], self.item_factors_.shape[1]), dtype=np.float32)
        for r in range(rows.shape[0]):  # one k x k solve per user: a loop over users, not items
            out[r] = self.user_vector(rows.indices[rows.indptr[r] : rows.indptr[r + 1]])
        return out

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.user_factors_[rows] @ self.item_factors_.T)

    def fold_in(self, state: UserState) -> np.ndarray:
        """Scores of every item for the user as they are now (no retraining)."""
        vector = self.user_vector(state.items)
        return (self.item_factors_ @ vector).astype(np.float64)

    def similar_scores(self, col: int) -> np.ndarray:
        """Cosine of every item's factors to item `col`'s (0 for an item without factors)."""
        return (self.unit_items_ @ self.unit_items_[col]).astype(np.float64)

    # -- state --------------------------------------------------------------------------------
    def get_parameters(self) -> dict[str, np.ndarray]:
        index = {INDEX_PREFIX + key: value for key, value in self.index_arrays_.items()}
        factors = {"user_factors": self.user_factors_, "item_factors": self.item_factors_}
        return {**factors, "gram": self.gram_, **index}

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        """The factors, and the stored ANN index when the artifact has one (older ones do not)."""
        self._set_factors(params["user_factors"], params["item_factors"], params.get("gram"))
        self.index_arrays_ = {
            key.removeprefix(INDEX_PREFIX): value
            for key, value in params.items()
            if key.startswith(INDEX_PREFIX)
        }


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value
