"""User and item vectors for retrieval: implicit-feedback ALS factors (Hu, Koren, Volinsky 2008).

One small function so the source can be switched: today it trains `implicit`'s CPU ALS directly
with the settings of the registered ALS algorithm (docs/scale.md, "Two-stage retrieval");
once `recommender.algorithms.als.ImplicitAlsRecommender` is on main, its `item_vectors()` and
`user_vector(...)` give the same arrays. `implicit` is imported inside the function: the web
process never needs it (it only loads the float32 arrays).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class FactorConfig:
    """The registered ALS's defaults (factors 64, regularisation 0.05, confidence 2 x binary)."""

    factors: int = 64
    regularization: float = 0.05
    alpha: float = 2.0
    iterations: int = 15
    num_threads: int = 1


def als_vectors(
    interactions: sparse.csr_matrix, config: FactorConfig | None = None, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(user vectors (users x factors), item vectors (items x factors)), float32, C-contiguous:
    the inner product of a user's and an item's vector is the ALS score."""
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    cfg = config or FactorConfig()
    confidence = sparse.csr_matrix(interactions, dtype=np.float32, copy=True)
    confidence.data[:] = np.float32(cfg.alpha)
    with threadpool_limits(1, "blas"):  # implicit's own threads; BLAS threads would oversubscribe
        model = AlternatingLeastSquares(
            factors=cfg.factors,
            regularization=cfg.regularization,
            alpha=1.0,  # the confidence is already in the matrix
            iterations=cfg.iterations,
            num_threads=cfg.num_threads,
            random_state=seed,
        )
        model.fit(confidence, show_progress=False)
    users = np.ascontiguousarray(model.user_factors, dtype=np.float32)
    items = np.ascontiguousarray(model.item_factors, dtype=np.float32)
    return users, items
