"""The two helpers every list and every validation goes through: top-k per row, z-scores."""

import numpy as np

from recommender.algorithms.base import ROWS_PER_CHUNK, standardise, top_n_rows
from recommender.algorithms.ease import ease_weights


def test_top_n_rows_over_many_rows_is_each_rows_own_ranking() -> None:
    rng = np.random.default_rng(7)
    scores = rng.standard_normal((ROWS_PER_CHUNK * 3 + 17, 500)).astype(np.float32)

    top = top_n_rows(scores, 10)

    assert top.shape == (len(scores), 10)
    assert np.array_equal(top, np.argsort(-scores, axis=1, kind="stable")[:, :10])


def test_standardise_gives_zero_mean_unit_spread_and_leaves_its_input_alone() -> None:
    rng = np.random.default_rng(3)
    scores = rng.normal(5.0, 3.0, (40, 200))
    scores[7] = 2.5  # a constant row
    before = scores.copy()

    z = standardise(scores)

    assert np.array_equal(scores, before)
    varied = np.delete(z, 7, axis=0)
    assert np.allclose(varied.mean(axis=1), 0.0)
    assert np.allclose(varied.std(axis=1), 1.0)
    assert np.array_equal(z[7], np.zeros(200))


def test_ease_weights_are_row_major_for_the_fold_in() -> None:
    rng = np.random.default_rng(5)
    x = (rng.random((300, 120)) < 0.1).astype(np.float64)

    for dropout in (0.0, 0.25):
        weights = ease_weights(x.T @ x, 10.0, dropout)
        assert weights.flags.c_contiguous  # fold-in reads rows; column-major made it 10x slower
        assert np.all(np.diag(weights) == 0)
