"""Item feature matrices built from ItemFeatures: one L2-normalised block per signal."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from recommender.algorithms.base import ItemFeatures


def one_hot(values: np.ndarray) -> tuple[sparse.csr_matrix, list[str]]:
    labels = sorted({str(v) for v in values if str(v)})
    index = {label: i for i, label in enumerate(labels)}
    rows = [r for r, v in enumerate(values) if str(v) in index]
    cols = [index[str(values[r])] for r in rows]
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(values), len(labels))
    )
    return matrix, labels


def decade_one_hot(years: np.ndarray) -> sparse.csr_matrix:
    decades = np.array([f"{int(y) // 10 * 10}s" if y else "" for y in years], dtype=object)
    return one_hot(decades)[0]


def text_tfidf(text: tuple[str, ...], max_features: int = 5000) -> sparse.csr_matrix:
    if not any(t.strip() for t in text):
        return sparse.csr_matrix((len(text), 0), dtype=np.float32)
    vectorizer = TfidfVectorizer(
        max_features=max_features, stop_words="english", min_df=2, sublinear_tf=True
    )
    try:
        return vectorizer.fit_transform(text).astype(np.float32)
    except ValueError:  # every term pruned (tiny catalogues)
        return sparse.csr_matrix((len(text), 0), dtype=np.float32)


def content_matrix(
    features: ItemFeatures,
    *,
    genre_weight: float = 1.0,
    language_weight: float = 0.7,
    kind_weight: float = 0.5,
    year_weight: float = 0.3,
    text_weight: float = 0.8,
) -> sparse.csr_matrix:
    """Rows are items; each block is row-normalised then weighted, so signals mix predictably."""
    blocks = [
        (features.genres.astype(np.float32), genre_weight),
        (one_hot(features.languages)[0], language_weight),
        (one_hot(features.kinds)[0], kind_weight),
        (decade_one_hot(features.years), year_weight),
        (text_tfidf(features.text), text_weight),
    ]
    parts = [normalize(block, norm="l2") * weight for block, weight in blocks if block.shape[1]]
    return normalize(sparse.hstack(parts).tocsr(), norm="l2").astype(np.float32)
