"""`holdout_split` on data whose timestamps do not cover every rating (a data set without dates
stores none, so its timestamp matrix has fewer entries than the ratings): splitting the training
part again, as the validation of a validation does, must work and keep the stamps it has."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from recommender.algorithms.base import InteractionData
from recommender.algorithms.validation import holdout_split


def _data(stamped_share: float) -> InteractionData:
    rng = np.random.default_rng(3)
    dense = (rng.random((40, 30)) < 0.4) * rng.integers(1, 11, size=(40, 30))
    matrix = sparse.csr_matrix(dense.astype(np.float32))
    stamps = matrix.copy().astype(np.float64)
    stamps.data = np.where(rng.random(stamps.nnz) < stamped_share, 1e9 + np.arange(stamps.nnz), 0)
    stamps.eliminate_zeros()
    return InteractionData(
        user_ids=np.arange(40), item_ids=np.arange(30), matrix=matrix, timestamps=stamps
    )


def test_a_second_split_of_partly_stamped_data_keeps_each_kept_entrys_stamp() -> None:
    data = _data(stamped_share=0.5)
    assert data.timestamps is not None
    assert data.timestamps.nnz < data.matrix.nnz
    train, held = holdout_split(data, seed=0)
    again, held_again = holdout_split(train, seed=1)
    assert held.nnz > 0
    assert held_again.nnz > 0
    assert again.matrix.nnz + held_again.nnz == train.matrix.nnz
    assert again.timestamps is not None
    # every stamp left sits on a kept rating and is the original stamp of that rating
    rows, cols = again.timestamps.nonzero()
    assert len(rows) > 0
    assert np.all(np.asarray(again.matrix[rows, cols]).ravel() > 0)
    original = np.asarray(data.timestamps.tocsr()[rows, cols]).ravel()
    assert np.array_equal(np.asarray(again.timestamps[rows, cols]).ravel(), original)


def test_fully_stamped_data_splits_as_before() -> None:
    data = _data(stamped_share=1.0)
    train, _ = holdout_split(data, seed=0)
    assert train.timestamps is not None
    assert train.timestamps.nnz == train.matrix.nnz
