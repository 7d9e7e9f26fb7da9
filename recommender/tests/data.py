"""Small hand-made data sets where the right answer is known."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from recommender.algorithms.base import InteractionData, ItemFeatures, UserProfile

N = 20


def checkerboard(n: int = N, with_features: bool = True) -> InteractionData:
    """Even users like even items, odd users odd items; the diagonal (user u, item u) is held out,
    so the right first recommendation for user u is item u. Even items are Telugu action films,
    odd items English comedies. Ratings are 4-5 with timestamps one minute apart per user."""
    dense = np.zeros((n, n), dtype=np.float32)
    stamps = np.zeros((n, n), dtype=np.float64)
    for u in range(n):
        for i in range(u % 2, n, 2):
            if i != u:
                dense[u, i] = 4.0 + (i % 4 == u % 4)
                stamps[u, i] = 1_600_000_000 + 86400 * u + 60 * i
    features = None
    if with_features:
        genres = sparse.csr_matrix(
            np.array([[1, 0] if i % 2 == 0 else [0, 1] for i in range(n)], np.float32)
        )
        features = ItemFeatures(
            genres=genres,
            genre_names=("action", "comedy"),
            languages=np.array(["te" if i % 2 == 0 else "en" for i in range(n)], dtype=object),
            kinds=np.array(["movie"] * n, dtype=object),
            years=np.array([1990 + i for i in range(n)]),
            text=tuple(
                "a fearless hero fights for revenge in a village"
                if i % 2 == 0
                else "a hilarious comedy about friendship and love"
                for i in range(n)
            ),
            popularity=np.arange(n, dtype=np.float64),
            titles=tuple(f"Title {i}" for i in range(n)),
        )
    return InteractionData(
        user_ids=np.arange(1, n + 1),
        item_ids=np.arange(101, 101 + n),
        matrix=sparse.csr_matrix(dense),
        timestamps=sparse.csr_matrix(stamps),
        item_features=features,
        user_profiles={0: UserProfile(languages=("te",), country="IN", region="Telangana")},
    )
